"""Functional tests: the real CLI on fixture files, compared with golden outputs.

Each entry under fixtures/invalid/ (a file, or a directory for problems that span files)
has a golden NAME.expected holding the exact output and the exit code. Adding a case is
adding a file; INDBERET_UPDATE_GOLDENS=1 writes the golden for a new one.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, FIXTURES, check_golden, run_cli, run_process

INVALID = sorted(p for p in (FIXTURES / "invalid").iterdir() if p.suffix != ".expected")
# Input errors (exit 2): not text, or no document in it. Every other fixture: findings (1).
UNUSABLE = {"binary", "comments-only", "empty", "latin1", "utf16"}
LINE = re.compile(r"^(?P<path>[^:\s]+)(:(?P<line>\d+):(?P<col>\d+))?: (?P<code>IND\d{3}) \S")


@pytest.mark.parametrize("case", INVALID, ids=lambda p: p.stem)
def test_invalid_fixture_matches_golden(case: Path) -> None:
    relative = case.relative_to(FIXTURES).as_posix()
    run = run_cli("validate", relative, cwd=FIXTURES)
    check_golden(f"{run.stdout}exit: {run.code}\n", case.with_name(case.stem + ".expected"))
    assert run.code == (2 if case.stem in UNUSABLE else 1)
    assert "Traceback" not in run.stdout + run.stderr


@pytest.mark.parametrize("case", INVALID, ids=lambda p: p.stem)
def test_every_problem_is_located_and_has_a_hint(case: Path) -> None:
    run = run_cli("validate", "--format", "json", str(case))
    report = json.loads(run.stdout)
    assert not report["valid"]
    assert report["diagnostics"]
    for item in report["diagnostics"]:
        assert re.fullmatch(r"IND\d{3}", item["code"])
        assert item["path"].startswith(str(case))
        assert item["hint"], item
        if item["severity"] != "input":
            assert item["line"] >= 1 and item["column"] >= 1, item


def test_text_lines_have_path_line_col_code() -> None:
    run = run_cli("validate", str(FIXTURES / "invalid"))
    problem_lines = [
        line for line in run.stdout.splitlines() if not line.startswith("    ") and "IND" in line
    ]
    assert len(problem_lines) > 20
    for line in problem_lines:
        assert LINE.match(line), line


def test_all_problems_in_all_files_in_one_run() -> None:
    # named one by one: found in a folder, a file without 'indberet:' would be passed over
    run = run_cli("validate", *(str(p) for p in sorted((FIXTURES / "invalid").iterdir())))
    codes = set(re.findall(r": (IND\d{3}) ", run.stdout))
    expected = {f"IND{n:03d}" for n in (3, 4, 5, 10, 11, 12, 13, 14, 15, 16, 20, 21, 22)}
    expected |= {"IND030", "IND031", "IND033", "IND034", "IND035", "IND036"}
    assert expected <= codes
    assert run.code == 2  # unreadable files among them make it an input error


def test_valid_fixtures_pass() -> None:
    run = run_cli("validate", str(FIXTURES / "valid"))
    assert run.code == 0, run.stdout
    assert run.stdout.startswith("ok: 3 requirement sets")


def test_examples_are_valid() -> None:
    run = run_cli("validate", str(EXAMPLES))
    assert run.code == 0, run.stdout
    assert run.stdout.startswith("ok: 4 requirement sets")


def test_missing_path_is_an_input_error() -> None:
    run = run_cli("validate", "no/such/dir")
    assert run.code == 2
    assert "no/such/dir: IND001" in run.stdout


def test_empty_directory_is_an_input_error(tmp_path: Path) -> None:
    run = run_cli("validate", str(tmp_path))
    assert run.code == 2
    assert "IND006" in run.stdout


def test_bad_option_is_a_usage_error() -> None:
    run = run_cli("validate", "--no-such-option", str(EXAMPLES))
    assert run.code == 2
    assert "No such option" in run.stderr


def test_no_path_is_a_usage_error() -> None:
    run = run_cli("validate")
    assert run.code == 2
    assert "no PATH given" in run.stderr  # and how to set paths in indberet.toml


def test_danish_messages() -> None:
    run = run_cli("validate", "--lang", "da", str(FIXTURES / "invalid" / "unknown-key.yaml"))
    assert "ukendt nøgle 'minuts' i feltet 'a'" in run.stdout
    assert "råd: mente du 'minutes'?" in run.stdout


def test_json_output_is_stable_and_versioned() -> None:
    first = run_cli("validate", "--format", "json", str(FIXTURES / "invalid"))
    second = run_cli("validate", "--format", "json", str(FIXTURES / "invalid"))
    assert first.stdout == second.stdout
    report = json.loads(first.stdout)
    assert report["schema_version"] == 1
    paths = [(d["path"], d["line"], d["column"]) for d in report["diagnostics"]]
    assert paths == sorted(paths)


def test_console_script_runs_as_a_process() -> None:
    run = run_process("validate", str(FIXTURES / "invalid" / "unknown-key.yaml"))
    assert run.code == 1
    assert "unknown-key.yaml:9:5: IND021 unknown key 'minuts'" in run.stdout


def test_version_and_help() -> None:
    assert run_cli("--version").stdout.startswith("indberet, version ")
    help_text = run_cli("--help").stdout
    assert "validate" in help_text and "Exit codes" in help_text


def test_schema_command_prints_every_kind() -> None:
    kinds = run_cli("schema").stdout.split()
    assert {"requirement-set", "registers", "usage-log"} <= set(kinds)
    for kind in kinds:
        printed = json.loads(run_cli("schema", kind).stdout)
        assert printed["$schema"].startswith("https://json-schema.org/")


def test_schema_command_rejects_unknown_kind() -> None:
    run = run_cli("schema", "nope")
    assert run.code == 2
    assert "unknown schema kind 'nope'" in run.stderr


def test_inputs_are_not_modified() -> None:
    before = {p: p.read_bytes() for p in (FIXTURES / "invalid").rglob("*") if p.is_file()}
    run_cli("validate", str(FIXTURES / "invalid"))
    after = {p: p.read_bytes() for p in (FIXTURES / "invalid").rglob("*") if p.is_file()}
    assert before == after


def test_a_folder_with_its_own_catalogue_mark_is_passed_over_with_a_note(tmp_path: Path) -> None:
    # examples/real holds indberet.toml: `validate examples/` must not mix it in, and say so.
    run = run_cli("validate", str(EXAMPLES))
    assert run.code == 0
    assert "IND009" in run.stdout and "examples/real" in run.stdout
    own = run_cli("validate", str(EXAMPLES / "real"))
    assert own.code == 0, own.stdout
    # its Statistikbanken mapping (statbank/mapping.yaml) is checked and noted, not a set
    note, ok = own.stdout.splitlines()
    assert "statbank/mapping.yaml: a Statistikbanken mapping" in note
    assert ok.startswith("ok: 4 requirement sets")
    # and an ordinary subfolder is still searched
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "set.yaml").write_bytes((EXAMPLES / "underretninger.yaml").read_bytes())
    assert run_cli("validate", str(tmp_path)).stdout.startswith("ok: 1 requirement set with")
    (tmp_path / "sub" / "indberet.toml").write_text("[indberet]\n")
    passed_over = run_cli("validate", str(tmp_path))
    assert passed_over.code == 2 and "IND009" in passed_over.stdout + passed_over.stderr
