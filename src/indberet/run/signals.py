"""The signals that end a run, and holding them back for a moment.

Ctrl-C (SIGINT), SIGTERM and SIGHUP end a run (see :mod:`indberet.cli.entry`, which decides
what they do). Here is what the steps below the CLI need of them: the list, and a way to
hold them back while steps that must happen together run (making a temporary file and
noting its name; starting a helper process). Only the standard library's smallest parts
are imported: the CLI's entry point imports this before anything else.
"""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Iterator
from typing import Final

ENDING_SIGNALS: Final = tuple(
    getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)
)


@contextlib.contextmanager
def signals_held() -> Iterator[None]:
    """Hold the ending signals back until the block is done (they come after it); for
    steps that must happen together, such as making a temporary file and noting its
    name. Where signals cannot be held (not POSIX), the block simply runs."""
    try:
        before = signal.pthread_sigmask(signal.SIG_BLOCK, ENDING_SIGNALS)
    except (AttributeError, OSError, ValueError):  # pragma: no cover - not POSIX
        yield
        return
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)
