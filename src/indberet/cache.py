"""The parse cache: repeated runs do not read unchanged YAML again.

It also remembers the near-duplicate pairs of a catalogue (the costliest step of an
audit): an entry named by a hash of every candidate's text, the threshold and the measures
searched, holding the pairs as plain (first, second, score, basis) rows. See
``ParseCache.searcher``.

An entry holds what reading one file gave, once it was valid: the file kind, the plain
data, and the marks the model needs. It is found by a hash of the file's content and of
everything that decides what reading it gives (the tool version, this format's version,
the schemas and the source of the readers), so that a changed file, a new version or an
edited schema simply misses. Nothing in an entry is code: the payload is ``marshal`` of
plain data (dicts, lists, tuples, strings, numbers), behind a header that repeats the
versions and the content hash and carries a digest of the payload.

Reading an entry verifies all of that before the payload is unpacked, and the unpacked
value's shape after; an entry that fails any check (corrupt, truncated, written by another
version or for another content) is ignored, and the fresh reading replaces it. Writes are
atomic (a temporary file renamed over the entry) and best-effort: a cache that cannot be
written never fails a run.

Where: ``--cache-dir``, else ``$INDBERET_CACHE_DIR``, else ``$XDG_CACHE_HOME/indberet``,
else ``~/.cache/indberet``. The library uses no cache unless given one; the CLI does
unless ``--no-cache``.
"""

from __future__ import annotations

import functools
import hashlib
import json
import marshal
import os
import tempfile
from collections.abc import Callable, Sequence
from importlib import resources
from pathlib import Path
from typing import Any, Final, TypeVar

from indberet import __version__, similarity
from indberet.similarity import Candidate, Pair
from indberet.yamlsource import Document, Mark
from indberet.yamlsource import Path as DataPath

T = TypeVar("T")

FORMAT: Final = 1
MAGIC: Final = b"indberet parse cache\n"
KINDS: Final = ("requirement-set", "registers")
ENV_DIR: Final = "INDBERET_CACHE_DIR"
_MAX_HEADER: Final = 4096
_MARSHAL_VERSION: Final = 4
# For data that is only hashed: version 2 shares no repeated objects, which for 100,000
# candidates of distinct texts costs half the time (0.2 s) and saves nothing.
_HASHED_MARSHAL_VERSION: Final = 2


def default_directory() -> Path:
    """``$INDBERET_CACHE_DIR``, else ``$XDG_CACHE_HOME/indberet``, else ``~/.cache/indberet``."""
    explicit = os.environ.get(ENV_DIR)
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg and os.path.isabs(xdg):
        return Path(xdg) / "indberet"
    return Path.home() / ".cache" / "indberet"


@functools.cache
def fingerprint() -> str:
    """A hash of everything besides the content that decides what reading a file gives."""
    digest = hashlib.sha256(f"indberet {__version__} cache format {FORMAT}\n".encode())
    schemas = resources.files("indberet.schemas")
    for kind in KINDS:
        digest.update(schemas.joinpath(f"{kind}.schema.json").read_bytes())
    package = resources.files("indberet")
    for module in ("yamlsource.py", "fastyaml.py", "fastschema.py", "schema.py", "cache.py"):
        item = package.joinpath(module)
        if item.is_file():
            digest.update(item.read_bytes())
    return digest.hexdigest()


class ParseCache:
    """Valid readings of files, by content hash, in one directory."""

    def __init__(self, directory: str | os.PathLike[str]) -> None:
        self.directory = Path(directory)
        self.salt = fingerprint()
        self.hits = 0
        self.misses = 0
        self.rejected = 0  # entries that were there but failed a check
        self.writes = 0

    def holds_entries(self) -> bool:
        """Whether the cache holds any entry of this format (results aside): when it holds
        none, looking a file up is reading and hashing it for nothing."""
        try:
            with os.scandir(self.directory / f"v{FORMAT}") as found:
                return any(item.is_dir() and len(item.name) == 2 for item in found)
        except OSError:
            return False

    def digest(self, content: bytes) -> str:
        """The content hash that names an entry."""
        return hashlib.sha256(content).hexdigest()

    def _entry(self, digest: str, purpose: str = "document", salt: str | None = None) -> Path:
        name = hashlib.sha256(f"{salt or self.salt}:{purpose}:{digest}".encode()).hexdigest()
        return self.directory / f"v{FORMAT}" / name[:2] / name

    def _header(self, digest: str, payload: bytes) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "tool": __version__,
            "salt": self.salt,
            "content": digest,
            "size": len(payload),
            "payload": hashlib.blake2b(payload, digest_size=32).hexdigest(),
        }

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

    def near_duplicates(
        self,
        items: Sequence[Candidate],
        threshold: float,
        *,
        measures: Sequence[str] = similarity.MEASURES,
    ) -> list[Pair]:
        """:func:`similarity.near_duplicates`, remembered for the same candidates."""
        return self.searcher(items, threshold)(measures)

    def searcher(self, items: Sequence[Candidate], threshold: float) -> similarity.Search:
        """:func:`similarity.searcher`, each search remembered for the same candidates.

        An entry is named by a hash of every candidate's key, set, name, description and
        codes, the threshold, the measures searched, and the source of the similarity
        module: the pairs are a function of exactly these. The candidates are hashed
        once, here; each search adds its measures.
        """
        return _RememberedSearch(self, items, threshold)

    def read_entry(self, entry: Path, digest: str, checked: Callable[[Any], T | None]) -> T | None:
        """The value stored in ``entry`` for content ``digest``, as ``checked`` accepts it.

        None if the entry is absent, or unsound, or ``checked`` finds the wrong shape.
        """
        try:
            blob = entry.read_bytes()
        except OSError:
            self.misses += 1
            return None
        value = checked(self._unpack(blob, digest))
        if value is None:
            self.rejected += 1
            self.misses += 1
            return None
        self.hits += 1
        return value

    def _unpack(self, blob: bytes, digest: str) -> Any:
        if not blob.startswith(MAGIC):
            return None
        end = blob.find(b"\n", len(MAGIC), len(MAGIC) + _MAX_HEADER)
        if end < 0:
            return None
        payload = blob[end + 1 :]
        try:
            header = json.loads(blob[len(MAGIC) : end])
        except ValueError:
            return None
        if header != self._header(digest, payload):
            return None  # another version, another content, or a damaged payload
        try:
            return marshal.loads(payload)
        except (ValueError, EOFError, TypeError):  # pragma: no cover - the digest matched
            return None

    def write_entry(self, entry: Path, digest: str, value: Any) -> None:
        """Store plain ``value`` for content ``digest`` in ``entry``: atomic, best effort."""
        try:
            payload = marshal.dumps(value, _MARSHAL_VERSION)
        except ValueError:  # pragma: no cover - plain data always marshals
            return
        header = json.dumps(self._header(digest, payload)).encode()
        try:
            entry.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=entry.parent, prefix=".tmp-")
            try:
                with os.fdopen(handle, "wb") as stream:
                    stream.write(MAGIC + header + b"\n")
                    stream.write(payload)  # not joined: a result can be a large copy
                os.replace(temporary, entry)
            except BaseException:
                os.unlink(temporary)
                raise
        except OSError:
            return  # a read-only or full disk: run without caching
        self.writes += 1


class _RememberedSearch(similarity.Search):
    """A :class:`similarity.Search` whose pairs are remembered in a parse cache."""

    def __init__(self, cache: ParseCache, items: Sequence[Candidate], threshold: float) -> None:
        super().__init__(items, threshold)
        self.cache = cache
        content = marshal.dumps(
            (threshold, [(i.key, i.group, i.name, i.description, i.codes) for i in items]),
            _HASHED_MARSHAL_VERSION,
        )
        self.candidates = hashlib.sha256(content)

    def __call__(self, measures: Sequence[str]) -> list[Pair]:
        named = self.candidates.copy()
        named.update(marshal.dumps(tuple(measures), _MARSHAL_VERSION))
        digest = named.hexdigest()
        entry = self.cache._entry(digest, purpose="near-duplicates", salt=_pairs_fingerprint())
        stored = self.cache.read_entry(entry, digest, similarity.pairs_from_rows)
        if stored is not None:
            return stored
        pairs = super().__call__(measures)
        self.cache.write_entry(entry, digest, similarity.as_rows(pairs))
        return pairs


@functools.cache
def _pairs_fingerprint() -> str:
    """A hash of what decides the near-duplicate pairs besides the candidates."""
    digest = hashlib.sha256(f"indberet {__version__} pairs format {FORMAT}\n".encode())
    source = resources.files("indberet").joinpath("similarity.py")
    if source.is_file():
        digest.update(source.read_bytes())
    return digest.hexdigest()


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


def open_cache(directory: str | None = None, *, enabled: bool = True) -> ParseCache | None:
    """The cache in ``directory`` (default: :func:`default_directory`), or None if disabled."""
    if not enabled:
        return None
    return ParseCache(directory if directory else default_directory())
