"""Messages of the `report` area: key -> (English, Danish). Merged into indberet.i18n.MESSAGES."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {}
