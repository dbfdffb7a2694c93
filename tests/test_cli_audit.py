"""Functional tests of `indberet audit`, `explain` and `rules` on the bundled examples.

Goldens live in tests/golden/; INDBERET_UPDATE_GOLDENS=1 rewrites them after a deliberate
change. The audit date is pinned so that ages do not drift with the calendar.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sys
from contextlib import redirect_stdout
from pathlib import Path

import jsonschema
import pytest

from indberet.core.rules import RULES
from indberet.read.schema import schema
from tests.conftest import EXAMPLES, FIXTURES, ROOT, TESTS, check_golden, run_cli, run_process

GOLDEN = TESTS / "golden"
AS_OF = "2026-11-26"
BASE = ("audit", "examples", "--as-of", AS_OF)


@pytest.mark.parametrize("lang", ["en", "da"])
@pytest.mark.parametrize(
    ("fmt", "suffix"), [("table", "txt"), ("json", "json"), ("csv", "csv"), ("markdown", "md")]
)
def test_audit_golden(fmt: str, suffix: str, lang: str) -> None:
    run = run_cli(*BASE, "--format", fmt, "--lang", lang, cwd=ROOT)
    assert run.code == 0, run.stderr
    check_golden(run.stdout, GOLDEN / f"audit.{lang}.{suffix}")


def test_json_matches_its_published_schema() -> None:
    run = run_cli(*BASE, "--format", "json", cwd=ROOT)
    report = json.loads(run.stdout)
    jsonschema.validate(report, schema("report"), format_checker=jsonschema.FormatChecker())
    assert report["summary"]["fields_before"] == 82
    assert report["illustrative"] is True


def test_json_totals_equal_the_sum_of_the_sets() -> None:
    report = json.loads(run_cli(*BASE, "--format", "json", cwd=ROOT).stdout)
    sets = report["sets"]
    assert sum(s["summary"]["fields_removed"] for s in sets) == report["summary"]["fields_removed"]
    total_hours = sum(s["summary"]["burden_before"]["hours"]["low"] for s in sets)
    assert total_hours == pytest.approx(report["summary"]["burden_before"]["hours"]["low"], abs=0.1)


def test_csv_has_one_row_per_field_with_numbers() -> None:
    rows = list(csv.DictReader(io.StringIO(run_cli(*BASE, "--format", "csv", cwd=ROOT).stdout)))
    assert len(rows) == 82
    assert {row["verdict"] for row in rows} == {"KEEP", "REMOVE", "DERIVE", "MERGE", "REVIEW"}
    float(rows[0]["hours_low"])


def test_rich_table_colours_verdicts_on_a_terminal() -> None:
    run = run_cli(*BASE, "--format", "rich", cwd=ROOT)
    assert "\x1b[" in run.stdout
    assert "REMOVE" in run.stdout and "All sets" in run.stdout


def test_piped_default_is_plain_text() -> None:
    run = run_cli(*BASE, cwd=ROOT)
    assert "\x1b[" not in run.stdout
    assert run.stdout == run_cli(*BASE, "--format", "table", cwd=ROOT).stdout


def test_language_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INDBERET_LANG", "da")
    assert "\nI alt " in run_cli(*BASE, cwd=ROOT).stdout


def test_output_file_is_written_and_never_over_an_input(tmp_path: Path) -> None:
    target = tmp_path / "audit.json"
    run = run_cli(*BASE, "--format", "json", "-o", str(target), cwd=ROOT)
    assert run.code == 0 and run.stdout == ""
    assert json.loads(target.read_text())["schema_version"] == 1
    victim = EXAMPLES / "anbringelser.yaml"
    before = victim.read_bytes()
    run = run_cli(*BASE, "-o", str(victim), cwd=ROOT)
    assert run.code == 2
    assert "cannot write a .yaml file" in run.stderr  # refused before it is even audited
    run = run_cli(*BASE, "--format", "json", "-o", str(EXAMPLES / "usage-log.csv"), cwd=ROOT)
    assert run.code == 2  # the suffix contradicts the format
    run = run_cli(*BASE, "-o", str(EXAMPLES / "usage-log.csv"), "--usage", "examples/usage-log.csv")
    assert run.code == 2
    assert "one of the inputs" in run.stderr
    assert victim.read_bytes() == before


def test_invalid_input_is_exit_2_with_located_errors() -> None:
    run = run_cli("audit", str(FIXTURES / "invalid" / "unknown-key.yaml"))
    assert run.code == 2
    assert re.search(r"unknown-key\.yaml:9:5: IND021", run.stderr)


def test_bad_as_of_is_a_usage_error() -> None:
    run = run_cli("audit", "examples", "--as-of", "26-11-2026", cwd=ROOT)
    assert run.code == 2
    assert "YYYY-MM-DD" in run.stderr


def test_unknown_profile_is_an_input_error() -> None:
    run = run_cli("audit", "examples", "--profile", "nope", cwd=ROOT)
    assert run.code == 2
    assert "IND008" in run.stderr and "default" in run.stderr


def test_profile_file_with_an_error_is_located(tmp_path: Path) -> None:
    profile = tmp_path / "p.yaml"
    text = (
        (ROOT / "src" / "indberet" / "profiles" / "default.yaml")
        .read_text()
        .replace("half_life_years: 2", "half_life: 2")
    )
    profile.write_text(text)
    run = run_cli("audit", "examples", "--profile", str(profile), cwd=ROOT)
    assert run.code == 2
    assert f"{profile}:" in run.stderr and "IND021" in run.stderr


def test_explain_golden() -> None:
    run = run_cli("explain", "anbringelser.anledning", "examples", "--as-of", AS_OF, cwd=ROOT)
    assert run.code == 0, run.stderr
    check_golden(run.stdout, GOLDEN / "explain.en.txt")
    for rule in RULES:
        assert rule.CODE in run.stdout


def test_explain_json_and_danish() -> None:
    run = run_cli(
        "explain",
        "anbringelser.startdato_anbringelse",
        "examples",
        "--as-of",
        AS_OF,
        "--format",
        "json",
        cwd=ROOT,
    )
    document = json.loads(run.stdout)
    assert document["field"]["verdict"] == "MERGE"
    assert document["field"]["twin"] == "anbringelser.anbringelsesdato"
    fired = {r["code"] for r in document["rules"] if r["fired"]}
    assert "IND105" in fired
    danish = run_cli(
        "explain", "anbringelser.anledning", "examples", "--as-of", AS_OF, "--lang", "da", cwd=ROOT
    )
    assert "Anbefaling: VURDER" in danish.stdout


def test_explain_unknown_field_suggests() -> None:
    run = run_cli("explain", "anbringelser.anledningen", "examples", cwd=ROOT)
    assert run.code == 2
    assert "anbringelser.anledning" in run.stderr


def test_rules_lists_every_rule_with_profile_state() -> None:
    run = run_cli("rules", "--profile", "sanering-2017")
    assert run.code == 0, run.stderr  # it stopped at IND108 with a KeyError, exit 3
    lines = run.stdout.splitlines()
    assert [line.split()[0] for line in lines] == [rule.CODE for rule in RULES]
    assert "IND106  off" in run.stdout
    assert "below=0.2" in run.stdout


def test_rules_shows_one_rules_documentation() -> None:
    run = run_cli("rules", "IND102")
    assert run.stdout.startswith("IND102 process-data")
    assert "aspect: process" in run.stdout


def test_the_cli_gives_the_cycle_collector_back_to_an_in_process_caller() -> None:
    import gc

    assert gc.isenabled()
    assert run_cli("validate", str(EXAMPLES)).code == 0
    assert gc.isenabled()


def test_the_console_script_writes_everything_before_it_exits_without_freeing() -> None:
    """``run`` ends the process with os._exit: the output must be flushed, whole."""
    args = ("audit", str(EXAMPLES), "--as-of", "2026-11-26", "--no-cache")
    for fmt in ("json", "table"):
        as_process = run_process(*args, "--format", fmt)
        in_process = run_cli(*args, "--format", fmt)
        assert as_process.code == 0
        assert as_process.stdout == in_process.stdout and len(as_process.stdout) > 1000
    failed = run_process("audit", str(FIXTURES / "invalid"), "--no-cache")
    assert failed.code == 2 and "IND" in failed.stderr
    assert run_process("--version").stdout.startswith("indberet")


def test_what_a_command_retains_is_freed_for_an_in_process_caller() -> None:
    from indberet.cli import main as cli

    assert run_cli("audit", str(EXAMPLES), "--format", "json", "--no-cache").code == 0
    assert cli._RETAINED == []


def test_the_console_script_leaves_the_collector_off_and_the_audit_allocated(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``run`` ends the process: turning the collector back on, or freeing the audit, would
    only cost time (a collection over every object of a large audit)."""
    import gc

    from indberet.cli import main as cli

    class Exited(Exception):
        pass

    seen: dict[str, object] = {}

    def exit_now(code: int) -> None:
        seen.update(code=code, collecting=gc.isenabled(), retained=len(cli._RETAINED))
        raise Exited

    monkeypatch.setattr(cli.os, "_exit", exit_now)
    argv = ["indberet", "audit", str(EXAMPLES), "--format", "json", "--no-cache"]
    monkeypatch.setattr(sys, "argv", argv)
    try:
        with pytest.raises(Exited), redirect_stdout(io.StringIO()):
            cli.run()
    finally:
        gc.enable()
        cli._RETAINED.clear()
    # the report, and what its search was given (the JSON audit's record of it)
    assert seen == {"code": 0, "collecting": False, "retained": 2}


@pytest.mark.parametrize(
    ("name", "starts"),
    [("a.json", b"{"), ("a.csv", b"set,field"), ("a.md", b"# "), ("a.txt", b"anbringelser")],
)
def test_the_output_suffix_chooses_the_format(tmp_path: Path, name: str, starts: bytes) -> None:
    # `audit -o a.json` wrote the plain-text table into the .json file, exit 0.
    target = tmp_path / name
    run = run_cli(*BASE, "-o", str(target), cwd=ROOT)
    assert run.code == 0, run.stderr
    assert target.read_bytes().startswith(starts)
    if name == "a.json":
        json.loads(target.read_text("utf-8"))


def test_a_suffix_audit_cannot_write_or_that_contradicts_format_is_refused(
    tmp_path: Path,
) -> None:
    sheet = tmp_path / "a.xlsx"
    run = run_cli(*BASE, "-o", str(sheet), cwd=ROOT)
    assert run.code == 2 and not sheet.exists()
    assert "indberet report" in run.stderr
    mixed = tmp_path / "a.json"
    run = run_cli(*BASE, "--format", "csv", "-o", str(mixed), cwd=ROOT)
    assert run.code == 2 and not mixed.exists()


def test_explain_lists_the_uses_of_the_usage_log_too() -> None:
    # `explain F --usage log.csv` said "Uses: none recorded" while its rules counted the log.
    run = run_cli(
        "explain", "anbringelser.handlekommune", "examples",
        "--usage", "examples/usage-log.csv", "--as-of", AS_OF, cwd=ROOT,
    )  # fmt: skip
    assert run.code == 0, run.stderr
    assert "årlig opdatering af anbringelsestabellerne), last 2026-06-25" in run.stdout


def test_audit_help_states_the_exit_code_it_gives_for_invalid_definitions(tmp_path: Path) -> None:
    # --help said invalid definitions give exit 1; audit gives 2.
    help_text = run_cli("audit", "--help").stdout
    bad = tmp_path / "bad.yaml"
    bad.write_text("indberet: 1\nid: x\n", encoding="utf-8")
    assert run_cli("audit", str(bad)).code == 2
    assert "invalid definitions for the commands that audit them" in " ".join(help_text.split())


def test_regenerating_a_golden_never_passes_silently(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tests.conftest as conftest

    golden = tmp_path / "g.txt"
    golden.write_text("old\n", encoding="utf-8")
    monkeypatch.setattr(conftest, "UPDATE_GOLDENS", True)
    with pytest.raises(pytest.fail.Exception, match="rewritten"):
        conftest.check_golden("new\n", golden)
    assert golden.read_text(encoding="utf-8") == "new\n"
    conftest.check_golden("new\n", golden)  # unchanged: passes
    monkeypatch.setattr(conftest, "UPDATE_GOLDENS", False)
    with pytest.raises(AssertionError):
        conftest.check_golden("newer\n", golden)


def test_a_warning_is_said_once_whatever_the_output(tmp_path: Path) -> None:
    # examples/real is passed over (IND009): the plain table on standard output ends with
    # the note, so standard error does not say it again; written to a file, or as JSON,
    # standard error says it. The same from the remembered output of a second run.
    cache = str(tmp_path / "cache")
    common = ("audit", "examples/", "--as-of", AS_OF, "--cache-dir", cache)
    for _ in range(2):
        table = run_cli(*common, cwd=ROOT)
        assert table.code == 0, table.stderr
        assert table.stdout.count("IND009") == 1 and "IND009" not in table.stderr
        written = run_cli(*common, "-o", str(tmp_path / "audit.txt"), cwd=ROOT)
        assert written.code == 0 and written.stderr.count("IND009") == 1
        as_json = run_cli(*common, "--format", "json", cwd=ROOT)
        assert as_json.code == 0 and as_json.stderr.count("IND009") == 1
