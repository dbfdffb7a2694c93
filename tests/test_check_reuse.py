"""`check --base` reads a file once when the revision holds the same text as the work tree.

The work tree's clean readings are kept (:class:`indberet.read.known.Known`) and a blob
with the same path and text takes them instead of being parsed again. These tests count
the parses, and compare the output with the output of reading every blob afresh.
"""

from __future__ import annotations

import collections
import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pytest
from benchmarks.generate import generate

from indberet import api
from indberet.read import loading
from indberet.read.known import Known
from indberet.read.yamlsource import Document
from tests.conftest import FIXTURES, ROOT, run_cli

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

AS_OF = "2026-11-26"


def git(repo: Path, *args: str) -> None:
    identity = ["-c", "user.name=t", "-c", "user.email=t@indberet.invalid"]
    subprocess.run(
        ["git", *identity, "-c", "commit.gpgsign=false", *args],
        cwd=repo,
        capture_output=True,
        check=True,
    )


def committed(repo: Path) -> None:
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "base")


def generated(tmp_path: Path) -> tuple[Path, Path]:
    """A generated catalogue of 6 sets, committed; then one set's minutes changed."""
    repo = tmp_path / "repo"
    generate(repo, fields=300, per_set=50, usage_rows=0)
    committed(repo)
    changed = sorted((repo / "sets").glob("*.yaml"))[0]
    text = changed.read_text("utf-8")
    assert "minutes: 0." in text
    changed.write_text(text.replace("minutes: 0.", "minutes: 1.", 3), "utf-8")
    return repo, changed


def test_a_blob_identical_to_the_work_tree_file_is_parsed_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo, changed = generated(tmp_path)
    parses: collections.Counter[str] = collections.Counter()
    parse_source = loading.parse_source

    def counted(path: str, source: str) -> tuple[Document | None, list[object]]:
        parses[path] += 1
        return parse_source(path, source)  # type: ignore[return-value]

    monkeypatch.setattr(loading, "parse_source", counted)
    monkeypatch.chdir(repo)
    result = api.check(["."], base="HEAD", as_of=AS_OF)
    assert result.outcome.comparison is not None
    assert result.outcome.comparison.of_kind("changed")  # the change was seen
    files = sorted(str(p.relative_to(repo)) for p in repo.rglob("*.yaml") if ".git" not in p.parts)
    assert len(files) == 7
    twice = {path for path, count in parses.items() if count == 2}
    assert {Path(p).name for p in twice} == {changed.name}  # the two sides differ there
    assert sorted(Path(p).as_posix().removeprefix("./") for p in parses) == files
    assert all(count in (1, 2) for count in parses.values())


def test_known_gives_a_reading_only_for_the_same_path_and_text() -> None:
    known = Known()
    raw = (FIXTURES / "check" / "boern.yaml").read_bytes()
    reading = loading.parse_bytes("a.yaml", raw)
    model = loading.model_of(reading)
    assert model is not None
    known.remember("a.yaml", reading, model)
    assert known.recall("a.yaml", raw) == (reading, model)
    assert known.recall("a.yaml", b"\xef\xbb\xbf" + raw) == (reading, model)  # the same text
    assert known.recall("b.yaml", raw) is None
    assert known.recall("a.yaml", raw + b"# more\n") is None
    known.remember("c.yaml", (None, []), None)
    assert len(known) == 1


def _without_reuse(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Known, "recall", lambda self, path, raw: None)


@pytest.mark.parametrize("cache", ["--no-cache", "--cache-dir"])
def test_check_base_output_is_the_same_as_reading_every_blob_afresh(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cache: str
) -> None:
    repo, _ = generated(tmp_path)
    added = sorted((repo / "sets").glob("*.yaml"))[1]
    text = added.read_text("utf-8").replace("minutes: 1", "minutes: 3", 2)
    added.write_text(text, "utf-8")
    args = ["check", ".", "--base", "HEAD", "--as-of", AS_OF, "--format", "json"]
    caching = [cache] if cache == "--no-cache" else [cache, str(tmp_path / "cache")]
    reused = run_cli(*args, *caching, cwd=repo)
    with monkeypatch.context() as patch:
        _without_reuse(patch)
        afresh = run_cli(*args, *caching, cwd=repo)
    assert reused.code == afresh.code
    assert reused.stdout == afresh.stdout
    assert '"changed"' in reused.stdout


def test_check_base_on_the_examples_is_the_same_as_reading_every_blob_afresh(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(ROOT / "examples", repo / "examples")
    committed(repo)
    target = repo / "examples" / "anbringelser.yaml"
    target.write_text(target.read_text("utf-8").replace("minutes: ", "minutes: 1", 1), "utf-8")
    args = ["check", "examples", "--base", "HEAD", "--as-of", AS_OF, "--no-cache"]
    for output in ("text", "json", "sarif"):
        reused = run_cli(*args, "--format", output, cwd=repo)
        with monkeypatch.context() as patch:
            _without_reuse(patch)
            afresh = run_cli(*args, "--format", output, cwd=repo)
        assert (reused.code, reused.stdout) == (afresh.code, afresh.stdout)


def test_the_comparison_reads_nothing_of_the_base_audit_that_burdens_only_drops() -> None:
    from indberet.core.audit import audit
    from indberet.core.check import Policy, burdens_only, change_findings, compare
    from indberet.core.profile import load_profile
    from indberet.read.loading import load

    profile = load_profile("default")
    day = dt.date(2026, 11, 26)
    old = load([str(ROOT / "examples")]).catalogue
    new = load([str(ROOT / "examples" / "anbringelser.yaml")]).catalogue
    assert old is not None and new is not None
    old_audit, new_audit = audit(old, profile, day), audit(new, profile, day)
    slim = burdens_only(old_audit)
    assert all(not a.results and not a.uses for s in slim.sets for a in s.fields)
    assert compare(slim, new_audit, "x") == compare(old_audit, new_audit, "x")
    policy = Policy.from_profile(profile)
    full = change_findings(compare(old_audit, new_audit, "x"), old_audit, policy)
    assert full and change_findings(compare(slim, new_audit, "x"), slim, policy) == full
