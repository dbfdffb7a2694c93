"""Verdicts from rule results: precedence and the never-REMOVE guarantee."""

from __future__ import annotations

from collections.abc import Mapping

import pytest
from hypothesis import given
from hypothesis import strategies as st

from indberet.audit_model import RuleResult
from indberet.core import rules
from indberet.core.recommend import _decide, recommend
from indberet.i18n import Num, Text, render, text


def fired(code: str, proposal: str) -> RuleResult:
    return RuleResult(code, True, {}, text("rule.IND104.fired", sources=code), proposal)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("codes", "expected"),
    [
        ([], "KEEP"),
        ([("IND107", "KEEP")], "KEEP"),
        ([("IND101", "REMOVE")], "REMOVE"),
        ([("IND101", "REMOVE"), ("IND107", "KEEP")], "REVIEW"),
        ([("IND102", "REMOVE"), ("IND107", "KEEP")], "REVIEW"),
        ([("IND101", "REMOVE"), ("IND103", "DERIVE")], "REMOVE"),
        ([("IND103", "DERIVE"), ("IND105", "MERGE")], "DERIVE"),
        ([("IND105", "MERGE"), ("IND102", "REMOVE")], "MERGE"),
        ([("IND105", "MERGE"), ("IND107", "KEEP")], "KEEP"),
        ([("IND106", "REVIEW")], "REVIEW"),
        # an identifier stays, whatever else fired
        ([("IND101", "REMOVE"), ("IND108", "KEEP")], "KEEP"),
        ([("IND103", "DERIVE"), ("IND105", "MERGE"), ("IND108", "KEEP")], "KEEP"),
        # a rule's own proposal is the verdict: unresearched "no use" is REVIEW
        ([("IND101", "REVIEW")], "REVIEW"),
        ([("IND105", "REVIEW")], "REVIEW"),
    ],
)
def test_precedence(codes: list[tuple[str, str]], expected: str) -> None:
    verdict, _, _ = recommend([fired(c, p) for c, p in codes], usage=0.5)
    assert verdict == expected


@pytest.mark.parametrize(
    ("codes", "verdict", "revision"),
    [
        ([("IND101", "REMOVE"), ("IND107", "KEEP")], "REVIEW", "REMOVE"),
        ([("IND105", "MERGE"), ("IND107", "KEEP")], "KEEP", "MERGE"),
        ([("IND103", "DERIVE"), ("IND107", "KEEP")], "DERIVE", None),
        ([("IND107", "KEEP")], "KEEP", None),
        ([("IND101", "REMOVE")], "REMOVE", None),  # not named by law: no revision
    ],
)
def test_a_field_named_by_law_says_what_the_next_revision_could_do(
    codes: list[tuple[str, str]], verdict: str, revision: str | None
) -> None:
    got, reason, next_revision = recommend([fired(c, p) for c, p in codes], usage=0.5)
    assert (got, next_revision) == (verdict, revision)
    said = render(reason, "en")
    assert ("next revision" in said) == (revision is not None)


def test_a_reason_says_a_thing_once() -> None:
    # IND101 and IND102 both say that the uses were not researched: said once.
    unresearched = text("rule.unresearched")
    results = [RuleResult(code, True, {}, unresearched, "REVIEW") for code in ("IND101", "IND102")]
    verdict, reason, _ = recommend(results, usage=0.0)
    assert verdict == "REVIEW"
    assert render(reason, "en") == render(unresearched, "en")


def test_reason_leads_with_the_deciding_rule() -> None:
    verdict, reason, _ = recommend(
        [fired("IND103", "DERIVE"), fired("IND101", "REMOVE")], usage=0.0
    )
    assert verdict == "REMOVE"
    assert render(reason, "en").startswith("derivable from IND101")


def test_an_unresearched_field_that_can_be_derived_is_derived() -> None:
    # SSDA903: DATE_INT follows from DATE_PLACED; nobody looked for its uses, but deriving
    # it loses nothing whether it is used or not.
    verdict, _, _ = recommend([fired("IND101", "REVIEW"), fired("IND104", "DERIVE")], usage=0.0)
    assert verdict == "DERIVE"


def test_a_derived_field_is_not_told_to_find_its_uses_first() -> None:
    unresearched = text("rule.unresearched")
    results = [
        RuleResult("IND101", True, {}, unresearched, "REVIEW"),
        fired("IND104", "DERIVE"),
        RuleResult("IND102", True, {}, unresearched, "REVIEW"),
    ]
    verdict, reason, _ = recommend(results, usage=0.0)
    assert verdict == "DERIVE"
    assert "not researched" not in render(reason, "en")


def _walk(
    fired: Mapping[str, RuleResult], usage: float, *, mandated: bool
) -> tuple[str, list[Text]]:
    """The precedence walked group by group, as the rules declare it: what
    ``recommend._decide`` must give, however it finds the groups that fired."""
    derivable = any(r.proposal == "DERIVE" for r in fired.values())
    moot: set[str] = set()
    for codes, verdict in rules.precedence():
        deciding = [fired[code] for code in codes if code in fired]
        if not deciding or (verdict == "MERGE" and mandated):
            continue
        if deciding[0].proposal == "REVIEW" and verdict == "REMOVE" and derivable:
            moot.update(r.code for r in deciding)
            continue
        verdict = deciding[0].proposal or verdict
        parts: list[Text] = [r.reason for r in deciding]
        said = {*rules.quiet_codes(), *moot}
        if verdict == "DERIVE":
            said |= {c for c, r in fired.items() if r.reason.key == "rule.unresearched"}
        if verdict == "REMOVE" and mandated:
            verdict = "REVIEW"
            parts.append(
                text("verdict.mandated_review", law=fired["IND107"].inputs.get("mandated_by"))
            )
            said.add("IND107")
        parts += [r.reason for r in fired.values() if r not in deciding and r.code not in said]
        return verdict, parts
    return "KEEP", [text("verdict.keep", usage=Num(usage)), *(r.reason for r in fired.values())]


_CODES = ("IND101", "IND102", "IND103", "IND104", "IND105", "IND106", "IND107")
_PROPOSALS = (None, "REMOVE", "REVIEW", "DERIVE", "MERGE", "KEEP")
_REASONS = (text("rule.unresearched"), text("rule.IND104.fired", sources="x"))


@given(
    st.lists(
        st.tuples(st.sampled_from(_CODES), st.sampled_from(_PROPOSALS), st.sampled_from(_REASONS)),
        unique_by=lambda t: t[0],
    )
)
def test_the_verdict_is_the_precedence_walked_group_by_group(
    given_results: list[tuple[str, str | None, Text]],
) -> None:
    fired = {
        code: RuleResult(code, True, {"mandated_by": "§ 1"}, reason, proposal)  # type: ignore[arg-type]
        for code, proposal, reason in given_results
    }
    free = {code: r for code, r in fired.items() if code != "IND107"}
    mandated = "IND107" in fired
    assert _decide(fired, 0.25, mandated=mandated) == _walk(fired, 0.25, mandated=mandated)
    assert _decide(free, 0.25, mandated=False) == _walk(free, 0.25, mandated=False)
