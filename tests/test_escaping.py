"""What comes from the data reaches people as text, in every format (issue 16).

A requirement set whose names hold control characters, terminal escape sequences, line
breaks followed by GitHub workflow commands, Markdown links and images, characters XML
cannot hold and formula starts hidden behind a carriage return or blanks; and a file whose
name is not UTF-8. Each format is produced by the real CLI, mostly as a separate process
(the bytes it writes are what a terminal, a CI log or a spreadsheet gets).
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass
from pathlib import Path

import jsonschema
import pytest

from indberet.render import safe
from indberet.render.csvfmt import HEADER
from tests.conftest import TESTS, run_cli
from tests.test_report import parse

AS_OF = "2026-11-26"

# Double-quoted YAML escapes keep this file plain ASCII; the loader makes them the
# characters named.
HOSTILE = r"""indberet: 1
id: ond
name: "Ond \e]0;vindue\a statistik"
receiver: Danmarks Statistik
reports_per_year: 1000
source: test
fields:
  - id: cr
    name: "\r=1+2"
    type: number
    minutes: 2
  - id: blank
    name: " \t=2+3"
    type: number
    minutes: 2
  - id: markup
    name: "<img src=x onerror=alert(1)> [klik](https://evil.example)
      ![](https://evil.example/p.png)"
    type: text
    minutes: 1
    mandated_by: "lov\n::error file=README.md::forfalsket"
  - id: esc
    name: "\e[2J\e[Hryddet \e]0;titel\a \x9b31m"
    type: text
    minutes: 1
    mandated_by: "\e[2J [link=https://evil.example]lnk[/link] \e]0;titel\a"
  - id: nl
    name: "linje1\n::error file=README.md,line=1::falsk"
    type: text
    minutes: 1
  - id: xml
    name: "a\uFFFEb\uFFFFc\x0bd\0e\u202ef"
    type: text
    minutes: 1
"""
FIELDS = ("cr", "blank", "markup", "esc", "nl", "xml")
# What a terminal would act on: any escape sequence, BEL, C1 controls (CSI as one byte).
TERMINAL_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


@dataclass
class Done:
    code: int
    stdout: bytes
    stderr: bytes

    def out(self) -> str:
        """Standard output; it must be UTF-8."""
        return self.stdout.decode("utf-8")

    def err(self) -> str:
        return self.stderr.decode("utf-8")


def indberet(*args: str | bytes, cwd: Path, env: dict[str, str] | None = None) -> Done:
    """``python -m indberet ARGS`` as a process, with the bytes it writes."""
    done = subprocess.run(
        [sys.executable, "-m", "indberet", *args],
        capture_output=True,
        cwd=cwd,
        timeout=120,
        env={**os.environ, "INDBERET_LANG": "en", **(env or {})},
        check=False,
    )
    return Done(done.returncode, done.stdout, done.stderr)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "ond.yaml").write_text(HOSTILE, encoding="utf-8")
    return tmp_path


def no_data_line(text: str) -> None:
    """No line of ``text`` is a GitHub workflow command the data wrote."""
    for line in text.splitlines():
        assert not line.lstrip().startswith(("::error file=README.md", "::warning::")), line


# --- the shared rules -------------------------------------------------------------------


def test_visible_writes_every_control_character_as_an_escape() -> None:
    assert safe.visible("a\x1b[2Jb\x07\x9b\x7f") == "a\\x1b[2Jb\\x07\\x9b\\x7f"
    assert safe.one_line("x\r\n::error::y\tz") == "x\\r\\n::error::y\\tz"
    assert safe.visible("x\ny\tz\r", keep="\t\n") == "x\ny\tz\\r"
    assert safe.visible("\u2028\u202e\ufffe\uffff") == "\\u2028\\u202e\\ufffe\\uffff"
    assert safe.visible("Ærø § 1 – “ok” 😀") == "Ærø § 1 – “ok” 😀"


def test_undecodable_bytes_of_a_file_name_are_shown_as_bytes() -> None:
    name = b"\xff\xfe.yaml".decode("utf-8", "surrogateescape")
    assert safe.path_text(name) == "\\xff\\xfe.yaml"
    assert safe.one_line(name) == "\\xff\\xfe.yaml"
    assert safe.path_text("a\ud800") == "a\\ud800"
    assert safe.path_text("børn.yaml") == "børn.yaml"


@pytest.mark.parametrize(
    ("value", "formula"),
    [
        ("=1+2", True),
        ("@SUM(A1)", True),
        ("\t=1", True),
        ("\r=1", True),
        (" =1+2", True),
        (" \t\n-3", True),
        ("\u00a0+4", True),
        ("a=1", False),
        ("\\r=1+2", False),
        ("", False),
    ],
)
def test_formula_starts_are_found_past_leading_blanks(value: str, formula: bool) -> None:
    assert safe.formula_like(value) is formula


# --- CSV and XLSX -------------------------------------------------------------------------


def test_csv_carriage_return_cannot_start_a_row_nor_hide_a_formula(folder: Path) -> None:
    done = indberet("audit", "ond.yaml", "--as-of", AS_OF, "--format", "csv", cwd=folder)
    assert done.code == 0, done.err()
    text = done.out()
    assert "\r" not in text and not TERMINAL_CONTROL.search(text.replace("\t", "")), text
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert len(rows) == 1 + len(FIELDS), rows
    assert all(len(row) == len(HEADER) for row in rows), rows
    names = {row[1]: row[2] for row in rows[1:]}
    assert names["cr"] == "\\r=1+2"
    assert names["blank"] == "' \t=2+3"
    assert names["esc"] == "\\x1b[2J\\x1b[Hryddet \\x1b]0;titel\\x07 \\x9b31m"
    assert names["nl"] == "linje1\n::error file=README.md,line=1::falsk"  # quoted, one cell
    for row in rows[1:]:
        for cell in row:
            assert not cell.lstrip().startswith(("=", "+", "-", "@")), cell


def test_xlsx_with_characters_xml_cannot_hold_opens(folder: Path) -> None:
    import openpyxl

    out = folder / "r.xlsx"
    done = indberet(
        "report", "ond.yaml", "--as-of", AS_OF, "--lang", "en", "-o", str(out), cwd=folder
    )
    assert done.code == 0, done.err()
    with zipfile.ZipFile(out) as archive:
        for name in archive.namelist():
            if name.endswith(".xml"):
                ET.fromstring(archive.read(name))  # well-formed, every part
    workbook = openpyxl.load_workbook(out)
    cells = {
        cell.value: cell
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, str)
    }
    assert "a\\ufffeb\\uffffc\\x0bd\\x00e\\u202ef" in cells
    assert cells[" \t=2+3"].quotePrefix
    assert "\\r=1+2" in cells
    assert not any(TERMINAL_CONTROL.search(value.replace("\n", "")) for value in cells)


# --- Markdown and the GitHub step summary -------------------------------------------------


def rendered(markdown: str) -> str:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(markdown)


def assert_inert_markdown(markdown: str) -> None:
    page = parse(rendered(markdown))
    assert not {tag for tag, _ in page.tags} & {"img", "a", "script"}, page.tags
    texts = " ".join(page.texts)
    assert "<img src=x onerror=alert(1)> [klik](https://evil.example)" in texts
    assert "![](https://evil.example/p.png)" in texts
    assert "\\x1b]0;titel\\x07" in texts
    assert not TERMINAL_CONTROL.search(markdown)


def test_markdown_diff_shows_names_as_text(folder: Path) -> None:
    old, new = folder / "old", folder / "new"
    old.mkdir()
    new.mkdir()
    head = HOSTILE.split("fields:\n")[0]
    (old / "ond.yaml").write_text(
        head + "fields:\n  - id: k\n    name: k\n    type: text\n    minutes: 1\n"
    )
    shutil.move(folder / "ond.yaml", new / "ond.yaml")
    done = indberet("diff", "old", "new", "--as-of", AS_OF, "--format", "markdown", cwd=folder)
    assert done.code == 0, done.err()
    assert_inert_markdown(done.out())


GIT = ("git", "-c", "user.name=t", "-c", "user.email=t@t.invalid", "-c", "commit.gpgsign=false")


def git(repo: Path, *args: str) -> None:
    subprocess.run(
        [*GIT, *args],
        cwd=repo,
        check=True,
        capture_output=True,
    )


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_github_annotations_and_step_summary_keep_the_data_in_its_place(
    folder: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    repo = folder / "repo"
    (repo / "reqs").mkdir(parents=True)
    git(repo, "init", "-q")
    head = HOSTILE.split("fields:\n")[0]
    (repo / "reqs" / "ond.yaml").write_text(
        head + "fields:\n  - id: k\n    name: k\n    type: text\n    minutes: 1\n"
    )
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "base")
    (repo / "reqs" / "ond.yaml").write_text(HOSTILE)
    summary = tmp_path_factory.mktemp("summary") / "summary.md"
    args = ("check", "reqs", "--base", "HEAD", "--as-of", AS_OF)
    env = {"GITHUB_STEP_SUMMARY": str(summary)}
    done = indberet(*args, "--format", "github", cwd=repo, env=env)
    assert done.code == 1, done.err()
    no_data_line(done.out())
    no_data_line(done.err())
    assert not TERMINAL_CONTROL.search(done.out() + done.err())
    annotations = [line for line in done.out().splitlines() if line.startswith("::")]
    assert any("named by law: lov\\n::error file=README.md::forfalsket" in x for x in annotations)
    assert_inert_markdown(summary.read_text(encoding="utf-8"))
    markdown = indberet(*args, "--format", "markdown", cwd=repo)
    assert markdown.code == 1, markdown.err()
    assert_inert_markdown(markdown.out())


# --- lines for people: text, standard error, explain, the terminal table ------------------


def test_check_text_prints_no_line_the_data_begins(folder: Path) -> None:
    done = indberet("check", "ond.yaml", "--as-of", AS_OF, "--format", "text", cwd=folder)
    assert done.code == 1, done.err()
    no_data_line(done.out())
    assert "named by law: lov\\n::error file=README.md::forfalsket" in done.out()


def test_diagnostics_on_standard_error_are_one_line_each(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text(
        "indberet: 1\nid: ond\nname: x\nreports_per_year: 1\nfields:\n"
        "  - id: a\n    name: a\n    minutes: 1\n"
        '    type: "tekst\\n::error file=README.md::falsk \\e]0;titel\\a"\n'
        '    "ukendt\\n::warning::nøgle\\e[2J": 1\n',
        encoding="utf-8",
    )
    done = indberet("audit", "bad.yaml", "--as-of", AS_OF, cwd=tmp_path)
    assert done.code == 2
    errors = done.err()
    no_data_line(errors)
    assert not TERMINAL_CONTROL.search(errors)
    lines = errors.splitlines()
    assert all(line.startswith(("bad.yaml:", "    hint: ")) for line in lines), lines
    assert '"tekst\\n::error file=README.md::falsk \\x1b]0;titel\\x07"' in errors
    assert "'ukendt\\n::warning::nøgle\\x1b[2J'" in errors
    validated = indberet("validate", "bad.yaml", cwd=tmp_path)
    assert validated.code == 1
    no_data_line(validated.out())


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_input_errors_on_standard_error_are_one_line_each(folder: Path) -> None:
    git(folder, "init", "-q")
    base = "nope\n::error file=README.md::falsk\x1b[2J"
    done = indberet("check", "ond.yaml", "--base", base, "--as-of", AS_OF, cwd=folder)
    assert done.code == 2
    no_data_line(done.err())
    assert not TERMINAL_CONTROL.search(done.err())
    assert "'nope\\n::error file=README.md::falsk\\x1b[2J'" in done.err()


def test_explain_sends_the_terminal_no_escape_sequence(folder: Path) -> None:
    done = indberet("explain", "ond.esc", "ond.yaml", "--as-of", AS_OF, cwd=folder)
    assert done.code == 0, done.err()
    assert not TERMINAL_CONTROL.search(done.out())
    assert "\\x1b[2J\\x1b[Hryddet \\x1b]0;titel\\x07 \\x9b31m" in done.out()


@pytest.mark.parametrize("output_format", ["rich", "table"])
def test_audit_tables_send_the_terminal_only_colours(folder: Path, output_format: str) -> None:
    run = run_cli("audit", "ond.yaml", "--as-of", AS_OF, "--format", output_format, cwd=folder)
    assert run.code == 0, run.stderr
    colours = re.sub("\x1b\\[[0-9;]*m", "", run.stdout)  # rich's own colours, nothing else
    assert not TERMINAL_CONTROL.search(colours.replace("\n", "")), colours
    assert "[/link]" in colours  # console markup shown, not made a hyperlink
    assert "Ond \\x1b]0;vindue\\x07 statistik" in colours
    no_data_line(colours)


# --- a file name that is not UTF-8 ------------------------------------------------------------


@pytest.fixture
def undecodable(tmp_path: Path) -> Path:
    folder = tmp_path / "defs"
    folder.mkdir()
    name = os.path.join(os.fsencode(folder), b"\xff.yaml")
    try:
        with open(name, "wb") as handle:
            handle.write((TESTS / "fixtures" / "report" / "hostile.yaml").read_bytes())
    except OSError:  # pragma: no cover - a file system that only takes UTF-8 names
        pytest.skip("this file system refuses a name that is not UTF-8")
    return tmp_path


SHOWN = "defs/\\xff.yaml"


def test_undecodable_name_in_json_and_sarif(undecodable: Path) -> None:
    audit = indberet("audit", "defs", "--as-of", AS_OF, "--format", "json", cwd=undecodable)
    assert audit.code == 0, audit.err()
    assert json.loads(audit.out())["files"] == [SHOWN]
    check = indberet("check", "defs", "--as-of", AS_OF, "--format", "json", cwd=undecodable)
    assert check.code == 1, check.err()
    assert {f["path"] for f in json.loads(check.out())["findings"]} == {SHOWN}
    sarif = indberet("check", "defs", "--as-of", AS_OF, "--format", "sarif", cwd=undecodable)
    assert sarif.code == 1, sarif.err()
    log = json.loads(sarif.out())
    schema = json.loads((TESTS / "data" / "sarif-schema-2.1.0.json").read_text("utf-8"))
    jsonschema.Draft4Validator(schema).validate(log)
    uris = {
        location["physicalLocation"]["artifactLocation"]["uri"]
        for result in log["runs"][0]["results"]
        for location in result["locations"]
    }
    assert uris == {"defs/%FF.yaml"}


def test_undecodable_name_in_junit_and_text(undecodable: Path) -> None:
    junit = indberet("check", "defs", "--as-of", AS_OF, "--format", "junit", cwd=undecodable)
    assert junit.code == 1, junit.err()
    files = {case.get("file") for case in ET.fromstring(junit.stdout).iter("testcase")}
    assert files == {SHOWN}
    # GitLab's report is JSON, where the backslash itself is escaped
    shown = {"text": SHOWN, "github": SHOWN, "markdown": SHOWN}
    shown["gitlab"] = SHOWN.replace("\\", "\\\\")
    for output_format, name in shown.items():
        done = indberet(
            "check", "defs", "--as-of", AS_OF, "--format", output_format, cwd=undecodable
        )
        assert done.code == 1, (output_format, done.err())
        assert name in done.out(), output_format


@pytest.mark.parametrize("suffix", ["html", "md", "json", "xlsx"])
def test_undecodable_name_in_reports(undecodable: Path, suffix: str) -> None:
    out = undecodable / f"r.{suffix}"
    done = indberet(
        "report", "defs", "--as-of", AS_OF, "--lang", "en", "-o", str(out), cwd=undecodable
    )
    assert done.code == 0, done.err()
    if suffix == "xlsx":
        import openpyxl

        openpyxl.load_workbook(out)
        return
    text = out.read_text(encoding="utf-8")
    if suffix == "html":
        assert parse(text).errors == []
        assert SHOWN in text
    elif suffix == "json":
        assert json.loads(text)["files"] == [SHOWN]
    else:
        assert SHOWN.replace("\\", "\\\\") in text
