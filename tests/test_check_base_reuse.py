"""`check --base` takes the base's findings of the fields a change does not reach from the
audit of the work tree, and audits only the sets the change reaches at the base.

Every test compares that with auditing the base in full (``reuse=False``): the findings,
their status, the comparison and the rendered outputs must be the same. The tests also
say which way was taken, so that a test of the reuse cannot pass by falling back.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Mapping
from typing import Any

import pytest

from indberet.core import check as check_module
from indberet.core.check import CheckResult, run_check
from indberet.core.profile import Profile, load_profile
from indberet.model import Catalogue
from indberet.read.loading import load_blobs
from indberet.render.ci_formats import CHECK_FORMATS
from tests.conftest import ROOT
from tests.helpers import AS_OF

PROFILE = load_profile("default")
EXAMPLES = {
    path.relative_to(ROOT).as_posix(): path.read_text("utf-8")
    for path in [*sorted((ROOT / "examples").glob("*.yaml")), ROOT / "examples/real/afcars.yaml"]
}
ANBRINGELSER = "examples/anbringelser.yaml"

# Two sets of their own: ``b.fritid`` asks what ``a.fritid`` asks, with less use, so it
# merges into it (IND105) when both are there.
SET_A = """indberet: 1
id: a
name: Sæt A
receiver: Danmarks Statistik
legal_basis: Lov A
reporters: 98
reports_per_year: 1000
fields:
  - id: fritid
    name: Barnets fritidsaktiviteter
    description: Hvad barnet laver i sin fritid.
    type: text
    minutes: 2
    used_by:
      - consumer: Danmarks Statistik
        kind: publication
      - consumer: Socialstyrelsen
        kind: analysis
  - id: kilde
    name: Antal timer i klubben
    type: number
    minutes: 1
"""
SET_B = """indberet: 1
id: b
name: Sæt B
receiver: Danmarks Statistik
legal_basis: Lov B
reporters: 98
reports_per_year: 1000
fields:
  - id: fritid
    name: Barnets fritidsaktiviteter
    description: Hvad barnet laver i sin fritid.
    type: text
    minutes: 1
    used_by:
      - consumer: Danmarks Statistik
        kind: publication
  - id: afledt
    name: Klubtimer om ugen
    type: number
    minutes: 1
    derivable_from: [a.kilde]
    used_by:
      - consumer: Danmarks Statistik
        kind: publication
"""
OWN = {**EXAMPLES, "sets/a.yaml": SET_A, "sets/b.yaml": SET_B}


def catalogue(files: Mapping[str, str]) -> Catalogue:
    result = load_blobs([(path, text.encode("utf-8")) for path, text in sorted(files.items())])
    assert result.catalogue is not None, result.diagnostics
    return result.catalogue


def rendered(result: CheckResult) -> dict[str, str]:
    return {name: str(render(result, "en")) for name, render in CHECK_FORMATS.items()}


def compared(
    monkeypatch: pytest.MonkeyPatch,
    before: Mapping[str, str],
    after: Mapping[str, str],
    profile: Profile = PROFILE,
) -> tuple[CheckResult, bool]:
    """Check ``after`` against ``before`` both ways; the result, and whether the base
    was audited in full by the way that reuses the work tree's audit."""
    base, head = catalogue(before), catalogue(after)
    full = run_check(head, profile, AS_OF, base=base, base_label="base", reuse=False)
    in_full: list[bool] = []
    original = check_module._base_in_full

    def counted(*args: Any, **kwargs: Any) -> Any:
        in_full.append(True)
        return original(*args, **kwargs)

    monkeypatch.setattr(check_module, "_base_in_full", counted)
    fast = run_check(head, profile, AS_OF, base=base, base_label="base")
    monkeypatch.undo()
    assert fast == full
    assert [dict(f.params) for f in fast.findings] == [dict(f.params) for f in full.findings]
    assert rendered(fast) == rendered(full)
    return fast, bool(in_full)


def edited(files: Mapping[str, str], path: str, change: Callable[[str], str]) -> dict[str, str]:
    text = files[path]
    changed = change(text)
    assert changed != text
    return {**files, path: changed}


def statuses(result: CheckResult) -> dict[str, str]:
    return {f.fingerprint: f.status for f in result.findings}


ADDED = """
  - id: nyt_felt
    name: Antal samtaler med barnet
    type: number
    minutes: 2
"""


def test_a_field_added_and_a_name_changed_in_one_file(monkeypatch: pytest.MonkeyPatch) -> None:
    after = edited(
        OWN,
        ANBRINGELSER,
        lambda text: (
            text.replace("name: Anbringelsesdato", "name: Dato for anbringelsen", 1) + ADDED
        ),
    )
    result, in_full = compared(monkeypatch, OWN, after)
    assert not in_full
    assert result.comparison is not None
    assert {c.kind for c in result.comparison.fields} == {"added", "changed"}


def test_nothing_changed(monkeypatch: pytest.MonkeyPatch) -> None:
    result, in_full = compared(monkeypatch, OWN, OWN)
    assert not in_full
    assert all(not f.new for f in result.findings)


def test_a_change_that_makes_a_near_duplicate_in_another_file(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # a.fritid gets another name at the base: b.fritid has no twin there, and merges into
    # a.fritid in the work tree. That is new, though set b is the same on both sides.
    before = edited(OWN, "sets/a.yaml", lambda t: t.replace("Barnets fritid", "Barnets skole"))
    result, in_full = compared(monkeypatch, before, OWN)
    assert not in_full
    assert statuses(result)["b.fritid:IND105"] == "new"


def test_a_change_that_ends_a_near_duplicate_in_another_file(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    after = edited(OWN, "sets/a.yaml", lambda t: t.replace("Barnets fritid", "Barnets skole"))
    result, in_full = compared(monkeypatch, OWN, after)
    assert not in_full
    assert "b.fritid:IND105" not in statuses(result)


def test_a_near_duplicate_only_the_base_has(monkeypatch: pytest.MonkeyPatch) -> None:
    # c.fritid, process data of little use, merged into a.fritid at the base (IND105),
    # whose name the change gives up: in the work tree it is process data to remove
    # (IND102), which is new. Only the base's a.fritid links the two.
    little = SET_B.replace("id: b\n", "id: c\n").replace("    derivable_from: [a.kilde]\n", "")
    little = little.replace("    type: text\n", "    type: text\n    aspect: process\n", 1)
    little = little.replace(
        "kind: publication\n", "kind: analysis\n        last_used: 2025-06-01\n", 1
    )
    before = {**{k: v for k, v in OWN.items() if k != "sets/b.yaml"}, "sets/c.yaml": little}
    after = edited(before, "sets/a.yaml", lambda t: t.replace("Barnets fritid", "Barnets skole"))
    result, in_full = compared(monkeypatch, before, after)
    assert not in_full
    assert statuses(result)["c.fritid:IND102"] == "new"


def test_a_change_to_a_source_another_file_derives_from(monkeypatch: pytest.MonkeyPatch) -> None:
    # b.afledt is derived from a.kilde, so a.kilde stays at the base, unused as it is;
    # when b.afledt no longer says so, a.kilde is to be removed (IND101): new.
    after = edited(OWN, "sets/b.yaml", lambda t: t.replace("    derivable_from: [a.kilde]\n", ""))
    result, in_full = compared(monkeypatch, OWN, after)
    assert not in_full
    assert statuses(result)["a.kilde:IND101"] == "new"
    after = edited(OWN, "sets/a.yaml", lambda t: t.replace("Antal timer i klubben", "Klubtimer"))
    _, in_full = compared(monkeypatch, OWN, after)
    assert not in_full


@pytest.mark.parametrize("renamed", ["examples/zz-anbringelser.yaml", "examples/a.yaml"])
def test_a_renamed_file(monkeypatch: pytest.MonkeyPatch, renamed: str) -> None:
    after = {**{k: v for k, v in OWN.items() if k != ANBRINGELSER}, renamed: OWN[ANBRINGELSER]}
    result, _ = compared(monkeypatch, OWN, after)
    assert result.comparison is not None and result.comparison.empty


def test_a_changed_register_audits_the_base_in_full(monkeypatch: pytest.MonkeyPatch) -> None:
    after = edited(OWN, "examples/registers.yaml", lambda t: t.replace("- civilstand\n", "", 1))
    _, in_full = compared(monkeypatch, OWN, after)
    assert in_full


def test_a_removed_file(monkeypatch: pytest.MonkeyPatch) -> None:
    after = {k: v for k, v in OWN.items() if k != "sets/b.yaml"}
    result, in_full = compared(monkeypatch, OWN, after)
    assert not in_full
    assert result.comparison is not None
    assert {c.kind for c in result.comparison.fields} == {"removed"}


def with_check(**check: Any) -> Profile:
    return dataclasses.replace(PROFILE, check={**PROFILE.check, **check})


def with_rule(code: str, **settings: Any) -> Profile:
    rules = {**PROFILE.rules, code: {**PROFILE.rules.get(code, {}), **settings}}
    return dataclasses.replace(PROFILE, rules=rules)


@pytest.mark.parametrize(
    "profile",
    [
        with_check(similarity=0.6),
        with_check(similarity=0.95),
        with_rule("IND105", enabled=False),
        with_rule("IND105", similarity=0.6),
        load_profile("sanering-2017"),
    ],
    ids=["check-0.6", "check-0.95", "no-IND105", "IND105-0.6", "sanering-2017"],
)
def test_another_profile(monkeypatch: pytest.MonkeyPatch, profile: Profile) -> None:
    before = edited(OWN, "sets/a.yaml", lambda t: t.replace("Barnets fritid", "Barnets skole"))
    after = edited(OWN, ANBRINGELSER, lambda t: t + ADDED)
    _, in_full = compared(monkeypatch, before, after, profile)
    assert not in_full


def test_many_changed_fields_audit_the_base_in_full(monkeypatch: pytest.MonkeyPatch) -> None:
    renamed = re.compile(r"^    name: (?=[A-Z])", re.MULTILINE)
    after = edited(OWN, "examples/real/afcars.yaml", lambda t: renamed.sub("    name: New ", t))
    _, in_full = compared(monkeypatch, OWN, after)
    assert in_full
