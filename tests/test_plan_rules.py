"""`indberet plan`: who may be cut (issue 15), conditional questions, partly derivable
fields, how targets are written and read, and where the plan is written (issue 17).

The audits are built by hand where the rule is about the order; the rest runs the real
CLI on tests/fixtures/plan/ and the bundled examples.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from indberet.audit_model import AuditReport, Burden
from indberet.core.plan import (
    PlanOptions,
    Target,
    TargetError,
    candidates,
    make_plan,
    parse_amount,
    parse_share,
)
from indberet.model import Condition
from indberet.read.schema import schema
from indberet.render import planfmt
from tests.conftest import FIXTURES, ROOT, run_cli
from tests.test_plan import audited, report_of

AS_OF = ("--as-of", "2026-11-26")
EXAMPLES = ("plan", "examples", *AS_OF)
KEEP_ONLY = ("plan", str(FIXTURES / "plan" / "keep-only.yaml"), *AS_OF)
GATES = ("plan", str(FIXTURES / "plan" / "gates.yaml"), *AS_OF)
REVIEW = PlanOptions(include_review=True)
KEEP = PlanOptions(include_keep=True)
ALL = PlanOptions(include_review=True, include_keep=True)


def plan_json(*args: str, code: int = 0) -> dict[str, Any]:
    run = run_cli(*args, "--format", "json", cwd=ROOT)
    assert run.code == code, run.stdout + run.stderr
    document: dict[str, Any] = json.loads(run.stdout)
    jsonschema.validate(document, schema("plan"), format_checker=jsonschema.FormatChecker())
    return document


def cut_ids(plan: dict[str, Any]) -> list[str]:
    """Every field the plan cuts, in order: each step's field, then its follow-ups."""
    return [
        qid
        for step in plan["steps"]
        for qid in (step["qualified_id"], *(f["qualified_id"] for f in step["follow_ups"]))
    ]


# --- candidates --------------------------------------------------------------------------


def test_review_and_keep_fields_are_candidates_only_with_their_option() -> None:
    report = report_of(
        audited("keep", "KEEP", 0.9, 100),
        audited("review", "REVIEW", 0.2, 100),
        audited("remove", "REMOVE", 0.0, 100),
    )
    assert [i.field.id for i in candidates(report)] == ["remove"]
    assert [i.field.id for i in candidates(report, REVIEW)] == ["remove", "review"]
    assert [i.field.id for i in candidates(report, KEEP)] == ["remove", "keep"]
    assert [i.field.id for i in candidates(report, ALL)] == ["remove", "review", "keep"]


def test_identifiers_and_mandated_fields_are_never_candidates_with_any_option() -> None:
    report = report_of(
        audited("by_rule", "KEEP", 0.0, 5000, codes=("IND108",)),
        audited("by_type", "REMOVE", 0.0, 5000, type="cpr"),
        audited("by_role", "REVIEW", 0.0, 5000, role="identifier"),
        audited("law", "REMOVE", 0.0, 5000, mandated=True),
        audited("attribute", "KEEP", 0.5, 1, type="id", role="attribute"),
    )
    assert [i.field.id for i in candidates(report, ALL)] == ["attribute"]
    plan = make_plan(report, Target("count", 1.0), ALL)
    assert not plan.reached
    assert [s.item.field.id for s in plan.steps] == ["attribute"]
    assert [i.field.id for i in plan.identifiers] == ["by_rule", "by_type", "by_role"]
    assert [i.field.id for i in plan.mandated] == ["law"]


def test_examples_never_cut_an_identifier_or_a_field_named_by_law() -> None:
    plan = plan_json(*EXAMPLES, "--target", "100%", "--include-review", "--include-keep", code=1)
    audit = json.loads(run_cli("audit", "examples", *AS_OF, "--format", "json", cwd=ROOT).stdout)
    fields = {f["qualified_id"]: f for s in audit["sets"] for f in s["fields"]}
    never = {qid for qid, f in fields.items() if f["mandated_by"] or "IND108" in f.get("rules", [])}
    never |= {qid for qid, f in fields.items() if f.get("type") in ("cpr", "cvr", "id")}
    never -= {"forebyggende.skole_institutionsnummer"}  # role: attribute, an id-valued answer
    cut = set(cut_ids(plan))
    assert cut and not cut & never
    assert set(plan["identifiers"]) | set(plan["mandated"]) <= never
    assert len(plan["identifiers"]) == 3


def test_only_keep_fields_reach_the_target_exits_1_without_the_option() -> None:
    run = run_cli(*KEEP_ONLY, "--target", "50%", cwd=ROOT)
    assert run.code == 1, run.stderr
    assert "The target cannot be reached" in run.stdout
    assert "1 of 8 fields (12.5%)" in run.stdout  # the best it can do
    assert "With --include-keep (candidates: +5) the target would be reached." in run.stdout
    assert "Helbredsvurdering" not in run.stdout  # no field the audit keeps is cut


def test_with_include_keep_it_reaches_the_target_and_marks_every_such_step() -> None:
    run = run_cli(*KEEP_ONLY, "--target", "50%", "--include-keep", cwd=ROOT)
    assert run.code == 0, run.stderr
    rows = [line for line in run.stdout.splitlines() if line.lstrip()[:1].isdigit()]
    assert len(rows) == 4
    assert "AGAINST THE AUDIT" not in rows[0]  # the audit's own proposal
    for row in rows[1:]:
        assert " KEEP " in row and "AGAINST THE AUDIT: it would KEEP plansaet." in row
    assert "3 of the fields cut are fields the audit would KEEP (--include-keep)" in run.stdout

    plan = plan_json(*KEEP_ONLY, "--target", "50%", "--include-keep")
    assert plan["reached"] and plan["options"] == {"include_review": False, "include_keep": True}
    keep_steps = [s for s in plan["steps"] if s["verdict"] == "KEEP"]
    assert [s["against_audit"] for s in keep_steps] == [[s["qualified_id"]] for s in keep_steps]
    assert plan["against_audit"] == [s["qualified_id"] for s in keep_steps]
    assert all(s["notes"][0].startswith("AGAINST THE AUDIT") for s in keep_steps)
    assert "plansaet.sagsnummer" not in cut_ids(plan) and "plansaet.hjemmel" not in cut_ids(plan)

    markdown = run_cli(*KEEP_ONLY, "--target", "50%", "--include-keep", "--format", "markdown")
    assert markdown.stdout.count("AGAINST THE AUDIT: it would KEEP") == 3
    danish = run_cli(*KEEP_ONLY, "--target", "50%", "--include-keep", "--lang", "da")
    assert danish.stdout.count("IMOD GENNEMGANGEN: den anbefaler BEHOLD") == 3


def test_the_report_plan_section_marks_steps_against_the_audit(tmp_path: Path) -> None:
    import openpyxl

    source = str(FIXTURES / "plan" / "keep-only.yaml")
    args = ("--target", "50%", "--include-keep", "--lang", "en")
    for name in ("r.html", "r.md", "r.json", "r.xlsx"):
        out = tmp_path / name
        run = run_cli("report", source, *AS_OF, "-o", str(out), *args, cwd=ROOT)
        assert run.code == 0, run.stderr
        if name == "r.xlsx":
            sheet = openpyxl.load_workbook(out)["Plan"]
            top = next(row for row in range(1, 20) if sheet.cell(row, 1).value == "#")
            notes = [str(sheet.cell(row, 16).value or "") for row in range(top + 1, top + 5)]
            assert [n.startswith("AGAINST THE AUDIT") for n in notes] == [False, True, True, True]
        elif name == "r.json":
            plan = json.loads(out.read_text(encoding="utf-8"))["plan"]
            assert len(plan["against_audit"]) == 3
        else:
            assert out.read_text(encoding="utf-8").count("AGAINST THE AUDIT") == 3


def test_report_refuses_plan_options_without_a_target(tmp_path: Path) -> None:
    run = run_cli("report", "examples", "--include-keep", "-o", str(tmp_path / "r.md"), cwd=ROOT)
    assert run.code == 2 and "--include-keep" in run.stderr
    assert not (tmp_path / "r.md").exists()


def test_a_missed_target_says_which_option_adds_candidates() -> None:
    report = report_of(audited("remove", "REMOVE", 0.0, 10), audited("review", "REVIEW", 0.2, 10))
    plan = make_plan(report, Target("count", 1.0))
    assert not plan.reached and plan.fields_removed == 1
    assert [(h.options, h.adds, h.reaches) for h in plan.hints] == [(("review",), 1, True)]
    assert "With --include-review (candidates: +1) the target would be reached." in (
        planfmt.conclusion(plan, "en", report)
    )


# --- conditional questions ---------------------------------------------------------------


def gated_report(follow_up_verdict: str = "KEEP", **follow_up: Any) -> AuditReport:
    return report_of(
        audited("gate", "REVIEW", 0.0, 10),
        audited(
            "reason",
            follow_up_verdict,
            0.5,
            40,
            asked_when=Condition("gate", ("yes",)),
            **follow_up,
        ),
        audited("date", "KEEP", 0.3, 20, asked_when=Condition("reason")),
        audited("other", "KEEP", 0.9, 1),
    )


def test_a_gate_goes_with_its_follow_ups_as_one_step() -> None:
    plan = make_plan(gated_report(), Target("count", 0.75), ALL)
    first = plan.steps[0]
    assert first.item.field.id == "gate"
    assert [c.item.field.id for c in first.follow_ups] == ["reason", "date"]  # and theirs
    assert first.usage_lost == pytest.approx(0.8)  # summed
    assert first.hours == pytest.approx(70)
    assert first.fields_removed == 3 and first.removed == 3
    ids = [s.item.field.id for s in plan.steps]
    assert ids.count("reason") == 0 and ids.count("date") == 0  # not cut twice
    assert (
        "cut together with them (Felt (s.reason), Felt (s.date))"
        in planfmt.row(first, plan, "en")[-1]
    )


def test_a_gate_whose_follow_up_cannot_go_is_not_cut_and_the_plan_says_why() -> None:
    report = gated_report()
    plan = make_plan(report, Target("count", 1.0), REVIEW)
    assert [s.item.field.id for s in plan.steps] == []
    assert [h.item.field.id for h in plan.held] == ["gate"]
    assert [(i.field.id, why) for i, why in plan.held[0].blocked] == [
        ("reason", "keep"),
        ("date", "keep"),
    ]
    words = planfmt.conclusion(plan, "en", report)
    assert "Not cut: Felt (s.gate). It decides whether other questions are asked" in words
    assert "Felt (s.reason) (KEEP; --include-keep)" in words
    law = make_plan(gated_report(mandated=True), Target("count", 1.0), ALL)
    assert "gate" not in [s.item.field.id for s in law.steps]
    assert law.held[0].blocked[0][1] == "mandated"


def test_a_follow_up_never_stays_silently_when_its_gate_is_cut() -> None:
    gates = {"reason": "gate", "date": "reason"}  # follow-up: its gate
    expected = {  # options: (fields cut, gates held back)
        REVIEW: (set(), {"gate", "reason"}),  # date is KEEP: neither gate may go
        KEEP: ({"reason", "date", "other"}, set()),  # gate is REVIEW: not a candidate
        ALL: ({"gate", "reason", "date", "other"}, set()),
    }
    for options, (cut_expected, held_expected) in expected.items():
        plan = make_plan(gated_report("REMOVE"), Target("count", 1.0), options)
        cut = {c.item.field.id for s in plan.steps for c in s.cuts}
        for follow_up, gate in gates.items():
            assert gate not in cut or follow_up in cut, (options, follow_up)
        assert cut == cut_expected
        assert {h.item.field.id for h in plan.held} == held_expected


def test_a_derived_gate_goes_alone_and_names_the_questions_still_asked() -> None:
    report = report_of(
        audited("gate", "DERIVE", 0.0, 10),
        audited("reason", "KEEP", 0.5, 40, asked_when=Condition("gate")),
    )
    plan = make_plan(report, Target("count", 0.5))
    assert [c.item.field.id for c in plan.steps[0].cuts] == ["gate"]
    assert [i.field.id for i in plan.steps[0].still_asked] == ["reason"]
    assert (
        "they stay, asked on its derived or merged value" in planfmt.notes(plan.steps[0], "en")[0]
    )


def test_conditional_questions_through_the_cli() -> None:
    plan = plan_json(*GATES, "--target", "100%", "--include-keep", code=1)
    gate = next(s for s in plan["steps"] if s["qualified_id"] == "betinget.ophoert")
    assert [f["qualified_id"] for f in gate["follow_ups"]] == [
        "betinget.ophoersaarsag",
        "betinget.ophoersdato",
    ]
    assert gate["removed"] == 3 and gate["usage_lost"] == pytest.approx(1.6)
    assert plan["held"] == [
        {
            "qualified_id": "betinget.klage",
            "follow_ups": [{"qualified_id": "betinget.klage_afgjort", "why": "mandated"}],
        }
    ]
    assert "betinget.klage" not in cut_ids(plan)
    assert len(cut_ids(plan)) == len(set(cut_ids(plan)))
    table = run_cli(*GATES, "--target", "100%", "--include-keep", cwd=ROOT).stdout
    assert "Not cut: Er afgørelsen påklaget (betinget.klage)." in table
    assert "Klagens udfald (betinget.klage_afgjort) (named by law)" in table


# --- partly derivable fields -------------------------------------------------------------


def test_a_partly_derivable_field_saves_its_share_and_is_not_counted_as_removed() -> None:
    report = report_of(
        audited("partly", "DERIVE", 0.8, 100, remaining=0.4),
        audited("gone", "REMOVE", 0.0, 1),
    )
    plan = make_plan(report, Target("count", 1.0))
    partly = plan.steps[0]
    assert partly.item.field.id == "partly"
    assert partly.hours == pytest.approx(60) and partly.share == pytest.approx(0.6)
    assert partly.fields_removed == 0 and partly.usage_lost == 0
    assert plan.fields_removed == 1 and not plan.reached
    assert plan.saved.hours.mid == pytest.approx(61)
    hours = make_plan(report, Target("hours", 61.0))
    assert hours.reached and not make_plan(report, Target("hours", 61.5)).reached


def test_partly_derivable_through_the_cli_matches_the_audit() -> None:
    plan = plan_json(*GATES, "--target-hours", "380")
    step = next(s for s in plan["steps"] if s["qualified_id"] == "betinget.startaar")
    assert step["saved_share"] == pytest.approx(0.6) and step["removed"] == 0
    assert step["burden"]["hours"]["mid"] == pytest.approx(300, abs=0.01)
    assert "derivable in 60.0% of the cases" in step["notes"][0]
    audit = json.loads(
        run_cli("audit", str(FIXTURES / "plan" / "gates.yaml"), *AS_OF, "--format", "json").stdout
    )
    assert plan["result"]["fields_removed"] == audit["summary"]["fields_removed"] == 1
    saved = audit["summary"]["burden_before"]["hours"]["low"]
    saved -= audit["summary"]["burden_after"]["hours"]["low"]
    assert plan["result"]["saved"]["hours"]["mid"] == pytest.approx(saved, abs=0.02)


# --- targets as written ------------------------------------------------------------------


@pytest.mark.parametrize(("text", "suggestion"), [("0.44", "44%"), ("0,5", "50%"), ("1", "100%")])
def test_a_bare_share_up_to_1_is_ambiguous_and_refused(text: str, suggestion: str) -> None:
    with pytest.raises(TargetError, match="ambiguous"):
        parse_share(text)
    run = run_cli(*EXAMPLES, "--target", text, cwd=ROOT)
    assert run.code == 2
    assert f"--target {suggestion}" in run.stderr and "ambiguous" in run.stderr


def test_a_share_with_its_sign_below_1_percent_is_a_percentage() -> None:
    assert parse_share("0.44%") == pytest.approx(0.0044)
    assert parse_share("0") == 0.0
    assert run_cli(*EXAMPLES, "--target", "0.44%", cwd=ROOT).code == 0


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("5000000", 5e6),
        ("5.000.000", 5e6),
        ("5 000 000", 5e6),
        ("5\u00a0000\u00a0000", 5e6),
        ("5,000,000", 5e6),
        ("5.000.000,50", 5_000_000.5),
        ("5,000,000.50", 5_000_000.5),
        ("2,5", 2.5),
        ("2.5", 2.5),
        ("1e9", 1e9),
        ("25000", 25000.0),
        ("0.125", 0.125),
        ("0,125", 0.125),
    ],
)
def test_amounts_as_people_write_them(text: str, value: float) -> None:
    assert parse_amount(text) == pytest.approx(value)


@pytest.mark.parametrize("text", ["5.000", "1,500", "5.00.000", "5,000.000,5", "many", "inf", "-5"])
def test_amounts_that_cannot_be_read_safely_are_refused(text: str) -> None:
    with pytest.raises(TargetError):
        parse_amount(text)


@pytest.mark.parametrize("written", ["5.000.000", "5 000 000", "5,000,000"])
def test_target_dkk_with_thousands_separators_is_five_million(written: str) -> None:
    plan = plan_json(*EXAMPLES, "--target-dkk", written)
    assert plan["target"]["value"] == 5_000_000
    assert plan["reached"] and plan["result"]["saved"]["dkk"]["mid"] >= 5_000_000


def test_an_ambiguous_amount_is_a_usage_error() -> None:
    run = run_cli(*EXAMPLES, "--target-dkk", "5.000", cwd=ROOT)
    assert run.code == 2
    assert "ambiguous" in run.stderr and "5000" in run.stderr


def test_a_share_is_compared_at_the_precision_it_is_written_in() -> None:
    nothing = Burden()
    whole = Target("count", 0.44, 0)
    assert whole.reached(36, 82, nothing) and not whole.met_exactly(36, 82, nothing)
    assert not whole.reached(35, 82, nothing)  # 42.7%
    assert not Target("count", 0.44, 1).reached(36, 82, nothing)  # 44.0% needs 43.95%
    assert Target("count", 0.445, 1).reached(889, 2000, nothing)  # 44.45% rounds to 44.5%
    assert not Target("count", 0.445, 1).reached(888, 2000, nothing)
    assert not Target("count", 1.0, 0).reached(996, 1000, nothing)  # 100% is all of them
    assert Target("count", 1.0, 0).reached(1000, 1000, nothing)
    assert parse_share("44%") == 0.44


def test_the_rounding_is_said_and_a_finer_target_is_not_rounded_away() -> None:
    run = run_cli(*EXAMPLES, "--target", "44%", cwd=ROOT)
    assert run.code == 0
    assert "Target reached: 36 of 82 fields (43.9%)" in run.stdout
    assert "it is 0.1 percentage points short of 44% exactly" in run.stdout
    finer = run_cli(*EXAMPLES, "--target", "44.0%", cwd=ROOT)
    assert finer.code == 1
    assert "With --include-review (candidates: +1) the target would be reached." in finer.stdout
    reached = plan_json(*EXAMPLES, "--target", "40%")
    assert reached["by_rounding"] is False and "short of" not in reached["conclusion"]


# --- output ------------------------------------------------------------------------------


def test_the_table_names_the_fields() -> None:
    run = run_cli(*EXAMPLES, "--target", "10%", cwd=ROOT)
    assert "Kommunens opfølgende skridt (underretninger.opfoelgende_aktiviteter)" in run.stdout


@pytest.mark.parametrize(
    ("name", "check"),
    [
        ("p.json", lambda text: json.loads(text)["schema_version"] == 2),
        ("p.md", lambda text: text.startswith("# Plan: take 44% of the fields")),
        ("p.txt", lambda text: text.startswith("Plan: take 44% of the fields")),
        ("p", lambda text: text.startswith("Plan: take 44% of the fields")),
    ],
)
def test_the_output_suffix_chooses_the_format(name: str, check: Any, tmp_path: Path) -> None:
    out = tmp_path / name
    run = run_cli(*EXAMPLES, "--target", "44%", "-o", str(out), cwd=ROOT)
    assert run.code == 0, run.stderr
    assert check(out.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    "args",
    [("-o", "p.html"), ("-o", "p.xlsx"), ("-o", "p.json", "--format", "table")],
)
def test_an_output_the_plan_cannot_write_is_refused(args: tuple[str, ...], tmp_path: Path) -> None:
    run = run_cli(*EXAMPLES, "--target", "44%", *args, cwd=tmp_path)
    assert run.code == 2, run.stdout
    assert "p." in run.stderr
    assert not any(tmp_path.iterdir())


def test_a_matching_explicit_format_is_fine(tmp_path: Path) -> None:
    out = tmp_path / "p.json"
    run = run_cli(*EXAMPLES, "--target", "44%", "-o", str(out), "--format", "json", cwd=ROOT)
    assert run.code == 0, run.stderr
    assert json.loads(out.read_text(encoding="utf-8"))["reached"] is True
