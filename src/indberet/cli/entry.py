"""The entry point (console script and ``python -m indberet``), and the signals that end a run.

Ctrl-C (SIGINT), SIGTERM and SIGHUP end a run the same way, with exit code 128 + the
signal's number: 130, 143, 129. While the command runs, each raises
:class:`KeyboardInterrupt` (see :func:`during_command`), so that what is being written is
removed on the way out: no partial output, no temporary file. Before that — while Python
imports the CLI — and after it, there is nothing to clean up, and a traceback would be
all the user sees: the process ends at once, with the same exit code and a line on
standard error. That is why this module imports nothing but the standard library's
smallest parts (and :mod:`indberet.run.signals`, the list of ending signals, which imports
no more), and installs its handlers before anything else is imported.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from types import FrameType

from indberet.run.signals import ENDING_SIGNALS

_received: list[int] = []  # the signal that ended the run, once one has


def exit_code(signum: int) -> int:
    """The exit code of a run ended by ``signum``: 128 + its number (Ctrl-C: 130)."""
    return 128 + signum


def received() -> int:
    """The signal that ended the run; SIGINT when none was recorded (a Ctrl-C that
    arrived as :class:`KeyboardInterrupt`, or :class:`click.Abort`)."""
    return _received[-1] if _received else signal.SIGINT


def stopped_message(signum: int, lang: str | None = None) -> str:
    """The line that says the run was stopped by ``signum``."""
    if "indberet.i18n" not in sys.modules:  # importing it now could be interrupted too
        return "indberet: interrupted" if signum == signal.SIGINT else "indberet: stopped"
    from indberet.i18n import message, resolve_language

    language = resolve_language(lang)
    if signum == signal.SIGINT:
        return message("cli.interrupted", language)
    return message("cli.stopped", language, signal=signal.Signals(signum).name)


def _stop_now(signum: int, frame: FrameType | None) -> None:
    """Before and after the command: say so and end at once (nothing to clean up)."""
    with contextlib.suppress(Exception):  # standard error closed or broken: the code says it
        os.write(2, ("\n" + stopped_message(signum) + "\n").encode())
    os._exit(exit_code(signum))


def _raise_interrupt(signum: int, frame: FrameType | None) -> None:
    """During the command: unwind like Ctrl-C, so that cleanup code runs."""
    _received.append(signum)
    raise KeyboardInterrupt


def at_once() -> None:
    """From now on, the ending signals end the process at once."""
    for signum in ENDING_SIGNALS:
        _install(signum, _stop_now)


def during_command() -> None:
    """From now on, the ending signals raise :class:`KeyboardInterrupt`."""
    _received.clear()
    for signum in ENDING_SIGNALS:
        _install(signum, _raise_interrupt)


def _install(signum: int, handler: signal.Handlers | object) -> None:
    # A signal ignored when the process started (nohup, a shell's `trap '' HUP`) stays so.
    if signal.getsignal(signum) is not signal.SIG_IGN:
        signal.signal(signum, handler)  # type: ignore[arg-type]


def run() -> None:
    """The console script: guard the signals, then import and run the CLI."""
    at_once()
    from indberet.cli.main import run as run_cli

    run_cli()
