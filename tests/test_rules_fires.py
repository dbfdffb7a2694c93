"""A rule's quick test of whether it fires (``fires``) and the audit's results made late.

The audit makes the result of a rule only where the rule fires (its module's
``fires(profile)``), and the others when they are asked for (``indberet explain``): the
quick test must say what ``evaluate`` says, and the results made late must be those the
rules give.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import pickle
from pathlib import Path

import pytest

from indberet import api
from indberet.audit_model import Results, RuleResult, fired_results, replaced, result_of
from indberet.core import audit as engine
from indberet.core import rules
from indberet.core.profile import Profile
from indberet.core.rules import RULES, Evidence, Twin
from indberet.i18n import text
from indberet.model import Catalogue, Exemption, Register, RequirementSet
from tests.helpers import default_profile, make_field, use

ROOT = Path(__file__).resolve().parent.parent
AS_OF = dt.date(2026, 11, 26)
TESTED = [rule for rule in RULES if hasattr(rule, "fires")]


def _with_rules(profile: Profile, changes: dict[str, dict[str, object]]) -> Profile:
    return dataclasses.replace(profile, rules={**profile.rules, **changes})


PROFILES = {
    "default": default_profile(),
    "IND101 off": _with_rules(default_profile(), {"IND101": {"enabled": False}}),
    "other thresholds": _with_rules(
        default_profile(),
        {
            "IND101": {"below": 0.3},
            "IND102": {"below": 0.1},
            "IND104": {"min_share": 0.7},
            "IND106": {"below": 0.2},
        },
    ),
}


def _twins(kind: str) -> tuple[Twin, ...]:
    weaker = Twin("s.b", 0.9, "name", True, True)
    stronger = Twin("s.c", 0.8, "text", False, False)
    by_law = Twin("t.d", 0.8, "codes", False, False, other_by_law=True)
    return {
        "none": (),
        "weaker": (weaker,),
        "stronger": (stronger,),
        "by law": (stronger, by_law),
        "both": (weaker, by_law),
    }[kind]


def _evidences() -> list[Evidence]:
    register = Register("cpr", "CPR")
    found = []
    for usage, aspect, registered, shares, twins, law, identifier, researched in itertools.product(
        (0.0, 0.0999, 0.1, 0.15, 0.2, 0.2999, 0.3, 0.3999, 0.4, 1.0),
        ("process", "substance"),
        (False, True),
        (None, (), (0.3,), (0.5,), (0.7, 0.2)),
        ("none", "weaker", "stronger", "by law", "both"),
        (None, "§ 3"),
        (False, True),
        (False, True),
    ):
        item = make_field(
            aspect=aspect,
            registered_in=("cpr",) if registered else (),
            derivable_from=() if shares is None else ("s.x",),
            derivable_shares=shares or (),
            mandated_by=law,
        )
        uses = (use(last_used=dt.date(2020, 1, 1)),) if usage else ()
        found.append(
            Evidence(
                item,
                uses,
                usage,
                0.0,
                (register,) if registered else (),
                _twins(twins),
                AS_OF,
                researched=researched,
                identifier=identifier,
            )
        )
    return found


EVIDENCES = _evidences()


def test_the_shipped_rules_have_a_quick_test() -> None:
    assert [rule.CODE for rule in TESTED] == [rule.CODE for rule in RULES]


@pytest.mark.parametrize("profile", PROFILES.values(), ids=PROFILES.keys())
@pytest.mark.parametrize("rule", TESTED, ids=lambda rule: rule.CODE)
def test_fires_says_what_evaluate_says(rule: rules.Rule, profile: Profile) -> None:
    fires = rule.fires(profile)  # type: ignore[attr-defined]
    for evidence in EVIDENCES:
        assert fires(evidence) == rule.evaluate(evidence, profile).fired, evidence


def _audit(*names: str) -> api.AuditResult:
    return api.audit([str(ROOT / "examples" / name) for name in names], as_of=AS_OF)


def test_the_audit_makes_the_results_of_rules_that_did_not_fire_only_when_asked() -> None:
    report = _audit("anbringelser.yaml", "underretninger.yaml", "registers.yaml").report
    profile = default_profile()
    enabled = [rule for rule in RULES if profile.rule_enabled(rule.CODE)]
    late = 0
    for set_audit in report.sets:
        for item in set_audit.fields:
            results = item.results
            if item.field.exemptions:
                continue
            assert isinstance(results, Results)
            # nothing but what fired was made: what decides, and what the JSON shows
            assert all(r.fired for r in results.given)
            assert item.fired == results.given
            assert results._every is None
            # asked for, they are every rule's result for the field, in the rules' order
            every = tuple(results)
            assert [r.code for r in every] == [rule.CODE for rule in enabled]
            assert fired_results(every) == results.given
            evidence = results._evidence
            assert isinstance(evidence, Evidence)
            again = tuple(rule.evaluate(evidence, profile) for rule in enabled)
            assert every == again == results
            late += len(every) - len(results.given)
    assert late > 0


def test_a_result_replaced_stays_in_its_place_and_the_others_are_still_made_late() -> None:
    report = _audit("anbringelser.yaml", "registers.yaml").report
    item = next(
        a
        for s in report.sets
        for a in s.fields
        if isinstance(a.results, Results) and len(a.results.given) >= 1
    )
    results = item.results
    assert isinstance(results, Results)
    old = results.given[0]
    new = RuleResult(old.code, False, old.inputs, text("rule.IND103.ok"))
    changed = replaced(results, old, new)
    assert isinstance(changed, Results)
    assert changed._every is None
    assert result_of(changed, old.code) is new
    assert [r.code for r in changed] == [r.code for r in results]
    assert [r is new for r in changed].count(True) == 1
    # a result not among those given (a rule that did not fire) goes in its place too
    unfired = next(r for r in results if not r.fired)
    fired = RuleResult(unfired.code, True, unfired.inputs, unfired.reason, "REVIEW")
    again = replaced(results, unfired, fired)
    assert isinstance(again, Results)
    assert [r.code for r in again.given] == sorted(r.code for r in (*results.given, fired))
    assert fired in fired_results(again)


def test_a_field_with_exemptions_gets_every_result_at_once() -> None:
    exemption = Exemption("IND101", "Pilot", "Kontoret", dt.date(2030, 1, 1))
    kept = make_field(id="a", exemptions=(exemption,))
    plain = make_field(id="b")
    catalogue = Catalogue((RequirementSet("s", "Sæt", 1000, (kept, plain)),))
    report = engine.audit(catalogue, default_profile(), AS_OF)
    first, second = report.sets[0].fields
    assert isinstance(first.results, tuple)
    assert "exempted" in next(r for r in first.results if r.code == "IND101").inputs
    assert "IND101" not in first.codes
    assert isinstance(second.results, Results)
    assert "IND101" in second.codes


def test_an_audit_with_results_made_late_can_be_pickled() -> None:
    report = _audit("anbringelser.yaml", "registers.yaml").report
    again = pickle.loads(pickle.dumps(report))
    assert again == report
    item = again.sets[0].fields[0]
    assert isinstance(item.results, Results)
    assert tuple(item.results) == tuple(report.sets[0].fields[0].results)
