"""What is remembered to save work per field gives what working it out again gives:
a profile's rule parameters, the sentences comparing a figure with a threshold, the
reasons of a report's fields."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator, Mapping
from typing import Any

import pytest

from indberet.core.audit import audit
from indberet.core.profile import Profile, load_profile, shipped_profiles
from indberet.core.rules import RULES, ind101_unused
from indberet.i18n import LANGUAGES, Text, compared, compared_text, render, text
from indberet.read.loading import load
from indberet.render import common
from indberet.run.results import canonical
from tests.conftest import ROOT
from tests.helpers import AS_OF, evidence, use


def _plain_param(profile: Profile, code: str, name: str, default: float) -> float:
    """The lookup as it was before it was remembered."""
    return float(profile.rules.get(code, {}).get(name, default))


def _plain_enabled(profile: Profile, code: str) -> bool:
    return bool(profile.rules.get(code, {}).get("enabled", True))


@pytest.mark.parametrize("name", sorted(shipped_profiles()))
def test_a_remembered_rule_parameter_is_the_one_looked_up(name: str) -> None:
    profile = load_profile(name)
    for _ in range(2):  # the second time from the memo
        for rule in RULES:
            assert profile.rule_enabled(rule.CODE) is _plain_enabled(profile, rule.CODE)
            for parameter, default in rule.DEFAULTS.items():
                for asked in (default, 0.0, 0.99):  # the default matters only if not named
                    found = profile.rule_param(rule.CODE, parameter, asked)
                    assert found == _plain_param(profile, rule.CODE, parameter, asked)
                    assert type(found) is float
            assert profile.rule_param(rule.CODE, "unknown", 0.5) == 0.5


def test_a_profile_that_names_no_rule_gives_each_caller_its_default() -> None:
    profile = dataclasses.replace(load_profile(None), rules={})
    assert profile.rule_param("IND101", "below", 0.15) == 0.15
    assert profile.rule_param("IND101", "below", 0.0) == 0.0  # as IND106 asks it
    assert profile.rule_enabled("IND101") is True


class _Counting(Mapping[str, Mapping[str, Any]]):
    """A profile's ``rules`` that counts how often it is read."""

    def __init__(self, rules: Mapping[str, Mapping[str, Any]]) -> None:
        self.rules = rules
        self.reads = 0

    def __getitem__(self, key: str) -> Mapping[str, Any]:
        self.reads += 1
        return self.rules[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.rules)

    def __len__(self) -> int:
        return len(self.rules)


def test_a_rule_parameter_is_looked_up_once_per_profile() -> None:
    counting = _Counting(load_profile(None).rules)
    profile = dataclasses.replace(load_profile(None), rules=counting)
    for _ in range(1000):  # as for every field of a catalogue
        profile.rule_param("IND101", "below", 0.15)
        profile.rule_enabled("IND101")
    assert counting.reads == 2


def test_a_changed_copy_of_a_profile_does_not_answer_from_the_original() -> None:
    profile = load_profile(None)
    assert profile.rule_param("IND101", "below", 0.15) == 0.15
    assert profile.rule_enabled("IND101")
    changed = dataclasses.replace(
        profile, rules={**profile.rules, "IND101": {"enabled": False, "below": 0.4}}
    )
    assert changed.rule_param("IND101", "below", 0.15) == 0.4
    assert not changed.rule_enabled("IND101")
    assert profile.rule_param("IND101", "below", 0.15) == 0.15


def test_the_memo_is_neither_compared_nor_shown() -> None:
    asked, fresh = load_profile(None), load_profile(None)
    asked.rule_param("IND101", "below", 0.15)
    assert asked == fresh
    assert canonical(asked) == canonical(fresh)
    assert repr(asked) == repr(fresh)


FIGURES = [0, 0.0, 1, 1.0, 0.15, 0.1497, 0.14999, 0.149999, 0.15001, 0.3, 0.2999, 0.5, 1e-9]


@pytest.mark.parametrize("value", FIGURES)
@pytest.mark.parametrize("bound", [0.15, 0.3, 0.0, 1.0])
def test_a_remembered_comparison_is_the_one_made(value: float, bound: float) -> None:
    for _ in range(2):  # the second time from the memo
        made = compared_text("rule.IND101.ok", value, bound)
        expected = text("rule.IND101.ok", **compared(value, bound))
        assert made == expected
        for name, number in made.params.items():  # the very figure, not one equal to it
            assert type(number.value) is type(expected.params[name].value)
            assert number.value == expected.params[name].value
        for lang in LANGUAGES:
            assert render(made, lang) == render(expected, lang)


def test_the_same_comparison_is_the_same_text() -> None:
    first = compared_text("rule.IND106.fired", 0.2345, 0.3)
    assert compared_text("rule.IND106.fired", 0.2345, 0.3) is first
    assert compared_text("rule.IND106.ok", 0.2345, 0.3) is not first  # another sentence


def test_minus_zero_is_not_taken_for_zero() -> None:
    compared_text("rule.IND106.unused", 0.0, 0.3)
    assert render(compared_text("rule.IND106.unused", -0.0, 0.3), "en") == render(
        text("rule.IND106.unused", **compared(-0.0, 0.3)), "en"
    )
    assert "-0.00" in render(compared_text("rule.IND106.unused", -0.0, 0.3), "en")


def test_a_sentence_without_parameters_is_formatted_as_before() -> None:
    assert render(Text("rule.IND101.never"), "da") == "ingen registreret brug"
    with pytest.raises(KeyError):  # a sentence that needs a figure still needs it
        render(Text("rule.IND101.ok"), "en")


@pytest.mark.parametrize(
    "uses",
    [
        (),
        (use(last_used=dt.date(2020, 1, 1)),),
        (use(last_used=dt.date(2020, 1, 1)), use(last_used=dt.date(2024, 5, 1))),
        (use(last_used=dt.date(2024, 5, 1)), use(last_used=None), use()),
        (use(last_used=dt.date(2024, 5, 1)), use(last_used=dt.date(2024, 5, 1))),
    ],
)
def test_ind101_finds_the_latest_and_the_ongoing_use_as_the_evidence_says(uses: Any) -> None:
    seen = evidence(uses=uses, usage=0.1)
    assert ind101_unused._latest(seen.uses) == (seen.last_dated_use, seen.has_current_use)


def test_the_reasons_of_a_report_are_each_fields_reason() -> None:
    result = load([str(ROOT / "examples")])
    assert result.catalogue is not None
    report = audit(result.catalogue, load_profile(None), AS_OF)
    items = [item for s in report.sets for item in s.fields]
    grouped = [item for item in items if item.group is not None]
    kept = [item for item in grouped if item.group and item.group.kept == item.field.qualified_id]
    assert kept and len(grouped) > len(kept)  # both phrases of a group are written
    for lang in LANGUAGES:
        reasons = common.Reasons(lang)
        for _ in range(2):
            assert [reasons(item) for item in items] == [common.reason(i, lang) for i in items]
