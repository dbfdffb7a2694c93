"""Pause Python's cycle collector around work that builds many objects with no cycles."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

__all__ = ["no_cyclic_gc"]


@contextlib.contextmanager
def no_cyclic_gc() -> Iterator[None]:
    """Pause the cycle collector while building millions of objects that form no cycles.

    Its full collections would otherwise scan the growing catalogue (or usage tally)
    again and again: a third of the loading time at 100,000 fields, a fifth of reading
    a usage log of a million rows. Reference counting still frees everything dropped.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
