"""Unit tests of the check engine (indberet.check) and of exemptions in the audit.

Catalogues are built from YAML text with `load_blobs`, so they carry real locations.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest

from indberet.audit_model import Burden, Range
from indberet.core import check as check_module
from indberet.core.audit import audit_field
from indberet.core.baseline import Baseline, BaselineEntry
from indberet.core.check import (
    ALWAYS_NEW,
    BY_CODE,
    EXEMPTABLE,
    POLICY_CODES,
    CheckResult,
    Policy,
    compare,
    fingerprint,
    minus,
    run_check,
)
from indberet.core.profile import Profile, load_profile
from indberet.i18n import MESSAGES, render
from indberet.model import Catalogue, Exemption, RequirementSet
from indberet.read.loading import load_blobs
from tests.conftest import FIXTURES
from tests.helpers import AS_OF, evidence, make_field

FIXTURE = (FIXTURES / "check" / "boern.yaml").read_text(encoding="utf-8")
PROFILE = load_profile("default")
EXTRA = """
  - id: fritid
    name: Barnets fritidsaktiviteter
    type: text
    minutes: [1, 3]
"""


def catalogue(*texts: str) -> Catalogue:
    blobs = [(f"reqs/set{n}.yaml", text.encode("utf-8")) for n, text in enumerate(texts)]
    result = load_blobs(blobs)
    assert result.catalogue is not None, result.diagnostics
    return result.catalogue


def with_profile(**check: Any) -> Profile:
    return dataclasses.replace(PROFILE, check={**PROFILE.check, **check})


def check(
    new: Catalogue, base: Catalogue | None = None, profile: Profile = PROFILE, **options: Any
) -> CheckResult:
    return run_check(new, profile, AS_OF, base=base, base_label="base", **options)


def fingerprints(result: CheckResult, *, failing: bool = False) -> set[str]:
    return {f.fingerprint for f in result.findings if f.fails or not failing}


# --- the policy table ---------------------------------------------------------------------


def test_every_policy_code_is_documented_in_both_languages() -> None:
    assert [p.code for p in POLICY_CODES] == [f"IND20{n}" for n in range(1, 10)]
    for item in POLICY_CODES:
        for key in (f"policy.name.{item.code}", f"policy.doc.{item.code}"):
            assert key in MESSAGES
        assert item.code in (check_module.__doc__ or "")
    assert {"IND201", "IND202", "IND203", "IND204"} == EXEMPTABLE
    assert {"IND207"} == ALWAYS_NEW


def test_policy_defaults_and_profile_overrides() -> None:
    assert Policy.from_profile(dataclasses.replace(PROFILE, check={})) == Policy(similarity=0.75)
    policy = Policy.from_profile(
        with_profile(severity={"IND201": "off", "IND208": "error"}, audit_findings="off")
    )
    assert policy.severity("IND201") is None
    assert policy.severity("IND208") == "error"
    assert policy.severity("IND202") == BY_CODE["IND202"].severity
    assert policy.severity("IND101") is None
    assert Policy.from_profile(load_profile("sanering-2017")).audit_findings == "warning"


def test_without_base_every_field_is_new() -> None:
    result = check(catalogue(FIXTURE + EXTRA))
    assert result.comparison is None
    assert {"boern.fritid:IND201", "boern.bopaelskommune:IND203"} <= fingerprints(
        result, failing=True
    )
    assert all(f.new for f in result.findings)


def test_severity_off_and_audit_findings_off_remove_findings() -> None:
    profile = with_profile(severity={"IND201": "off", "IND203": "off"}, audit_findings="off")
    result = check(catalogue(FIXTURE + EXTRA), profile=profile)
    assert {f.code for f in result.findings} == set()


def test_usage_log_rows_count_as_consumers() -> None:
    from tests.helpers import use

    result = check(catalogue(FIXTURE + EXTRA), extra_uses={("boern", "fritid"): [use("analysis")]})
    assert "boern.fritid:IND201" not in fingerprints(result)


# --- legal basis ------------------------------------------------------------------------------


def without_basis(text: str) -> str:
    return text.replace("legal_basis: Barnets lov § 1 (testsæt)\n", "")


def test_legal_basis_from_the_field_or_its_set() -> None:
    result = check(catalogue(without_basis(FIXTURE)))
    ind202 = {f.field_id for f in result.findings if f.code == "IND202"}
    assert ind202 == {"bopaelskommune", "startdato", "aarsag", "statusmoede"}  # not mandated


def test_legal_basis_from_the_field_only() -> None:
    result = check(catalogue(FIXTURE), profile=with_profile(legal_basis="field"))
    ind202 = [f for f in result.findings if f.code == "IND202"]
    assert {f.field_id for f in ind202} == {"bopaelskommune", "startdato", "aarsag", "statusmoede"}
    assert ind202[0].key == "check.IND202.field"


def test_removing_a_sets_legal_basis_checks_its_unchanged_fields() -> None:
    result = check(catalogue(without_basis(FIXTURE)), base=catalogue(FIXTURE))
    assert result.comparison is not None
    assert [c.attributes for c in result.comparison.sets] == [("legal_basis",)]
    failing = {f.fingerprint for f in result.failing}
    assert "boern.startdato:IND202" in failing
    assert "boern.startdato:IND201" not in fingerprints(result)


# --- what is new -------------------------------------------------------------------------------


def test_with_base_only_added_fields_get_register_and_duplicate_checks() -> None:
    twins = """
  - id: cpr_barn
    name: Barnets CPR-nummer
    type: cpr
    minutes: 0.2
    derivable_from: [cpr]
    used_by:
      - consumer: Danmarks Statistik
        kind: publication
  - id: aarsag_igen
    name: Årsagen til foranstaltningen
    codes: [omsorgssvigt, adfaerd, handicap, familieforhold]
    minutes: 0.5
    used_by:
      - consumer: Danmarks Statistik
        kind: publication
"""
    result = check(catalogue(FIXTURE + twins), base=catalogue(FIXTURE))
    reported = {(f.field_id, f.code) for f in result.findings if f.code.startswith("IND20")}
    assert ("cpr_barn", "IND203") in reported  # derivable from a register
    assert ("aarsag_igen", "IND204") in reported  # the same question as aarsag
    assert ("bopaelskommune", "IND203") not in reported
    assert ("aarsag", "IND204") not in reported  # the existing twin is not new


@pytest.mark.parametrize("threshold", [None, 0.6])  # the audit's pairs, or check's own
def test_an_identifier_in_a_new_statistic_is_no_near_duplicate(threshold: float | None) -> None:
    # Every statistic carries the child's CPR number on purpose: it is the join key, and
    # check must not fail a new statistic for asking it (IND204), as it did.
    profile = PROFILE if threshold is None else with_profile(similarity=threshold)
    result = check(
        catalogue(FIXTURE, FIXTURE.replace("id: boern", "id: boern_ny", 1)),
        base=catalogue(FIXTURE),
        profile=profile,
    )
    reported = {(f.set_id, f.field_id, f.code) for f in result.findings}
    assert ("boern_ny", "barn_cpr", "IND204") not in reported
    assert ("boern_ny", "aarsag", "IND204") in reported  # a real duplicate still is one


def test_similarity_threshold_from_the_policy() -> None:
    near = """
  - id: startdato_ny
    name: Startdato for foranstaltningen i alt
    type: date
    minutes: 0.1
    used_by:
      - consumer: Danmarks Statistik
        kind: publication
"""
    base = catalogue(FIXTURE)
    loose = check(catalogue(FIXTURE + near), base=base, profile=with_profile(similarity=0.5))
    strict = check(catalogue(FIXTURE + near), base=base, profile=with_profile(similarity=0.99))
    assert "boern.startdato_ny:IND204" in fingerprints(loose)
    assert "boern.startdato_ny:IND204" not in fingerprints(strict)


def test_all_and_fail_on() -> None:
    new = catalogue(FIXTURE)
    assert not check(new, base=new).failed
    assert check(new, base=new, all_findings=True, fail_on="note").failed
    assert not check(new, base=new, all_findings=True).failed  # the base has no new fields


def test_baseline_suppresses_and_stale_entries_are_reported() -> None:
    new = catalogue(FIXTURE + EXTRA)
    entries = (
        BaselineEntry("boern.fritid:IND201", "IND201", "boern", "fritid", 3),
        BaselineEntry("boern.bopaelskommune:IND203", "IND203", "boern", "bopaelskommune", 4),
        BaselineEntry("boern.gone:IND201", "IND201", "boern", "gone", 5),
    )
    result = check(new, baseline=Baseline("b.json", entries))
    assert not result.failed
    assert [e.fingerprint for e in result.stale] == ["boern.gone:IND201"]
    stale = next(f for f in result.findings if f.code == "IND209")
    assert stale.fingerprint == "*:IND209:boern.gone:IND201"
    assert (stale.location.path, stale.location.line) == ("b.json", 5)  # type: ignore[union-attr]
    assert stale.severity == "warning" and not stale.fails


# --- exemptions --------------------------------------------------------------------------------


def exempt(block: str, rule: str, expires: str = "2030-01-01") -> str:
    return block.rstrip("\n") + (
        f"\n    exemptions:\n      - rule: {rule}\n        reason: Pilot\n"
        f"        owner: Kontoret\n        expires: {expires}\n"
    )


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        ("IND201", {"boern.fritid:IND201": "exempted"}),
        ("IND205", {"boern.fritid:IND208:IND205": "new"}),  # cannot be exempted
        ("IND999", {"boern.fritid:IND208:IND999": "new"}),
        ("IND203", {"boern.fritid:IND208:IND203": "new"}),  # does not fire
        ("IND101", {"boern.fritid:IND101": None}),  # the audit rule no longer fires
    ],
)
def test_exemptions(rule: str, expected: dict[str, str | None]) -> None:
    result = check(catalogue(FIXTURE + exempt(EXTRA, rule)))
    status = {f.fingerprint: f.status for f in result.findings}
    for key, value in expected.items():
        assert status.get(key) == value, status


def test_expired_exemption_is_a_new_failing_finding_and_no_longer_holds() -> None:
    text = FIXTURE + exempt(EXTRA, "IND201", "2026-11-25")
    result = check(catalogue(text), base=catalogue(text))
    failing = {f.fingerprint for f in result.failing}
    assert failing == {"boern.fritid:IND207:IND201"}
    on_the_day = check(catalogue(FIXTURE + exempt(EXTRA, "IND201", AS_OF.isoformat())))
    assert "boern.fritid:IND207:IND201" not in fingerprints(on_the_day)


def test_exempted_audit_rule_says_why_and_keeps_what_it_found() -> None:
    field = make_field(exemptions=(Exemption("IND101", "Pilot", "Kontoret", dt.date(2030, 1, 1)),))
    requirement_set = RequirementSet("s", "Sæt", 1000, (field,))
    item = audit_field(field, requirement_set, evidence(field, usage=0.0), PROFILE, 450.0)
    result = next(r for r in item.results if r.code == "IND101")
    assert not result.fired and result.proposal is None
    assert result.inputs["exempted"]["proposal"] == "REMOVE"
    assert render(result.reason, "en").startswith("exempted until 2030-01-01 (Kontoret: Pilot)")
    assert "undtaget til og med 2030-01-01" in render(result.reason, "da")
    assert item.verdict != "REMOVE"
    expired = dataclasses.replace(
        field, exemptions=(Exemption("IND101", "Pilot", "Kontoret", dt.date(2020, 1, 1)),)
    )
    again = audit_field(expired, requirement_set, evidence(expired, usage=0.0), PROFILE, 450.0)
    assert again.verdict == "REMOVE"


# --- comparison and burden -----------------------------------------------------------------------


def test_compare_lists_changes_with_their_attributes_and_burden() -> None:
    old = catalogue(FIXTURE)
    changed = FIXTURE.replace("minutes: 0.3", "minutes: [0.3, 0.9]").replace(
        "reports_per_year: 12000", "reports_per_year: 12000\ndescription: Ny"
    )
    new = catalogue(changed + EXTRA)
    result = check(new, base=old)
    comparison = result.comparison
    assert comparison is not None
    assert [(c.kind, c.qualified_id) for c in comparison.fields] == [
        ("added", "boern.fritid"),
        ("changed", "boern.startdato"),
    ]
    startdato = next(c for c in comparison.fields if c.field_id == "startdato")
    assert startdato.attributes == ("minutes",)
    assert startdato.delta.hours == Range(0.0, 120.0)
    assert [(s.kind, s.attributes) for s in comparison.sets] == [("changed", ("description",))]
    # fritid: [1, 3] minutes -> 200-600 hours, midpoint 400; startdato: midpoint +60.
    assert comparison.added_hours == pytest.approx(460.0)
    assert comparison.delta.hours == Range(200.0, 720.0)
    assert comparison.delta.dkk == Range(90000.0, 324000.0)


def test_a_changed_volume_moves_every_fields_burden_but_changes_no_field() -> None:
    old = catalogue(FIXTURE)
    new = catalogue(FIXTURE.replace("reports_per_year: 12000", "reports_per_year: 6000"))
    result = check(new, base=old)
    comparison = result.comparison
    assert comparison is not None and comparison.fields == ()
    assert [s.attributes for s in comparison.sets] == [("reports_per_year",)]
    assert comparison.removed_hours == pytest.approx(370.0)  # half of 640-840 at midpoint
    assert not result.failed


def test_removing_a_set_removes_its_fields() -> None:
    other = FIXTURE.replace("id: boern\n", "id: unge\n")
    result = check(catalogue(FIXTURE), base=catalogue(FIXTURE, other))
    assert result.comparison is not None
    assert [s.kind for s in result.comparison.sets] == ["removed"]
    assert {f.fingerprint for f in result.failing} == {
        "unge.handlekommune:IND205",
        "unge.barn_cpr:IND205",
    }
    assert all(f.in_base for f in result.failing)


@pytest.mark.parametrize(
    ("budget", "ratio", "fails"),
    [(0, 1, True), (400, 1, False), (399, 1, True), (0, 0.5, True), (200, 2, True)],
)
def test_burden_budget(budget: float, ratio: float, fails: bool) -> None:
    # fritid adds 400 hours (midpoint); nothing is removed.
    profile = with_profile(burden_budget_hours=budget, offset_ratio=ratio)
    with_use = EXTRA + "    used_by:\n      - consumer: DST\n        kind: publication\n"
    result = check(catalogue(FIXTURE + with_use), base=catalogue(FIXTURE), profile=profile)
    assert result.failed is fails
    assert ("*:IND206" in fingerprints(result)) is fails


def test_offsetting_removal() -> None:
    with_use = EXTRA + "    used_by:\n      - consumer: DST\n        kind: publication\n"
    head, _, _ = FIXTURE.partition("  - id: statusmoede")
    # statusmoede (400 hours) goes, fritid (400 hours) comes: exactly offset.
    result = check(catalogue(head + with_use), base=catalogue(FIXTURE))
    assert "*:IND206" not in fingerprints(result)
    assert result.comparison is not None
    assert result.comparison.delta.hours == Range(-200.0, 200.0)


def test_minus_and_fingerprint() -> None:
    a = Burden(Range(3, 5), Range(30, 50))
    b = Burden(Range(1, 1), Range(10, 10))
    assert minus(a, b) == Burden(Range(2, 4), Range(20, 40))
    assert fingerprint("s.f", "IND201") == "s.f:IND201"
    assert fingerprint("s.f", "IND207", "IND101") == "s.f:IND207:IND101"


def test_compare_of_identical_reports_is_empty() -> None:
    report = check(catalogue(FIXTURE)).report
    comparison = compare(report, report, "x")
    assert comparison.empty and comparison.delta == minus(comparison.after, comparison.before)


def test_findings_are_sorted_by_place() -> None:
    result = check(catalogue(FIXTURE + EXTRA))
    keys = [f.sort_key() for f in result.findings]
    assert keys == sorted(keys)


def test_the_policys_own_threshold_searches_the_index_not_every_pair(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # 60 fields asking one question: every pair would be 1,770 pairs; the indexed search
    # links each to one of them. Each still near-duplicates the others (IND204).
    from indberet.core import similarity
    from indberet.core.audit import find_now

    def every_pair(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("check compared every pair")

    monkeypatch.setattr(similarity, "near_duplicates", every_pair)
    found: list[int] = []
    search = find_now()

    def counting(items: Any, threshold: float) -> Any:
        pending = search(items, threshold)

        def pairs() -> list[similarity.Pair]:
            result = pending()
            found.append(len(result))
            return result

        return pairs

    same = "".join(
        f"\n  - id: fritid_{n}\n    name: Barnets fritidsaktiviteter\n    type: text\n"
        "    minutes: 1\n"
        for n in range(60)
    )
    new = catalogue(FIXTURE + same)
    result = check(new, base=catalogue(FIXTURE), profile=with_profile(similarity=0.6))
    assert {f"boern.fritid_{n}:IND204" for n in range(60)} <= fingerprints(result)
    result = check(
        new, base=catalogue(FIXTURE), profile=with_profile(similarity=0.6), pair_finder=counting
    )
    assert found and max(found) < 2 * 60
