"""Progress on standard error for long runs: a rich progress bar on a terminal, else nothing.

The display starts only once a run has taken longer than :data:`DELAY` seconds, so short
runs print nothing extra, and rich is imported only then. When standard error is not a
terminal (CI logs, pipes, tests), nothing is ever shown. The bar is transient: it is gone
when the work is done, and never mixes with the output on standard output.

Domain code takes plain callbacks (``progress(done, total)`` for loading,
``progress(advance)`` for the audit); :class:`ProgressDisplay` makes them.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from types import TracebackType
from typing import IO, Any, Final

DELAY: Final = 0.5  # seconds before a display appears


class ProgressDisplay:
    """Context manager handing out progress callbacks for named stages of one run."""

    def __init__(
        self,
        stream: IO[str] | None = None,
        *,
        enabled: bool | None = None,
        delay: float = DELAY,
    ) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = _is_terminal(self.stream) if enabled is None else enabled
        self.delay = delay
        self.started = time.monotonic()
        self._progress: Any = None  # rich.progress.Progress, once shown
        self._tasks: dict[str, Any] = {}

    def __enter__(self) -> ProgressDisplay:
        self.started = time.monotonic()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Remove the display (if one was shown)."""
        if self._progress is not None:
            self._progress.stop()
            self._progress = None

    @property
    def shown(self) -> bool:
        """Whether a progress bar has been put on the screen."""
        return self._progress is not None

    def files(self, description: str) -> Callable[[int, int], None]:
        """A callback ``(done, total)`` for a stage that counts files."""
        if not self.enabled:
            return _ignore_two

        def update(done: int, total: int) -> None:
            self._update(description, done, total)

        return update

    def steps(self, description: str, total: int) -> Callable[[int], None]:
        """A callback ``(advance)`` for a stage of ``total`` steps."""
        if not self.enabled:
            return _ignore_one
        done = 0

        def advance(steps: int) -> None:
            nonlocal done
            done += steps
            self._update(description, done, total)

        return advance

    def _update(self, description: str, done: int, total: int) -> None:
        if self._progress is None:
            if done >= total or time.monotonic() - self.started < self.delay:
                return  # short so far, or finished: nothing to show
            self._start()
        task = self._tasks.get(description)
        if task is None:
            task = self._progress.add_task(description, total=total)
            self._tasks[description] = task
        self._progress.update(task, completed=done, total=total)

    def _start(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

        console = Console(file=self.stream, force_terminal=True)
        self._progress = Progress(
            "[progress.description]{task.description}",
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
            transient=True,
        )
        self._progress.start()


def _is_terminal(stream: IO[str]) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # a closed or unusual stream
        return False


def _ignore_two(done: int, total: int) -> None:
    return None


def _ignore_one(steps: int) -> None:
    return None
