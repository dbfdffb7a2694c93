"""The result cache: a run on unchanged inputs is answered with its remembered output, and
any change to what the output depends on is a miss."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from indberet.cli import main as cli
from indberet.run import results
from indberet.run.cache import ParseCache
from indberet.run.results import Output, ResultCache, remembered, result_key
from tests.conftest import EXAMPLES, FIXTURES, Run, run_cli
from tests.test_cache import _damage

AS_OF = ("--as-of", "2026-11-26")


def result_entries(cache_dir: Path) -> list[Path]:
    folder = cache_dir / "v1" / results.FOLDER
    return sorted(folder.iterdir()) if folder.is_dir() else []


@pytest.fixture()
def workspace(tmp_path: Path) -> Path:
    """A copy of the examples, and a usage log with a row that gives a warning (IND041)."""
    shutil.copytree(EXAMPLES, tmp_path / "catalogue")
    log = (EXAMPLES / "usage-log.csv").read_text("utf-8")
    log += "anbringelser,no-such-field,VIVE,,analysis,2026-01-05\n"
    (tmp_path / "usage.csv").write_text(log, encoding="utf-8")
    return tmp_path


class Counted:
    """cli.prepare_audit, counting the audits really made."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls = 0
        original: Callable[..., Any] = cli.prepare_audit

        def counting(*args: Any, **kwargs: Any) -> Any:
            self.calls += 1
            return original(*args, **kwargs)

        monkeypatch.setattr(cli, "prepare_audit", counting)


def audit(workspace: Path, *extra: str, cache: bool = True) -> Run:
    where = ("--cache-dir", str(workspace / "cache")) if cache else ("--no-cache",)
    args = ("audit", str(workspace / "catalogue"), *AS_OF, "--usage", str(workspace / "usage.csv"))
    return run_cli(*args, "--format", "json", *extra, *where)


def test_a_second_run_is_answered_from_the_cache_with_the_same_output_and_warnings(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    counted = Counted(monkeypatch)
    first = audit(workspace)
    assert first.code == 0 and "IND041" in first.stderr
    assert counted.calls == 1 and len(result_entries(workspace / "cache")) == 1
    second = audit(workspace)
    assert counted.calls == 1  # no audit was made
    assert (second.code, second.stdout, second.stderr) == (first.code, first.stdout, first.stderr)
    fresh = audit(workspace, cache=False)
    assert (fresh.stdout, fresh.stderr) == (first.stdout, first.stderr)


def _edit_a_field(workspace: Path) -> None:
    path = workspace / "catalogue" / "underretninger.yaml"
    text = path.read_text("utf-8")
    assert "    minutes: 0.1\n" in text
    path.write_text(text.replace("    minutes: 0.1\n", "    minutes: 0.7\n", 1), encoding="utf-8")


def _add_a_file(workspace: Path) -> None:
    source = workspace / "catalogue" / "underretninger.yaml"
    text = source.read_text("utf-8").replace("underretninger", "underretninger-kopi")
    (workspace / "catalogue" / "nested").mkdir()
    (workspace / "catalogue" / "nested" / "kopi.yaml").write_text(text, encoding="utf-8")


def _drop_a_file(workspace: Path) -> None:
    (workspace / "catalogue" / "forebyggende-foranstaltninger.yaml").unlink()


def _use_more(workspace: Path) -> None:
    with (workspace / "usage.csv").open("a", encoding="utf-8") as log:
        log.write("underretninger,alder,VIVE,,analysis,2026-11-01\n")


CHANGES: dict[str, tuple[Callable[[Path], None] | None, tuple[str, ...]]] = {
    "a field edited": (_edit_a_field, ()),
    "a file added": (_add_a_file, ()),
    "a file removed": (_drop_a_file, ()),
    "the usage log grown": (_use_more, ()),
    "another date": (None, ("--as-of", "2025-01-01")),
    "another language": (None, ("--lang", "da")),
    "another format": (None, ("--format", "csv")),
    "another profile": (None, ("--profile", "sanering-2017")),
}


@pytest.mark.parametrize("change", list(CHANGES))
def test_any_change_to_what_the_output_depends_on_is_a_miss(
    workspace: Path, monkeypatch: pytest.MonkeyPatch, change: str
) -> None:
    edit, options = CHANGES[change]
    counted = Counted(monkeypatch)
    before = audit(workspace)
    if edit is not None:
        edit(workspace)
    after = audit(workspace, *options)
    assert counted.calls == 2  # audited again
    fresh = audit(workspace, *options, cache=False)
    assert after.code == fresh.code
    assert (after.stdout, after.stderr) == (fresh.stdout, fresh.stderr)
    assert after.stdout != before.stdout
    again = audit(workspace, *options)
    assert counted.calls == 3 and again.stdout == after.stdout  # the fresh one, not a hit


def test_the_same_run_from_another_directory_is_a_miss(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    counted = Counted(monkeypatch)
    args = ("audit", "catalogue", *AS_OF, "--format", "json", "--cache-dir", "cache")
    first = run_cli(*args, cwd=workspace)
    (workspace / "elsewhere").mkdir()
    shutil.copytree(workspace / "catalogue", workspace / "elsewhere" / "catalogue")
    cache = str(workspace / "cache")
    second = run_cli(*args[:-1], cache, cwd=workspace / "elsewhere")
    assert counted.calls == 2 and first.stdout == second.stdout


def test_a_new_version_of_the_code_is_a_miss(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    counted = Counted(monkeypatch)
    audit(workspace)
    results.code_fingerprint.cache_clear()
    monkeypatch.setattr(results, "__version__", "99.0")
    try:
        audit(workspace)
    finally:
        results.code_fingerprint.cache_clear()
    assert counted.calls == 2


def test_the_code_fingerprint_covers_every_module_and_data_file() -> None:
    package = Path(results.__file__).parent.parent
    assert results.code_fingerprint() == results.code_fingerprint()
    sources = [p for p in package.rglob("*.py") if "__pycache__" not in p.parts]
    assert len(sources) > 50 and package / "run" / "results.py" in sources


def test_failed_runs_are_not_remembered(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    counted = Counted(monkeypatch)
    args = ("audit", str(FIXTURES / "invalid"), *AS_OF, "--cache-dir", str(tmp_path))
    first, second = run_cli(*args), run_cli(*args)
    assert first.code == second.code == 2 and first.stderr == second.stderr
    assert counted.calls == 2 and not result_entries(tmp_path)


@pytest.mark.parametrize(
    "how",
    [
        "flip",
        "truncate",
        "garbage",
        "empty",
        "magic-only",
        "foreign-version",
        "unsigned",
        "bad-header",
        "bad-mac",
    ],
)
def test_a_damaged_result_is_ignored_and_rebuilt(
    workspace: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    counted = Counted(monkeypatch)
    first = audit(workspace)
    (entry,) = result_entries(workspace / "cache")
    _damage(entry, how)
    second = audit(workspace)
    assert counted.calls == 2
    assert (second.stdout, second.stderr) == (first.stdout, first.stderr)
    audit(workspace)
    assert counted.calls == 2  # rebuilt, and sound again


def test_a_sound_entry_of_the_wrong_shape_is_ignored(tmp_path: Path) -> None:
    cache = ResultCache(ParseCache(tmp_path))
    key = _key("k")
    entry = cache._entry(key)
    for value in [("only one",), ("a", 2), 42, ["a", "b"], ("out", "err"), (b"out", b"err")]:
        cache.cache.write_entry(entry, key, value)
        assert cache.get(key) is None
    cache.put(key, Output(b"out", "err"))
    assert cache.get(key) == Output(b"out", "err")


def _key(name: str) -> str:
    """A key as :func:`result_key` makes them (a SHA-256 in hexadecimal)."""
    return hashlib.sha256(name.encode()).hexdigest()


def test_a_key_that_is_no_hash_is_neither_kept_nor_looked_up(tmp_path: Path) -> None:
    cache = ResultCache(ParseCache(tmp_path))
    for key in ("k", "../escape", _key("k").upper(), _key("k") + "x"):
        cache.put(key, Output(b"out", ""))
        assert cache.get(key) is None
    assert not result_entries(tmp_path) and not (tmp_path / "escape").exists()


def test_only_the_newest_results_are_kept(tmp_path: Path) -> None:
    cache = ResultCache(ParseCache(tmp_path), keep=3)
    for index, name in enumerate("abcde"):
        cache.put(_key(name), Output(name.encode(), ""))
        stamp = 1_000_000 + index * 10  # older than now, in the order written
        os.utime(cache._entry(_key(name)), (stamp, stamp))
        if name == "c":
            assert cache.get(_key("a")) == Output(b"a", "")  # using it makes it the newest
    assert len(result_entries(tmp_path)) == 3
    assert [k for k in "abcde" if cache.get(_key(k)) is not None] == ["a", "d", "e"]


def test_a_file_changed_during_the_run_is_not_remembered(tmp_path: Path) -> None:
    target = tmp_path / "input.yaml"
    target.write_text("one", encoding="utf-8")
    cache = ResultCache(ParseCache(tmp_path / "cache"))

    def produce() -> Output:
        target.write_text("two", encoding="utf-8")
        return Output(b"made from one", "")

    output, fresh = remembered(cache, "audit", {}, lambda: [str(target)], produce)
    assert fresh and output.stdout == b"made from one"
    assert not result_entries(tmp_path / "cache")


@pytest.mark.parametrize("changed", [False, True])
def test_a_result_stored_in_the_background_is_written_by_finish_storing(
    tmp_path: Path, changed: bool
) -> None:
    target = tmp_path / "input.yaml"
    target.write_text("one", encoding="utf-8")
    cache = ResultCache(ParseCache(tmp_path / "cache"))
    release = threading.Event()
    listed: list[str] = []

    def files() -> list[str]:
        if listed:  # the check after the run: held back until the test says so
            assert release.wait(10)
        listed.append(str(target))
        return [str(target)]

    def produce() -> Output:
        if changed:
            target.write_text("two", encoding="utf-8")
        return Output(b"made from one", "")

    output, fresh = remembered(cache, "audit", {}, files, produce, background=True)
    assert fresh and output.stdout == b"made from one"
    assert not result_entries(tmp_path / "cache")  # not yet: the store waits
    release.set()
    results.finish_storing()
    assert len(result_entries(tmp_path / "cache")) == (0 if changed else 1)
    again, fresh = remembered(cache, "audit", {}, lambda: [str(target)], produce)
    assert fresh is changed and again.stdout == b"made from one"


def test_the_cli_has_stored_its_result_when_it_returns(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    slow_put = ResultCache.put

    def put(self: ResultCache, key: str, output: Output) -> None:
        time.sleep(0.3)  # a slow disk: the command must still wait for it
        slow_put(self, key, output)

    monkeypatch.setattr(ResultCache, "put", put)
    cache_dir = tmp_path / "cache"
    args = ("audit", str(EXAMPLES), "--as-of", "2026-11-26", "--format", "json")
    assert run_cli(*args, "--cache-dir", str(cache_dir)).code == 0
    assert not results._STORING
    assert len(result_entries(cache_dir)) == 1


def test_keys_differ_by_command_option_path_and_content(tmp_path: Path) -> None:
    one, two = tmp_path / "one.yaml", tmp_path / "two.yaml"
    one.write_text("a", encoding="utf-8")
    two.write_text("a", encoding="utf-8")
    base = result_key("audit", {"format": "json"}, [str(one)])
    assert base == result_key("audit", {"format": "json"}, [str(one)])
    assert base != result_key("plan", {"format": "json"}, [str(one)])
    assert base != result_key("audit", {"format": "csv"}, [str(one)])
    assert base != result_key("audit", {"format": "json"}, [str(two)])
    assert base != result_key("audit", {"format": "json"}, [str(one), str(two)])
    one.write_text("b", encoding="utf-8")
    assert base != result_key("audit", {"format": "json"}, [str(one)])
    assert result_key("audit", {}, [str(tmp_path / "missing.yaml")]) is None


def test_another_process_is_answered_from_the_cache(tmp_path: Path) -> None:
    """The key is the same in every process: the profile's sets of words are keyed in
    sorted order, not in the order of the process's string hashes."""
    cache_dir = tmp_path / "cache"
    args = ["audit", str(EXAMPLES), *AS_OF, "--format", "json", "--cache-dir", str(cache_dir)]
    outputs = []
    for seed in ("1", "2", "3"):
        done = subprocess.run(
            [sys.executable, "-m", "indberet", *args],
            capture_output=True,
            env={**os.environ, "PYTHONHASHSEED": seed, "INDBERET_LANG": "en"},
            check=False,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        outputs.append(done.stdout)
        assert len(result_entries(cache_dir)) == 1  # remembered once, then found
    assert outputs[0] == outputs[1] == outputs[2]


def test_canonical_puts_sets_in_order() -> None:
    from indberet.core.profile import load_profile

    assert results.canonical(frozenset({"b", "a"})) == "{'a', 'b'}"
    assert results.canonical({"b": {2, 1}, "a": ()}) == "{'a': tuple(), 'b': {1, 2}}"
    profile = load_profile("default")
    assert results.canonical(profile).startswith("Profile(name='default', ")
    assert "stop_words={" in results.canonical(profile)


def test_the_hashes_a_run_starts_with_are_read_once_and_given_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = [str(tmp_path / name) for name in ("a.yaml", "b.yaml")]
    for path in files:
        Path(path).write_text(f"id: {path}\n", encoding="utf-8")
    expected = [results.file_hash(path) for path in files]
    read: list[str] = []
    real = results.file_hash

    def counted(path: str) -> str | None:
        read.append(path)
        return real(path)

    monkeypatch.setattr(results, "file_hash", counted)
    cache = ResultCache(ParseCache(tmp_path / "cache"))

    def produce() -> Output:
        assert results.hashes_at_start(files) == expected  # no file read again for them
        return Output(b"out", "")

    remembered(cache, "audit", {}, lambda: files, produce)
    assert read == [*files, *files]  # the key at the start, the check before storing
    read.clear()
    assert results.hashes_at_start(files) == expected  # given once: read again now
    assert read == files
    Path(files[0]).write_text("changed\n", encoding="utf-8")
    read.clear()
    assert results.hashes_at_start(files) != expected
