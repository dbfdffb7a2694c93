"""Verdicts from rule results: precedence and the never-REMOVE guarantee."""

from __future__ import annotations

import pytest

from indberet.audit_model import RuleResult
from indberet.i18n import render, text
from indberet.recommend import recommend


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
    ],
)
def test_precedence(codes: list[tuple[str, str]], expected: str) -> None:
    verdict, _ = recommend([fired(c, p) for c, p in codes], usage=0.5)
    assert verdict == expected


def test_reason_leads_with_the_deciding_rule() -> None:
    verdict, reason = recommend([fired("IND103", "DERIVE"), fired("IND101", "REMOVE")], usage=0.0)
    assert verdict == "REMOVE"
    assert render(reason, "en").startswith("derivable from IND101")
