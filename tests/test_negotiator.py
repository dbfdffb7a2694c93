"""Reports a negotiator takes to the table: round headlines, relative paths, a printable
workbook, Markdown that says what it marks, and readable rule documentation (issue 17).

Every test runs the real CLI where the point is about the CLI.
"""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest

from indberet.audit_model import Range
from indberet.core.money import approximately
from indberet.core.rules import RULES, Rule
from indberet.i18n import message, render
from indberet.render.report import shown_path
from tests.conftest import FIXTURES, ROOT, run_cli

AS_OF = "2026-11-26"


def _line(output: str, words: str) -> str:
    return next(line for line in output.splitlines() if words in line)


# --- headlines round the way people say them; tables stay exact --------------------------


@pytest.mark.parametrize(
    ("value", "english", "danish"),
    [
        (31.0, "31", "31"),
        (450.0, "450", "450"),
        (938.2, "about 940", "ca. 940"),
        (20_715.4, "about 21,000", "ca. 21.000"),
        (672_938.0, "about 670,000", "ca. 670.000"),
        (9_321_851.0, "about 9.3 million", "ca. 9,3 mio."),
        (13_859_295.0, "about 14 million", "ca. 14 mio."),
        (1_000_000.0, "1 million", "1 mio."),
        (2_540_000_000.0, "about 2.5 billion", "ca. 2,5 mia."),
        (Range(1_495.0, 3_823.0), "about 1,500–3,800", "ca. 1.500–3.800"),
        (Range(672_938.0, 1_720_500.0), "about 0.7–1.7 million", "ca. 0,7–1,7 mio."),
    ],
)
def test_a_headline_figure_is_rounded_with_about_only_when_it_was(
    value: float | Range, english: str, danish: str
) -> None:
    assert render(approximately(value), "en") == english  # type: ignore[arg-type]
    assert render(approximately(value), "da") == danish  # type: ignore[arg-type]


def test_the_audit_headline_is_in_round_figures_and_the_table_exact() -> None:
    danish = run_cli("audit", "examples", "--as-of", AS_OF, "--lang", "da", cwd=ROOT).stdout
    headline = _line(danish, "kan fjernes fra skemaerne")
    assert headline == (
        "36 af 82 felter (43,9 %) kan fjernes fra skemaerne, hvilket sparer ca. 21.000 timer"
        " og ca. 9,3 mio. kr. om året (51,4 % af byrden)."
    )
    assert _line(danish, "I alt ").endswith("4.784.408–13.859.295")  # the table: to the krone
    english = run_cli("audit", "examples", "--as-of", AS_OF, cwd=ROOT).stdout
    assert _line(english, "can leave the forms") == (
        "36 of 82 fields (43.9%) can leave the forms, saving about 21,000 hours and"
        " about 9.3 million DKK a year (51.4% of the burden)."
    )


def test_the_headline_keeps_each_sets_currency() -> None:
    currency = str(FIXTURES / "currency")
    english = run_cli("audit", currency, "--as-of", AS_OF, cwd=ROOT).stdout
    headline = _line(english, "can leave the forms")
    assert "about 220,000 DKK, about 9,900 GBP and 0 USD a year" in headline
    danish = run_cli("audit", currency, "--as-of", AS_OF, "--lang", "da", cwd=ROOT).stdout
    assert "ca. 220.000 kr., ca. 9.900 GBP og 0 USD om året" in _line(danish, "kan fjernes")


def test_the_report_rounds_each_statistics_outcome(tmp_path: Path) -> None:
    out = tmp_path / "r.md"
    run = run_cli("report", "examples", "--as-of", AS_OF, "-o", str(out), "--lang", "da", cwd=ROOT)
    assert run.code == 0, run.stderr
    text = out.read_text(encoding="utf-8")
    assert (
        "**36 af 82 felter (43,9 %) kan fjernes fra skemaerne, hvilket sparer ca. 21.000 timer"
        " og ca. 9,3 mio. kr. om året (51,4 % af byrden).**"
    ) in text
    assert (
        "15 af 30 felter (50,0 %) kan fjernes, hvilket sparer ca. 1.500–3.800 timer og"
        " ca. 0,7–1,7 mio. kr. om året."
    ) in text
    assert "| 672.938–1.720.500 |" in text  # the table below keeps the krone


# --- the report names no one's home directory ----------------------------------------------


def test_paths_given_absolute_are_shown_relative_to_the_working_directory(tmp_path: Path) -> None:
    out = tmp_path / "r.md"
    examples = str(ROOT / "examples")
    run = run_cli("report", examples, "--as-of", AS_OF, "-o", str(out), "--lang", "da", cwd=ROOT)
    assert run.code == 0, run.stderr
    text = out.read_text(encoding="utf-8")
    assert "Indlæste definitioner: examples/anbringelser.yaml, examples/forebyggende" in text
    assert str(ROOT) not in text


@pytest.mark.parametrize("name", ["r.md", "r.html", "r.json"])
def test_paths_in_the_home_directory_are_shown_from_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    monkeypatch.setenv("HOME", str(ROOT.parent))
    out = tmp_path / name
    usage = str(ROOT / "examples" / "usage-log.csv")
    run = run_cli(
        "report", str(ROOT / "examples"), "--usage", usage, "--as-of", AS_OF, "-o", str(out),
        cwd=tmp_path,
    )  # fmt: skip
    assert run.code == 0, run.stderr
    text = out.read_text(encoding="utf-8")
    assert f"~/{ROOT.name}/examples/anbringelser.yaml" in text
    assert f"~/{ROOT.name}/examples/usage-log.csv" in text
    assert str(ROOT) not in text


def test_a_path_outside_home_and_the_working_directory_is_shown_as_given() -> None:
    assert shown_path("/srv/data/a.yaml", cwd="/work/x", home="/home/anna") == "/srv/data/a.yaml"
    assert shown_path("/home/anna/k/a.yaml", cwd="/work/x", home="/home/anna") == "~/k/a.yaml"
    assert shown_path("/work/x/k/a.yaml", cwd="/work/x", home="/home/anna") == "k/a.yaml"
    assert shown_path("./a.yaml", cwd="/work/x", home="/home/anna") == "a.yaml"
    assert shown_path("../b/a.yaml", cwd="/work/x", home="/home/anna") == "../b/a.yaml"


# --- the workbook prints: title and headline on top, set up for paper ----------------------


def test_the_workbook_has_title_and_headline_on_top_and_prints_on_every_sheet(
    tmp_path: Path,
) -> None:
    import openpyxl

    out = tmp_path / "r.xlsx"
    args = ("--as-of", AS_OF, "--target", "44%", "--lang", "da", "-o", str(out))
    run = run_cli("report", "examples", *args, cwd=ROOT)
    assert run.code == 0, run.stderr
    book = openpyxl.load_workbook(out)
    summary = book["Oversigt"]
    assert summary["A1"].value == "Saneringsrapport: nationale indberetningskrav"
    assert summary["A1"].font.bold and summary["A2"].font.bold
    assert str(summary["A2"].value).startswith("36 af 82 felter (43,9 %) kan fjernes")
    headers = {
        "Oversigt": "Statistik",
        "Plan": "Nr.",
        "Hvem mister hvad": "Aftager",
        "anbringelser": "Felt",
    }
    assert book.sheetnames[:4] == list(headers)
    for sheet in book.worksheets:
        first = headers.get(sheet.title, "Felt")
        header = next(row for row in range(1, 10) if sheet.cell(row, 1).value == first)
        assert header > 2  # title and headline above the table
        assert sheet.page_setup.orientation == "landscape"
        assert sheet.page_setup.fitToWidth == 1 and sheet.page_setup.fitToHeight == 0
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert sheet.print_title_rows == f"${header}:${header}"  # repeated on every page
        assert sheet.print_title_cols is not None
        assert sheet.freeze_panes.endswith(str(header + 1))
        assert sheet.auto_filter.ref.startswith(f"A{header}:")
    plan = book["Plan"]
    assert plan["A1"].value == "Plan: fjern 44 % af felterne fra skemaerne (efter antal)"
    assert str(plan["A2"].value).startswith("Målet nås:")
    assert str(book["anbringelser"]["A2"].value).startswith("15 af 30 felter (50,0 %)")


# --- Markdown says what marks the fields that leave, and marks them ------------------------


@pytest.mark.parametrize(
    ("lang", "said", "leaving", "staying"),
    [
        ("da", "har anbefalingen med fed skrift", "| **FJERN** |", "| BEHOLD |"),
        ("en", "have their verdict in bold", "| **REMOVE** |", "| KEEP |"),
    ],
)
def test_markdown_marks_the_fields_that_leave_in_bold_and_says_so(
    tmp_path: Path, lang: str, said: str, leaving: str, staying: str
) -> None:
    out = tmp_path / "r.md"
    run = run_cli("report", "examples", "--as-of", AS_OF, "--lang", lang, "-o", str(out), cwd=ROOT)
    assert run.code == 0, run.stderr
    text = out.read_text(encoding="utf-8")
    assert said in text
    assert "skraveret" not in text and "shaded" not in text  # Markdown has no shading
    assert leaving in text and staying in text
    assert "**BEHOLD**" not in text and "**KEEP**" not in text
    assert text.count("| **") == 36  # the 36 fields that leave the forms, each marked


# --- rule documentation: plain text, in both languages --------------------------------------

MARKUP = re.compile(r"``|\*\*|(?<!\w)\*\w|:[a-z]+:`|`")


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.CODE)
def test_every_rule_is_documented_in_danish_too(rule: Rule) -> None:
    danish = getattr(rule, "DOC_DA", "")
    english = rule.__doc__ or ""
    name = message(f"rule.name.{rule.CODE}", "da")
    assert danish.startswith(f"{rule.CODE} {name} — "), rule.CODE
    assert danish.strip() != english.strip()
    # as many paragraphs as the English: nothing left untranslated
    assert len(inspect.cleandoc(danish).split("\n\n")) == len(
        inspect.cleandoc(english).split("\n\n")
    )


@pytest.mark.parametrize("lang", ["en", "da"])
@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.CODE)
def test_rules_prints_its_documentation_as_plain_text(rule: Rule, lang: str) -> None:
    run = run_cli("rules", rule.CODE, "--lang", lang)
    assert run.code == 0, run.stderr
    assert MARKUP.findall(run.stdout) == []
    assert run.stdout.startswith(f"{rule.CODE} ")


def test_rules_ind102_reads_as_text_in_english_and_danish() -> None:
    english = run_cli("rules", "IND102").stdout
    assert "a field with 'aspect: process' whose usage is below 'below'" in english
    assert "Proposes REMOVE (REVIEW" in english
    danish = run_cli("rules", "IND102", "--lang", "da").stdout
    assert danish.startswith("IND102 procesdata — data om sagsbehandlingen med for lidt brug.")
    assert "Foreslår FJERN (VURDER" in danish
    assert "Proposes" not in danish


def test_rules_lists_every_rule_in_both_languages() -> None:
    for lang in ("en", "da"):
        run = run_cli("rules", "--lang", lang)
        assert run.code == 0, run.stderr
        assert [line.split()[0] for line in run.stdout.splitlines()] == [r.CODE for r in RULES]
