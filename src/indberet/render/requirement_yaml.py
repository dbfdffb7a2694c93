"""A requirement set written as YAML (format version 1), as a person would write it.

Block style, keys in the order given, short lists of plain words in flow style
(``assumed: [minutes]``), a comment where the caller asks for one. Text is written plain
where YAML reads it back as the same text, else double-quoted with JSON's escapes (so
``ja``, ``010``, ``a: b`` and control characters come back as written). Reading the
output with a YAML 1.1 reader (PyYAML) gives back the data exactly; a test checks it.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping, Sequence
from typing import Any, Final

import yaml

_PLAIN: Final = re.compile(r"[^\s\-?:,\[\]{}#&*!|>'\"%@`][^:#\s]*(?: [^:#\s]+)*")
# What YAML does not take as it is inside quotes: line breaks of its own (NEL, U+2028,
# U+2029), C1 controls, DEL, a BOM, non-characters and lone surrogates.
_ESCAPE: Final = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")
_FLOW_WORD: Final = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.\-]*")
_FLOW_WIDTH: Final = 80


def requirement_set(
    data: Mapping[str, Any],
    *,
    header: Sequence[str] = (),
    comments: Mapping[str, str] | None = None,
) -> str:
    """``data`` (a requirement set) as YAML; ``header`` lines go on top as comments,
    ``comments`` (set key -> words) after the value of a top-level key."""
    lines = [f"# {line}".rstrip() for line in header]
    notes = comments or {}
    for key, value in data.items():
        lines.extend(_entry(key, value, 0, notes.get(key)))
    return "\n".join(lines) + "\n"


def _entry(key: str, value: Any, indent: int, comment: str | None = None) -> list[str]:
    pad = " " * indent
    tail = f"  # {comment}" if comment else ""
    if isinstance(value, Mapping):
        lines = [f"{pad}{key}:{tail}"]
        for inner_key, inner in value.items():
            lines.extend(_entry(inner_key, inner, indent + 2))
        return lines
    if isinstance(value, list | tuple):
        flow = _flow(value)
        if flow is not None and len(pad) + len(key) + len(flow) + 2 <= _FLOW_WIDTH:
            return [f"{pad}{key}: {flow}{tail}"]
        lines = [f"{pad}{key}:{tail}"]
        for item in value:
            lines.extend(_item(item, indent + 2))
        return lines
    return [f"{pad}{key}: {scalar(value)}{tail}"]


def _item(value: Any, indent: int) -> list[str]:
    pad = " " * indent
    if isinstance(value, Mapping):
        lines: list[str] = []
        for position, (key, inner) in enumerate(value.items()):
            entry = _entry(key, inner, indent + 2)
            if position == 0:
                entry[0] = f"{pad}- {entry[0][indent + 2 :]}"
            lines.extend(entry)
        return lines or [f"{pad}- {{}}"]
    return [f"{pad}- {scalar(value)}"]


def _flow(values: Sequence[Any]) -> str | None:
    """``[a, b]`` when every item is a plain word or a number, else None."""
    words = []
    for value in values:
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            return None
        written = scalar(value)
        if isinstance(value, str) and not _FLOW_WORD.fullmatch(written):
            return None
        words.append(written)
    return "[" + ", ".join(words) + "]"


def scalar(value: Any) -> str:
    """One value as a YAML scalar that reads back as the same value."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"not a finite number: {value!r}")
        if value.is_integer():
            return f"{value:.1f}"
        written = repr(value)
        if "e" in written or "E" in written:  # YAML 1.1 reads 1e-05 as text
            written = f"{value:.12f}".rstrip("0")
        return written
    words = str(value)
    if _PLAIN.fullmatch(words) and words == words.strip() and _reads_back(words):
        return words
    return _ESCAPE.sub(_escaped, json.dumps(words, ensure_ascii=False))


def _escaped(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def _reads_back(words: str) -> bool:
    try:
        return bool(yaml.safe_load(words) == words)
    except yaml.YAMLError:
        return False
