"""`indberet plan`: the order of candidates, targets, and the command on the examples.

Goldens live in tests/golden/report/; INDBERET_UPDATE_GOLDENS=1 rewrites them.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from indberet.audit_model import AuditReport, Burden, FieldAudit, Range, RuleResult
from indberet.core.audit import audit
from indberet.core.plan import (
    PlanOptions,
    Target,
    TargetError,
    candidates,
    make_plan,
    make_target,
    parse_share,
)
from indberet.core.profile import load_profile
from indberet.i18n import Joined, text
from indberet.read.loading import load
from indberet.read.schema import schema
from tests.conftest import EXAMPLES, ROOT, TESTS, check_golden, run_cli
from tests.helpers import AS_OF, make_field

GOLDEN = TESTS / "golden" / "report"
BASE = ("plan", "examples", "--as-of", "2026-11-26")
ALL = PlanOptions(include_review=True, include_keep=True)


def examples_audit() -> AuditReport:
    result = load([str(EXAMPLES)])
    assert result.catalogue is not None
    return audit(result.catalogue, load_profile("default"), AS_OF)


def audited(
    field_id: str,
    verdict: str,
    usage: float,
    hours: float,
    *,
    mandated: bool = False,
    remaining: float | None = None,
    codes: tuple[str, ...] = (),
    **changes: Any,
) -> FieldAudit:
    """A field's audit as the audit makes it: ``remaining`` 0 for a field that leaves."""
    hours_range = Range(hours, hours)
    leaves = verdict in ("REMOVE", "DERIVE", "MERGE")
    return FieldAudit(
        field=make_field(id=field_id, mandated_by="§ 1" if mandated else None, **changes),
        usage=usage,
        duplication=0.0,
        burden=Burden(hours_range, hours_range.scaled(450)),
        verdict=verdict,  # type: ignore[arg-type]
        reason=Joined(()),
        results=tuple(RuleResult(code, True, {}, text("rule.IND108.fired")) for code in codes),
        remaining=remaining if remaining is not None else (0.0 if leaves else 1.0),
    )


def report_of(*items: FieldAudit) -> AuditReport:
    from indberet.audit_model import SetAudit
    from indberet.core.audit import reduction
    from indberet.model import RequirementSet

    fields = tuple(item.field for item in items)
    requirement_set = RequirementSet("s", "Sæt", 100, fields)
    set_audit = SetAudit(requirement_set, items, reduction(items), 450.0)
    return AuditReport(AS_OF, "default", 450.0, (set_audit,), reduction(items))


# --- targets ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "share"),
    [("44%", 0.44), ("44", 0.44), (" 44 % ", 0.44), ("44,5%", 0.445), ("0%", 0.0), ("100%", 1.0)],
)
def test_share_targets_are_percentages(text: str, share: float) -> None:
    assert parse_share(text) == pytest.approx(share)


@pytest.mark.parametrize("text", ["", "abc", "-5%", "101%", "44%%", "0.44.1"])
def test_bad_share_targets_are_refused(text: str) -> None:
    with pytest.raises(TargetError):
        parse_share(text)


def test_exactly_one_target() -> None:
    assert make_target(None, None, None) is None
    assert make_target(None, 100.0, None) == Target("hours", 100.0)
    assert make_target(None, None, 5.0) == Target("dkk", 5.0)
    with pytest.raises(TargetError, match="several"):
        make_target("44%", 100.0, None)
    with pytest.raises(TargetError, match="negative"):
        make_target(None, -1.0, None)


def test_count_target_compares_exactly() -> None:
    target = Target("count", 0.44)
    assert target.reached(44, 100, Burden())
    assert not target.reached(43, 100, Burden())
    assert not target.reached(36, 82, Burden())  # 43.9%
    assert target.reached(37, 82, Burden())


# --- order -----------------------------------------------------------------------------


def test_order_tiers_then_least_usage_lost_per_hour() -> None:
    report = report_of(
        audited("keep_cheap_loss", "KEEP", 1.0, 5000),  # 0.0002 per hour
        audited("keep_dear_loss", "KEEP", 1.0, 10),  # 0.1 per hour
        audited("review", "REVIEW", 0.25, 100),  # tier 1
        audited("remove", "REMOVE", 0.1, 10),  # tier 0, 0.01 per hour
        audited("derive", "DERIVE", 0.8, 1),  # tier 0, loses nothing
        audited("merge", "MERGE", 0.2, 50),  # tier 0, loses nothing; more hours first
        audited("law", "KEEP", 0.0, 10000, mandated=True),
    )
    ordered = [item.field.id for item in candidates(report, ALL)]
    assert ordered == ["merge", "derive", "remove", "review", "keep_cheap_loss", "keep_dear_loss"]


def test_a_mandated_field_is_never_planned_even_if_unused() -> None:
    report = report_of(
        audited("law", "REVIEW", 0.0, 1000, mandated=True),
        audited("other", "KEEP", 1.0, 1),
    )
    plan = make_plan(report, Target("count", 1.0), ALL)
    assert [s.item.field.id for s in plan.steps] == ["other"]
    assert not plan.reached
    assert [m.field.id for m in plan.mandated] == ["law"]


def test_fields_that_cost_nothing_come_last_unless_unused() -> None:
    report = report_of(
        audited("free_used", "KEEP", 0.5, 0),
        audited("free_unused", "KEEP", 0.0, 0),
        audited("paid", "KEEP", 0.9, 10),
    )
    assert [i.field.id for i in candidates(report, ALL)] == ["free_unused", "paid", "free_used"]


def test_plan_stops_at_the_target_and_cumulates() -> None:
    report = report_of(*(audited(f"f{n}", "REMOVE", 0.0, 10.0 * (n + 1)) for n in range(5)))
    plan = make_plan(report, Target("hours", 85.0))
    assert [s.item.field.id for s in plan.steps] == ["f4", "f3"]
    assert plan.reached
    assert plan.saved.hours.mid == 90.0
    assert [s.fields_removed for s in plan.steps] == [1, 2]
    assert plan.count_share == pytest.approx(0.4)


def test_a_target_already_met_needs_no_step() -> None:
    plan = make_plan(report_of(audited("a", "KEEP", 1.0, 1)), Target("count", 0.0))
    assert plan.reached and plan.steps == ()


def test_derived_and_merged_fields_lose_no_usage() -> None:
    report = report_of(audited("d", "DERIVE", 0.8, 10), audited("m", "MERGE", 0.5, 10))
    plan = make_plan(report, Target("count", 1.0))
    assert {s.action for s in plan.steps} == {"DERIVE", "MERGE"}
    assert all(s.usage_lost == 0 for s in plan.steps)


# --- on the examples -------------------------------------------------------------------


def test_44_percent_on_the_examples_is_the_headline_without_a_mandated_field() -> None:
    run = run_cli(*BASE, "--target", "44%", "--format", "json", cwd=ROOT)
    assert run.code == 0, run.stderr
    plan = json.loads(run.stdout)
    audit_json = json.loads(
        run_cli("audit", "examples", "--as-of", "2026-11-26", "--format", "json", cwd=ROOT).stdout
    )
    # The headline's 36 of 82 (43.9%, "44%") meets the target as written, and says so.
    assert plan["reached"] is True and plan["by_rounding"] is True
    assert plan["result"]["fields_removed"] == audit_json["summary"]["fields_removed"] == 36
    assert "0.1 percentage points short of 44% exactly" in plan["conclusion"]
    assert {step["verdict"] for step in plan["steps"]} <= {"REMOVE", "DERIVE", "MERGE"}
    mandated = {
        f["qualified_id"] for s in audit_json["sets"] for f in s["fields"] if f["mandated_by"]
    }
    assert mandated and set(plan["mandated"]) == mandated
    assert not mandated & {step["qualified_id"] for step in plan["steps"]}
    # the cumulative column adds up, field by field
    previous = 0.0
    for number, step in enumerate(plan["steps"], start=1):
        cumulative = step["cumulative"]["saved"]["hours"]["mid"]
        assert step["cumulative"]["fields_removed"] == number
        assert cumulative - previous == pytest.approx(step["burden"]["hours"]["mid"], abs=0.02)
        previous = cumulative


def test_the_audit_proposals_come_first() -> None:
    report = examples_audit()
    plan = make_plan(report, Target("count", 0.5), ALL)
    removing = report.total.fields_removed
    assert all(s.item.verdict in ("REMOVE", "DERIVE", "MERGE") for s in plan.steps[:removing])
    assert plan.steps[removing].item.verdict == "REVIEW"
    assert plan.steps[removing + 1].item.verdict == "KEEP"


def test_plan_json_matches_its_schema() -> None:
    for target in (
        ("--target", "44%"),
        ("--target-hours", "20000"),
        ("--target-dkk", "1e9"),
        ("--target", "90%", "--include-review", "--include-keep"),
    ):
        run = run_cli(*BASE, *target, "--format", "json", cwd=ROOT)
        document = json.loads(run.stdout)
        jsonschema.validate(document, schema("plan"), format_checker=jsonschema.FormatChecker())


@pytest.mark.parametrize(
    ("fmt", "lang", "suffix"),
    [
        ("table", "en", "txt"),
        ("table", "da", "txt"),
        ("json", "en", "json"),
        ("markdown", "en", "md"),
    ],
)
def test_plan_golden(fmt: str, lang: str, suffix: str) -> None:
    run = run_cli(*BASE, "--target", "44%", "--format", fmt, "--lang", lang, cwd=ROOT)
    assert run.code == 0, run.stderr
    check_golden(run.stdout, GOLDEN / f"plan.{lang}.{suffix}")


def test_unreachable_target_says_so_plainly_and_how_close_it_gets() -> None:
    run = run_cli(*BASE, "--target", "95%", cwd=ROOT)
    assert run.code == 1
    assert "cannot be reached" in run.stdout
    assert "36 of 82 fields (43.9%)" in run.stdout  # every field the audit takes off
    assert "12 fields are named by law and 3 are identifiers" in run.stdout
    assert "Even with --include-review (candidates: +1) the target would not be reached" in (
        run.stdout
    )
    assert "Even with --include-keep (candidates: +30)" in run.stdout
    everything = run_cli(*BASE, "--target", "95%", "--include-review", "--include-keep", cwd=ROOT)
    assert everything.code == 1
    assert "67 of 82 fields (81.7%)" in everything.stdout
    assert "No option adds candidates" in everything.stdout
    danish = run_cli(*BASE, "--target", "95%", "--lang", "da", cwd=ROOT)
    assert "Målet kan ikke nås" in danish.stdout


def test_hours_and_dkk_targets() -> None:
    hours = json.loads(
        run_cli(*BASE, "--target-hours", "20000", "--format", "json", cwd=ROOT).stdout
    )
    assert hours["reached"] and hours["result"]["saved"]["hours"]["mid"] >= 20000
    steps = hours["steps"]
    assert steps[-2]["cumulative"]["saved"]["hours"]["mid"] < 20000  # stops at the first
    dkk = json.loads(run_cli(*BASE, "--target-dkk", "5000000", "--format", "json", cwd=ROOT).stdout)
    assert dkk["reached"] and dkk["result"]["saved"]["dkk"]["mid"] >= 5_000_000


@pytest.mark.parametrize(
    "args",
    [
        (),
        ("--target", "lots"),
        ("--target", "120%"),
        ("--target", "44%", "--target-hours", "10"),
        ("--target-hours", "-5"),
        ("--target-dkk", "many"),
    ],
)
def test_bad_targets_are_usage_errors(args: tuple[str, ...]) -> None:
    run = run_cli(*BASE, *args, cwd=ROOT)
    assert run.code == 2, run.stdout
    assert run.stderr


def test_plan_written_to_a_file(tmp_path: Path) -> None:
    out = tmp_path / "plan.md"
    run = run_cli(*BASE, "--target", "44%", "--format", "markdown", "-o", str(out), cwd=ROOT)
    assert run.code == 0 and run.stdout == ""
    assert out.read_text(encoding="utf-8").startswith("# Plan: take 44% of the fields")
