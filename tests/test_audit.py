"""The audit engine on the examples and on generated catalogues."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import shutil
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indberet.audit_model import AuditReport
from indberet.core.audit import _with_twins, audit
from indberet.core.profile import load_profile
from indberet.core.rules import Evidence, Twin
from indberet.model import Catalogue, Field, RequirementSet, Use
from indberet.read.loading import load
from tests.conftest import EXAMPLES
from tests.helpers import AS_OF

PROFILE = load_profile("default")


def audit_dir(path: Path, profile: str = "default", as_of: dt.date = AS_OF) -> AuditReport:
    result = load([str(path)])
    assert result.catalogue is not None, result.diagnostics
    return audit(result.catalogue, load_profile(profile), as_of)


def removed(report: AuditReport) -> dict[str, tuple[int, int]]:
    return {
        s.requirement_set.id: (s.reduction.fields_removed, s.reduction.fields_before)
        for s in report.sets
    }


def test_examples_reproduce_the_2017_clean_up_from_the_data() -> None:
    report = audit_dir(EXAMPLES)
    counts = removed(report)
    assert counts["anbringelser"] == (15, 30)  # half
    assert counts["underretninger"] == (7, 15)  # 7 of 15
    voksne_removed, voksne_total = counts["handicap-voksne"]
    assert abs(voksne_removed / voksne_total - 0.24) < 0.02  # about 24%
    assert round(report.total.count_share * 100) == 44


def test_every_kind_of_verdict_occurs_in_the_examples() -> None:
    verdicts = {f.verdict for s in audit_dir(EXAMPLES).sets for f in s.fields}
    assert verdicts == {"KEEP", "REMOVE", "DERIVE", "MERGE", "REVIEW"}


def test_merge_names_its_twin_and_derive_names_its_source() -> None:
    report = audit_dir(EXAMPLES)
    for set_audit in report.sets:
        for item in set_audit.fields:
            if item.verdict == "MERGE":
                assert item.twin is not None and report.field(item.twin) is not None
            if item.verdict == "DERIVE":
                assert item.field.registered_in or item.field.derivable_from


def test_editing_one_usage_entry_moves_the_numbers(tmp_path: Path) -> None:
    copy = tmp_path / "examples"
    shutil.copytree(EXAMPLES, copy)
    before = audit_dir(copy)
    target = copy / "anbringelser.yaml"
    source = target.read_text(encoding="utf-8")
    # skoletilbud is removed as unused; record a current publication of it.
    edited, count = re.subn(
        r"(- id: skoletilbud\n(?:    .*\n|\n)*?    used_by:\n)",
        r"\1      - consumer: Danmarks Statistik\n        kind: publication\n",
        source,
    )
    assert count == 1
    target.write_text(edited, encoding="utf-8")
    after = audit_dir(copy)
    assert after.field("anbringelser.skoletilbud").verdict == "KEEP"  # type: ignore[union-attr]
    assert after.total.fields_removed == before.total.fields_removed - 1
    assert after.total.burden_after.hours.low > before.total.burden_after.hours.low


def test_as_of_changes_ages() -> None:
    in_2017 = audit_dir(EXAMPLES, as_of=dt.date(2017, 1, 1))
    today = audit_dir(EXAMPLES)
    assert in_2017.as_of != today.as_of
    field = "anbringelser.skoletilbud"
    assert in_2017.field(field).usage > today.field(field).usage  # type: ignore[union-attr]


def test_sanering_2017_profile_decides_every_field() -> None:
    report = audit_dir(EXAMPLES, profile="sanering-2017")
    assert report.profile == "sanering-2017"
    assert all(f.verdict != "REVIEW" or f.field.mandated_by for s in report.sets for f in s.fields)


# --- properties over generated catalogues ----------------------------------------------

WORDS = ["barn", "dato", "kommune", "anbringelse", "årsag", "kode", "sted", "plan", "forløb"]


@st.composite
def catalogues(draw: st.DrawFn) -> Catalogue:
    sets = []
    for set_index in range(draw(st.integers(1, 3))):
        set_id = f"s{set_index}"
        fields = []
        for index in range(draw(st.integers(1, 8))):
            uses = draw(
                st.lists(
                    st.builds(
                        Use,
                        consumer=st.just("DST"),
                        kind=st.sampled_from(["publication", "request", "legal"]),
                        last_used=st.none() | st.dates(dt.date(2005, 1, 1), dt.date(2026, 1, 1)),
                    ),
                    max_size=3,
                )
            )
            low = draw(st.floats(0, 5))
            fields.append(
                Field(
                    id=f"f{index}",
                    name=" ".join(draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=3))),
                    set_id=set_id,
                    minutes=(low, low + draw(st.floats(0, 5))),
                    aspect=draw(st.sampled_from(["substance", "process"])),
                    applies_to=draw(st.floats(0, 1)),
                    mandated_by=draw(st.none() | st.just("Barnets lov § 1")),
                    registered_in=draw(st.sampled_from([(), ("cpr",)])),
                    used_by=tuple(uses),
                )
            )
        sets.append(RequirementSet(set_id, set_id, draw(st.integers(0, 10**6)), tuple(fields)))
    return Catalogue(tuple(sets))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(catalogues())
def test_mandated_is_never_removed_and_reductions_stay_in_range(catalogue: Catalogue) -> None:
    report = audit(catalogue, PROFILE, AS_OF)
    for set_audit in report.sets:
        for item in set_audit.fields:
            if item.field.mandated_by:
                assert item.verdict not in ("REMOVE", "MERGE")
            assert 0.0 <= item.usage <= 1.0 and 0.0 <= item.duplication <= 1.0
            assert item.burden.hours.low >= 0
    for value in [report.total, *(s.reduction for s in report.sets)]:
        assert 0.0 <= value.count_share <= 1.0
        assert 0.0 <= value.burden_share <= 1.0 + 1e-9
        assert value.fields_after + value.fields_removed == value.fields_before


@given(
    st.lists(st.tuples(*[st.floats(min_value=0, max_value=1e9, allow_nan=False)] * 4), max_size=30)
)
def test_total_burden_equals_adding_up_one_by_one(figures: list[tuple[float, ...]]) -> None:
    from indberet.audit_model import NO_BURDEN, Burden, Range, total_burden

    burdens = [Burden(Range(a, b), Range(c, d)) for a, b, c, d in figures]
    assert total_burden(burdens) == sum(burdens, NO_BURDEN)


def test_duplication_counts_registers_and_derivations_with_the_twin_rule_off() -> None:
    """Duplication is not only near-duplicates: with IND105 off it still scores a field
    a register holds or that can be derived (profile weights `registered`, `derivable`)."""
    result = load([str(EXAMPLES)])
    assert result.catalogue is not None
    off = dataclasses.replace(PROFILE, rules={**PROFILE.rules, "IND105": {"enabled": False}})
    report = audit(result.catalogue, off, AS_OF)
    registered = [a for s in report.sets for a in s.fields if a.field.registered_in]
    derivable = [a for s in report.sets for a in s.fields if a.field.derivable_from]
    assert registered and derivable
    assert all(a.duplication >= PROFILE.registered > 0 for a in registered)
    assert all(a.duplication >= PROFILE.derivable > 0 for a in derivable)
    assert not any(a.twin for s in report.sets for a in s.fields)


def test_evidence_with_twins_is_replace_keeping_every_other_field() -> None:
    # Every field of Evidence set to a value of its own: a field added to Evidence but not
    # carried over by _with_twins makes the two differ.
    given: dict[str, Any] = {f.name: object() for f in dataclasses.fields(Evidence)}
    evidence = Evidence(**given)
    twins = (Twin("s.b", 0.9, "name", True, True),)
    assert _with_twins(evidence, 0.5, twins) == dataclasses.replace(
        evidence, duplication=0.5, twins=twins
    )
