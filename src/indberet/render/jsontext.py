"""Pretty JSON text, fast: one place that turns documents into the files we write.

``json.dumps(..., indent=2)`` runs the pure-Python encoder (the C one does not indent),
which took most of the time of a 100,000-field JSON report. orjson writes the same layout
(two-space indent, ``": "`` and ``","`` separators, UTF-8 rather than ``\\u`` escapes,
the shortest float that reads back equal; only an exponent is written ``1.75e-6`` where
the standard library writes ``1.75e-06``) about thirty times faster. Where it cannot (an
integer wider than 64 bits, a non-string key, a lone surrogate), the standard library
writes it; a lone surrogate, which UTF-8 cannot hold (a file name that is not UTF-8), is
written as the text ``\\xNN`` or ``\\uNNNN`` (:func:`indberet.render.safe.path_text`).
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import orjson

__all__ = ["dumps", "dumps_utf8", "dumps_utf8_listing", "dumps_utf8_spliced", "item_text"]

T = TypeVar("T")

_OPTIONS = orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE
_SURROGATE = re.compile("[\ud800-\udfff]")


def _shown(match: re.Match[str]) -> str:
    from indberet.render.safe import path_text

    # Inside a JSON string (the only place the encoder leaves one), its backslash escaped.
    return "\\" + path_text(match.group())


def dumps(document: Any) -> str:
    """``document`` as indented JSON text ending in a newline.

    Reads back equal to ``json.dumps(document, ensure_ascii=False, indent=2) + "\\n"``.
    """
    try:
        return orjson.dumps(document, option=_OPTIONS).decode()
    except (TypeError, orjson.JSONEncodeError):
        text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
        return _SURROGATE.sub(_shown, text)


def dumps_utf8(document: Any) -> bytes:
    """:func:`dumps` encoded as UTF-8, without a text copy on the way (large reports)."""
    try:
        return orjson.dumps(document, option=_OPTIONS)
    except (TypeError, orjson.JSONEncodeError):
        return dumps(document).encode("utf-8")


def dumps_utf8_listing(
    document: dict[str, Any],
    key: str,
    items: Sequence[T],
    make: Callable[[T], Any],
    spans: list[tuple[int, int]] | None = None,
) -> bytes:
    """:func:`dumps_utf8` of ``document`` with ``document[key]`` the list of ``make(item)``
    for each of ``items``, the same bytes, made with less memory: each item's object is
    encoded as soon as it is made and let go, into one growing buffer, so that the objects
    of a large report (100,000 fields) are never held at once beside the text. ``key`` is
    a key of ``document`` itself, whose value is replaced. ``spans``, when given, gets
    where each item's text starts and ends in the result (:func:`item_text`'s bytes).
    """
    head = {**document, key: []}
    try:
        outer = orjson.dumps(head, option=_OPTIONS)
        place = b'\n  "' + orjson.dumps(key)[1:-1] + b'": []'
        start = outer.index(place) + len(place) - 1  # at the "]" of the empty list
        buffer = io.BytesIO()
        buffer.write(outer[:start])
        for index, item in enumerate(items):
            buffer.write(b",\n    " if index else b"\n    ")
            begin = buffer.tell()
            buffer.write(item_text(make(item)))
            if spans is not None:
                spans.append((begin, buffer.tell()))
        if items:
            buffer.write(b"\n  ")
        buffer.write(outer[start:])
        return buffer.getvalue()  # the buffer itself: no copy
    except (TypeError, orjson.JSONEncodeError):
        if spans is not None:
            spans.clear()  # the standard library's text: no spans known
        return dumps_utf8({**document, key: [make(item) for item in items]})


def item_text(value: Any, indent: int = 4) -> bytes:
    """``value`` as :func:`dumps_utf8_listing` writes an item of its list (``indent`` 4: a
    member of the document's top-level object; 8: an item of a list in such an item); raises
    ``TypeError`` or ``orjson.JSONEncodeError`` where orjson cannot write it."""
    text = orjson.dumps(value, option=orjson.OPT_INDENT_2)
    return text.replace(b"\n", b"\n" + b" " * indent)  # a newline is never in a string


def dumps_utf8_spliced(
    document: dict[str, Any],
    key: str,
    texts: Sequence[bytes],
    spans: list[tuple[int, int]] | None = None,
) -> bytes:
    """:func:`dumps_utf8_listing` of ``document`` with the items' texts given already (as
    :func:`item_text` made them): the same bytes, and the same ``spans``. Raises
    ``TypeError`` or ``orjson.JSONEncodeError`` where orjson cannot write the document."""
    outer = orjson.dumps({**document, key: []}, option=_OPTIONS)
    place = b'\n  "' + orjson.dumps(key)[1:-1] + b'": []'
    start = outer.index(place) + len(place) - 1
    parts = [outer[:start]]
    at = start
    for index, text in enumerate(texts):
        parts.append(b",\n    " if index else b"\n    ")
        at += len(parts[-1])
        parts.append(text)
        if spans is not None:
            spans.append((at, at + len(text)))
        at += len(text)
    if texts:
        parts.append(b"\n  ")
    parts.append(outer[start:])
    return b"".join(parts)
