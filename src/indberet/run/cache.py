"""The parse cache: repeated runs do not read unchanged YAML again.

Its entries hold plain data for whoever names them: the readings of files here, the
near-duplicate pairs of a catalogue in :mod:`indberet.run.paircache`, the results of whole
runs in :mod:`indberet.run.results`.

An entry holds what reading one file gave, once it was valid: the file kind, the plain
data, and the marks the model needs. It is found by a hash of the file's content and of
everything that decides what reading it gives (the tool version, this format's version,
the schemas and the source of the readers), so that a changed file, a new version or an
edited schema simply misses. Nothing in an entry is code: the payload is ``marshal`` of
plain data (dicts, lists, tuples, strings, numbers), behind a header that repeats the
versions and the content hash.

**Whom it believes.** Anyone can compute an entry's name and header from the package's
source, so an entry is believed only if it carries an HMAC-SHA256 of its header and
payload under a key kept *outside* the cache directory (:func:`load_key`:
``$INDBERET_CACHE_KEY``, else a random key made once, mode 0600, in
``$XDG_CONFIG_HOME/indberet/cache-key`` or ``~/.config/indberet/cache-key``). Someone who
can write into the cache (another user of a shared directory, a CI cache restored from an
untrusted branch) cannot make an entry that passes; an entry written under another key is
simply a miss, and the fresh reading replaces it. The directory must belong to this user
and be writable by no one else (it is made 0700, entries 0600); its folders and entries
are never followed through symbolic links. An entry is read only if it is a regular file
of this user, no one else can write, and at most :data:`MAX_ENTRY` bytes (from ``fstat``;
no more is read). A cache that fails these checks is not used for the run, and
``on_problem`` is told once (:class:`Unusable`).

Reading an entry verifies all of that before the payload is unpacked, and the unpacked
value's shape after; an entry that fails any check (corrupt, truncated, forged, written by
another version or for another content) is ignored, and the fresh reading replaces it.
Writes are atomic (a temporary file renamed over the entry) and best-effort: a cache that
cannot be written never fails a run. Temporary files of its own that a killed run left are
removed when the cache next writes into their folder, once they are
:data:`STALE_TEMPORARY` seconds old.

Where: ``--cache-dir``, else ``$INDBERET_CACHE_DIR``, else ``$XDG_CACHE_HOME/indberet``,
else ``~/.cache/indberet``. The library uses no cache unless given one; the CLI does
unless ``--no-cache``.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import hmac
import json
import marshal
import os
import re
import secrets
import stat
import time
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Final, Literal, TypeVar

from indberet import __version__
from indberet.read.yamlsource import Document, Mark
from indberet.read.yamlsource import Path as DataPath

T = TypeVar("T")

FORMAT: Final = 1
MAGIC: Final = b"indberet parse cache\n"
KINDS: Final = ("requirement-set", "registers")
ENV_DIR: Final = "INDBERET_CACHE_DIR"
ENV_KEY: Final = "INDBERET_CACHE_KEY"
KEY_FILE: Final = "cache-key"
MIN_KEY_LENGTH: Final = 32
"""Characters a key must have at least (a key file holds 64 hexadecimal digits)."""
MAX_ENTRY: Final = 1 << 30
"""Bytes an entry may have; a larger file in the cache is not read."""
STALE_TEMPORARY: Final = 15 * 60
"""Seconds after which a temporary file of the cache's own is taken as left by a killed run."""
_MAC_SIZE: Final = 64  # hexadecimal digits of an HMAC-SHA256
_MAX_HEADER: Final = 4096
_MARSHAL_VERSION: Final = 4
# The cache's own temporary files: these, and mkstemp's of earlier versions.
_TEMPORARY: Final = re.compile(r"\.tmp-(?:[0-9a-f]{16}|[a-z0-9_]{8})\Z")
_NOFOLLOW: Final = getattr(os, "O_NOFOLLOW", 0)
_NONBLOCK: Final = getattr(os, "O_NONBLOCK", 0)
_CLOEXEC: Final = getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)

Reason = Literal[
    "foreign",  # belongs to another user
    "writable",  # others can write it
    "symlink",  # a folder inside the cache is a symbolic link
    "not-directory",
    "cannot-create",
    "key-short",  # $INDBERET_CACHE_KEY too short
    "key-unsafe",  # the key file is not a private regular file of this user
    "key-unreadable",  # the key file cannot be read or made
]


@dataclass(frozen=True, slots=True)
class Unusable:
    """Why a cache is not used in this run: the reason, the path concerned, and the
    system's words when there are some."""

    reason: Reason
    path: str
    detail: str = ""


def default_directory() -> Path:
    """``$INDBERET_CACHE_DIR``, else ``$XDG_CACHE_HOME/indberet``, else ``~/.cache/indberet``."""
    explicit = os.environ.get(ENV_DIR)
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg and os.path.isabs(xdg):
        return Path(xdg) / "indberet"
    return Path.home() / ".cache" / "indberet"


def key_file() -> Path:
    """``$XDG_CONFIG_HOME/indberet/cache-key``, else ``~/.config/indberet/cache-key``."""
    xdg = os.environ.get("XDG_CONFIG_HOME")
    base = Path(xdg) if xdg and os.path.isabs(xdg) else Path.home() / ".config"
    return base / "indberet" / KEY_FILE


def load_key() -> bytes | Unusable:
    """The key entries are signed with: ``$INDBERET_CACHE_KEY`` when set (not empty),
    else the key file (:func:`key_file`), made with a random key when there is none."""
    given = os.environ.get(ENV_KEY, "").strip()
    if given:
        if len(given) < MIN_KEY_LENGTH:
            return Unusable("key-short", ENV_KEY)
        return given.encode("utf-8")
    try:
        path = key_file()
    except (RuntimeError, KeyError) as error:  # no home directory
        return Unusable("key-unreadable", "~/.config/indberet", str(error))
    try:
        return _read_key(path)
    except FileNotFoundError:
        pass
    except OSError as error:
        return Unusable("key-unreadable", str(path), error.strerror or str(error))
    try:
        _make_key(path)
        return _read_key(path)
    except OSError as error:
        return Unusable("key-unreadable", str(path), error.strerror or str(error))


def _read_key(path: Path) -> bytes | Unusable:
    descriptor = os.open(path, os.O_RDONLY | _NOFOLLOW | _NONBLOCK | _CLOEXEC)
    try:
        info = os.fstat(descriptor)
        if not (stat.S_ISREG(info.st_mode) and _trusted(info, private=True)):
            return Unusable("key-unsafe", str(path))
        key = os.read(descriptor, 4096).strip()
    finally:
        os.close(descriptor)
    if len(key) < MIN_KEY_LENGTH:
        return Unusable("key-unsafe", str(path))
    return key


def _make_key(path: Path) -> None:
    """Write a new random key to ``path``, unless another run has just made one."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    temporary = path.with_name(f".{path.name}-{secrets.token_hex(8)}")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC
    descriptor = os.open(temporary, flags, 0o600)
    try:
        with open(descriptor, "w", encoding="ascii") as stream:
            stream.write(secrets.token_hex(32) + "\n")
        try:
            os.link(temporary, path)  # never replaces a key another run made meanwhile
        except FileExistsError:
            pass
        except OSError:  # no hard links here: the key may then change once, harmlessly
            os.replace(temporary, path)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temporary)


def _uid() -> int | None:
    """This user's id (None where the system has none)."""
    return os.getuid() if hasattr(os, "getuid") else None


def _trusted(info: os.stat_result, *, private: bool = False) -> bool:
    """Whether ``info`` is of this user's, and no one else may write it (nor read it,
    when ``private``)."""
    uid = _uid()
    if uid is None:
        return True
    return info.st_uid == uid and not info.st_mode & (0o077 if private else 0o022)


def own(info: os.stat_result) -> bool:
    """Whether ``info`` is of a file of this user's."""
    uid = _uid()
    return uid is None or info.st_uid == uid


def _folder_problem(info: os.stat_result) -> Reason | None:
    """What is wrong with a folder of the cache, from its ``lstat``; None if nothing."""
    if stat.S_ISLNK(info.st_mode):
        return "symlink"
    if not stat.S_ISDIR(info.st_mode):
        return "not-directory"
    if not own(info):
        return "foreign"
    if not _trusted(info):
        return "writable"
    return None


def _read_regular(path: Path) -> bytes | None:
    """The bytes of ``path`` if it is a regular file this user may trust and at most
    :data:`MAX_ENTRY` long, else None. Raises OSError if it cannot be opened (absent, or
    a symbolic link). Never blocks on a FIFO, and reads no more than ``fstat`` said."""
    descriptor = os.open(path, os.O_RDONLY | _NOFOLLOW | _NONBLOCK | _CLOEXEC)
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode) or not _trusted(info) or info.st_size > MAX_ENTRY:
            return None
        parts = [os.read(descriptor, info.st_size)]  # one read, as a rule
        done = len(parts[0])
        while done < info.st_size and parts[-1]:
            parts.append(os.read(descriptor, info.st_size - done))
            done += len(parts[-1])
    finally:
        os.close(descriptor)
    if done != info.st_size:
        return None  # shorter than fstat said
    return parts[0] if len(parts) == 1 else b"".join(parts)


@functools.cache
def fingerprint() -> str:
    """A hash of everything besides the content that decides what reading a file gives."""
    from importlib.metadata import version  # the schema check's library decides validity

    digest = hashlib.sha256(f"indberet {__version__} cache format {FORMAT}\n".encode())
    digest.update(f"jsonschema-rs {version('jsonschema-rs')}\n".encode())
    schemas = resources.files("indberet.schemas")
    for kind in KINDS:
        digest.update(schemas.joinpath(f"{kind}.schema.json").read_bytes())
    package = resources.files("indberet")
    for module in (
        "read/yamlsource.py",
        "read/fastyaml.py",
        "read/schema.py",
        "run/cache.py",
    ):
        item = package.joinpath(module)
        if item.is_file():
            digest.update(item.read_bytes())
    return digest.hexdigest()


class ParseCache:
    """Valid readings of files, by content hash, in one directory.

    ``key`` signs the entries (default: :func:`load_key`); ``on_problem`` is called, in
    this process, the first time the cache turns out unusable (:meth:`check`).
    """

    def __init__(
        self,
        directory: str | os.PathLike[str],
        *,
        key: bytes | None = None,
        on_problem: Callable[[Unusable], None] | None = None,
    ) -> None:
        self.directory = Path(directory)
        self.salt = fingerprint()
        self.hits = 0
        self.misses = 0
        self.rejected = 0  # entries that were there but failed a check
        self.writes = 0
        self.problem: Unusable | None = None
        self._key = key
        self._on_problem = on_problem
        self._process = os.getpid()
        self._checked = False
        self._sound: set[Path] = set()  # folders found sound in this run
        self._swept: set[Path] = set()  # folders cleared of stale temporary files

    def check(self) -> Unusable | None:
        """Check the key, the directory and its folders (once); what makes the cache
        unusable, or None. The directory is made (0700) if it is not there."""
        if not self._checked:
            self._checked = True
            self._check()
        return self.problem

    def _check(self) -> None:
        if self._key is None:
            key = load_key()
            if isinstance(key, Unusable):
                self._fail(key)
                return
            self._key = key
        try:
            self.directory.mkdir(parents=True, exist_ok=True, mode=0o700)
            info = self.directory.stat()  # the directory named may be a link to one's own
        except OSError as error:
            reason: Reason = (
                "not-directory" if isinstance(error, FileExistsError) else "cannot-create"
            )
            self._fail(Unusable(reason, str(self.directory), error.strerror or str(error)))
            return
        problem = _folder_problem(info)
        if problem is not None:
            self._fail(Unusable(problem, str(self.directory)))
            return
        top = self.directory / f"v{FORMAT}"
        if not self._folder(top, create=False):
            return
        with contextlib.suppress(OSError), os.scandir(top) as found:
            for item in found:
                if self.problem is not None:
                    return
                if item.is_symlink() or item.is_dir(follow_symlinks=False):
                    self._folder(Path(item.path), create=False)

    def _fail(self, problem: Unusable) -> None:
        if self.problem is None:
            self.problem = problem
            if self._on_problem is not None and os.getpid() == self._process:
                self._on_problem(problem)

    def _usable(self) -> bool:
        return self.check() is None

    def _folder(self, folder: Path, *, create: bool) -> bool:
        """Whether ``folder`` (in the cache) is a sound folder of this user's: not a
        symbolic link, writable by no one else. With ``create``, it is made (0700) if it
        is not there. A folder that is there and unsound makes the cache unusable."""
        if folder in self._sound:
            return True
        if create:
            with contextlib.suppress(OSError):
                os.mkdir(folder, 0o700)
        try:
            info = os.lstat(folder)
        except OSError:
            return False  # not there (yet): nothing to read, or nothing can be written
        problem = _folder_problem(info)
        if problem is not None:
            self._fail(Unusable(problem, str(folder)))
            return False
        self._sound.add(folder)
        return True

    def usable_folder(self, folder: Path) -> bool:
        """Whether the cache is usable and ``folder`` in it is there and sound."""
        return self._usable() and self._folder(folder, create=False)

    def holds_entries(self) -> bool:
        """Whether the cache holds any entry of this format (results aside): when it holds
        none, looking a file up is reading and hashing it for nothing."""
        if not self._usable():
            return False
        try:
            with os.scandir(self.directory / f"v{FORMAT}") as found:
                return any(
                    len(item.name) == 2 and item.is_dir(follow_symlinks=False) for item in found
                )
        except OSError:
            return False

    def digest(self, content: bytes) -> str:
        """The content hash that names an entry."""
        return hashlib.sha256(content).hexdigest()

    def _entry(self, digest: str, purpose: str = "document", salt: str | None = None) -> Path:
        name = hashlib.sha256(f"{salt or self.salt}:{purpose}:{digest}".encode()).hexdigest()
        return self.directory / f"v{FORMAT}" / name[:2] / name

    def _header(self, digest: str, size: int) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "tool": __version__,
            "salt": self.salt,
            "content": digest,
            "size": size,
        }

    def _mac(self, signed: bytes | memoryview, *payload: bytes | memoryview) -> bytes:
        assert self._key is not None  # checked before any entry is read or written
        mac = hmac.new(self._key, signed, hashlib.sha256)
        for piece in payload:
            mac.update(piece)
        return mac.hexdigest().encode("ascii")

    def seal(self, digest: str, payload: bytes, *more: bytes) -> bytes:
        """What is written before ``payload`` (and ``more``, written after it) in the entry
        for content ``digest``: the magic line, the HMAC of the rest, and the header line."""
        size = len(payload) + sum(map(len, more))
        header = json.dumps(self._header(digest, size)).encode() + b"\n"
        return MAGIC + self._mac(header, payload, *more) + b"\n" + header

    def get(self, path: str, digest: str, source: str) -> Document | None:
        """The cached reading of content ``digest`` as a document for ``path``, if sound.

        ``source`` is the file's text: the document reads it again should a place be
        asked for that the entry does not hold.
        """
        unpacked = self.read_entry(self._entry(digest), digest, _checked)
        if unpacked is None:
            return None
        kind, data, marks = unpacked
        return Document(path, data, marks, source=source, valid_as=kind)

    def put(self, digest: str, document: Document) -> None:
        """Store the valid reading ``document`` of content ``digest`` (best effort)."""
        kind = document.valid_as
        if kind in KINDS:
            self.write_entry(
                self._entry(digest), digest, (kind, document.data, document.known_marks)
            )

    def read_entry(
        self,
        entry: Path,
        digest: str,
        checked: Callable[[Any], T | None],
        *,
        touch: bool = False,
    ) -> T | None:
        """The value stored in ``entry`` for content ``digest``, as ``checked`` accepts it.

        None if the cache is unusable, or the entry absent, or unsound, or ``checked``
        finds the wrong shape. With ``touch``, an entry used is marked as used now.
        """
        if not self.usable_folder(entry.parent):
            self.misses += 1
            return None
        try:
            blob = _read_regular(entry)
        except FileNotFoundError:
            blob, absent = None, True
        except OSError:  # a symbolic link, or unreadable
            blob, absent = None, False
        else:
            absent = False
        value = checked(self._unpack(blob, digest)) if blob is not None else None
        if value is None:
            self.rejected += 0 if absent else 1
            self.misses += 1
            return None
        self.hits += 1
        if touch and os.utime in os.supports_follow_symlinks:
            with contextlib.suppress(OSError):
                os.utime(entry, follow_symlinks=False)
        return value

    def _unpack(self, blob: bytes, digest: str) -> Any:
        if not blob.startswith(MAGIC):
            return None
        view = memoryview(blob)
        start = len(MAGIC) + _MAC_SIZE + 1
        if blob[start - 1 : start] != b"\n":
            return None
        if not hmac.compare_digest(bytes(view[len(MAGIC) : start - 1]), self._mac(view[start:])):
            return None  # forged, damaged, or written under another key
        end = blob.find(b"\n", start, start + _MAX_HEADER)
        if end < 0:
            return None
        payload = view[end + 1 :]
        try:
            header = json.loads(bytes(view[start:end]))
        except ValueError:
            return None
        if header != self._header(digest, len(payload)):
            return None  # another version, or another content
        try:
            return marshal.loads(payload)
        except (ValueError, EOFError, TypeError):  # pragma: no cover - the MAC matched
            return None

    def write_entry(self, entry: Path, digest: str, value: Any) -> None:
        """Store plain ``value`` for content ``digest`` in ``entry``: atomic, best effort."""
        if not self._usable():
            return
        try:
            pieces = _marshalled(value)
        except ValueError:  # pragma: no cover - plain data always marshals
            return
        if sum(map(len, pieces)) > MAX_ENTRY - _MAX_HEADER:
            return  # it would not be read
        folder = entry.parent
        if not (self._folder(folder.parent, create=True) and self._folder(folder, create=True)):
            return  # a read-only cache, or an unsound one (then told once)
        self._sweep(folder)
        temporary = folder / f".tmp-{secrets.token_hex(8)}"
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC
        try:
            descriptor = os.open(temporary, flags, 0o600)
        except OSError:
            return  # a read-only or full disk: run without caching
        try:
            with open(descriptor, "wb") as stream:
                stream.write(self.seal(digest, *pieces))
                for piece in pieces:  # not joined: a result can be a large copy
                    stream.write(piece)
            os.replace(temporary, entry)
        except BaseException as error:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            if isinstance(error, OSError):
                return
            raise
        self.writes += 1

    def _sweep(self, folder: Path) -> None:
        """Remove the cache's own temporary files in ``folder`` that a killed run left
        (older than :data:`STALE_TEMPORARY`): regular files of this user, by name; once
        per folder and run."""
        if folder in self._swept:
            return
        self._swept.add(folder)
        before = time.time() - STALE_TEMPORARY
        with contextlib.suppress(OSError), os.scandir(folder) as found:
            for item in found:
                if not _TEMPORARY.match(item.name):
                    continue
                with contextlib.suppress(OSError):
                    info = item.stat(follow_symlinks=False)
                    if stat.S_ISREG(info.st_mode) and own(info) and info.st_mtime < before:
                        os.unlink(item.path)


def _checked(value: Any) -> tuple[str, Any, dict[DataPath, Mark]] | None:
    """``value`` if it has the shape of an entry: (kind, dict of data, dict of marks)."""
    if not (isinstance(value, tuple) and len(value) == 3):
        return None
    kind, data, marks = value
    if kind not in KINDS or not isinstance(data, dict) or not isinstance(marks, dict):
        return None
    for path, mark in marks.items():
        if not (
            isinstance(path, tuple)
            and isinstance(mark, tuple)
            and len(mark) == 2
            and type(mark[0]) is int
            and type(mark[1]) is int
        ):
            return None
    return kind, data, marks


def open_cache(
    directory: str | None = None,
    *,
    enabled: bool = True,
    on_problem: Callable[[Unusable], None] | None = None,
) -> ParseCache | None:
    """The cache in ``directory`` (default: :func:`default_directory`), or None if disabled.

    ``on_problem`` is told, once, if the cache turns out unusable (see :class:`ParseCache`).
    """
    if not enabled:
        return None
    return ParseCache(directory if directory else default_directory(), on_problem=on_problem)


def _marshalled(value: Any) -> tuple[bytes, ...]:
    """``marshal.dumps(value)`` in pieces that read back as ``value``: a tuple of bytes and
    strings (a remembered result: its output can be a hundred megabytes) is written item by
    item, each bytes object as itself behind marshal's header of bytes, never copied."""
    if not (
        type(value) is tuple
        and len(value) < 256
        and all(type(item) in (bytes, str) for item in value)
    ):
        return (marshal.dumps(value, _MARSHAL_VERSION),)
    pieces: list[bytes] = [b")" + bytes((len(value),))]  # a small tuple of this many items
    for item in value:
        if type(item) is bytes and len(item) < 1 << 31:
            pieces += [b"s" + len(item).to_bytes(4, "little"), item]  # bytes: size, content
        else:
            pieces.append(marshal.dumps(item, _MARSHAL_VERSION))
    return tuple(pieces)
