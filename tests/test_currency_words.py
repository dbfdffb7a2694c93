"""Outputs say what the data says: each set's currency, what its reporters are called, and
exactly what it assumes (issue 15).

The real CLI runs on small made-up sets in tests/fixtures/currency: an English return in
GBP (reported by "local authorities", with records, dated codes, sources and assumptions),
a US file in USD ("states", field-level assumptions) and a Danish set in DKK. For a set not
in DKK no output may say DKK, kr. or municipalities; a catalogue in several currencies
never adds DKK to GBP.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from indberet.core.money import approximately
from indberet.i18n import render
from indberet.read.schema import schema
from tests.conftest import FIXTURES, ROOT, run_cli

CURRENCY = FIXTURES / "currency"
GBP = str(CURRENCY / "ssda903.yaml")
USD = str(CURRENCY / "afcars.yaml")
DKK = str(CURRENCY / "dk.yaml")
AS_OF = ("--as-of", "2026-11-26")
# Words that name Danish money or Danish reporters; "dkk" in lower case is a JSON key or
# CSV column of the format and is allowed there.
DANISH_MONEY = re.compile(r"DKK|\bkr\.|\bKr\.|kroner|municipalit|kommun", re.IGNORECASE)


def _danish_words(output: str) -> list[str]:
    found = [m.group(0) for m in DANISH_MONEY.finditer(output)]
    return [word for word in found if word != "dkk"]  # JSON keys, CSV columns


def _run(*args: str) -> str:
    run = run_cli(*args, cwd=ROOT)
    assert run.code in (0, 1), run.stderr
    return run.stdout


def _workbook_text(path: Path) -> str:
    import openpyxl

    book = openpyxl.load_workbook(path)
    cells = [
        str(cell.value)
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None
    ]
    return "\n".join(cells)


ONE_CURRENCY = [(GBP, "GBP"), (USD, "USD")]


@pytest.mark.parametrize("lang", ["en", "da"])
@pytest.mark.parametrize("fmt", ["table", "rich", "json", "csv", "markdown"])
@pytest.mark.parametrize(("path", "currency"), ONE_CURRENCY)
def test_audit_names_the_sets_currency_only(path: str, currency: str, fmt: str, lang: str) -> None:
    output = _run("audit", path, *AS_OF, "--format", fmt, "--lang", lang)
    assert _danish_words(output) == []
    assert currency in output


@pytest.mark.parametrize("lang", ["en", "da"])
@pytest.mark.parametrize("suffix", ["html", "md", "json", "xlsx"])
@pytest.mark.parametrize(("path", "currency"), ONE_CURRENCY)
def test_report_names_the_sets_currency_and_reporters(
    path: str, currency: str, suffix: str, lang: str, tmp_path: Path
) -> None:
    target = tmp_path / f"report.{suffix}"
    run = run_cli("report", path, *AS_OF, "--lang", lang, "--target", "50%", "-o", str(target))
    # written either way; exit 1 exactly when `indberet plan` says the target is out of reach
    assert run.code == run_cli("plan", path, *AS_OF, "--target", "50%").code, run.stderr
    assert run.code in (0, 1) and target.exists(), run.stderr
    output = _workbook_text(target) if suffix == "xlsx" else target.read_text(encoding="utf-8")
    assert _danish_words(output) == []
    assert currency in output
    if suffix in ("html", "md"):  # the burden is borne by the set's own reporters
        called = "local authorities" if currency == "GBP" else "states"
        assert called in output


@pytest.mark.parametrize("lang", ["en", "da"])
@pytest.mark.parametrize("fmt", ["table", "json", "markdown"])
@pytest.mark.parametrize(("path", "currency"), ONE_CURRENCY)
def test_plan_money_target_is_in_the_sets_currency(
    path: str, currency: str, fmt: str, lang: str
) -> None:
    output = _run("plan", path, *AS_OF, "--target-dkk", "5000", "--format", fmt, "--lang", lang)
    assert _danish_words(output) == []
    number = "5.000" if lang == "da" else "5,000"
    assert f"{number} {currency}" in output


@pytest.mark.parametrize("fmt", ["text", "json", "markdown"])
@pytest.mark.parametrize("lang", ["en", "da"])
def test_burden_delta_of_a_change_is_in_the_sets_currency(
    fmt: str, lang: str, tmp_path: Path
) -> None:
    old, new = tmp_path / "old", tmp_path / "new"
    old.mkdir()
    new.mkdir()
    shutil.copy(GBP, old / "ssda903.yaml")
    changed = Path(GBP).read_text(encoding="utf-8").replace("minutes: 0.3\n", "minutes: 0.9\n")
    (new / "ssda903.yaml").write_text(changed, encoding="utf-8")
    output = _run("diff", str(old), str(new), *AS_OF, "--format", fmt, "--lang", lang)
    assert _danish_words(output) == []
    assert "GBP" in output
    if fmt == "json":
        comparison = json.loads(output)["comparison"]
        assert comparison["currency"] == "GBP"
        assert comparison["money"]["delta"]["GBP"]["low"] == pytest.approx(
            comparison["burden"]["delta"]["dkk"]["low"]
        )


def _mixed(*args: str) -> str:
    return _run(*args, GBP, USD, DKK, *AS_OF)


def _written(value: float, lang: str) -> str:
    english = f"{value:,.0f}"
    return english.replace(",", ".") if lang == "da" else english


def _saved(lang: str = "en") -> dict[str, tuple[str, str]]:
    """Money saved per currency by the audit of the mixed catalogue, as the text writes
    it: (range in a table, midpoint in a headline, rounded as people say it). Taken from
    the JSON, so that the verdicts may change."""
    report = json.loads(_mixed("audit", "--format", "json"))
    found = {}
    for code, money in report["money_by_currency"].items():
        low, high = money["saved"]["low"], money["saved"]["high"]
        span = _written(low, lang)
        if round(low) != round(high):
            span += f"–{_written(high, lang)}"
        found[code] = (span, render(approximately((low + high) / 2), lang))
    return found


def test_mixed_currencies_are_never_added_up_in_the_text() -> None:
    output = _mixed("audit", "--format", "table")
    saved = _saved()
    total = next(line for line in output.splitlines() if line.startswith("All sets"))
    cell = f"{saved['DKK'][0]} DKK; {saved['GBP'][0]} GBP; {saved['USD'][0]} USD"
    assert total.endswith(cell), total
    assert (
        f"hours and {saved['DKK'][1]} DKK, {saved['GBP'][1]} GBP and {saved['USD'][1]} USD a year"
        in output
    )
    assert "tariffs 28.50 GBP/hour (ssda903), 42 USD/hour (afcars), 450 DKK/hour (dk)" in output
    assert "several currencies (DKK, GBP, USD)" in output
    # the per-set tables are each in their own currency
    assert "GBP/yr" in output and "USD/yr" in output and "DKK/yr" in output


def test_mixed_currencies_in_danish() -> None:
    output = _mixed("audit", "--format", "table", "--lang", "da")
    saved = _saved("da")
    assert (
        f"timer og {saved['DKK'][1]} kr., {saved['GBP'][1]} GBP og {saved['USD'][1]} USD om året"
        in output
    )
    assert "takster 28,50 GBP/time (ssda903), 42 USD/time (afcars), 450 kr./time (dk)" in output


def test_mixed_json_has_money_per_currency_and_no_single_sum() -> None:
    report = json.loads(_mixed("audit", "--format", "json"))
    jsonschema.validate(report, schema("report"), format_checker=jsonschema.FormatChecker())
    assert report["currency"] is None
    assert report["summary"]["burden_before"]["dkk"] is None
    assert [s["currency"] for s in report["sets"]] == ["GBP", "USD", "DKK"]
    by_currency = report["money_by_currency"]
    assert sorted(by_currency) == ["DKK", "GBP", "USD"]
    for item in report["sets"]:
        summary = item["summary"]
        money = by_currency[item["currency"]]
        assert money["before"] == summary["burden_before"]["dkk"]
        assert money["after"] == summary["burden_after"]["dkk"]


@pytest.mark.parametrize(("paths", "currency"), [((GBP,), "GBP"), ((USD,), "USD"), ((DKK,), "DKK")])
def test_json_of_one_currency_validates_and_says_it(paths: tuple[str, ...], currency: str) -> None:
    report = json.loads(_run("audit", *paths, *AS_OF, "--format", "json"))
    jsonschema.validate(report, schema("report"), format_checker=jsonschema.FormatChecker())
    assert report["currency"] == currency
    assert report["sets"][0]["currency"] == currency
    totals = report["money_by_currency"][currency]
    assert totals["before"] == report["summary"]["burden_before"]["dkk"]


def test_mixed_plan_json_validates_with_money_per_currency() -> None:
    plan = json.loads(_mixed("plan", "--target", "50%", "--format", "json"))
    jsonschema.validate(plan, schema("plan"), format_checker=jsonschema.FormatChecker())
    assert plan["currency"] is None
    assert plan["result"]["saved"]["dkk"] is None
    assert sorted(plan["result"]["money_saved"]) == ["DKK", "GBP", "USD"]
    last = plan["steps"][-1]["cumulative"]["money_saved"]
    assert last == plan["result"]["money_saved"]


def test_plan_json_of_one_currency_validates() -> None:
    plan = json.loads(_run("plan", GBP, *AS_OF, "--target-dkk", "5000", "--format", "json"))
    jsonschema.validate(plan, schema("plan"), format_checker=jsonschema.FormatChecker())
    assert plan["currency"] == "GBP"
    assert plan["target"]["text"] == "save 5,000 GBP a year"


def test_mixed_plan_shows_cumulative_money_per_currency() -> None:
    output = _mixed("plan", "--target", "50%")
    assert "Money saved (cum.)" in output
    # every step's cumulative saving lists each currency, and its own money names its own
    assert re.search(
        r"\n +1 .* [\d,–]+ (DKK|GBP|USD) .* [\d,–]+ DKK; [\d,–]+ GBP; [\d,–]+ USD\n", output
    )


def test_a_money_target_for_several_currencies_is_refused() -> None:
    for command in ("plan", "report"):
        extra = ("--format", "json") if command == "report" else ()
        run = run_cli(command, GBP, DKK, *AS_OF, "--target-dkk", "1000", *extra, cwd=ROOT)
        assert run.code == 2, (command, run.stdout)
        assert "several currencies (DKK, GBP)" in run.stderr
        assert run.stdout == ""


def test_mixed_report_has_a_key_figure_per_currency(tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    run = run_cli("report", GBP, USD, DKK, *AS_OF, "--lang", "en", "-o", str(target), cwd=ROOT)
    assert run.code == 0, run.stderr
    page = target.read_text(encoding="utf-8")
    for key, label in (("dkk", "DKK"), ("gbp", "GBP"), ("usd", "USD")):
        assert f'id="kpi-{key}-saved"' in page
        assert f"{label} saved a year" in page
    saved = _saved()
    cell = f"{saved['DKK'][0]} DKK; {saved['GBP'][0]} GBP; {saved['USD'][0]} USD"
    assert f'<td class="num">{cell}</td></tr></tfoot>' in page  # the summary's total row
    assert "the local authorities, states and municipalities" in page


def test_mixed_workbook_totals_money_per_currency(tmp_path: Path) -> None:
    import openpyxl

    target = tmp_path / "report.xlsx"
    run = run_cli("report", GBP, USD, DKK, *AS_OF, "--lang", "en", "-o", str(target), cwd=ROOT)
    assert run.code == 0, run.stderr
    sheet = openpyxl.load_workbook(target).worksheets[0]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    header = next(row for row in rows if row[0] == "Set")
    assert header[-1] == "Currency" and "Money/yr low" in header
    money_low = header.index("Money/yr low")
    total = next(row for row in rows if row[0] == "All sets")
    assert total[money_low] is None  # not a sum of DKK, GBP and USD
    per_currency = {str(row[0]): row for row in rows if str(row[0]).startswith("All sets, ")}
    assert sorted(per_currency) == ["All sets, DKK", "All sets, GBP", "All sets, USD"]
    assert per_currency["All sets, DKK"][money_low] == pytest.approx(787500)


def test_csv_of_other_currencies_names_the_currency() -> None:
    lines = _mixed("audit", "--format", "csv").splitlines()
    header = lines[0].split(",")
    assert "dkk_low" not in header
    assert header[header.index("money_high") + 1] == "currency"
    assert lines[1].split(",")[header.index("currency")] == "GBP"


# --- what is assumed --------------------------------------------------------------------

ASSUMED_EN = (
    "reports_per_year (ssda903); minutes of every field (ssda903); "
    "applies_to of 1 field (ssda903); minutes of 2 fields (afcars); "
    "applies_to of 2 fields (afcars)"
)


def test_the_banner_says_exactly_what_is_assumed() -> None:
    output = _mixed("audit", "--format", "table")
    assert "Note: the figures for dk are illustrative, not official." in output
    assert f"Assumed, not from a source: {ASSUMED_EN}." in output
    # sets that name their assumptions are not lumped in with the merely illustrative
    assert "ssda903 are illustrative" not in output


def test_the_banner_in_danish() -> None:
    output = _run("audit", GBP, *AS_OF, "--lang", "da")
    assert (
        "Bemærk: antagelser, der ikke er hentet fra en kilde: reports_per_year (ssda903); "
        "minutes for alle felter (ssda903); applies_to for 1 felt (ssda903)." in output
    )


def test_the_old_sentence_stays_for_sets_that_are_only_illustrative() -> None:
    output = _run("audit", DKK, *AS_OF)
    assert "Note: the figures for dk are illustrative, not official." in output
    assert "Assumed" not in output


@pytest.mark.parametrize("suffix", ["html", "md"])
def test_the_report_banner_says_what_is_assumed(suffix: str, tmp_path: Path) -> None:
    target = tmp_path / f"report.{suffix}"
    run = run_cli("report", GBP, USD, *AS_OF, "--lang", "en", "-o", str(target), cwd=ROOT)
    assert run.code == 0, run.stderr
    page = re.sub(r"\\(.)", r"\1", target.read_text(encoding="utf-8"))  # Markdown escapes
    assert "Assumed, not from a source: reports_per_year (ssda903); minutes of every" in page
    assert "Illustrative data:" not in page


# --- explain shows the keys of the definition --------------------------------------------


def _explain(field: str, *extra: str) -> str:
    return _run("explain", f"ssda903.{field}", str(CURRENCY), *AS_OF, *extra)


@pytest.mark.parametrize(
    ("field", "expected"),
    [
        ("reason_ceased", "Record: Episodes of care (episode), 2.1 per report, 174,300 a year"),
        ("missing_place", "Record: Missing episodes (missing), 9,300 a year (its own population)"),
        ("carer_sex", "Whose attribute: foster_carer"),
        ("child_id", "Whose attribute: child (the set's)"),
        ("child_id", "Identifier: a join key (role: identifier)"),
        ("adoption_date", "Asked only when reason_ceased is E11"),
        ("missing_place", "Multi-select: 1.6 values per report on average"),
        ("carer_sex", "Derivable from: child_id (40.0% of cases)"),
        (
            "reason_ceased",
            "Code list: Reason episode ceased, version 2024-25, valid from 2024-04-01",
        ),
        ("reason_ceased", "E11 Adopted - application for an adoption order unopposed, valid from"),
        ("reason_ceased", "E4A Returned home to live with parents, valid until 2024-03-31"),
        (
            "child_id",
            "Source: Children looked after return 2024 to 2025, guide, https://www.gov.uk/",
        ),
        ("carer_sex", "Assumed, not from a source: applies_to (the field); "),
        ("carer_sex", "reports_per_year, minutes (the set)"),
        ("child_id", "Uses were looked for (the set says so)"),
        ("missing_place", "Uses were not looked for (the field says so)"),
        ("carer_sex", "burden 348.6 hours and 9,935 GBP a year"),
    ],
)
def test_explain_shows_the_definition(field: str, expected: str) -> None:
    assert expected in _explain(field)


def test_explain_shows_the_definition_in_danish() -> None:
    output = _explain("missing_place", "--lang", "da")
    assert "Post: Missing episodes (missing), 9.300 om året (egen population)" in output
    assert "Flere svar: i gennemsnit 1,6 værdier pr. indberetning" in output
    assert "Brugen er ikke undersøgt (feltet angiver det)" in output


def test_explain_of_a_plain_field_adds_no_definition() -> None:
    output = _run("explain", "dk.underretter", DKK, *AS_OF)
    assert "Definition:" not in output


def test_explain_json_has_every_key_of_the_definition() -> None:
    document: dict[str, Any] = json.loads(_explain("reason_ceased", "--format", "json"))
    assert document["currency"] == "GBP"
    definition = document["definition"]
    assert definition["record"] == {
        "id": "episode",
        "name": "Episodes of care",
        "per_report": 2.1,
        "reports_per_year": None,
        "occurrences_per_year": pytest.approx(174300),
    }
    assert definition["subject"] == "child" and definition["subject_from"] == "set"
    assert definition["code_list"] == {
        "name": "Reason episode ceased",
        "version": "2024-25",
        "valid_from": "2024-04-01",
    }
    assert definition["codes"][1] == {
        "code": "E4A",
        "label": "Returned home to live with parents",
        "valid_from": None,
        "valid_until": "2024-03-31",
    }
    assert definition["source"]["id"] == "ssda903-guide"
    assert definition["source"]["url"].startswith("https://www.gov.uk/")
    assert definition["assumed"] == ["reports_per_year", "minutes"]
    assert definition["uses_researched"] is True
    gated = json.loads(_explain("adoption_date", "--format", "json"))["definition"]
    assert gated["asked_when"] == {"field": "reason_ceased", "values": ["E11"]}
    multi = json.loads(_explain("missing_place", "--format", "json"))["definition"]
    assert multi["multiple"] is True and multi["values_per_report"] == 1.6
    assert multi["uses_researched"] is False and multi["uses_researched_from"] == "field"
    shared = json.loads(_explain("carer_sex", "--format", "json"))["definition"]
    assert shared["derivable_from"] == [{"source": "child_id", "share": 0.4}]
    ident = json.loads(_explain("child_id", "--format", "json"))["definition"]
    assert ident["identifier"] is True and ident["role"] == "identifier"


def test_the_readme_example_of_the_optional_keys_is_valid(tmp_path: Path) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### Optional keys") :]
    start = section.index("```yaml\n") + len("```yaml\n")
    example = tmp_path / "ssda903.yaml"
    example.write_text(section[start : section.index("```", start)], encoding="utf-8")
    run = run_cli("validate", str(example), cwd=ROOT)
    assert run.code == 0, run.stdout
    output = _run("explain", "ssda903.missing_place", str(example), *AS_OF)
    assert "Multi-select: 1.6 values per report on average" in output
    assert "GBP" in output


def test_a_count_of_fields_is_said_per_set() -> None:
    """Two sets each with 2 fields assuming applies_to are not "2 fields (a, b)"."""
    from indberet.core.assumed import items
    from indberet.i18n import render
    from indberet.model import RequirementSet
    from tests.helpers import make_field

    def a_set(set_id: str) -> RequirementSet:
        fields = tuple(
            make_field(id=f"f{n}", set_id=set_id, assumed=("applies_to",) if n < 2 else ())
            for n in range(3)
        )
        return RequirementSet(set_id, set_id, 100, fields)

    words = [render(item, "en") for item in items([a_set("a"), a_set("b")])]
    assert words == ["applies_to of 2 fields (a)", "applies_to of 2 fields (b)"]
