"""Readings already made in a run, to be taken again for the same text: :class:`Known`.

``check --base`` reads the same definitions twice, from the work tree and from git's
objects, and most files are the same on both sides. A file at the revision whose path and
text are those of a file read cleanly from the work tree has the same reading and the same
model (reading and building are functions of path and text alone), so it is not read again.
"""

from __future__ import annotations

from indberet.read.loading import Built, Reading
from indberet.read.yamlsource import decode


class Known:
    """Clean readings and their models, by path and decoded text."""

    def __init__(self) -> None:
        self._by_text: dict[tuple[str, str], tuple[Reading, Built]] = {}

    def __len__(self) -> int:
        return len(self._by_text)

    def remember(self, path: str, reading: Reading, model: Built | None) -> None:
        """Keep a clean reading of ``path`` and the model built from it (when it has its text)."""
        document, problems = reading
        if model is None or problems or document is None or document.source is None:
            return
        self._by_text[(path, document.source)] = (reading, model)

    def recall(self, path: str, raw: bytes) -> tuple[Reading, Built] | None:
        """The reading and model of ``path`` with the content ``raw``, if made already."""
        source, problem = decode(path, raw)
        if problem is not None or source is None:
            return None
        return self._by_text.get((path, source))

    def forget(self) -> None:
        """Let the readings go (once the other side is read)."""
        self._by_text.clear()
