"""A fast reader for the plain YAML that requirement catalogues are written in.

Parsing dominates at scale, and PyYAML builds a node with marks for every value. This
reader handles a strict subset of YAML line by line and gives *exactly* the data that
:func:`indberet.read.yamlsource.parse` gives, or ``None`` ("defer") when it cannot be sure,
and then the precise reader is used. Errors are rare, so the precise reader's cost is paid
only for the files that need it.

The subset, all in block style, indented with spaces:

* mappings whose keys are plain words (``[A-Za-z_][A-Za-z0-9_-]*``) that YAML reads as
  text; a key given twice defers;
* lists of ``- item`` lines, indented under their key or level with it;
* on one line: plain scalars, single-quoted scalars, double-quoted scalars with YAML's
  escapes, flow lists ``[a, 'b']`` of such scalars, and flow mappings ``{key: value}``
  whose keys are plain words and whose values are such scalars or lists (on a key's line
  or as a list item);
* a key's plain or quoted value, and a flow list or mapping (of a key or as a list
  item), that runs onto the lines below, each indented more than the key or the item (as
  PyYAML wraps long text and long flow collections), folded as YAML folds it;
* anchors and aliases before a value of a key or a list item (PyYAML anchors a list a
  program put in two places); an alias is the anchored value itself, and is refused
  beyond as many values in all as the text has characters (a bomb of aliases is the
  precise reader's to report);
* block scalars ``|``, ``|-``, ``>`` and ``>-`` whose lines are all indented alike;
* comments and blank lines.

Anything else defers: anchors and aliases inside flow collections, tags, merge keys,
nested flow collections, '?' or ': ' in a plain scalar inside one (quotes, and ':' or '#'
within a word, are text there), a list item that runs onto the next line, explicit keys,
documents markers and directives, tabs, control or unusual line-break characters,
``.inf``/``.nan``. Plain scalars are resolved and built by the same functions as in the
precise reader (PyYAML's resolver: ``no`` is false, ``010`` is 8, timestamps become ISO
strings), so a value is the same on both paths by construction. The test over the
yaml-test-suite corpus checks that every case is either read identically (data and every
mark this reader records) or deferred.

Marks: only those of the root, of its values, and of every mapping that is an item of a
list (but of lists under the keys a caller names ``unmarked``) are recorded (all that
building the model needs); the document reads its source again with marks the first time
any other place is asked for.

Values recur across the files of a catalogue, and some are remembered across documents,
each memory bounded: resolved plain scalars, escaped text, flow mappings on one line and
long block lists in a field. A remembered flow mapping or list is the same object wherever
it recurs, as an alias's value is: the data read is never changed.
"""

from __future__ import annotations

import re
import sys
from itertools import islice
from typing import Any, Final, NamedTuple

from yaml.resolver import Resolver

from indberet.read.yamlsource import Document, Mark, Path, construct_scalar, resolve_plain

_YAML = "tag:yaml.org,2002:"
_STR_TAG: Final = _YAML + "str"
_VALUE_TAGS: Final = frozenset(
    _YAML + name for name in ("str", "int", "float", "bool", "null", "timestamp")
)

# Characters the fast reader accepts anywhere: line feed and printable characters, minus
# tab, NEL, the Unicode line and paragraph separators and the byte-order mark, which YAML
# treats specially. Anything else (or a lone carriage return) defers.
_UNSUPPORTED: Final = re.compile(
    "[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
)
# The same characters as far as Latin-1 goes: most catalogues are written in it, and a
# translation of its bytes is checked many times faster than the pattern.
_LATIN1_SUPPORTED: Final = bytes([0x0A, *range(0x20, 0x7F), *range(0xA0, 0x100)])
# One line: indentation, an optional "- " list entry, an optional "key:" and the rest.
# Possessive (never backtracking) quantifiers: no shorter run could make a match anyway.
_LINE: Final = re.compile(
    r"^( *+)(- ++(?=\S))?(?:([A-Za-z_][A-Za-z0-9_-]*+):(?: ++|$))?([^\n]*+)", re.MULTILINE
)
# First characters that make a plain scalar something else (YAML's indicators).
_INDICATORS: Final = frozenset("-?:,[]{}#&*!|>'\"%@`")
# A plain scalar inside a flow collection, up to what ends it: a comma, a bracket, '?',
# ': ' (or ':' before a comma or bracket) or ' #'. Quotes after its first character are
# text ("KL's"), as are ':' and '#' within a word (12:30, a#b), as PyYAML reads them; what
# ends it other than a comma or a closing bracket defers.
_FLOW_PLAIN: Final = re.compile(r"""(?:[^,\[\]{}#:?]++|:(?![ ,\[\]{}]|$)|(?<! )#)*+""")
# An anchor (&name) or an alias (*name) before a value, and the spaces after it.
_PROPERTY: Final = re.compile(r"[&*]([0-9A-Za-z_-]++)(?: ++|$)")
# What a flow list's plain scalars split at its commas cannot hold (see _flow_list).
_FLOW_SPECIAL: Final = re.compile(r"""[\[\]{}#'":]""")
# A key of a flow mapping: a plain word and ": ".
_FLOW_KEY: Final = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*+): ++")
# A double-quoted scalar's escapes (YAML 1.1, as PyYAML reads them); "\" at the end of a
# line is an escaped line break (see _decoded).
_ESCAPE: Final = re.compile(r"\\(x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.|$)")
_ESCAPES: Final = {
    "0": "\0",
    "a": "\x07",
    "b": "\x08",
    "t": "\t",
    "n": "\n",
    "v": "\x0b",
    "f": "\x0c",
    "r": "\r",
    "e": "\x1b",
    " ": " ",
    '"': '"',
    "\\": "\\",
    "/": "/",
    "N": "\x85",
    "_": "\xa0",
    "L": "\u2028",
    "P": "\u2029",
}
_BLOCK_SCALARS: Final = frozenset((">", ">-", "|", "|-"))


class _ALL_CHARACTERS(frozenset[str]):
    """Contains every character (for a resolver registered for any first character)."""

    def __contains__(self, item: object) -> bool:
        return True


# First characters for which PyYAML has implicit resolvers (all, if it has a wildcard one):
# a plain scalar starting otherwise is text.
_RESOLVED_FIRST: Final = (
    _ALL_CHARACTERS()
    if None in Resolver.yaml_implicit_resolvers
    else frozenset(k for k in Resolver.yaml_implicit_resolvers if k is not None)
)
_MAX_KEY: Final = 200  # YAML limits implicit keys to 1024 characters; stay well inside
# First characters of a value that need more than the plain-scalar fast lane.
_NOT_PLAIN: Final = frozenset("'\"[{>|#&*")
# First characters of a value on a key's line that is never plain text as it stands
# (an indicator, or a character some implicit resolver starts with); any other value
# without " #", ": ", a trailing ":" or trailing spaces is its own text, as ``_plain``
# would find it.
_NOT_TEXT_FIRST: Final = (
    _RESOLVED_FIRST
    if isinstance(_RESOLVED_FIRST, _ALL_CHARACTERS)
    else _INDICATORS | _RESOLVED_FIRST
)
# Keys already known to be plain words that YAML reads as text, interned.
_KEYS: dict[str, str] = {}
# Plain scalars that went through PyYAML's resolver, and their values, across documents:
# the same numbers and dates recur in every file, and resolving them was a third of the
# reading. The values are immutable (str, int, float, bool, None; dates as ISO text).
_RESOLVED: dict[str, Any] = {}
_MAX_RESOLVED: Final = 100_000
# Double-quoted text with escapes, and its value, across documents (bounded as _RESOLVED):
# PyYAML escapes every letter beyond ASCII unless told not to, and labels recur.
_DECODED: dict[str, str] = {}
# Flow mappings written on one line, and their values, across documents: a program that
# writes labelled codes as "- {code: '101', label: København}" writes each one in every
# field that has the list. A value is the same object wherever it recurs, as an alias's
# is: the data read is never changed. Bounded as _RESOLVED, by fewer: values are larger;
# only short lines are kept (a long one seldom recurs).
_FLOWS: dict[str, dict[str, Any]] = {}
_MAX_FLOWS: Final = 20_000
_FLOW_CHARS: Final = 300
# Long block lists in a field (see _Reader._list), by whether their items' places are kept
# and their lines' text: the list and the places in it (path below the list, lines below
# its first, column). Only a list whose first line began a long list before is looked up.
_LISTS: dict[tuple[bool, str], tuple[list[Any], tuple[tuple[Path, int, int], ...]]] = {}
_MAX_LISTS: Final = 2_000
_MAX_LIST_CHARS: Final = 8_000_000  # the texts' characters in all, so memory stays bounded
_LIST_CHARS = 0
_LONG_FIRSTS: set[str] = set()
_LONG_LIST: Final = 24  # lines: shorter lists are read as they come
_LIST_LINES: Final = 2_000  # lines: longer ones too


def _checked_key(key: str) -> str:
    """``key``, interned, or defer when YAML would not read it as text."""
    if len(key) > _MAX_KEY or resolve_plain(key) != _STR_TAG:
        raise _DEFER  # a key YAML reads as a bool, null or number, or a very long one
    key = sys.intern(key)
    if len(_KEYS) < 10_000:
        _KEYS[key] = key
    return key


class _Defer(Exception):
    """The text is outside the subset: let the precise reader have it."""


_DEFER: Final = _Defer()


class _Open(_Defer):
    """A quoted scalar runs onto the next line: a key's value may (see _quoted_lines).
    Raised new each time (it is caught and read on: one instance would keep every
    traceback it was raised with)."""


class _Anchor(NamedTuple):
    """An anchored value: the value, its place, the places recorded within it (by their
    path below it) and how many values it holds (itself included)."""

    value: Any
    mark: Mark
    inner: list[tuple[Path, Mark]]
    size: int


def _size(value: Any) -> int:
    """How many values ``value`` is made of, itself included (as the precise reader counts
    the values it builds)."""
    if type(value) is dict:
        return 1 + sum(map(_size, value.values()))
    if type(value) is list:
        return 1 + sum(map(_size, value))
    return 1


_BRACKETS: Final = re.compile(r"""[\[\]{}'"]""")


_IN_DOUBLE: Final = "in double quotes"


def _balanced(text: str) -> bool | str:
    """Whether the flow collection ``text`` starts with is closed in it (quotes skipped);
    :data:`_IN_DOUBLE` when it ends inside double quotes."""
    depth = 0
    at = 0
    while True:
        match = _BRACKETS.search(text, at)
        if match is None:
            return False
        found = match.group()
        at = match.end()
        if found == "'" or found == '"':
            if not _opens(text, match.start()):
                continue  # a quote inside a plain scalar is text: "KL's"
            end = _single_end(text, at) if found == "'" else _double_end(text, at)
            if end < 0:
                return _IN_DOUBLE if found == '"' else False
            at = end + 1
        elif found in "[{":
            depth += 1
        else:
            depth -= 1
            if depth <= 0:
                return True


def _opens(text: str, quote: int) -> bool:
    """Whether the quote at ``quote`` in a flow collection opens a quoted scalar: it
    starts an entry, a key or a value (after a bracket, a comma or ': '); else it is
    text in a plain scalar. Defers where that depends on what comes before (':' or '?'
    right before it)."""
    before = quote - 1
    while before >= 0 and text[before] == " ":
        before -= 1
    if before < 0:
        return True
    last = text[before]
    if last in "[{,":
        return True
    if last == ":" and before < quote - 1:
        return True  # ': ' ends any plain scalar in a flow collection
    if last in ":?":
        raise _DEFER
    return False


def _spaces(text: str, at: int) -> int:
    """Where the spaces from ``at`` end."""
    while text[at : at + 1] == " ":
        at += 1
    return at


def _single_end(text: str, at: int) -> int:
    """The index of the quote that closes a single-quoted scalar, from ``at``; -1: none."""
    while True:
        end = text.find("'", at)
        if end < 0 or text[end + 1 : end + 2] != "'":
            return end
        at = end + 2


def _double_end(text: str, at: int) -> int:
    """The index of the quote that closes a double-quoted scalar, from ``at``; -1: none."""
    while True:
        end = text.find('"', at)
        if end < 0:
            return end
        slashes = len(text[at:end]) - len(text[at:end].rstrip("\\"))
        if not slashes % 2:
            return end
        at = end + 1


def _escaped_break(segment: str) -> bool:
    """Whether ``segment`` (a line of a double-quoted scalar) ends with an escaped line
    break: an odd number of backslashes."""
    return (len(segment) - len(segment.rstrip("\\"))) % 2 == 1


def _without_trailing_spaces(segment: str) -> str:
    """A double-quoted line without the spaces a line break drops (an escaped one stays)."""
    body = segment.rstrip(" ")
    if len(body) < len(segment) and _escaped_break(body):
        return segment[: len(body) + 1]
    return body


def _escape(match: re.Match[str]) -> str:
    code = match.group(1)
    if len(code) > 1:
        point = int(code[1:], 16)
        if 0xD800 <= point <= 0xDFFF:
            raise _DEFER  # a lone surrogate: no text can hold it
        return chr(point)
    if code == "":
        return ""  # an escaped line break (only at the end of a line: see _decoded)
    value = _ESCAPES.get(code)
    if value is None:
        raise _DEFER  # not an escape: the precise reader reports it
    return value


def _decoded(body: str, *, last: bool) -> str:
    """The text of one line of a double-quoted scalar, escapes replaced; an escaped line
    break may end any line but the ``last``."""
    if "\\" not in body:
        return body
    if last and _escaped_break(body):
        raise _DEFER
    found = _DECODED.get(body)
    if found is None:
        found = _ESCAPE.sub(_escape, body)
        if len(_DECODED) >= _MAX_RESOLVED:
            _DECODED.clear()
        _DECODED[body] = found
    return found


def parse_fast(path: str, source: str, unmarked: frozenset[str] = frozenset()) -> Document | None:
    """The document the precise reader would give, or None to defer to it.

    The places of the items of lists under the keys ``unmarked`` are not recorded (they
    are read again should one be asked for): a catalogue's code lists hold more items
    than all the rest of it, and no one asks where a code stands unless it is wrong.

    Only called on decoded text (see :func:`indberet.read.yamlsource.decode`). A deferred
    text may be perfectly valid YAML: it is just not plain enough to be sure of.
    """
    text = source
    if "\r" in text:
        text = text.replace("\r\n", "\n")
    if _unsupported(text):
        return None
    lines = text.split("\n")
    rows = _LINE.findall(text)
    if len(rows) != len(lines):  # pragma: no cover - one row per line, always
        return None
    reader = _Reader(lines, rows, len(text), unmarked)
    try:
        data = reader.document()
    except _Defer as defer:
        # The one instance is raised again and again: a raise adds to its traceback, which
        # would keep every deferred text's reader (its lines) alive.
        defer.__traceback__ = None
        return None
    except RecursionError:
        return None
    return Document(path, data, reader.marks, source=source)


def _unsupported(text: str) -> bool:
    """Whether ``text`` has a character the fast reader does not take (:data:`_UNSUPPORTED`)."""
    try:
        raw = text.encode("latin-1")
    except UnicodeEncodeError:  # beyond Latin-1: the pattern decides
        return _UNSUPPORTED.search(text) is not None
    return bool(raw.translate(None, _LATIN1_SUPPORTED))


_Row = tuple[str, str, str, str]  # indentation, "- " or "", key or "", rest of the line


class _Reader:
    """A recursive reader over the lines of one text; raises :class:`_Defer` when unsure.

    ``rows`` holds every line split by :data:`_LINE` in one pass; ``index`` is the line
    being read. Lines inside block scalars are read raw from ``lines``.
    """

    def __init__(
        self, lines: list[str], rows: list[_Row], size: int, unmarked: frozenset[str]
    ) -> None:
        self.lines = lines
        self.unmarked = unmarked  # keys whose lists' items' places are not recorded
        self.rows = rows
        self.count = len(lines)
        self.index = 0
        self.marks: dict[Path, Mark] = {}
        self.scalars: dict[str, Any] = {}
        self.anchors: dict[str, _Anchor] = {}
        self.pending: set[str] = set()
        # Values aliases may stand for, in all: as many as the text has characters (the
        # precise reader builds twice that and more; a bomb of aliases is its to report).
        self.allowance = size

    # ----------------------------------------------------------------- lines

    def _next(self) -> _Row | None:
        """The current significant line (not blank, not a comment), or None at the end."""
        rows = self.rows
        index = self.index
        count = self.count
        while index < count:
            row = rows[index]
            if row[2] or row[1] or (row[3] and row[3][0] != "#"):
                self.index = index
                return row
            index += 1
        self.index = index
        return None

    # ----------------------------------------------------------------- structure

    def document(self) -> Any:
        row = self._next()
        if row is None or row[0] or row[1] or not row[2]:
            raise _DEFER  # empty, or not a mapping at the left margin
        self.marks[()] = (self.index + 1, 1)
        data = self._mapping(0, (), row)
        if self._next() is not None:
            raise _DEFER
        return data

    def _mapping(self, column: int, path: Path, row: _Row) -> dict[str, Any]:
        """A block mapping whose keys stand at ``column``; ``row`` holds its first key."""
        result: dict[str, Any] = {}
        top = not path
        scalars = self.scalars
        rows = self.rows
        count = self.count
        index = self.index
        while True:
            _, _, key, rest = row
            if not key or key in result:
                raise _DEFER
            key = _KEYS.get(key) or _checked_key(key)
            plain = index  # the line of a plain scalar on the key's line; -1: none
            if rest and not top and rest[0] not in _NOT_PLAIN:
                # The common case, inline: a plain scalar on the key's line.
                value = scalars.get(rest, scalars)
                if value is scalars:
                    if (
                        rest[0] not in _NOT_TEXT_FIRST
                        and rest[-1] not in ": "
                        and " #" not in rest
                        and ": " not in rest
                    ):
                        value = scalars[rest] = rest  # text as it stands (see _plain)
                    else:
                        value = self._inline(rest)
                result[key] = value
                index += 1
            elif rest and not top and rest[0] in "&*":
                # An anchored value or an alias (as PyYAML writes a list used twice).
                plain = -1
                self.index = index
                start = len(self.lines[index]) - len(rest)
                result[key] = self._property(column, (*path, key), rest, start, top, item=False)
                index = self.index
            elif rest and not top and rest[0] != "#" and rest not in _BLOCK_SCALARS:
                # A quoted scalar, a flow list or mapping on the key's line (as _value).
                plain = -1
                if rest[0] in "[{" and rest.rstrip(" ")[-1] not in "]}":
                    self.index = index
                    result[key] = self._flow_lines(rest, column)
                    index = self.index
                else:
                    try:
                        result[key] = self._inline(rest)
                        index += 1
                    except _Open:
                        self.index = index
                        result[key] = self._quoted_lines(rest, column)
                        index = self.index
            else:
                if not rest or rest[0] in _NOT_PLAIN or rest in _BLOCK_SCALARS:
                    plain = -1
                self.index = index
                start = len(self.lines[index]) - len(rest)
                result[key] = self._value(column, (*path, key), rest, start, top)
                index = self.index
            while index < count:  # to the next significant line
                row = rows[index]
                if row[2] or row[1] or (row[3] and row[3][0] != "#"):
                    break
                index += 1
            else:
                break
            here = len(row[0])
            if here < column:
                break
            if here > column or row[1]:
                if here == column or plain < 0 or row[1]:
                    raise _DEFER  # a continuation line, or a list where none belongs
                # A plain scalar that runs onto the lines below (rare: read them again).
                result[key], index = self._continued(rest, plain, column)
                self.index = index
                row = self._next()  # type: ignore[assignment]
                if row is None:
                    break
                index = self.index
                here = len(row[0])
                if here < column:
                    break
                if here > column or row[1]:
                    raise _DEFER
        self.index = index
        return result

    def _value(self, column: int, path: Path, text: str, start: int, record: bool) -> Any:
        """The value of a key at ``column``: on the key's line (``text``) or below it."""
        line = self.index
        if not text or text[0] == "#":
            self.index += 1
            row = self._next()
            if row is None:
                raise _DEFER  # an empty value at the end: rare, leave it to the precise path
            indent = len(row[0])
            if indent > column and not row[1]:
                if row[2]:
                    if record:
                        self.marks[path] = (self.index + 1, indent + 1)
                    return self._mapping(indent, path, row)
                raise _DEFER  # a scalar on the next line
            if indent < column or not row[1]:
                return None  # an empty value is null
            # A block list. One in a field that may be long and met before: see _list.
            if record or len(path) < 3:
                return self._sequence(indent, path, row, record)
            first = self.index
            if _LONG_FIRSTS and self.lines[first] in _LONG_FIRSTS:
                return self._list(indent, path, row)
            value = self._sequence(indent, path, row, False)
            if _LONG_LIST <= self.index - first < _LIST_LINES:
                if len(_LONG_FIRSTS) >= _MAX_LISTS:
                    _LONG_FIRSTS.clear()
                _LONG_FIRSTS.add(self.lines[first])
            return value
        if text[0] in "&*":
            return self._property(column, path, text, start, record, item=False)
        if record:
            self.marks[path] = (line + 1, start + 1)
        if text in _BLOCK_SCALARS:
            return self._block_scalar(column, text)
        return self._spanning(text, column)

    def _list(self, column: int, path: Path, row: _Row) -> list[Any]:
        """:meth:`_sequence` of a list in a field (not a root value) whose first line began
        a long list before, remembered across documents by its lines' text: the 98
        municipalities, written the same way in every field that has them, are read once.
        The value is the same object wherever it recurs (as an alias's is), and the places
        in it are recorded as if read here. Only such lists are looked up: most lists are
        short, or met once, and joining their lines to look them up would cost more than
        reading them."""
        start = self.index
        end = self._list_end(start, column)
        if end < 0:
            return self._sequence(column, path, row, False)
        key = (path[-1] in self.unmarked, "\n".join(self.lines[start:end]))
        known = _LISTS.get(key)
        if known is not None:
            value, inner = known
            marks = self.marks
            for below, down, at in inner:
                marks[(*path, *below)] = (start + down, at)
            self.index = end
            return value
        if "&" in key[1] or "*" in key[1]:
            return self._sequence(column, path, row, False)  # anchors: not the text alone
        before = len(self.marks)
        value = self._sequence(column, path, row, False)
        if self.index == end:
            found = self._recorded_below(path, before)
            global _LIST_CHARS
            if len(_LISTS) >= _MAX_LISTS or _LIST_CHARS > _MAX_LIST_CHARS:
                _LISTS.clear()
                _LIST_CHARS = 0
            _LISTS[key] = (value, tuple((below, at[0] - start, at[1]) for below, at in found))
            _LIST_CHARS += len(key[1])
        return value

    def _recorded_below(self, path: Path, before: int) -> list[tuple[Path, Mark]]:
        """The marks recorded below ``path`` since there were ``before`` marks, each by its
        path below ``path``: the places within a value, to record again where it recurs."""
        depth = len(path)
        return [
            (place[depth:], at)
            for place, at in islice(reversed(self.marks.items()), len(self.marks) - before)
            if len(place) > depth and place[:depth] == path
        ]

    def _list_end(self, start: int, column: int) -> int:
        """Where the block list whose first item is on line ``start``, at ``column``, ends
        as :meth:`_sequence` reads it (should it read it all): the next significant line
        less indented, or as indented and not an item; -1 if none comes before the text's
        end or within :data:`_LIST_LINES` lines."""
        rows = self.rows
        for index in range(start + 1, min(self.count, start + _LIST_LINES)):
            row = rows[index]
            if row[2] or row[1] or (row[3] and row[3][0] != "#"):
                indent = len(row[0])
                if indent < column or (indent == column and not row[1]):
                    return index
        return -1

    def _sequence(self, column: int, path: Path, row: _Row, record: bool) -> list[Any]:
        """A block list whose "- " entries stand at ``column``; ``row`` holds the first."""
        if record:
            self.marks[path] = (self.index + 1, column + 1)
        result: list[Any] = []
        # where the items' places go: nowhere for a list under a key unmarked
        marks = {} if path and path[-1] in self.unmarked else self.marks
        scalars = self.scalars
        rows = self.rows
        count = self.count
        while True:
            if row[2]:
                item_path = (*path, len(result))
                item_column = column + len(row[1])
                marks[item_path] = (self.index + 1, item_column + 1)
                result.append(self._mapping(item_column, item_path, row))
                index = self.index
            else:
                rest = row[3]
                value = scalars.get(rest, scalars)  # a plain scalar read before as it stands
                if value is scalars and rest[0] in "&*":
                    item_path = (*path, len(result))
                    start = column + len(row[1])
                    result.append(self._property(column, item_path, rest, start, False, item=True))
                    index = self.index
                else:
                    if value is scalars:
                        if rest in _BLOCK_SCALARS:
                            raise _DEFER
                        line = self.index
                        value = self._spanning(rest, column)
                        if type(value) is dict:  # a flow mapping: an item's place is recorded
                            marks[(*path, len(result))] = (line + 1, column + len(row[1]) + 1)
                        index = self.index
                    else:
                        index = self.index + 1
                    result.append(value)
            while index < count:  # to the next significant line (as _next)
                row = rows[index]
                if row[2] or row[1] or (row[3] and row[3][0] != "#"):
                    break
                index += 1
            else:
                self.index = index
                break
            self.index = index
            indent = len(row[0])
            if indent < column or (indent == column and not row[1]):
                break
            if indent > column:
                raise _DEFER  # a continuation line
        return result

    # ----------------------------------------------------------------- scalars

    def _property(
        self, column: int, path: Path, text: str, start: int, record: bool, *, item: bool
    ) -> Any:
        """A value with an anchor (``&name``), or an alias (``*name``) of one, that starts
        at ``start`` in ``text`` on the current line (``item``: as a list's item; ``record``:
        as a root value); the reader moves past it. An alias stands for the very value of
        its anchor (equal data, as the precise reader's copy) and gets the places recorded
        in it; an anchored value's place is the anchor's, as YAML gives it."""
        line = self.index
        match = _PROPERTY.match(text)
        if match is None:
            raise _DEFER
        name = match.group(1)
        after = text[match.end() :]
        if after[:1] == "#":
            after = ""
        mark = (line + 1, start + 1)
        # an item's place is recorded only if a mapping, and not in a list unmarked
        marked = item and not (len(path) > 1 and path[-2] in self.unmarked)
        if text[0] == "*":
            anchor = self.anchors.get(name)
            if after or anchor is None:
                raise _DEFER  # more after an alias, or an alias of no anchor (yet)
            self.allowance -= anchor.size
            if self.allowance < 0:
                raise _DEFER
            marks = self.marks
            if record or (marked and type(anchor.value) is dict):
                marks[path] = anchor.mark
            for below, place in anchor.inner:
                marks[(*path, *below)] = place
            self.index = line + 1
            return anchor.value
        if name in self.anchors or name in self.pending:
            raise _DEFER  # a name anchored twice
        self.pending.add(name)  # an alias within the value is of no anchor yet
        before = len(self.marks)
        if not after:
            if item:  # the item's mapping starts on the next line
                self.index += 1
                row = self._next()
                if row is None or len(row[0]) <= column or row[1] or not row[2]:
                    raise _DEFER
                value: Any = self._mapping(len(row[0]), path, row)
            else:
                value = self._value(column, path, "", start, record)
        elif after in _BLOCK_SCALARS:
            value = self._block_scalar(column, after)
        else:
            value = self._spanning(after, column)
        if record or (marked and type(value) is dict):
            self.marks[path] = mark
        inner = self._recorded_below(path, before)
        self.anchors[name] = _Anchor(value, mark, inner, _size(value))
        self.pending.discard(name)
        return value

    def _spanning(self, text: str, column: int) -> Any:
        """A scalar, flow list or flow mapping that starts in ``text`` on the current line
        and may run onto the lines below, each indented more than ``column``; the reader
        moves past it."""
        if text[0] in "[{" and text.rstrip(" ")[-1] not in "]}":
            return self._flow_lines(text, column)
        try:
            value = self._inline(text)
        except _Open:
            return self._quoted_lines(text, column)
        self.index += 1
        return value

    def _flow_lines(self, text: str, column: int) -> Any:
        """A flow list or mapping that runs onto the lines below (as PyYAML wraps long
        ones), each indented more than ``column``: its lines joined by a space, as YAML
        folds a single line break in a flow collection and in the scalars in it."""
        lines = self.lines
        index = self.index
        joined = _without_trailing_spaces(text)
        while True:
            state = _balanced(joined)
            if state is True:
                break
            index += 1
            if index >= self.count:
                raise _DEFER
            line = lines[index]
            content = _without_trailing_spaces(line.lstrip(" "))
            if not content or len(line) - len(line.lstrip(" ")) <= column:
                raise _DEFER  # a blank line folds otherwise; a line less indented ends it
            if _escaped_break(joined):
                if state is not _IN_DOUBLE:
                    raise _DEFER  # a backslash outside double quotes: not an escape
                joined = joined[:-1] + content  # an escaped line break joins
            else:
                joined = f"{joined} {content}"
        value = self._inline(joined)
        self.index = index + 1
        return value

    def _inline(self, text: str) -> Any:
        """A scalar, flow list or flow mapping written on one line (``text`` runs to the
        line's end)."""
        first = text[0]
        if first == "'":
            return self._single_quoted(text)
        if first == '"':
            return self._double_quoted(text)
        if first == "[":
            return self._flow_list(text)
        if first == "{":
            found = _FLOWS.get(text)
            if found is None:
                found = self._flow_mapping(text)
                if len(text) <= _FLOW_CHARS:
                    if len(_FLOWS) >= _MAX_FLOWS:
                        _FLOWS.clear()
                    _FLOWS[text] = found
            return found
        cut = text.find(" #")
        if cut >= 0:
            text = text[:cut]
        return self._plain(text.rstrip(" "))

    def _plain(self, text: str) -> Any:
        scalars = self.scalars
        known = scalars.get(text, scalars)
        if known is not scalars:
            return known
        if not text:
            raise _DEFER
        first = text[0]
        if (
            (first in _INDICATORS and not (first == "-" and len(text) > 1 and text[1] != " "))
            or ": " in text
            or text[-1] == ":"
        ):
            raise _DEFER
        if first in _RESOLVED_FIRST:
            value = _RESOLVED.get(text, _RESOLVED)
            if value is _RESOLVED:
                tag = resolve_plain(text)
                if tag not in _VALUE_TAGS:
                    raise _DEFER  # merge key, '=' and the like: the precise reader reports them
                value = construct_scalar(tag, text)
                if isinstance(value, float) and value - value != 0.0:
                    raise _DEFER  # .inf or .nan: the precise reader reports them
                if len(_RESOLVED) >= _MAX_RESOLVED:
                    _RESOLVED.clear()
                _RESOLVED[text] = value
        else:
            value = text  # no implicit resolver starts with this character: text
        scalars[text] = value
        return value

    def _after_quote(self, rest: str) -> None:
        """What follows a closing quote or bracket: nothing, or a comment."""
        if rest and (rest[0] != " " or rest.lstrip(" ")[:1] not in ("", "#")):
            raise _DEFER

    def _single_quoted(self, text: str) -> str:
        end = _single_end(text, 1)
        if end < 0:
            raise _Open()  # runs onto the next line
        self._after_quote(text[end + 1 :])
        return text[1:end].replace("''", "'")

    def _double_quoted(self, text: str) -> str:
        end = text.find('"', 1)
        if end > 0 and "\\" not in text[1:end]:  # the common case: no escape
            self._after_quote(text[end + 1 :])
            return text[1:end]
        end = _double_end(text, 1)
        if end < 0:
            raise _Open()  # runs onto the next line
        self._after_quote(text[end + 1 :])
        return _decoded(text[1:end], last=True)

    def _quoted_lines(self, text: str, column: int) -> str:
        """A quoted scalar that starts in ``text`` on the current line and runs onto the
        lines below, each indented more than ``column``; the reader moves past it. Line
        breaks fold as YAML folds them: one to a space, each blank line to a line break,
        with the spaces around them dropped (an escaped break in double quotes joins)."""
        double = text[0] == '"'
        lines = self.lines
        index = self.index
        segments = [text[1:]]
        end = -1
        while end < 0:
            index += 1
            if index >= self.count:
                raise _DEFER
            line = lines[index]
            content = line.lstrip(" ")
            if content and len(line) - len(content) <= column:
                raise _DEFER  # a line less indented than the scalar's key
            end = _double_end(content, 0) if double else _single_end(content, 0)
            segments.append(content if end < 0 else content[:end])
        self._after_quote(content[end + 1 :])
        self.index = index + 1
        parts: list[str] = []
        joined = False  # the line before ended with an escaped line break
        breaks = 0
        last = len(segments) - 1
        for number, segment in enumerate(segments):
            if number and not segment and number < last:
                breaks += 1  # a blank line
                continue
            if number:
                parts.append("\n" * breaks if breaks or joined else " ")
            breaks = 0
            if number < last:
                segment = _without_trailing_spaces(segment) if double else segment.rstrip(" ")
            if double:
                joined = segment.endswith("\\") and _escaped_break(segment)
                parts.append(_decoded(segment, last=number == last))
            else:
                parts.append(segment.replace("''", "'"))
        return "".join(parts)

    def _continued(self, first: str, line: int, column: int) -> tuple[Any, int]:
        """A plain scalar that starts with ``first`` on ``line`` and runs onto the lines
        below indented more than ``column``: its value and the index of the line after it.
        The lines join with a space, or with a line break for each blank line between."""
        if " #" in first:
            raise _DEFER  # a comment ends the scalar: the next line cannot continue it
        lines = self.lines
        parts = [first.rstrip(" ")]
        index = line + 1
        breaks = 0
        while index < self.count:
            text = lines[index]
            content = text.lstrip(" ")
            if not content:
                breaks += 1
                index += 1
                continue
            if len(text) - len(content) <= column:
                break
            content = content.rstrip(" ")
            if content[0] in _INDICATORS or ": " in content or " #" in content:
                raise _DEFER  # a comment, a key or an indicator where the text goes on
            parts.append("\n" * breaks if breaks else " ")
            parts.append(content)
            breaks = 0
            index += 1
        return self._plain("".join(parts)), index

    def _flow_scalar(self, text: str, at: int) -> tuple[Any, int]:
        """A scalar inside a flow collection at ``at``: its value and where it ends."""
        first = text[at : at + 1]
        if first == "'":
            end = _single_end(text, at + 1)
            if end < 0:
                raise _DEFER
            return text[at + 1 : end].replace("''", "'"), end + 1
        if first == '"':
            end = _double_end(text, at + 1)
            if end < 0:
                raise _DEFER
            return _decoded(text[at + 1 : end], last=True), end + 1
        match = _FLOW_PLAIN.match(text, at)
        if match is None:  # pragma: no cover - the pattern matches the empty text too
            raise _DEFER
        end = match.end()
        if text[end : end + 1] not in (",", "]", "}"):
            raise _DEFER  # a nested collection, a quote, a comment, ':' or '?' in the text
        return self._plain(match.group().strip(" ")), end

    def _flow_list(self, text: str) -> list[Any]:
        end = text.find("]")
        if end >= 0 and not _FLOW_SPECIAL.search(text, 1, end):
            # The common case: plain scalars between commas (a code list), split at once.
            self._after_quote(text[end + 1 :])
            inner = text[1:end]
            if not inner.strip(" "):
                return []
            found = [item.strip(" ") for item in inner.split(",")]
            if "" in found:
                raise _DEFER  # an empty entry or a trailing comma
            return [self._plain(item) for item in found]
        items: list[Any] = []
        at = self._entry(text, 0, "]")
        while at >= 0:
            value, at = self._flow_scalar(text, at)
            items.append(value)
            at = self._entry(text, at, "]")
        return items

    def _flow_mapping(self, text: str) -> dict[str, Any]:
        """``{key: value, ...}`` on one line: keys plain words, values scalars or flow lists."""
        result: dict[str, Any] = {}
        at = self._entry(text, 0, "}")
        while at >= 0:
            match = _FLOW_KEY.match(text, at)
            if match is None:
                raise _DEFER
            key = match.group(1)
            key = _KEYS.get(key) or _checked_key(key)
            if key in result:
                raise _DEFER
            at = match.end()
            if text[at : at + 1] == "[":
                end = text.find("]", at)
                if end < 0:
                    raise _DEFER
                result[key] = self._flow_list(text[at : end + 1])
                at = end + 1
            else:
                result[key], at = self._flow_scalar(text, at)
            at = self._entry(text, at, "}")
        return result

    def _entry(self, text: str, at: int, closing: str) -> int:
        """Where the next entry of a flow collection starts, after its opening bracket or
        an entry that ends at ``at``; -1 at its ``closing`` bracket (after which there may
        be only a comment)."""
        first = at == 0
        at = _spaces(text, at + 1 if first else at)
        after = text[at : at + 1]
        if after == closing:
            self._after_quote(text[at + 1 :])
            return -1
        if first:
            return at
        if after != ",":
            raise _DEFER
        at = _spaces(text, at + 1)
        if text[at : at + 1] in (closing, ","):
            raise _DEFER  # an empty entry or a trailing comma
        return at

    def _block_scalar(self, column: int, indicator: str) -> str:
        """A literal (``|``) or folded (``>``) scalar, clipped or stripped (``-``)."""
        lines = self.lines
        start = self.index + 1
        if start >= self.count or not lines[start].strip(" "):
            raise _DEFER  # leading blank lines decide the indentation in subtle ways
        first = lines[start]
        indent = len(first) - len(first.lstrip(" "))
        if indent <= column:
            raise _DEFER  # an empty block scalar
        parts: list[str] = []
        blanks = 0
        index = start
        while index < self.count:
            line = lines[index]
            if not line.strip(" "):
                if len(line) > indent:
                    raise _DEFER  # spaces beyond the indentation are content
                blanks += 1
                index += 1
                continue
            here = len(line) - len(line.lstrip(" "))
            if here < indent:
                break
            if here > indent:
                raise _DEFER  # a more-indented line keeps its breaks: not handled here
            if parts:
                if indicator[0] == "|":
                    parts.append("\n" * (blanks + 1))
                else:
                    parts.append("\n" * blanks if blanks else " ")
            parts.append(line[indent:])
            blanks = 0
            index += 1
        if index >= self.count and lines[-1]:
            raise _DEFER  # the text ends without a line break inside the scalar
        self.index = index
        value = "".join(parts)
        return value if indicator.endswith("-") else value + "\n"
