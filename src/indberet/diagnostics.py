"""Diagnostics: located problems found while reading definitions.

A diagnostic carries a stable code, a message key with parameters and a place. The words
are produced late, by :func:`indberet.i18n.message`, so every language gets the same
facts. Nothing here prints.
"""

from __future__ import annotations

import enum
from dataclasses import field
from typing import Any

from indberet.i18n import Text, has_message
from indberet.records import record


class Severity(enum.Enum):
    """How bad a diagnostic is; ``INPUT`` problems mean a file could not be read at all."""

    INPUT = "input"
    ERROR = "error"
    WARNING = "warning"


@record
class Location:
    """A place in a source file; line and column are 1-based, 0 when unknown."""

    path: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        if self.line <= 0:
            return self.path
        return f"{self.path}:{self.line}:{self.column}"


@record
class Diagnostic:
    """One problem: code (``IND011``), message key with parameters, place and severity."""

    code: str
    key: str
    location: Location
    params: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    severity: Severity = Severity.ERROR
    hint: Text | None = field(default=None, compare=False, hash=False)

    def hint_text(self) -> Text | None:
        """The hint: given explicitly, or the message key's ``.hint`` companion."""
        if self.hint is not None:
            return self.hint
        companion = self.key + ".hint"
        return Text(companion, self.params) if has_message(companion) else None

    def sort_key(self) -> tuple[str, int, int, str, str]:
        loc = self.location
        return (loc.path, loc.line, loc.column, self.code, self.key)


class InputError(Exception):
    """Raised for problems that stop a command before any definitions are read."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.key)
        self.diagnostic = diagnostic


class MessageError(Exception):
    """An error whose words are a message key with parameters, rendered by the caller."""

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params: dict[str, Any] = params
