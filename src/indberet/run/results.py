"""The result cache: a command run again on unchanged inputs answers with its last output.

An audit of 100,000 fields takes seconds of work per field even when every file comes from
the parse cache; in CI the same definitions are audited again and again (re-runs, other
files changed in the repository). So a command whose output is a pure function of its
inputs remembers that output, keyed by a hash of everything it depends on:

* the source of the whole package (every module, schema and data file) and its version,
  so a new version, or any edit to the code, misses;
* the command and every option that decides the output, resolved (the format after
  ``auto``, the language after ``$INDBERET_LANG``, the audit date after "today", the rule
  profile as loaded, not its name), and the working directory;
* every input file by its path as given and a hash of its bytes: the catalogue's YAML
  files as :func:`indberet.read.loading.collect_files` finds them, and the usage logs.

An entry holds the output and what the run wrote to standard error on the way
(warnings), and is stored, verified and rejected exactly as the parse cache's are (see
:mod:`indberet.run.cache`): signed with the user's cache key (an entry anyone else wrote is
not believed), a header with the versions and the key, and ``marshal`` of the output's
bytes and a string. The inputs are hashed again after the run, and the result is kept
only if nothing changed meanwhile. Only the newest :data:`KEEP` results are kept (the
oldest used is removed first), since an audit's output can be large. The clean-up
touches only the folder's own entries: regular files of this user named like a key, in
a folder that is no symbolic link; anything else there is left alone.

Only runs that succeed are remembered; an error is always found afresh. ``--no-cache``
turns this cache off together with the parse cache.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import marshal
import os
import re
import stat
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, fields, is_dataclass
from pathlib import Path
from typing import Any, Final, Protocol

from indberet import __version__
from indberet.run import cache as cache_module
from indberet.run.cache import FORMAT, ParseCache

KEEP: Final = 8
"""Results kept per cache directory."""
FOLDER: Final = "results"
_NAME: Final = re.compile(r"[0-9a-f]{64}\Z")  # a key: how the results' own files are named
_SOURCE_SUFFIXES: Final = (".py", ".json", ".yaml")
_CHUNK: Final = 1 << 20
_STORING: list[Joinable] = []  # results being stored in the background
_AT_START: dict[str, str] = {}  # path: hash, as this run's key found them (hashes_at_start)


@dataclass(frozen=True, slots=True)
class Output:
    """What a successful run printed: its output (UTF-8), and its standard error."""

    stdout: bytes
    stderr: str


@functools.cache
def code_fingerprint() -> str:
    """A hash of the version and of every source and data file of the package."""
    package = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256(f"indberet {__version__} results format {FORMAT}\n".encode())
    files = sorted(
        path
        for path in package.rglob("*")
        if path.suffix in _SOURCE_SUFFIXES and "__pycache__" not in path.parts
    )
    for path in files:
        digest.update(path.relative_to(package).as_posix().encode() + b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def file_hash(path: str) -> str | None:
    """sha256 of the file's bytes, or None if it cannot be read."""
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as handle:
            while block := handle.read(_CHUNK):
                digest.update(block)
    except OSError:
        return None
    return digest.hexdigest()


def canonical(value: object) -> str:
    """``repr`` of ``value``, but with every set's items in sorted order, so that it is the
    same in every process: a set's own order follows the hashes of its strings, which
    change from process to process. For an option that is an object (the profile as
    loaded) in :func:`result_key`."""
    if isinstance(value, set | frozenset):
        return "{" + ", ".join(sorted(canonical(item) for item in value)) + "}"
    if isinstance(value, Mapping):
        items = (f"{canonical(key)}: {canonical(item)}" for key, item in value.items())
        return "{" + ", ".join(sorted(items)) + "}"
    if isinstance(value, list | tuple):
        return f"{type(value).__name__}({', '.join(canonical(item) for item in value)})"
    if is_dataclass(value) and not isinstance(value, type):
        shown = (f"{f.name}={canonical(getattr(value, f.name))}" for f in fields(value) if f.repr)
        return f"{type(value).__qualname__}({', '.join(shown)})"
    return repr(value)


def result_key(
    command: str, options: Mapping[str, str], files: Sequence[str], *, at_start: bool = False
) -> str | None:
    """The key of a run of ``command`` with ``options`` on ``files``; None if one is unreadable.

    ``files`` are every file the output depends on, by the path the run uses. With
    ``at_start``, the hashes are kept for :func:`hashes_at_start`.
    """
    hashed: list[tuple[str, str]] = []
    for path in files:
        content = file_hash(path)
        if content is None:
            return None
        hashed.append((path, content))
    if at_start:
        _AT_START.clear()
        _AT_START.update(hashed)
    return key_of(command, options, hashed)


def hashes_at_start(files: Sequence[str]) -> list[str] | None:
    """The hash of each of ``files`` as :func:`remembered` found it at the start of this run
    (each file is read once for both), hashed now if it did not; None if one cannot be
    read. What is kept is given once: a later call hashes again."""
    kept = dict(_AT_START)
    _AT_START.clear()
    found = []
    for path in files:
        digest = kept.get(path) or file_hash(path)
        if digest is None:
            return None
        found.append(digest)
    return found


def key_of(command: str, options: Mapping[str, str], hashed: Sequence[tuple[str, str]]) -> str:
    """:func:`result_key` of files whose hashes are known: ``hashed`` (path, hash) pairs."""
    hashed = [(path, content) for path, content in hashed]
    plain = (
        code_fingerprint(),
        command,
        sorted(options.items()),
        os.getcwd(),
        hashed,
    )
    return hashlib.sha256(marshal.dumps(plain)).hexdigest()


def _checked(value: Any) -> Output | None:
    if (
        isinstance(value, tuple)
        and len(value) == 2
        and isinstance(value[0], bytes)
        and isinstance(value[1], str)
    ):
        return Output(value[0], value[1])
    return None


class ResultCache:
    """Outputs of earlier runs, by :func:`result_key`, in a parse cache's directory."""

    def __init__(self, cache: ParseCache, keep: int = KEEP) -> None:
        self.cache = cache
        self.keep = keep
        self.folder = cache.directory / f"v{FORMAT}" / FOLDER

    def _entry(self, key: str) -> Path:
        return self.folder / key  # a key is a hash already, of the code fingerprint too

    def get(self, key: str) -> Output | None:
        """The remembered output for ``key``, if there is a sound one."""
        if not _NAME.match(key):
            return None
        return self.cache.read_entry(self._entry(key), key, _checked, touch=True)

    def put(self, key: str, output: Output) -> None:
        """Remember ``output`` for ``key`` (best effort), keeping only the newest results."""
        if not _NAME.match(key):
            return
        self.cache.write_entry(self._entry(key), key, (output.stdout, output.stderr))
        self._trim()

    def _trim(self) -> None:
        trim(self.cache, self.folder, self.keep)


def is_key(key: str) -> bool:
    """Whether ``key`` has the form of a key (and so of an entry's name)."""
    return bool(_NAME.match(key))


def trim(cache: ParseCache, folder: Path, keep: int) -> None:
    """Remove all but the ``keep`` newest entries of ``folder``: only the folder's own
    entries (regular files of this user named like a key), and not through a symbolic link."""
    if not cache.usable_folder(folder):
        return
    found: list[tuple[float, str]] = []
    try:
        with os.scandir(folder) as items:
            for item in items:
                if _NAME.match(item.name):
                    info = item.stat(follow_symlinks=False)
                    if stat.S_ISREG(info.st_mode) and cache_module.own(info):
                        found.append((info.st_mtime, item.name))
    except OSError:
        return
    found.sort()
    for _, name in found[: max(0, len(found) - keep)]:
        with contextlib.suppress(OSError):
            os.unlink(folder / name)


def remembered(
    cache: ResultCache | None,
    command: str,
    options: Mapping[str, str],
    files: Callable[[], list[str] | None],
    produce: Callable[[], Output],
    *,
    background: bool = False,
) -> tuple[Output, bool]:
    """The output of ``produce()``, or the remembered one for the same inputs.

    Returns the output and whether ``produce`` made it now (False: remembered).
    ``files()`` lists every file the output depends on, or None when the inputs are not
    all there (then ``produce`` runs, to report that). The result is stored only if the
    files' hashes are the same after the run as before it. With ``background``, that
    check and the storing run in a thread; :func:`finish_storing` waits for it.
    """
    _AT_START.clear()
    listed = files() if cache is not None else None
    key = result_key(command, options, listed, at_start=True) if listed is not None else None
    if cache is None or key is None:
        return produce(), True
    found = cache.get(key)
    if found is not None:
        return found, False
    output = produce()

    def store() -> None:
        after = files()
        if after is not None and result_key(command, options, after) == key:
            cache.put(key, output)

    if background:
        # Hashing the inputs again and writing a large output are mostly I/O and
        # hashing, which run beside the caller's own writing of the output.
        worker = threading.Thread(target=store, name="indberet-result-store")
        _STORING.append(worker)
        worker.start()
    else:
        store()
    return output, True


class Joinable(Protocol):
    """Work started in the background: a thread, or a child process (run.parallel)."""

    def join(self) -> None: ...


def register_storing(worker: Joinable) -> None:
    """Have :func:`finish_storing` wait for ``worker`` (started by the caller) too."""
    _STORING.append(worker)


def finish_storing() -> None:
    """Wait until every result :func:`remembered` stores in the background is written."""
    while _STORING:
        _STORING.pop().join()
