"""Writing outputs safely: atomically (temporary file + rename), never over an input."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable


class OutputError(Exception):
    """The output cannot be written where asked."""


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomic(path: str, content: str | bytes, *, inputs: Iterable[str] = ()) -> None:
    """Write ``content`` to ``path`` so that readers see the old file or the whole new one.

    Refuses to write over any of ``inputs``. On any error, or Ctrl-C, the temporary file
    is removed and ``path`` is left as it was.
    """
    target = os.path.realpath(path)
    if any(os.path.realpath(item) == target for item in inputs):
        raise OutputError(f"{path} is one of the inputs; choose another output file")
    folder = os.path.dirname(target) or "."
    if not os.path.isdir(folder):
        raise OutputError(f"{os.path.dirname(path)}: no such directory")
    data = content.encode("utf-8") if isinstance(content, str) else content
    handle, temporary = tempfile.mkstemp(prefix=".indberet-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        # mkstemp makes the file owner-only; give it the permissions a new file gets.
        os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
