"""Text from the data made safe to show: one place, used by every output format.

Requirement files, usage logs and file names come from many hands. What they hold must
reach a reader as the characters it is, never as an instruction to the terminal, the CI
log, the spreadsheet or the XML parser:

- :func:`visible` writes control characters as escapes a person can read (``\\x1b``,
  ``\\r``, ``\\n``): C0 and C1 controls and DEL (so no terminal escape sequence, no clear
  screen or window title, survives), the Unicode line and paragraph separators, the bidi
  overrides that reorder what is shown, the noncharacters U+FFFE/U+FFFF, and lone
  surrogates (a file name that is not UTF-8 is shown with its bytes, ``\\xff``).
  A format that can hold a tab or a line break keeps it (``keep``).
- :func:`one_line` is :func:`visible` keeping nothing: for a line of a log, a terminal
  or an annotation, where a line break inside a value would let the data start a line of
  its own (``::error file=...::`` in a GitHub log).
- :func:`path_text` is a file name as shown in every output: its undecodable bytes as
  ``\\xNN`` and nothing else changed.
- :func:`formula_like`: whether a spreadsheet would run a cell as a formula (OWASP's
  list, also after leading blanks).
"""

from __future__ import annotations

import re

__all__ = ["formula_like", "one_line", "path_text", "visible"]

# Control characters (C0, DEL, C1), the line and paragraph separators, bidi embeddings,
# overrides and isolates, surrogates (never valid on their own) and U+FFFE/U+FFFF.
_UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]"
)
_SURROGATE = re.compile("[\ud800-\udfff]")
_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}
# A cell starting with one of these is a formula to Excel, LibreOffice and Google Sheets.
_FORMULA = ("=", "+", "-", "@")
_FORMULA_CONTROL = ("\t", "\r", "\n")


def _escape(character: str) -> str:
    named = _NAMED.get(character)
    if named is not None:
        return named
    code = ord(character)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8 (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}"


def _shown(match: re.Match[str]) -> str:
    return _escape(match.group())


def visible(value: str, keep: str = "") -> str:
    """``value`` with every unsafe character written as an escape, but those in ``keep``."""
    if value.isprintable():  # the common case: nothing to do
        return value
    if not keep:
        return _UNSAFE.sub(_shown, value)
    return _UNSAFE.sub(lambda m: m.group() if m.group() in keep else _escape(m.group()), value)


def one_line(value: str) -> str:
    """``value`` as one line: line breaks, tabs and every other unsafe character escaped."""
    return visible(value)


def path_text(path: str) -> str:
    """A file name as shown: bytes that were not UTF-8 as ``\\xNN``, the rest as it is."""
    if path.isascii():
        return path
    return _SURROGATE.sub(_shown, path)


def formula_like(value: str) -> bool:
    """Whether a spreadsheet would take the cell for a formula, also after leading blanks."""
    if value.startswith(_FORMULA_CONTROL):
        return True
    return value.lstrip().startswith(_FORMULA)
