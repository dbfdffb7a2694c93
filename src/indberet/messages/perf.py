"""Messages of the performance area (progress display): key -> (English, Danish)."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "progress.reading": ("Reading definitions", "Læser definitioner"),
    "progress.scoring": ("Scoring fields", "Vurderer felter"),
}
