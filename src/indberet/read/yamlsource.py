"""Read one YAML file into plain data, keeping where every value came from.

The file is decoded strictly as UTF-8 (a BOM is accepted), composed into a node tree with
PyYAML's C parser when present, and then turned into plain Python values by hand, so that

* every value keeps its line and column (``Document.marks``),
* duplicate keys, merge keys, non-standard tags and non-finite numbers are reported
  instead of silently resolved,
* aliases cannot expand without bound ("billion laughs") and nesting is capped.

Scalars keep PyYAML's YAML 1.1 meaning (``no`` is false, ``010`` is 8); dates become ISO
strings. Nothing here prints; problems come back as diagnostics.
"""

from __future__ import annotations

import codecs
import math
from collections.abc import Iterator
from typing import Any, Final

import yaml
from yaml.constructor import SafeConstructor

from indberet.diagnostics import Diagnostic, Location, Severity
from indberet.i18n import text

Path = tuple[str | int, ...]
Mark = tuple[int, int]  # 1-based line and column

try:
    _Loader: type[yaml.CSafeLoader] | type[yaml.SafeLoader] = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader

MAX_DEPTH: Final = 64
MAX_FILE_BYTES: Final = 256 * 1024 * 1024

_YAML = "tag:yaml.org,2002:"
_SCALAR_TAGS: Final = frozenset(
    _YAML + name for name in ("str", "int", "float", "bool", "null", "timestamp")
)
_MAP_TAG: Final = _YAML + "map"
_SEQ_TAG: Final = _YAML + "seq"
_MERGE_TAG: Final = _YAML + "merge"
_STR_TAG: Final = _YAML + "str"
_TIMESTAMP_TAG: Final = _YAML + "timestamp"
_CONSTRUCTOR: Final = SafeConstructor()
# The implicit resolvers of the loader's resolver class, looked up as PyYAML's
# ``BaseResolver.resolve`` does (by first character, then the wildcard list).
_RESOLVERS: Final = _Loader.yaml_implicit_resolvers


class Document:
    """Plain data of one file and the source place of every value and key.

    A document read by the fast reader (:mod:`indberet.read.fastyaml`) or taken from the parse
    cache knows the places of only some values (the root, its values, and every mapping
    that is an item of a list), which is all that building the model needs. It keeps its
    source text, and the first question about any other place reads the text again with
    marks (:func:`parse`), so every answer is exactly the one the precise reader gives.
    """

    __slots__ = (
        "_key_marks",
        "_marks",
        "_released",
        "_scalar_text",
        "_source",
        "data",
        "path",
        "valid_as",
    )

    def __init__(
        self,
        path: str,
        data: Any = None,
        marks: dict[Path, Mark] | None = None,
        key_marks: dict[Path, Mark] | None = None,
        scalar_text: dict[Path, str] | None = None,
        *,
        source: str | None = None,
        valid_as: str | None = None,
    ) -> None:
        self.path = path
        self.data = data
        # The file kind whose schema the data is known to satisfy, if checked already.
        self.valid_as = valid_as
        self._marks: dict[Path, Mark] = {} if marks is None else marks
        self._key_marks: dict[Path, Mark] = {} if key_marks is None else key_marks
        self._scalar_text: dict[Path, str] = {} if scalar_text is None else scalar_text
        self._source = source
        # Whether the data below the root's keys was let go (:meth:`let_go`).
        self._released = False

    @property
    def partial(self) -> bool:
        """Whether only some marks are known yet (the rest are read on demand)."""
        return self._source is not None

    @property
    def source(self) -> str | None:
        """The text the marks not yet known are read from (None once all are known)."""
        return self._source

    @property
    def known_marks(self) -> dict[Path, Mark]:
        """The marks known without reading the source again (all of them when complete)."""
        return self._marks

    @property
    def marks(self) -> dict[Path, Mark]:
        """Line and column of every value."""
        self._complete()
        return self._marks

    @property
    def key_marks(self) -> dict[Path, Mark]:
        """Line and column of every mapping key, by the path of its value."""
        self._complete()
        return self._key_marks

    @property
    def scalar_text(self) -> dict[Path, str]:
        """The source text of every scalar that YAML read as something other than text."""
        self._complete()
        return self._scalar_text

    def location(self, path: Path, *, key: bool = False) -> Location:
        """The place of the value (or of its key) at ``path``, or of its nearest parent."""
        if not key:
            known = self._marks.get(path)
            if known is not None:
                return Location(self.path, known[0], known[1])
        self._complete()
        probe = path
        while True:
            table = self._key_marks if key and probe in self._key_marks else self._marks
            if probe in table:
                line, column = table[probe]
                return Location(self.path, line, column)
            if not probe:
                return Location(self.path, 1, 1)
            probe = probe[:-1]
            key = False

    def thinned(self, source: str, unmarked: frozenset[str] = frozenset()) -> Document:
        """This complete document (read from ``source`` with no problem) keeping only the
        marks the fast reader records: the root's, its values', and every list item's but
        those of lists under the keys ``unmarked``; the others are read again from
        ``source`` when one is asked for. A large catalogue's marks are most of its memory,
        and the places of valid files are seldom needed."""
        marks = self._marks
        kept = {
            path: mark
            for path, mark in marks.items()
            if len(path) < 2
            or (type(path[-1]) is int and path[-2] not in unmarked)  # a position in a list
        }
        return Document(self.path, self.data, kept, source=source, valid_as=self.valid_as)

    def let_go(self) -> None:
        """Keep only what a valid document whose model is built is still asked: its kind
        (the root's keys, each with None for its value) and places. The values and the
        marks below the root's are let go: they are a large catalogue's memory while the
        rest of it is read, and the model holds what they said. The first place asked for
        reads the source again (with the data), as for any mark not kept."""
        if self._source is None or not isinstance(self.data, dict):
            return  # complete documents keep what they have: there is no text to read again
        self.data = dict.fromkeys(self.data)
        self._marks = {path: mark for path, mark in self._marks.items() if len(path) < 2}
        self._released = True

    def _complete(self) -> None:
        """Read the source again with marks, once, and take every mark from that reading."""
        source = self._source
        if source is None:
            return
        full, problems = parse(self.path, source)
        if self._released and full is not None and isinstance(full.data, dict):
            same = full.data.keys() == self.data.keys()
        else:
            same = full is not None and same_data(full.data, self.data)
        if full is None or problems or not same:
            # The fast reader and the cache only give data the precise reader agrees with.
            raise AssertionError(f"{self.path}: the fast and the precise YAML reading differ")
        if self._released:
            self.data = full.data
            self._released = False
        self._marks = full._marks
        self._key_marks = full._key_marks
        self._scalar_text = full._scalar_text
        self._source = None


def same_data(one: Any, two: Any) -> bool:
    """Whether two plain values are equal in value *and* type (``1``, ``1.0``, ``True`` differ)."""
    if type(one) is not type(two):
        return False
    if isinstance(one, dict):
        return one.keys() == two.keys() and all(same_data(v, two[k]) for k, v in one.items())
    if isinstance(one, list):
        return len(one) == len(two) and all(map(same_data, one, two))
    if isinstance(one, float) and math.isnan(one):
        return math.isnan(two)
    return bool(one == two)


class _Stop(Exception):
    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.key)
        self.diagnostic = diagnostic


def _at(path: str, mark: yaml.Mark | None) -> Location:
    if mark is None:
        return Location(path, 1, 1)
    return Location(path, mark.line + 1, mark.column + 1)


def decode(path: str, raw: bytes) -> tuple[str | None, Diagnostic | None]:
    """Decode ``raw`` as UTF-8 text, or explain why it is not."""
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8) :]
    wide = wide_encoding_problem(path, raw)
    if wide is not None:
        return None, wide
    head = raw[:4096]
    if b"\x00" in head:
        return None, Diagnostic("IND004", "input.binary", Location(path), {}, Severity.INPUT)
    try:
        decoded = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        bad = raw[error.start : error.start + 1]
        return None, encoding_problem(path, line, column, bad, guess_encoding(raw))
    if "\x00" in decoded:
        return None, Diagnostic("IND004", "input.binary", Location(path), {}, Severity.INPUT)
    return decoded, None


def wide_encoding_problem(path: str, raw: bytes) -> Diagnostic | None:
    """IND003 if ``raw`` starts like UTF-16 or UTF-32 text (a byte-order mark, or a NUL
    in every other byte of its first 4 KiB); else None. Shared with the usage log."""
    for bom, name in (
        (codecs.BOM_UTF32_LE, "UTF-32"),
        (codecs.BOM_UTF32_BE, "UTF-32"),
        (codecs.BOM_UTF16_LE, "UTF-16"),
        (codecs.BOM_UTF16_BE, "UTF-16"),
    ):
        if raw.startswith(bom):
            return encoding_problem(path, 1, 1, raw[:2], name)
    head = raw[:4096]
    if b"\x00" not in head:
        return None  # the usual case: no NUL, so neither UTF-16 nor UTF-32
    even_nul = head[0::2].count(0)
    odd_nul = head[1::2].count(0)
    half = max(1, len(head) // 2)
    if max(even_nul, odd_nul) > 0.3 * half and min(even_nul, odd_nul) < 0.05 * half:
        return encoding_problem(path, 1, 1, b"\x00", "UTF-16")
    return None


def guess_encoding(raw: bytes) -> str:
    """The 8-bit encoding bytes that are not UTF-8 most likely are, for the hint."""
    try:
        raw.decode("cp1252")
    except UnicodeDecodeError:
        return "ISO-8859-1"
    return "WINDOWS-1252"


def encoding_problem(path: str, line: int, column: int, byte: bytes, guess: str) -> Diagnostic:
    """IND003: the file is not UTF-8, with the byte, its place and a likely encoding."""
    guess_text = text("input.encoding.guess", encoding=guess)
    return Diagnostic(
        "IND003",
        "input.encoding",
        Location(path, line, column),
        {"byte": "0x" + byte.hex() if byte else "?", "guess": guess_text, "encoding": guess},
        Severity.INPUT,
    )


def parse(path: str, source: str) -> tuple[Document | None, list[Diagnostic]]:
    """Parse YAML text into a :class:`Document` and the problems found on the way.

    The document is None when the text could not be read as YAML at all.
    """
    document = Document(path)
    try:
        root = _compose_single(path, source)
        if root is None:
            return None, [Diagnostic("IND005", "input.empty", Location(path), {}, Severity.INPUT)]
        builder = _Builder(document, budget=2 * len(source) + 100_000)
        document.data = builder.build(root, ())
    except _Stop as stop:
        return None, [stop.diagnostic]
    except yaml.MarkedYAMLError as error:
        return None, [_syntax_problem(path, error)]
    except yaml.YAMLError as error:
        return None, [_reader_problem(path, source, error)]
    except RecursionError:
        return None, [
            Diagnostic("IND014", "yaml.too_deep", Location(path, 1, 1), {"limit": MAX_DEPTH})
        ]
    # Problems found while building (duplicate keys, tags, .inf) leave a usable tree, so
    # that validation can still report everything else in the same run.
    return document, builder.problems


def _compose_single(path: str, source: str) -> yaml.Node | None:
    loader = _Loader(source)
    try:
        root = loader.get_single_node()
    except yaml.composer.ComposerError as error:
        if "expected a single document" in f"{error.context} {error.problem}":
            raise _Stop(
                Diagnostic("IND011", "yaml.multiple_documents", _at(path, error.problem_mark))
            ) from None
        raise
    finally:
        loader.dispose()
    return root


def _syntax_problem(path: str, error: yaml.MarkedYAMLError) -> Diagnostic:
    mark = error.problem_mark or error.context_mark
    problem = (error.problem or "invalid YAML").strip()
    context = f" ({error.context.strip()})" if error.context else ""
    return Diagnostic(
        "IND010", "yaml.syntax", _at(path, mark), {"problem": problem, "context": context}
    )


def _reader_problem(path: str, source: str, error: yaml.YAMLError) -> Diagnostic:
    position = getattr(error, "position", None)
    line = column = 1
    if isinstance(position, int):
        before = source[:position]
        line = before.count("\n") + 1
        column = position - (before.rfind("\n") + 1) + 1
    problem = str(error).splitlines()[0] if str(error) else "invalid YAML"
    return Diagnostic(
        "IND010", "yaml.syntax", Location(path, line, column), {"problem": problem, "context": ""}
    )


class _Builder:
    """Turns a node tree into plain values, recording marks and refusing surprises."""

    def __init__(self, document: Document, budget: int) -> None:
        self.document = document
        self.budget = budget
        self.limit = budget
        self.problems: list[Diagnostic] = []
        # Each text once: a catalogue repeats its keys, codes and labels thousands of times.
        self.texts: dict[str, str] = {}

    def _spend(self, node: yaml.Node) -> None:
        self.budget -= 1
        if self.budget < 0:
            raise _Stop(
                Diagnostic(
                    "IND014",
                    "yaml.alias_budget",
                    _at(self.document.path, node.start_mark),
                    {"limit": self.limit},
                )
            )

    def _problem(self, code: str, key: str, node: yaml.Node, /, **params: Any) -> None:
        if "tag" in params:
            params["tag"] = str(params["tag"]).replace(_YAML, "!!")
        self.problems.append(
            Diagnostic(code, key, _at(self.document.path, node.start_mark), params)
        )

    def build(self, node: yaml.Node, path: Path) -> Any:
        self._spend(node)
        if len(path) > MAX_DEPTH:
            raise _Stop(
                Diagnostic(
                    "IND014",
                    "yaml.too_deep",
                    _at(self.document.path, node.start_mark),
                    {"limit": MAX_DEPTH},
                )
            )
        mark = node.start_mark
        self.document._marks[path] = (mark.line + 1, mark.column + 1)
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node, path)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _SEQ_TAG:
                self._problem("IND013", "yaml.tag", node, tag=node.tag)
            return [self.build(item, (*path, index)) for index, item in enumerate(node.value)]
        if isinstance(node, yaml.MappingNode):
            if node.tag != _MAP_TAG:
                self._problem("IND013", "yaml.tag", node, tag=node.tag)
            return self._mapping(node, path)
        raise AssertionError(f"unexpected node {node!r}")  # pragma: no cover

    def _mapping(self, node: yaml.MappingNode, path: Path) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_lines: dict[str, int] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE_TAG:
                self._problem("IND015", "yaml.merge_key", key_node)
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self._problem("IND013", "yaml.complex_key", key_node)
                continue
            key = self._scalar(key_node, (*path, "<key>"))
            key = str(key) if not isinstance(key, str) else key
            line = key_node.start_mark.line + 1
            if key in first_lines:
                self._problem(
                    "IND012", "yaml.duplicate_key", key_node, key=key, first_line=first_lines[key]
                )
                continue
            first_lines[key] = line
            child = (*path, key)
            self.document._key_marks[child] = (line, key_node.start_mark.column + 1)
            result[key] = self.build(value_node, child)
        return result

    def _scalar(self, node: yaml.ScalarNode, path: Path) -> Any:
        tag = node.tag
        if tag not in _SCALAR_TAGS:
            self._problem("IND013", "yaml.tag", node, tag=tag)
            return node.value
        if tag == _STR_TAG:
            text: str = node.value
            return self.texts.setdefault(text, text)
        self.document._scalar_text[path] = node.value
        value = construct_scalar(tag, node.value)
        if isinstance(value, float) and not math.isfinite(value):
            self._problem("IND016", "yaml.non_finite", node, text=node.value, value=str(value))
        return value


def resolve_plain(text: str) -> str:
    """The tag PyYAML's resolver gives a plain (unquoted) scalar with this text."""
    resolvers = _RESOLVERS.get(text[0] if text else "", [])
    for tag, regexp in resolvers + _RESOLVERS.get(None, []):
        if regexp.match(text):
            return str(tag)
    return _STR_TAG


def construct_scalar(tag: str, text: str) -> Any:
    """The plain value of a scalar with one of the allowed tags, as both readers give it.

    Timestamps become ISO strings; a text that looks like a date or number but is none
    (2016-13-01) stays text, so that validation can say what is wrong with it, and where.
    """
    if tag == _STR_TAG:
        return text
    constructor = SafeConstructor.yaml_constructors[tag]
    try:
        value = constructor(_CONSTRUCTOR, yaml.ScalarNode(tag, text))
    except (ValueError, OverflowError):
        return text
    if tag == _TIMESTAMP_TAG:
        return value.isoformat()
    return value


def iter_paths(data: Any, path: Path = ()) -> Iterator[Path]:
    """Every path in plain data, parents before children (used by tests)."""
    yield path
    if isinstance(data, dict):
        for key, value in data.items():
            yield from iter_paths(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from iter_paths(value, (*path, index))
