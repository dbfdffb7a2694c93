"""Shared helpers: run the real CLI in-process or as a process, and golden files."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path

import pytest

from indberet.cli.main import main

TESTS = Path(__file__).parent
ROOT = TESTS.parent
EXAMPLES = ROOT / "examples"
FIXTURES = TESTS / "fixtures"
UPDATE_GOLDENS = bool(os.environ.get("INDBERET_UPDATE_GOLDENS"))


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str


def run_cli(*args: str, cwd: Path | None = None) -> Run:
    """Run ``indberet ARGS`` in this process, as the console script would."""
    out, err = io.StringIO(), io.StringIO()
    old = Path.cwd()
    try:
        if cwd is not None:
            os.chdir(cwd)
        with redirect_stdout(out), redirect_stderr(err):
            try:
                main(list(args))
            except SystemExit as stop:
                code = stop.code if isinstance(stop.code, int) else 0
            else:  # pragma: no cover - main always exits
                code = 0
    finally:
        os.chdir(old)
    return Run(code, out.getvalue(), err.getvalue())


def run_process(*args: str, cwd: Path | None = None, timeout: float = 60) -> Run:
    """Run ``python -m indberet ARGS`` as a separate process."""
    env = {**os.environ, "INDBERET_LANG": "en"}
    done = subprocess.run(
        [sys.executable, "-m", "indberet", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=timeout,
        env=env,
        check=False,
    )
    return Run(done.returncode, done.stdout, done.stderr)


def forget_results(cache_dir: Path) -> None:
    """Remove the result cache's entries, keeping the parse cache (see indberet.run.results)."""
    shutil.rmtree(cache_dir / "v1" / "results", ignore_errors=True)


def check_golden(actual: str, golden: Path) -> None:
    """Compare with a golden file.

    INDBERET_UPDATE_GOLDENS=1 is a separate, explicit step: a golden that differs is
    rewritten and the test FAILS, naming it, so that a regeneration never passes silently;
    review the diff (git diff tests/golden), then run the tests again without the variable.
    """
    if not golden.exists() and not UPDATE_GOLDENS:
        pytest.fail(f"golden file {golden} is missing; run with INDBERET_UPDATE_GOLDENS=1")
    if UPDATE_GOLDENS and (not golden.exists() or golden.read_text(encoding="utf-8") != actual):
        golden.write_text(actual, encoding="utf-8")
        pytest.fail(f"golden file {golden} rewritten: review `git diff {golden}`, then run again")
    assert actual == golden.read_text(encoding="utf-8")


@pytest.fixture(autouse=True)
def _english(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[None]:
    """Tests read English unless they ask for Danish. Each test has a cache of its own
    (never ~/.cache), and a cache key of its own (never ~/.config): a run is answered from
    the result cache only when the test means it."""
    monkeypatch.setenv("INDBERET_LANG", "en")
    monkeypatch.setenv("INDBERET_CACHE_DIR", str(tmp_path_factory.mktemp("indberet-cache")))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path_factory.mktemp("config")))
    monkeypatch.delenv("INDBERET_CACHE_KEY", raising=False)
    yield
