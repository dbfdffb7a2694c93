"""The Python API, called as a user would: ``indberet.audit("examples/")`` and the rest.

Its results' ``to_dict()`` must be the JSON the command line writes for the same inputs;
bad input must raise :class:`indberet.IndberetError` with located diagnostics; nothing may
be printed, cached or kept between calls.
"""

from __future__ import annotations

import dataclasses
import io
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from contextlib import redirect_stdout
from pathlib import Path
from typing import Any

import pytest

import indberet
from indberet.api import Observer
from tests.conftest import ROOT, run_cli

AS_OF = "2026-11-26"
DOCS = ROOT / "docs" / "api.md"


@pytest.fixture(autouse=True)
def _in_the_repository(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Paths as a user at the root of the repository writes them (the CLI's are the same)."""
    monkeypatch.chdir(ROOT)
    yield


def cli_json(*args: str, code: int = 0) -> dict[str, Any]:
    run = run_cli(*args, "--format", "json", cwd=ROOT)
    assert run.code == code, run.stderr
    document: dict[str, Any] = json.loads(run.stdout)
    return document


# --- the same documents as the command line ----------------------------------------------


@pytest.mark.parametrize(
    ("options", "arguments"),
    [
        ((), {}),
        (
            ("--profile", "sanering-2017", "--usage", "examples/usage-log.csv", "--lang", "da"),
            {"profile": "sanering-2017", "usage": ["examples/usage-log.csv"], "lang": "da"},
        ),
    ],
)
def test_audit_to_dict_is_the_json_of_the_command(
    options: tuple[str, ...], arguments: dict[str, Any]
) -> None:
    expected = cli_json("audit", "examples/", "--as-of", AS_OF, "--lang", "en", *options)
    assert indberet.audit("examples/", as_of=AS_OF, **arguments).to_dict() == expected


def test_a_field_reads_as_the_json_says() -> None:
    result = indberet.audit("examples/", as_of=AS_OF)
    document = result.to_dict()
    first = document["sets"][0]["fields"][0]
    field = result.field(first["qualified_id"])
    assert (field.verdict, field.reason, list(field.rules)) == (
        first["verdict"],
        first["reason"],
        first["rules"],
    )
    assert field.to_dict() == first
    assert result.reduction.fields_removed == document["summary"]["fields_removed"]


@pytest.mark.parametrize(
    ("options", "arguments", "code"),
    [
        (("--target", "44%"), {"target": "44%"}, 0),
        (("--target", "90%", "--include-review"), {"target": "90%", "include_review": True}, 1),
        (("--target-hours", "5.000.000"), {"hours": "5.000.000"}, 1),
    ],
)
def test_plan_to_dict_is_the_json_of_the_command(
    options: tuple[str, ...], arguments: dict[str, Any], code: int
) -> None:
    expected = cli_json("plan", "examples/", "--as-of", AS_OF, "--lang", "en", *options, code=code)
    from_paths = indberet.plan("examples/", as_of=AS_OF, **arguments)
    assert from_paths.to_dict() == expected
    assert from_paths.reached is (code == 0)
    from_audit = indberet.plan(indberet.audit("examples/", as_of=AS_OF), **arguments)
    assert from_audit.to_dict() == expected


@pytest.mark.parametrize(
    "paths",
    [
        ("examples/",),
        ("examples/", "examples/usage-log.csv"),
        ("tests/fixtures/invalid/bad-enum.yaml", "tests/fixtures/invalid/unknown-key.yaml"),
        ("tests/fixtures/invalid/binary.yaml",),
    ],
)
def test_validate_to_dict_is_the_json_of_the_command(paths: tuple[str, ...]) -> None:
    result = indberet.validate(list(paths))
    code = 2 if result.has_input_errors else 1 if result.has_errors else 0
    expected = cli_json("validate", *paths, "--lang", "en", code=code)
    assert result.to_dict() == expected
    assert [d.to_dict() for d in result.diagnostics] == expected["diagnostics"]


def test_check_to_dict_is_the_json_of_the_command() -> None:
    expected = cli_json("check", "examples/", "--as-of", AS_OF, "--lang", "en", code=1)
    result = indberet.check("examples/", as_of=AS_OF)
    assert result.to_dict() == expected
    assert not result.passed
    assert [f.fingerprint for f in result.findings] == [
        f["fingerprint"] for f in expected["findings"]
    ]


def test_report_is_the_report_of_the_command() -> None:
    run = run_cli(
        *("report", "examples/", "--as-of", AS_OF, "--lang", "da", "--format", "markdown"),
        *("--target", "44%"),
        cwd=ROOT,
    )
    assert run.code == 0, run.stderr
    written = indberet.report("examples/", as_of=AS_OF, format="md", target="44%")
    assert written == run.stdout
    workbook = indberet.report("examples/", as_of=AS_OF, format="xlsx", lang="en")
    assert isinstance(workbook, bytes) and workbook[:2] == b"PK"


def test_a_report_of_a_plan_is_the_report_with_its_target() -> None:
    result = indberet.audit("examples/", as_of=AS_OF)
    planned = indberet.plan(result, target="44%", lang="da")
    assert indberet.report(planned, format="md") == indberet.report(
        result, format="md", target="44%"
    )
    with pytest.raises(indberet.IndberetError) as raised:
        indberet.report(planned, target="10%")
    assert (raised.value.kind, raised.value.key) == ("argument", "api.plan_given")


# --- one exception, with located diagnostics ---------------------------------------------


def test_an_invalid_file_raises_with_its_located_diagnostics() -> None:
    path = "tests/fixtures/invalid/bad-enum.yaml"
    with pytest.raises(indberet.IndberetError) as raised:
        indberet.audit(path, as_of=AS_OF)
    error = raised.value
    assert error.kind == "definitions"
    located = [(d.file, d.line, d.column, d.code) for d in error.diagnostics]
    assert located == [(path, 8, 11, "IND020"), (path, 9, 13, "IND020"), (path, 13, 15, "IND020")]
    assert "'type' must be one of" in error.diagnostics[0].message
    assert error.diagnostics[0].hint == "did you mean 'text'?"
    assert f"{path}:8:11: IND020 'type' must be one of" in str(error)
    # the same problems validate reports
    assert error.diagnostics == indberet.validate(path).diagnostics


def test_a_bad_usage_log_raises_with_the_row(tmp_path: Path) -> None:
    log = tmp_path / "usage.csv"
    log.write_text(
        "set,field,consumer,product,kind,date\n"
        "anbringelser,anledning,VIVE,Kortlægning,analysis,2026-01-01\n"
        "anbringelser,anledning,VIVE,Kortlægning,gossip,2026-01-01\n",
        encoding="utf-8",
    )
    with pytest.raises(indberet.IndberetError) as raised:
        indberet.audit("examples/", as_of=AS_OF, usage=log)
    error = raised.value
    assert error.kind == "usage_log"
    assert [(d.file, d.line, d.code) for d in error.diagnostics] == [(str(log), 3, "IND040")]
    assert str(log) in error.message


def test_a_bad_profile_raises(tmp_path: Path) -> None:
    with pytest.raises(indberet.IndberetError) as raised:
        indberet.audit("examples/", profile="no-such-profile")
    assert raised.value.kind == "profile"
    assert [d.code for d in raised.value.diagnostics] == ["IND008"]
    broken = tmp_path / "profile.yaml"
    broken.write_text("indberet: 1\nprofile: broken\n", encoding="utf-8")
    with pytest.raises(indberet.IndberetError) as raised:
        indberet.audit("examples/", profile=broken)
    assert raised.value.kind == "profile"
    assert all(d.file == str(broken) and d.line > 0 for d in raised.value.diagnostics)


@pytest.mark.parametrize(
    ("arguments", "key"),
    [
        ({"target": "0.44"}, "plan.error.target_ambiguous"),
        ({"target": "44%", "hours": 100}, "plan.error.target_several"),
        ({"money": "5.000"}, "plan.error.amount_ambiguous"),
        ({}, "plan.error.target_missing"),
    ],
)
def test_a_bad_target_raises(arguments: dict[str, Any], key: str) -> None:
    with pytest.raises(indberet.IndberetError) as raised:
        indberet.plan("examples/", as_of=AS_OF, **arguments)
    assert (raised.value.kind, raised.value.key) == ("target", key)
    assert raised.value.diagnostics == ()


def test_a_money_target_for_sets_in_several_currencies_raises() -> None:
    with pytest.raises(indberet.IndberetError) as raised:
        indberet.plan("tests/fixtures/currency/", as_of=AS_OF, money=1000)
    assert (raised.value.kind, raised.value.key) == ("target", "plan.error.target_currency")


@pytest.mark.parametrize(
    ("call", "key"),
    [
        (lambda: indberet.audit("examples/", as_of="26.11.2026"), "cli.bad_date"),
        (lambda: indberet.audit("examples/", lang="de"), "api.bad_lang"),
        (lambda: indberet.audit([]), "api.no_paths"),
        (lambda: indberet.report("examples/", format="pdf"), "api.bad_format"),
        (lambda: indberet.check("examples/", fail_on="fatal"), "api.bad_fail_on"),
    ],
)
def test_a_bad_argument_raises(call: Any, key: str) -> None:
    with pytest.raises(indberet.IndberetError) as raised:
        call()
    assert (raised.value.kind, raised.value.key) == ("argument", key)


def test_a_missing_path_is_an_input_diagnostic() -> None:
    with pytest.raises(indberet.IndberetError) as raised:
        indberet.audit("no/such/folder")
    [problem] = raised.value.diagnostics
    assert (problem.file, problem.code, problem.severity) == ("no/such/folder", "IND001", "input")


# --- no printing, no state, no cache -----------------------------------------------------


def test_nothing_is_printed(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    log = tmp_path / "usage.csv"
    log.write_text(  # a warning: a field no set has
        "set,field,consumer,product,kind,date\nanbringelser,nothing,VIVE,,analysis,2026-01-01\n",
        encoding="utf-8",
    )
    result = indberet.audit("examples/", as_of=AS_OF, usage=[log])
    assert [d.code for d in result.warnings] == ["IND009", "IND041"]
    indberet.plan(result, target="90%")
    indberet.validate(["examples/", str(log)])
    indberet.check("examples/", as_of=AS_OF)
    indberet.report(result)
    with pytest.raises(indberet.IndberetError):
        indberet.audit("tests/fixtures/invalid/bad-enum.yaml")
    assert capsys.readouterr() == ("", "")


def test_two_calls_give_the_same_result() -> None:
    first = indberet.audit("examples/", as_of=AS_OF)
    second = indberet.audit("examples/", as_of=AS_OF)
    assert first.to_dict() == second.to_dict()
    assert indberet.plan(first, target="44%").to_dict() == (
        indberet.plan(second, target="44%").to_dict()
    )


def test_results_are_immutable_and_their_documents_fresh() -> None:
    result = indberet.audit("examples/", as_of=AS_OF)
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.lang = "da"  # type: ignore[misc]
    document = result.to_dict()
    document["sets"].clear()
    assert result.to_dict()["sets"]


def test_no_cache_unless_asked(tmp_path: Path) -> None:
    default_cache = Path(os.environ["INDBERET_CACHE_DIR"])
    plain = indberet.audit("examples/", as_of=AS_OF)
    indberet.validate("examples/")
    assert not default_cache.exists() or not any(default_cache.iterdir())
    chosen = tmp_path / "cache"
    cached = indberet.audit("examples/", as_of=AS_OF, cache_dir=chosen)
    again = indberet.audit("examples/", as_of=AS_OF, cache_dir=chosen)
    assert any(chosen.rglob("*")) and cached.to_dict() == plain.to_dict() == again.to_dict()


def test_an_observer_is_told_the_stages_and_the_warnings() -> None:
    told: list[tuple[str, ...]] = []

    class Watch(Observer):
        def start(self, stage: str, total: int | None) -> None:  # type: ignore[override]
            told.append(("start", stage))

        def finish(self, stage: str) -> None:  # type: ignore[override]
            told.append(("finish", stage))

        def warnings(self, diagnostics: tuple[indberet.Diagnostic, ...]) -> None:
            told.append(("warnings", *(d.code for d in diagnostics)))

    indberet.audit("examples/", as_of=AS_OF, observer=Watch())
    assert told == [
        ("start", "reading"),
        ("finish", "reading"),
        ("warnings", "IND009"),
        ("start", "scoring"),
        ("finish", "scoring"),
    ]


def test_the_cycle_collector_is_paused_while_a_function_works_and_restored_after() -> None:
    # Half the time of an audit at 100,000 fields went to the cycle collector's scans.
    import gc

    seen: list[bool] = []

    class Watch(Observer):
        def start(self, stage: str, total: int | None) -> None:  # type: ignore[override]
            seen.append(gc.isenabled())

    assert gc.isenabled()
    indberet.audit("examples/", as_of=AS_OF, observer=Watch())
    indberet.validate("examples/", observer=Watch())
    assert seen and not any(seen)
    assert gc.isenabled()


def run_python(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=False,
    )


def test_the_functions_work_in_a_fresh_process_again_and_again() -> None:
    # audit, check, plan and report are modules of the engine too: once imported, they
    # are what the package holds under those names, and must stay callable.
    done = run_python(
        "import indberet\n"
        f"a = indberet.audit('examples/', as_of='{AS_OF}')\n"
        f"b = indberet.audit('examples/', as_of='{AS_OF}')\n"
        "assert a.to_dict() == b.to_dict()\n"
        "p = indberet.plan(a, target='44%')\n"
        "assert indberet.plan(a, target='44%').to_dict() == p.to_dict()\n"
        "indberet.report(a, format='md'); indberet.report(a, format='md')\n"
        f"indberet.check('examples/', as_of='{AS_OF}')\n"
        f"indberet.check('examples/', as_of='{AS_OF}')\n"
        "import indberet.core.audit\n"
        "assert callable(indberet.audit) and callable(indberet.core.audit.audit)\n"
        "from indberet.render import report as module\n"
        "assert module.report_language('en') == 'en'\n"
        "print('ok')\n"
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == "ok\n"


def test_importing_indberet_imports_nothing_else() -> None:
    done = run_python(
        "import sys\n"
        "before = set(sys.modules)\n"
        "import indberet\n"
        "print(sorted(set(sys.modules) - before))\n"
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == "['indberet']\n"


def test_the_public_names() -> None:
    for name in indberet.__all__:
        assert getattr(indberet, name) is not None
    assert issubclass(indberet.IndberetError, Exception)


# --- docs/api.md runs as written ---------------------------------------------------------


def python_blocks(markdown: str) -> list[str]:
    return re.findall(r"^```python\n(.*?)^```$", markdown, flags=re.MULTILINE | re.DOTALL)


def test_the_walk_through_runs_as_written() -> None:
    """Every ```python block of docs/api.md, in order, in one namespace, from the root of
    the repository; each line marked ``# →`` is a line the block prints, in order."""
    blocks = python_blocks(DOCS.read_text(encoding="utf-8"))
    assert len(blocks) >= 10
    namespace: dict[str, Any] = {"__name__": "__docs__"}
    for number, block in enumerate(blocks, start=1):
        printed = io.StringIO()
        with redirect_stdout(printed):
            exec(compile(block, f"docs/api.md block {number}", "exec"), namespace)
        shown = [line[4:] for line in block.splitlines() if line.startswith("# → ")]
        assert printed.getvalue().splitlines() == shown, f"block {number}:\n{block}"
