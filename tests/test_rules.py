"""Each rule as a table: evidence in, expected outcome out."""

from __future__ import annotations

import datetime as dt
import inspect
import re
from pathlib import Path

import pytest

from indberet.core import rules
from indberet.core.rules import BY_CODE, RULES, Twin
from indberet.i18n import render
from indberet.model import Register
from tests.helpers import default_profile, evidence, make_field, use

PROFILE = default_profile()
OLD = dt.date(2014, 6, 3)


def outcome(code: str, **kwargs: object) -> tuple[bool, str | None, str]:
    result = BY_CODE[code].evaluate(evidence(**kwargs), PROFILE)  # type: ignore[arg-type]
    return result.fired, result.proposal, render(result.reason, "en")


@pytest.mark.parametrize(
    ("kwargs", "fired", "proposal", "reason"),
    [
        ({"usage": 0.0}, True, "REMOVE", "no recorded use"),
        ({"usage": 0.01, "uses": (use(last_used=OLD),)}, True, "REMOVE", "no use since 2014-06"),
        ({"usage": 0.1, "uses": (use("request"),)}, True, "REMOVE", "too little use"),
        ({"usage": 0.15}, False, None, "at least 0.15"),
        ({"usage": 0.9, "uses": (use(),)}, False, None, "at least"),
    ],
)
def test_ind101_unused(
    kwargs: dict[str, object], fired: bool, proposal: str | None, reason: str
) -> None:
    got = outcome("IND101", **kwargs)
    assert got[:2] == (fired, proposal)
    assert reason in got[2]


@pytest.mark.parametrize(
    ("aspect", "usage", "fired"),
    [("process", 0.39, True), ("process", 0.4, False), ("substance", 0.0, False)],
)
def test_ind102_process_data(aspect: str, usage: float, fired: bool) -> None:
    got = outcome("IND102", field=make_field(aspect=aspect), usage=usage)
    assert got[0] is fired
    assert got[1] == ("REMOVE" if fired else None)


def test_ind103_registered_names_the_register() -> None:
    register = Register("tilbudsportalen", "Tilbudsportalen")
    got = outcome(
        "IND103", field=make_field(registered_in=("tilbudsportalen",)), registers=(register,)
    )
    assert got == (True, "DERIVE", "registered in Tilbudsportalen")
    assert outcome("IND103")[0] is False


def test_ind104_derivable_names_the_sources() -> None:
    got = outcome("IND104", field=make_field(derivable_from=("barn_cpr",)))
    assert got == (True, "DERIVE", "derivable from barn_cpr")
    assert outcome("IND104")[0] is False


@pytest.mark.parametrize(
    ("twin", "fired"),
    [
        (Twin("s.other", 0.9, "name", True, True), True),
        (Twin("s.other", 0.9, "name", True, False), False),
        (None, False),
    ],
)
def test_ind105_fires_on_the_weaker_of_a_pair(twin: Twin | None, fired: bool) -> None:
    got = outcome("IND105", twins=(twin,) if twin else ())
    assert got[0] is fired
    if fired:
        assert got[1] == "MERGE"
        assert "s.other" in got[2] and "0.90" in got[2]


@pytest.mark.parametrize(
    ("usage", "fired"), [(0.1, False), (0.15, True), (0.29, True), (0.3, False)]
)
def test_ind106_low_usage_is_the_zone_above_unused(usage: float, fired: bool) -> None:
    assert outcome("IND106", usage=usage)[0] is fired


def test_ind107_named_by_law() -> None:
    got = outcome("IND107", field=make_field(mandated_by="Barnets lov § 46"))
    assert got == (True, "KEEP", "named by law: Barnets lov § 46")
    assert outcome("IND107")[0] is False


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.CODE)
def test_every_rule_documents_itself(rule: object) -> None:
    doc = inspect.getdoc(rule) or ""
    code = rule.CODE
    assert re.fullmatch(r"IND1\d\d", code)
    assert doc.startswith(f"{code} ")
    assert len(doc.splitlines()) >= 4


def test_codes_are_unique_and_sorted_and_every_module_is_a_rule() -> None:
    codes = [r.CODE for r in RULES]
    assert codes == sorted(set(codes))
    package = Path(rules.__file__).parent
    modules = sorted(p.stem for p in package.glob("ind[0-9][0-9][0-9]_*.py"))
    assert [r.__name__.rsplit(".", 1)[-1] for r in RULES] == modules


def test_a_comparison_is_never_written_as_false_by_rounding() -> None:
    # "usage 0.15 < 0.15" was printed for a usage of 0.1497.
    result = BY_CODE["IND101"].evaluate(
        evidence(usage=0.1497, uses=(use("request"),)), default_profile()
    )
    said = render(result.reason, "en")
    assert "0.1497 < 0.15" in said
    assert "0.15 < 0.15" not in said
    plain = BY_CODE["IND101"].evaluate(
        evidence(usage=0.05, uses=(use("request"),)), default_profile()
    )
    assert "0.05 < 0.15" in render(plain.reason, "en")
