"""The caches believe only what this user wrote with this user's key.

Each attack here is made the way someone who can write into the cache directory (another
user of a shared directory, or a CI cache restored from an untrusted branch) would make
it: entry names and headers computed from the package's own source, and either the
unkeyed digest the entries once carried or a key of the attacker's own. The real CLI is
run on the planted cache and compared with ``--no-cache``.
"""

from __future__ import annotations

import hashlib
import json
import marshal
import os
import resource
import shutil
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from indberet import __version__
from indberet.read.yamlsource import parse
from indberet.run import cache as cache_module
from indberet.run.cache import FORMAT, MAGIC, ParseCache, fingerprint
from indberet.run.results import FOLDER, Output, ResultCache
from tests.conftest import EXAMPLES, FIXTURES, Run, run_cli

AS_OF = ("--as-of", "2026-11-26")
ATTACKER_KEY = b"the attacker's own key, long enough to be accepted"


def _old_unkeyed_entry(content: str, payload: bytes) -> bytes:
    """An entry as the cache once wrote them, forgeable from the package source alone."""
    header = {
        "format": FORMAT,
        "tool": __version__,
        "salt": fingerprint(),
        "content": content,
        "size": len(payload),
        "payload": hashlib.blake2b(payload, digest_size=32).hexdigest(),
    }
    return MAGIC + json.dumps(header).encode() + b"\n" + payload


def _document_entry(cache_dir: Path, raw: bytes) -> Path:
    """Where the parse cache keeps the reading of ``raw``: computable by anyone."""
    content = hashlib.sha256(raw).hexdigest()
    name = hashlib.sha256(f"{fingerprint()}:document:{content}".encode()).hexdigest()
    return cache_dir / f"v{FORMAT}" / name[:2] / name


def _plant(entry: Path, blob: bytes) -> None:
    entry.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    entry.write_bytes(blob)
    entry.chmod(0o600)


def _forge(how: str, cache_dir: Path, entry: Path, content: str, value: object) -> None:
    """Plant ``value`` for ``content`` at ``entry``, the old way or with another key."""
    if how == "unkeyed":
        _plant(entry, _old_unkeyed_entry(content, marshal.dumps(value)))
    else:
        ParseCache(cache_dir, key=ATTACKER_KEY).write_entry(entry, content, value)
        assert entry.is_file()


def _same(one: Run, other: Run) -> None:
    assert (one.code, one.stdout, one.stderr) == (other.code, other.stdout, other.stderr)


HOSTILE = """\
indberet: 1
id: hostile
name: !!python/object/apply:os.system ["echo owned"]
reports_per_year: many
fields:
  - id: a
    type: text
"""


@pytest.mark.parametrize("how", ["unkeyed", "another key"])
def test_a_forged_reading_of_a_hostile_file_is_not_believed(tmp_path: Path, how: str) -> None:
    hostile = tmp_path / "hostile.yaml"
    hostile.write_text(HOSTILE, encoding="utf-8")
    cache_dir = tmp_path / "cache"
    raw = hostile.read_bytes()
    minimal = FIXTURES / "valid" / "minimal.yaml"
    document, _ = parse(str(minimal), minimal.read_text("utf-8"))
    assert document is not None
    forged = ("requirement-set", document.data, document.marks)
    _forge(how, cache_dir, _document_entry(cache_dir, raw), hashlib.sha256(raw).hexdigest(), forged)
    # validate reports the problems (1); audit refuses input it cannot use (2)
    for command, code in ((("validate",), 1), (("audit", *AS_OF, "--format", "json"), 2)):
        planted = run_cli(command[0], str(hostile), *command[1:], "--cache-dir", str(cache_dir))
        without = run_cli(command[0], str(hostile), *command[1:], "--no-cache")
        assert without.code == code and "python" in without.stdout + without.stderr
        _same(planted, without)


def _audit(cache_dir: Path | None) -> Run:
    where = ("--cache-dir", str(cache_dir)) if cache_dir else ("--no-cache",)
    return run_cli("audit", str(EXAMPLES), *AS_OF, "--format", "json", *where)


def result_entries(cache_dir: Path) -> list[Path]:
    folder = cache_dir / f"v{FORMAT}" / FOLDER
    return sorted(p for p in folder.iterdir() if not p.name.startswith("."))


@pytest.mark.parametrize("how", ["unkeyed", "another key"])
def test_a_forged_result_is_not_believed(tmp_path: Path, how: str) -> None:
    cache_dir = tmp_path / "cache"
    first = _audit(cache_dir)
    assert first.code == 0 and '"fields_removed"' in first.stdout
    (entry,) = result_entries(cache_dir)  # its name is in plain sight
    lie = first.stdout.replace('"fields_removed": ', '"fields_removed": 0, "was": ', 1)
    _forge(how, cache_dir, entry, entry.name, (lie.encode(), ""))
    _same(_audit(cache_dir), _audit(None))
    _same(_audit(cache_dir), first)  # and the forgery was replaced


def _run_bounded(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """The real CLI in a process of its own, with 2 GiB of address space and a time limit:
    an entry that grows memory without bound, or hangs, fails here instead of harming the
    machine."""

    def limit() -> None:  # pragma: no cover - runs in the child
        resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))

    return subprocess.run(
        [sys.executable, "-m", "indberet", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **env, "INDBERET_LANG": "en"},
        preexec_fn=limit,
        check=False,
    )


@pytest.mark.parametrize("kind", ["symlink to /dev/zero", "fifo"])
def test_an_entry_that_is_no_regular_file_is_not_read(tmp_path: Path, kind: str) -> None:
    cache_dir = tmp_path / "cache"
    args = ("audit", str(EXAMPLES), *AS_OF, "--format", "json", "--cache-dir", str(cache_dir))
    first = run_cli(*args)
    assert first.code == 0
    (result,) = result_entries(cache_dir)
    document = _document_entry(cache_dir, (EXAMPLES / "underretninger.yaml").read_bytes())
    assert document.is_file()
    for entry in (result, document):
        entry.unlink()
        if kind == "fifo":
            os.mkfifo(entry)
        else:
            entry.symlink_to("/dev/zero")
    done = _run_bounded(*args, env={})
    assert (done.returncode, done.stdout, done.stderr) == (0, first.stdout, first.stderr)
    assert result.is_file() and not result.is_symlink()  # replaced by a sound entry


def _unrelated(folder: Path, names_like_keys: bool, count: int = 20) -> dict[str, bytes]:
    """Files that are not the cache's, the oldest first; named like its entries, or not
    quite (upper case, a character short, a suffix)."""
    folder.mkdir(parents=True, exist_ok=True)
    files = {}
    for index in range(count):
        key = hashlib.sha256(b"%d" % index).hexdigest()
        unlike = [f"note-{index}.txt", key.upper(), key[1:], key + ".json", "." + key]
        name = key if names_like_keys else unlike[index % len(unlike)]
        files[name] = b"not the cache's own %d\n" % index
        (folder / name).write_bytes(files[name])
        stamp = 1_000_000 + index
        os.utime(folder / name, (stamp, stamp))
    return files


def _unchanged(folder: Path, files: dict[str, bytes]) -> None:
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == files


def test_the_clean_up_does_not_follow_a_symlinked_results_directory(tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    victim = tmp_path / "victim"
    files = _unrelated(victim, names_like_keys=True)
    (cache_dir / f"v{FORMAT}").mkdir(parents=True, mode=0o700)
    (cache_dir / f"v{FORMAT}" / FOLDER).symlink_to(victim, target_is_directory=True)
    run = _audit(cache_dir)
    assert run.stdout == _audit(None).stdout and run.code == 0
    _unchanged(victim, files)
    assert run.stderr.count("indberet: warning:") == 1 and "symbolic link" in run.stderr


def test_the_clean_up_deletes_only_its_own_entries(tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    folder = cache_dir / f"v{FORMAT}" / FOLDER
    files = _unrelated(folder, names_like_keys=False)
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_bytes(b"keep me")
    link = folder / hashlib.sha256(b"link").hexdigest()
    link.symlink_to(elsewhere)
    fifo = folder / hashlib.sha256(b"fifo").hexdigest()
    os.mkfifo(fifo)
    cache = ResultCache(ParseCache(cache_dir), keep=3)
    keys = [hashlib.sha256(b"key %d" % index).hexdigest() for index in range(6)]
    for key in keys:
        cache.put(key, Output(key.encode(), ""))
    left = {p.name for p in folder.iterdir()}
    assert left == {*files, link.name, fifo.name, *keys[-3:]}
    assert {name: (folder / name).read_bytes() for name in files} == files
    assert elsewhere.read_bytes() == b"keep me" and link.is_symlink()


def test_stale_temporary_files_of_its_own_are_removed(tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    folder = cache_dir / f"v{FORMAT}" / FOLDER
    folder.mkdir(parents=True, mode=0o700)
    an_hour_ago = time.time() - 3600
    stale = [folder / ".tmp-0123456789abcdef", folder / ".tmp-k2_9x0qa"]  # now's and mkstemp's
    fresh = folder / ".tmp-fedcba9876543210"
    foreign = folder / ".tmp-notes.txt"
    for path in (*stale, fresh, foreign):
        path.write_bytes(b"partial")
    for path in (*stale, foreign):
        os.utime(path, (an_hour_ago, an_hour_ago))
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_bytes(b"keep me")
    os.utime(elsewhere, (an_hour_ago, an_hour_ago))
    link = folder / ".tmp-00000000aaaaaaaa"
    link.symlink_to(elsewhere)
    assert _audit(cache_dir).code == 0
    assert not any(path.exists() for path in stale)
    assert fresh.exists() and foreign.exists() and link.is_symlink() and elsewhere.exists()
    # a parse-cache folder is swept too, when the cache next writes into it
    (entry,) = {_document_entry(cache_dir, (EXAMPLES / "underretninger.yaml").read_bytes()).parent}
    leftover = entry / ".tmp-0123456789abcdef"
    leftover.write_bytes(b"partial")
    os.utime(leftover, (an_hour_ago, an_hour_ago))
    shutil.rmtree(cache_dir / f"v{FORMAT}" / FOLDER)
    for item in entry.iterdir():
        if not item.name.startswith("."):
            item.unlink()  # so that the next run writes here
    assert _audit(cache_dir).code == 0
    assert not leftover.exists()


@pytest.mark.parametrize("mode", [0o770, 0o777, 0o1777])
def test_a_cache_directory_others_can_write_is_not_used(tmp_path: Path, mode: int) -> None:
    cache_dir = tmp_path / "cache"
    assert _audit(cache_dir).code == 0  # a sound result and readings, by this user
    cache_dir.chmod(mode)
    entries = sorted(p for p in cache_dir.rglob("*") if p.is_file())
    before = {p: p.read_bytes() for p in entries}
    run = _audit(cache_dir)
    assert (run.code, run.stdout) == (0, _audit(None).stdout)
    assert run.stderr.count("indberet: warning:") == 1 and str(cache_dir) in run.stderr
    cache = ParseCache(cache_dir)
    from indberet.run.reading import load

    load([str(EXAMPLES)], cache=cache)
    assert cache.hits == 0 and cache.writes == 0 and cache.problem is not None
    assert {p: p.read_bytes() for p in entries} == before
    assert stat.S_IMODE(cache_dir.stat().st_mode) == mode  # not changed either


def test_a_cache_directory_of_another_user_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache_dir = tmp_path / "cache"
    monkeypatch.setenv("INDBERET_CACHE_KEY", "k" * 32)  # the key file would be foreign too
    assert _audit(cache_dir).code == 0
    monkeypatch.setattr(cache_module, "_uid", lambda: os.getuid() + 1)
    run = _audit(cache_dir)
    assert (run.code, run.stdout) == (0, _audit(None).stdout)
    assert run.stderr.count("indberet: warning:") == 1 and "another user" in run.stderr


# --- the key -------------------------------------------------------------------------------


def test_the_key_is_made_once_private_and_outside_the_cache(tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    assert _audit(cache_dir).code == 0
    key = cache_module.key_file()
    assert key.parent.parent == Path(os.environ["XDG_CONFIG_HOME"])
    assert cache_dir not in key.parents
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert stat.S_IMODE(key.parent.stat().st_mode) == 0o700
    made = key.read_bytes()
    assert len(made.strip()) == 64
    second = ParseCache(cache_dir)
    from indberet.run.reading import load

    load([str(EXAMPLES)], cache=second)
    assert second.hits == 5 and key.read_bytes() == made  # the same key, read again
    assert not [p for p in key.parent.iterdir() if p != key]  # no temporary file left


def _load_with(cache_dir: Path) -> ParseCache:
    from indberet.run.reading import load

    cache = ParseCache(cache_dir)
    load([str(EXAMPLES)], cache=cache)
    return cache


def test_a_cache_restored_from_a_run_with_another_key_is_ignored_and_rewritten(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache_dir = tmp_path / "cache"
    monkeypatch.setenv("INDBERET_CACHE_KEY", "a" * 40)
    first = _audit(cache_dir)
    monkeypatch.setenv("INDBERET_CACHE_KEY", "b" * 40)  # another CI run, another secret
    _same(_audit(cache_dir), first)
    assert _audit(cache_dir).stdout == first.stdout
    assert _load_with(cache_dir).hits == 5  # rewritten under b
    monkeypatch.setenv("INDBERET_CACHE_KEY", "a" * 40)
    assert _load_with(cache_dir).hits == 0
    monkeypatch.setenv("INDBERET_CACHE_KEY", "")  # a secret CI does not give: the key file
    assert _load_with(cache_dir).writes == 5 and cache_module.key_file().is_file()
    assert _load_with(cache_dir).hits == 5


def _warned(run: Run, *words: str) -> None:
    assert run.code == 0 and run.stdout == _audit(None).stdout
    assert run.stderr.count("indberet: warning:") == 1, run.stderr
    for word in words:
        assert word in run.stderr, run.stderr


def test_a_short_key_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INDBERET_CACHE_KEY", "secret")
    _warned(_audit(tmp_path / "cache"), "INDBERET_CACHE_KEY", "32 characters")
    assert not (tmp_path / "cache").exists()


@pytest.mark.parametrize("how", ["readable by others", "a symlink", "too short", "a fifo"])
def test_a_key_file_that_is_not_private_is_refused(tmp_path: Path, how: str) -> None:
    key = cache_module.key_file()
    key.parent.mkdir(parents=True)
    if how == "a symlink":
        elsewhere = tmp_path / "elsewhere"
        elsewhere.write_text("k" * 64)
        elsewhere.chmod(0o600)
        key.symlink_to(elsewhere)
    elif how == "a fifo":
        os.mkfifo(key, 0o600)
    else:
        key.write_text("k" * (64 if how == "readable by others" else 8))
        key.chmod(0o644 if how == "readable by others" else 0o600)
    _warned(_audit(tmp_path / "cache"), str(key))
    assert not (tmp_path / "cache").exists()


def test_a_key_file_that_cannot_be_made_is_said(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where the config directory would be")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(blocker))
    _warned(_audit(tmp_path / "cache"), str(blocker), "INDBERET_CACHE_KEY")


def test_the_warning_is_in_the_readers_language(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "cache").mkdir(mode=0o700)
    (tmp_path / "cache").chmod(0o777)
    args = ("--cache-dir", str(tmp_path / "cache"))
    run = run_cli("audit", str(EXAMPLES), *AS_OF, "--format", "json", "--lang", "da", *args)
    assert run.code == 0 and "advarsel" in run.stderr and "andre brugere" in run.stderr
    assert "chmod -R go-w" in run.stderr


# --- entries and folders ---------------------------------------------------------------------


@pytest.mark.parametrize("mode", [0o620, 0o602, 0o666])
def test_an_entry_others_can_write_is_ignored_and_rewritten(tmp_path: Path, mode: int) -> None:
    _load_with(tmp_path)
    document = _document_entry(tmp_path, (EXAMPLES / "underretninger.yaml").read_bytes())
    document.chmod(mode)
    again = _load_with(tmp_path)
    assert again.hits == 4 and again.rejected >= 1 and again.writes == 1
    assert stat.S_IMODE(document.stat().st_mode) == 0o600


def test_an_entry_of_another_user_is_not_read(monkeypatch: pytest.MonkeyPatch) -> None:
    mine = os.stat(EXAMPLES)
    assert cache_module._trusted(os.stat_result((0o100600, *mine[1:])))
    monkeypatch.setattr(cache_module, "_uid", lambda: mine.st_uid + 1)
    assert not cache_module._trusted(os.stat_result((0o100600, *mine[1:])))
    assert not cache_module.own(mine)


def test_an_oversized_entry_is_not_read(tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    args = ("audit", str(EXAMPLES), *AS_OF, "--format", "json", "--cache-dir", str(cache_dir))
    first = run_cli(*args)
    (result,) = result_entries(cache_dir)
    document = _document_entry(cache_dir, (EXAMPLES / "underretninger.yaml").read_bytes())
    for entry in (result, document):
        with entry.open("r+b") as grown:  # sparse: no room on the disk, 3 GiB to read
            grown.truncate(cache_module.MAX_ENTRY * 3)
    done = _run_bounded(*args, env={})
    assert (done.returncode, done.stdout, done.stderr) == (0, first.stdout, first.stderr)
    assert result.stat().st_size < cache_module.MAX_ENTRY  # rewritten


def test_entries_and_folders_are_made_private_whatever_the_umask(tmp_path: Path) -> None:
    old = os.umask(0)
    try:
        assert _audit(tmp_path / "cache").code == 0
    finally:
        os.umask(old)
    found = [tmp_path / "cache", *(tmp_path / "cache").rglob("*")]
    assert len(found) > 10
    for path in found:
        expected = 0o700 if path.is_dir() else 0o600
        assert stat.S_IMODE(path.stat().st_mode) == expected, path


def test_a_cache_directory_that_is_a_link_to_ones_own_is_used(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir(mode=0o700)
    (tmp_path / "link").symlink_to(tmp_path / "real", target_is_directory=True)
    first = _audit(tmp_path / "link")
    assert first.stderr == _audit(None).stderr and result_entries(tmp_path / "real")
    assert _load_with(tmp_path / "link").hits == 5


@pytest.mark.parametrize("where", ["v1", "entries"])
def test_a_symlinked_folder_inside_the_cache_is_not_followed(tmp_path: Path, where: str) -> None:
    cache_dir = tmp_path / "cache"
    _load_with(cache_dir)
    victim = tmp_path / "victim"
    files = _unrelated(victim, names_like_keys=True)
    folder = (
        cache_dir / f"v{FORMAT}"
        if where == "v1"
        else _document_entry(cache_dir, (EXAMPLES / "underretninger.yaml").read_bytes()).parent
    )
    shutil.rmtree(folder)
    folder.symlink_to(victim, target_is_directory=True)
    _warned(_audit(cache_dir), "symbolic link", str(folder))
    _unchanged(victim, files)
    assert folder.is_symlink()


def test_a_cache_path_that_is_a_file_is_said(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory", encoding="utf-8")
    _warned(_audit(blocker), "not a directory")
    _warned(_audit(blocker / "cache"), "cannot make")
    assert blocker.read_text("utf-8") == "not a directory"


def test_eight_runs_at_once_on_one_cache_write_what_no_cache_writes(tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    args = ["audit", str(EXAMPLES), *AS_OF, "--format", "json"]
    alone = _audit(None)
    env = {**os.environ, "INDBERET_LANG": "en"}
    command = [sys.executable, "-m", "indberet", *args, "--cache-dir", str(cache_dir)]
    for _ in range(2):  # on an empty cache, then on the one they filled
        runs = [
            subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
            for _ in range(8)
        ]
        for run in runs:
            out, err = run.communicate(timeout=120)
            assert (run.returncode, out.decode(), err.decode()) == (0, alone.stdout, alone.stderr)
    assert len(result_entries(cache_dir)) == 1
    assert not list(cache_dir.rglob(".tmp-*"))
