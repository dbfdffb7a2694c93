"""Robustness over the yaml-test-suite corpus (MIT, copied into tests/corpus with its License).

`indberet validate` on every case must end with located messages, never a traceback or a
hang: exit 2 for a case that holds no YAML document at all (an empty input), exit 1 for
every other (bad YAML, or YAML that is no requirement set: a located finding).
"""

from __future__ import annotations

import re
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import yaml

from tests.conftest import TESTS, run_cli

CORPUS = TESTS / "corpus" / "yaml-test-suite"
CASES = sorted((CORPUS / "cases").glob("*.yaml"))
LOCATED = re.compile(r"^(?P<path>.+?)(:\d+:\d+)?: IND\d{3} \S", re.MULTILINE)
SECONDS_PER_CASE = 10


@contextmanager
def deadline(seconds: int) -> Iterator[None]:
    def expire(signum: int, frame: object) -> None:
        raise TimeoutError(f"no answer within {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _holds_no_document(case: Path) -> bool:
    """Whether PyYAML finds no document in ``case`` (only comments, or nothing)."""
    try:
        return next(iter(yaml.compose_all(case.read_text("utf-8"))), None) is None
    except yaml.YAMLError:
        return False  # bad YAML: a finding


def test_corpus_is_present() -> None:
    assert len(CASES) > 300
    assert (CORPUS / "License").exists()


@pytest.mark.corpus
@pytest.mark.parametrize("case", CASES, ids=lambda p: p.stem)
def test_validate_ends_cleanly_with_a_located_message(case: Path) -> None:
    with deadline(SECONDS_PER_CASE):
        run = run_cli("validate", str(case))
    expected = 2 if _holds_no_document(case) else 1
    assert run.code == expected, run.stdout + run.stderr
    assert "Traceback" not in run.stdout + run.stderr
    assert "internal error" not in run.stderr
    located = LOCATED.findall(run.stdout)
    assert located, run.stdout
    if expected == 1:
        # Content problems name a line and column, not just the file.
        assert re.search(rf"{re.escape(str(case))}:\d+:\d+: IND", run.stdout), run.stdout


@pytest.mark.corpus
@pytest.mark.parametrize("case", CASES, ids=lambda p: p.stem)
def test_audit_and_profile_loading_end_cleanly(case: Path) -> None:
    """Every command that reads YAML: as a requirement set, and as a rule profile."""
    sample = TESTS.parent / "examples" / "underretninger.yaml"
    with deadline(SECONDS_PER_CASE):
        as_set = run_cli("audit", str(case), "--format", "json")
        as_profile = run_cli("audit", str(sample), "--profile", str(case), "--format", "json")
    for run in (as_set, as_profile):
        assert run.code == 2, run.stdout + run.stderr
        assert "Traceback" not in run.stderr and "internal error" not in run.stderr
        assert LOCATED.search(run.stderr), run.stderr
