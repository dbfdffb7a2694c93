"""Message catalogues per area, merged into :data:`indberet.i18n.MESSAGES`.

Each module holds ``MESSAGES: dict[str, tuple[str, str]]`` (English, Danish). A key may
be defined in one catalogue only; a test checks it.
"""

from __future__ import annotations

CATALOGUES = (
    "check",
    "report",
    "perf",
    "words",
    "cache",
    "api",
    "statbank",
    "importing",
    "history",
    "impact",
)
