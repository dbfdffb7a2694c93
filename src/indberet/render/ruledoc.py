"""A rule's documentation as plain text for a terminal (``indberet rules CODE``).

The documentation is written in reStructuredText (the rule module's docstring in English,
``DOC_DA`` in Danish); the terminal gets it without the markup: a ````literal```` (a key
of the format or the profile) is quoted, ``'below'``; ``**strong**``, ``*emphasis*`` and
``:role:`target``` keep their words only.
"""

from __future__ import annotations

import inspect
import re
from typing import Final

from indberet.core.rules.base import Rule

_ROLE: Final = re.compile(r":[a-z]+:`([^`]+)`")  # :mod:`indberet.core.resolve`
_LITERAL: Final = re.compile(r"``(.+?)``", re.DOTALL)
_STRONG: Final = re.compile(r"\*\*(.+?)\*\*", re.DOTALL)
_EMPHASIS: Final = re.compile(r"(?<![\w*])\*(?![\s*])(.+?)(?<![\s*])\*(?![\w*])", re.DOTALL)
_INTERPRETED: Final = re.compile(r"(?<!`)`([^`]+)`(?!`)")


def plain(text: str) -> str:
    """reStructuredText inline markup removed, the words kept (literals in quotes)."""
    text = _ROLE.sub(r"\1", text)
    text = _LITERAL.sub(r"'\1'", text)
    text = _STRONG.sub(r"\1", text)
    text = _EMPHASIS.sub(r"\1", text)
    return _INTERPRETED.sub(r"\1", text)


def documentation(rule: Rule, lang: str) -> str:
    """The rule's documentation in ``lang`` (Danish: ``DOC_DA``), as plain text."""
    written = rule.DOC_DA if lang == "da" else rule.__doc__ or ""
    return plain(inspect.cleandoc(written))
