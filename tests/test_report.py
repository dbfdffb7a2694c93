"""`indberet report`: formats by suffix, self-contained HTML, Markdown, XLSX, languages.

Goldens live in tests/golden/report/; INDBERET_UPDATE_GOLDENS=1 rewrites them. The audit
date is pinned. The browser test of the HTML report is in tests/test_browser.py.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from indberet.i18n import MESSAGES, placeholders
from indberet.messages import report as report_messages
from indberet.read.schema import schema
from indberet.render.report import format_for, report_language
from tests.conftest import FIXTURES, ROOT, TESTS, check_golden, run_cli

GOLDEN = TESTS / "golden" / "report"
AS_OF = "2026-11-26"
HOSTILE = FIXTURES / "report" / "hostile.yaml"


def make_report(
    tmp_path: Path, name: str, *args: str, source: str = "examples", code: int = 0
) -> Path:
    """Write a report; ``code`` 1 where its plan cannot reach the target (written all the
    same)."""
    out = tmp_path / name
    run = run_cli("report", source, "--as-of", AS_OF, "-o", str(out), *args, cwd=ROOT)
    assert run.code == code, run.stderr
    assert out.exists()
    return out


def audit_json(source: str = "examples", lang: str = "en") -> dict[str, Any]:
    run = run_cli("audit", source, "--as-of", AS_OF, "--format", "json", "--lang", lang, cwd=ROOT)
    assert run.code == 0, run.stderr
    document: dict[str, Any] = json.loads(run.stdout)
    return document


class _Page(HTMLParser):
    """Collects tags, attributes and text nodes; checks that elements nest properly."""

    VOID = frozenset({"meta", "br", "hr", "img", "input", "link", "wbr", "rect", "col"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.texts: list[str] = []
        self.stack: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        if tag in self.VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:]}")
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        if data.strip() and self.stack[-1:] != ["style"]:
            self.texts.append(data.strip())


def parse(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    page.close()
    return page


# --- formats ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("output", "chosen", "expected"),
    [
        ("r.html", None, "html"),
        ("R.HTM", None, "html"),
        ("r.md", None, "markdown"),
        ("r.xlsx", None, "xlsx"),
        ("r.json", None, "json"),
        ("r.txt", None, None),
        ("r.txt", "markdown", "markdown"),
        (None, None, None),
        ("-", "html", "html"),
    ],
)
def test_format_from_suffix_or_option(
    output: str | None, chosen: str | None, expected: str | None
) -> None:
    assert format_for(output, chosen) == expected


def test_every_format_is_written_by_suffix(tmp_path: Path) -> None:
    for suffix, start in (
        (".html", b"<!DOCTYPE html>"),
        (".md", b"# "),
        (".xlsx", b"PK"),
        (".json", b"{"),
    ):
        out = make_report(tmp_path, f"r{suffix}")
        assert out.read_bytes().startswith(start), suffix


def test_unknown_suffix_is_a_usage_error(tmp_path: Path) -> None:
    run = run_cli("report", "examples", "-o", str(tmp_path / "r.pdf"), "--lang", "en", cwd=ROOT)
    assert run.code == 2
    assert "cannot tell the format of" in run.stderr and ".html" in run.stderr
    assert not (tmp_path / "r.pdf").exists()
    run = run_cli(
        "report", "examples", "-o", str(tmp_path / "r.txt"), "--format", "markdown", cwd=ROOT
    )
    assert run.code == 0 and (tmp_path / "r.txt").read_text(encoding="utf-8").startswith("# ")


def test_without_output_a_format_is_needed_and_xlsx_needs_a_file() -> None:
    assert run_cli("report", "examples", cwd=ROOT).code == 2
    assert run_cli("report", "examples", "--format", "xlsx", cwd=ROOT).code == 2
    run = run_cli("report", "examples", "--format", "markdown", "--as-of", AS_OF, cwd=ROOT)
    assert run.code == 0 and run.stdout.startswith("# Pruning report")


def test_plan_needs_a_target(tmp_path: Path) -> None:
    run = run_cli("report", "examples", "--plan", "-o", str(tmp_path / "r.html"), cwd=ROOT)
    assert run.code == 2 and "--target" in run.stderr


def test_report_never_writes_over_an_input(tmp_path: Path) -> None:
    source = tmp_path / "set.yaml"
    source.write_text(HOSTILE.read_text(encoding="utf-8"), encoding="utf-8")
    run = run_cli("report", str(source), "-o", str(source), "--format", "html", cwd=ROOT)
    assert run.code == 2, run.stderr
    assert source.read_text(encoding="utf-8") == HOSTILE.read_text(encoding="utf-8")


def test_invalid_input_is_exit_2() -> None:
    run = run_cli("report", "tests/fixtures/invalid/syntax.yaml", "--format", "html", cwd=ROOT)
    assert run.code == 2


# --- HTML ------------------------------------------------------------------------------


def test_html_is_self_contained_valid_and_printable(tmp_path: Path) -> None:
    html = make_report(tmp_path, "r.html", "--plan", "--target", "44%").read_text(encoding="utf-8")
    assert not re.search(r"https?:|ftp:|file:|//[a-z0-9]", html, re.IGNORECASE)
    assert not re.search(r"\bsrc\s*=", html, re.IGNORECASE)
    assert not re.search(r"url\(", html, re.IGNORECASE)
    assert not re.search(r"@import", html, re.IGNORECASE)
    for href in re.findall(r'href\s*=\s*"([^"]*)"', html, re.IGNORECASE):
        assert href.startswith("#"), href
    page = parse(html)
    assert page.errors == [] and page.stack == []
    names = [tag for tag, _ in page.tags]
    for forbidden in ("script", "link", "img", "iframe", "object", "embed", "base", "form"):
        assert forbidden not in names
    assert ("meta", {"charset": "utf-8"}) in page.tags
    csp = [
        attrs for tag, attrs in page.tags if attrs.get("http-equiv") == "Content-Security-Policy"
    ]
    assert csp and csp[0]["content"].startswith("default-src 'none'")
    assert "@media print" in html and "@page" in html
    assert names.count("svg") == 2
    ids = [attrs["id"] for _, attrs in page.tags if attrs.get("id")]
    assert len(ids) == len(set(ids)), "ids are unique"
    for anchor in re.findall(r'href="#([^"]*)"', html):
        assert anchor in ids


def test_html_shows_the_assumptions_and_that_the_data_is_illustrative(tmp_path: Path) -> None:
    html = make_report(tmp_path, "r.html", "--lang", "en").read_text(encoding="utf-8")
    text = " ".join(parse(html).texts)
    assert "as of 2026-11-26" in text
    assert "Rule profile 'default'" in text
    assert "Tariff: 450 DKK per caseworker hour" in text
    assert "Standard Cost Model" in text
    sets = "anbringelser, forebyggende, handicap-voksne, underretninger"
    assert f"Illustrative data: the figures for {sets} are illustrative" in text
    danish = " ".join(
        parse(make_report(tmp_path, "d.html", "--lang", "da").read_text("utf-8")).texts
    )
    assert "Illustrative tal:" in danish and "ikke officielle tal" in danish
    assert "Takst: 450 kr. pr. sagsbehandlertime" in danish


def test_html_has_every_field_with_verdict_reason_and_evidence(tmp_path: Path) -> None:
    html = make_report(tmp_path, "r.html", "--lang", "en").read_text(encoding="utf-8")
    data = audit_json()
    for set_json in data["sets"]:
        for field in set_json["fields"]:
            row = re.search(
                rf'<tr[^>]*id="field-{re.escape(field["qualified_id"])}">(.*?)</tr>', html
            )
            assert row, field["qualified_id"]
            assert f"v-{field['verdict']}" in row.group(1)
            assert "usage " in row.group(1)  # evidence


def test_html_golden(tmp_path: Path) -> None:
    html = make_report(tmp_path, "r.html", "--lang", "en", "--plan", "--target", "44%")
    check_golden(html.read_text(encoding="utf-8"), GOLDEN / "report.en.html")


# --- Markdown --------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "da"])
def test_markdown_golden(tmp_path: Path, lang: str) -> None:
    out = make_report(tmp_path, "r.md", "--lang", lang, "--plan", "--target", "44%")
    check_golden(out.read_text(encoding="utf-8"), GOLDEN / f"report.{lang}.md")


# --- JSON ------------------------------------------------------------------------------


def test_json_report_is_the_audit_document_with_the_plan(tmp_path: Path) -> None:
    plain = json.loads(make_report(tmp_path, "r.json", "--lang", "en").read_text("utf-8"))
    assert plain == audit_json()
    with_plan = json.loads(
        make_report(tmp_path, "p.json", "--lang", "en", "--target", "44%").read_text("utf-8")
    )
    plan = with_plan.pop("plan")
    impact = with_plan.pop("impact")
    assert with_plan == plain
    jsonschema.validate(plan, schema("plan"), format_checker=jsonschema.FormatChecker())
    assert plan["reached"] is True
    jsonschema.validate(impact, schema("impact"), format_checker=jsonschema.FormatChecker())


def test_a_target_out_of_reach_writes_the_report_and_exits_1(tmp_path: Path) -> None:
    """As `indberet plan`: the report is written, says how close the plan gets, and the
    exit code tells a script that the target was not reached."""
    out = tmp_path / "r.json"
    args = ("report", "examples", "--as-of", AS_OF, "--lang", "en", "--target", "90%")
    run = run_cli(*args, "-o", str(out), cwd=ROOT)
    assert run.code == 1, run.stderr
    plan = json.loads(out.read_text("utf-8"))["plan"]
    assert plan["reached"] is False
    reached = run_cli(*args[:-1], "44%", "-o", str(tmp_path / "ok.json"), cwd=ROOT)
    assert reached.code == 0, reached.stderr


# --- XLSX ------------------------------------------------------------------------------


def _xlsx(path: Path) -> Any:
    import openpyxl

    return openpyxl.load_workbook(path, data_only=False)


def header_row(sheet: Any, first: str) -> int:
    """The row of a sheet's table header: the first whose column A is ``first``."""
    return next(row for row in range(1, 20) if sheet.cell(row, 1).value == first)


def test_xlsx_numbers_equal_the_json_output(tmp_path: Path) -> None:
    workbook = _xlsx(make_report(tmp_path, "r.xlsx", "--lang", "en", "--target", "44%"))
    data = audit_json()
    sets = [s["id"] for s in data["sets"]]
    assert workbook.sheetnames == ["Summary", "Plan", "Who loses what", *sets]

    summary = workbook["Summary"]
    top = header_row(summary, "Set")
    assert summary.freeze_panes == f"C{top + 1}"
    assert summary.auto_filter.ref == f"A{top}:Q{top + len(data['sets'])}"
    header = [cell.value for cell in summary[top]]
    for number, set_json in enumerate(data["sets"], start=top + 1):
        row = {header[i]: cell for i, cell in enumerate(summary[number])}
        expected = set_json["summary"]
        assert row["Set"].value == set_json["id"]
        assert row["Fields"].value == expected["fields_before"]
        assert row["After"].value == expected["fields_after"]
        assert row["Removed"].value == expected["fields_removed"]
        assert row["Removed (share)"].value == pytest.approx(expected["count_share"], abs=1e-4)
        assert row["Removed (share)"].number_format == "0.0%"
        assert row["Hours/yr low"].value == pytest.approx(
            expected["burden_before"]["hours"]["low"], abs=0.01
        )
        assert row["Hours/yr high"].value == pytest.approx(
            expected["burden_before"]["hours"]["high"], abs=0.01
        )
        assert row["Hours after low"].value == pytest.approx(
            expected["burden_after"]["hours"]["low"], abs=0.01
        )
        assert row["DKK/yr high"].value == pytest.approx(
            expected["burden_before"]["dkk"]["high"], abs=0.01
        )
        assert row["Hours/yr low"].number_format == "#,##0"
        assert isinstance(row["Hours/yr low"].value, int | float)
    total = {header[i]: cell.value for i, cell in enumerate(summary[top + len(data["sets"]) + 1])}
    assert total["Set"] == "All sets"
    assert total["Removed"] == data["summary"]["fields_removed"]
    assert total["Hours saved low"] == pytest.approx(
        data["summary"]["burden_before"]["hours"]["low"]
        - data["summary"]["burden_after"]["hours"]["low"],
        abs=0.02,
    )

    for set_json in data["sets"]:
        sheet = workbook[set_json["id"]]
        top = header_row(sheet, "Field")
        assert sheet.freeze_panes == f"B{top + 1}"
        assert sheet.auto_filter.ref == f"A{top}:N{top + len(set_json['fields'])}"
        columns = [cell.value for cell in sheet[top]]
        for number, field in enumerate(set_json["fields"], start=top + 1):
            row = {columns[i]: cell for i, cell in enumerate(sheet[number])}
            assert row["Field"].value == field["id"]
            assert row["Verdict"].value == field["verdict"]
            assert row["Usage"].value == pytest.approx(field["usage"], abs=1e-4)
            assert row["Usage"].number_format == "0.00"
            assert row["Hours/yr low"].value == pytest.approx(
                field["burden"]["hours"]["low"], abs=0.01
            )
            assert row["Hours/yr high"].value == pytest.approx(
                field["burden"]["hours"]["high"], abs=0.01
            )
            assert row["DKK/yr low"].value == pytest.approx(field["burden"]["dkk"]["low"], abs=0.01)
            assert row["DKK/yr high"].value == pytest.approx(
                field["burden"]["dkk"]["high"], abs=0.01
            )
            assert row["Reason"].value == field["reason"]

    plan_sheet = workbook["Plan"]
    plan = json.loads(
        run_cli(
            "plan", "examples", "--as-of", AS_OF, "--target", "44%", "--format", "json", cwd=ROOT
        ).stdout
    )
    top = header_row(plan_sheet, "#")
    assert plan_sheet.max_row >= top + len(plan["steps"])
    for number, step in enumerate(plan["steps"], start=top + 1):
        assert plan_sheet.cell(number, 2).value == step["label"]
        assert plan_sheet.cell(number, 7).value == pytest.approx(
            step["burden"]["hours"]["low"], abs=0.01
        )
        assert plan_sheet.cell(number, 11).value == step["cumulative"]["fields_removed"]


def test_xlsx_states_the_assumptions(tmp_path: Path) -> None:
    workbook = _xlsx(make_report(tmp_path, "r.xlsx", "--lang", "da"))
    assert workbook.sheetnames[0] == "Oversigt"
    words = " ".join(
        str(cell.value) for row in workbook["Oversigt"].iter_rows() for cell in row if cell.value
    )
    assert "2026-11-26" in words and "Regelprofil 'default'" in words and "450 kr." in words
    assert "Illustrative tal:" in words


def test_xlsx_sheet_names_are_unique_ignoring_case(tmp_path: Path) -> None:
    folder = tmp_path / "sets"
    folder.mkdir()
    source = HOSTILE.read_text(encoding="utf-8")
    (folder / "a.yaml").write_text(source.replace("id: fjendtlig", "id: oversigt"), "utf-8")
    (folder / "b.yaml").write_text(source.replace("id: fjendtlig", "id: plan"), "utf-8")
    out = tmp_path / "r.xlsx"
    run = run_cli(
        "report", str(folder), "-o", str(out), "--lang", "da", "--target", "10%", cwd=ROOT
    )
    assert run.code == 0, run.stderr
    names = _xlsx(out).sheetnames
    assert names == ["Oversigt", "Plan", "Hvem mister hvad", "oversigt-2", "plan-2"]


# --- inert names -----------------------------------------------------------------------


def test_hostile_names_are_inert_in_html(tmp_path: Path) -> None:
    out = make_report(
        tmp_path, "h.html", "--lang", "en", "--target", "50%", source=str(HOSTILE), code=1
    )
    html = out.read_text(encoding="utf-8")
    page = parse(html)
    assert page.errors == []
    assert not {tag for tag, _ in page.tags} & {"script", "img", "iframe", "b"}
    assert not any(name.startswith("on") for _, attrs in page.tags for name in attrs)
    assert "<script>alert(1)</script>" in page.texts
    assert "=1+2" in page.texts
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_hostile_names_are_inert_in_markdown(tmp_path: Path) -> None:
    from markdown_it import MarkdownIt

    out = make_report(
        tmp_path, "h.md", "--lang", "en", "--target", "50%", source=str(HOSTILE), code=1
    )
    rendered = MarkdownIt("commonmark").enable("table").render(out.read_text(encoding="utf-8"))
    page = parse(rendered)
    assert not {tag for tag, _ in page.tags} & {"script", "img", "iframe", "b", "a"}
    assert any("<script>alert(1)</script>" in text for text in page.texts)
    assert any("=1+2" in text for text in page.texts)


def test_hostile_names_are_inert_in_csv() -> None:
    import csv
    import io

    run = run_cli("audit", str(HOSTILE), "--as-of", AS_OF, "--format", "csv", cwd=ROOT)
    rows = {row["field"]: row for row in csv.DictReader(io.StringIO(run.stdout))}
    assert rows["script"]["name"] == "<script>alert(1)</script>"
    for field, name in (("formel", "=1+2"), ("kommando", "=cmd|' /C calc'!A0"), ("plus", "+1-1")):
        assert rows[field]["name"] == "'" + name
    for row in rows.values():
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@")), value


def test_hostile_names_are_inert_in_xlsx(tmp_path: Path) -> None:
    out = make_report(
        tmp_path, "h.xlsx", "--lang", "en", "--target", "50%", source=str(HOSTILE), code=1
    )
    workbook = _xlsx(out)
    values: dict[str, Any] = {}
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                assert cell.data_type != "e", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    values[cell.value] = cell
    for name in ("=1+2", "=cmd|' /C calc'!A0", "+1-1", "=SUM(A1:A2)"):
        assert name in values, name
        assert values[name].data_type == "s" and values[name].quotePrefix
    assert values["#N/A"].data_type == "s"
    assert "<script>alert(1)</script>" in values
    # and the raw XML holds no formula element at all
    import zipfile

    with zipfile.ZipFile(out) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in archive.read(name) and b"<f " not in archive.read(name)


# --- languages -------------------------------------------------------------------------


def test_reports_default_to_danish(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("INDBERET_LANG")
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    html = make_report(tmp_path, "r.html").read_text(encoding="utf-8")
    assert '<html lang="da">' in html and "Saneringsrapport" in html
    monkeypatch.setenv("INDBERET_LANG", "en")
    assert '<html lang="en">' in make_report(tmp_path, "e.html").read_text(encoding="utf-8")
    assert report_language(None, {}) == "da"
    assert report_language("en", {"INDBERET_LANG": "da"}) == "en"
    assert report_language(None, {"INDBERET_LANG": "en", "LANG": "da_DK"}) == "en"


@pytest.mark.parametrize("key", sorted(report_messages.MESSAGES))
def test_every_report_message_has_both_languages(key: str) -> None:
    english, danish = report_messages.MESSAGES[key]
    assert english.strip() and danish.strip()
    assert placeholders(english) == placeholders(danish)
    assert MESSAGES[key] == (english, danish)  # merged into the catalogue


SAME_IN_BOTH = {"plan.title", "report.section.plan", "report.xlsx.sheet.plan"}


def test_danish_is_a_translation_not_a_copy() -> None:
    same = {key for key, (en, da) in report_messages.MESSAGES.items() if en == da}
    assert same == SAME_IN_BOTH


def _data_strings(value: Any, key: str = "") -> set[str]:
    """Every string in the audit JSON that comes from the data, not from indberet's words."""
    if isinstance(value, dict):
        return {
            s
            for k, v in value.items()
            if k not in {"reason", "language"}
            for s in _data_strings(v, k)
        }
    if isinstance(value, list):
        return {s for item in value for s in _data_strings(item, key)}
    return {str(value)} if isinstance(value, str) else set()


def test_every_word_of_the_html_report_is_translated(tmp_path: Path) -> None:
    """Text that reads the same in the Danish and English report must be data or a number."""
    english = parse(
        make_report(tmp_path, "e.html", "--lang", "en", "--target", "44%").read_text("utf-8")
    )
    danish = parse(
        make_report(tmp_path, "d.html", "--lang", "da", "--target", "44%").read_text("utf-8")
    )
    # the users of the fields (consumers, products) are data too: the impact names them
    impact = run_cli(
        *("impact", "examples", "--as-of", AS_OF, "--format", "json", "--lang", "en"), cwd=ROOT
    )
    users = json.loads(impact.stdout)["users"]
    data = _data_strings(audit_json()) | {u[k] for u in users for k in ("consumer", "product")}
    same_words = {en for key, (en, da) in MESSAGES.items() if en == da}
    # Texts whose words are all data (ids, names, legal references), numbers or symbols.
    data_words = {w for s in data for w in re.findall(r"[^\W\d_]+", s)} | {"indberet"}
    untranslated = []
    for words in set(danish.texts) & set(english.texts):
        if words in data or words in same_words:
            continue
        letters = re.findall(r"[^\W\d_]+", words)
        if all(word in data_words or word in {"IND", "VURD", "DKK"} for word in letters):
            continue
        untranslated.append(words)
    assert untranslated == []


def test_html_bytes_are_the_page_encoded(tmp_path: Path) -> None:
    """The command line writes the page a piece at a time: the same bytes as the text."""
    from indberet import api
    from indberet.render import html
    from indberet.render.report import PruningReport, encoded

    for source, target in (("examples", "44%"), (str(HOSTILE), "50%")):
        audited = api.audit(source, as_of=AS_OF, cache_dir=tmp_path / "cache")
        planned = api.plan(audited, target=target, lang="da")
        for document in (
            PruningReport(audited.report),
            PruningReport(audited.report, planned.plan),
        ):
            page = html.report(document, "da")
            assert encoded(document, "html", "da") == page.encode("utf-8")
            assert html.report_bytes(document, "en") == html.report(document, "en").encode()
            assert page.endswith("</footer></body></html>\n")
