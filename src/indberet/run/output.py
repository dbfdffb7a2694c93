"""Writing outputs safely: atomically (temporary file + rename), never over an input.

A regular file (or a name not taken yet) is written to a temporary file beside it and
renamed into place, so readers see the old file or the whole new one. What is not a
regular file — a device such as ``/dev/null``, a FIFO, ``/dev/stdout`` or ``/dev/fd/N`` —
is written in place, never renamed over: renaming would put a regular file where the
device was (as root), or fail on a temporary file in ``/dev``. ``/dev/stdout`` and its
kin are written through the descriptor they name, so ``-o /dev/stdout >> log`` appends.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import sys
import tempfile
from collections.abc import Iterable, Iterator
from typing import Final

from indberet.run.signals import signals_held

# Paths that name one of this process's open descriptors.
_DESCRIPTOR_PATHS: Final = {"/dev/stdin": 0, "/dev/stdout": 1, "/dev/stderr": 2}
_DESCRIPTOR_PATTERN: Final = re.compile(r"/(?:dev|proc/(self|thread-self|\d+))/fd/(\d+)")
_OWN_PROCESS: Final = (None, "self", "thread-self")
_LINK_HOPS: Final = 40  # as many symbolic links as the kernel follows in one path


class OutputError(Exception):
    """The output cannot be written where asked. ``key`` and ``params`` are the message
    (see :mod:`indberet.i18n`); ``str()`` is the English one."""

    def __init__(self, key: str, **params: str) -> None:
        from indberet.i18n import message

        super().__init__(message(key, "en", **params))
        self.key = key
        self.params = params


def write_output(path: str, content: str | bytes, *, inputs: Iterable[str] = ()) -> None:
    """Write ``content`` to ``path``: atomically if it is (or will be) a regular file, in
    place if it is something else (a device, a FIFO, ``/dev/stdout``).

    Refuses an empty path and any of ``inputs``. Every failure is an :class:`OutputError`
    naming the path and the reason (``No space left on device``, ...).
    """
    if not path:
        raise OutputError("output.empty")
    target = os.path.realpath(path)
    if _is_one_of(target, inputs):
        raise OutputError("output.is_input", path=path)
    data = content.encode("utf-8") if isinstance(content, str) else content
    try:
        descriptor = named_descriptor(path)
        if descriptor is not None:
            _flush_standard_streams(descriptor)
            _write_all(descriptor, data)
            return
        try:
            mode = os.stat(target).st_mode
        except FileNotFoundError:
            mode = stat.S_IFREG
        if not stat.S_ISREG(mode):
            _write_in_place(target, data)
            return
        folder = os.path.dirname(target) or "."
        if not os.path.isdir(folder):
            raise OutputError("output.no_directory", folder=os.path.dirname(path))
        write_atomic(target, data)
    except OSError as error:
        reason = error.strerror or str(error)
        raise OutputError("output.cannot_write", path=path, reason=reason) from None


def _is_one_of(target: str, inputs: Iterable[str]) -> bool:
    """Whether one of ``inputs`` resolves to ``target`` (a real path). An input that does
    is the same file (device and inode) as ``target``: only those are resolved, not each
    of thousands of inputs component by component."""
    try:
        found = os.stat(target)
    except OSError:  # not there (or not reachable): compared by their paths alone
        return any(os.path.realpath(item) == target for item in inputs)
    for item in inputs:
        try:
            same = os.path.samestat(os.stat(item), found)
        except OSError:
            same = True  # gone or unreachable: compared by its path
        if same and os.path.realpath(item) == target:
            return True
    return False


def named_descriptor(path: str) -> int | None:
    """The descriptor ``path`` names (``/dev/stdout``: 1, ``/dev/fd/3``: 3, also through
    symbolic links to them), or None when it names a file."""
    current = os.path.abspath(path)
    for _ in range(_LINK_HOPS):
        if current in _DESCRIPTOR_PATHS:
            return _DESCRIPTOR_PATHS[current]
        matched = _DESCRIPTOR_PATTERN.fullmatch(current)
        if matched is not None and matched.group(1) in (*_OWN_PROCESS, str(os.getpid())):
            return int(matched.group(2))
        try:
            link = os.readlink(current)
        except OSError:  # not a link (or not there): a file
            return None
        current = os.path.normpath(os.path.join(os.path.dirname(current), link))
    return None


def write_atomic(path: str, content: bytes) -> None:
    """Write ``content`` to the regular file ``path`` so that readers see the old file or
    the whole new one. On any error, or an interruption, the temporary file is removed
    and ``path`` is left as it was."""
    with _temporary_copy(path, content) as temporary:
        os.replace(temporary, path)


@contextlib.contextmanager
def _temporary_copy(path: str, content: bytes) -> Iterator[str]:
    """A temporary file beside ``path`` holding ``content`` (synced, with the permissions a
    new file gets), removed if anything fails before the caller has put it in place."""
    folder = os.path.dirname(path) or "."
    temporary = None
    try:
        # Made and named, or neither: an interruption between the two would leave the
        # file behind (the ending signals come after, and remove it on the way out).
        with signals_held():
            handle, temporary = tempfile.mkstemp(prefix=".indberet-", suffix=".tmp", dir=folder)
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
            stream.flush()
            os.fsync(stream.fileno())
        # mkstemp makes the file owner-only; give it the permissions a new file gets.
        os.chmod(temporary, 0o666 & ~_umask())
        yield temporary
    except BaseException:
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
        raise


def _write_in_place(path: str, data: bytes) -> None:
    """Write to what is at ``path`` (not a regular file) without replacing it."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CLOEXEC)
    try:
        _write_all(descriptor, data)
    finally:
        os.close(descriptor)


def _write_all(descriptor: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(descriptor, view)
        view = view[written:]


def _flush_standard_streams(descriptor: int) -> None:
    """What this process wrote to standard output or error goes first."""
    for stream in (sys.stdout, sys.stderr):
        if stream is not None:
            with contextlib.suppress(OSError, ValueError, AttributeError):
                if stream.fileno() == descriptor:
                    stream.flush()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_new(path: str, content: bytes) -> bool:
    """Write ``content`` to ``path`` only if nothing is there: written whole to a temporary
    file beside it, then linked into place (which fails, leaving what is there, if the
    name was taken meanwhile). False when ``path`` was taken; other errors are OSError."""
    with _temporary_copy(path, content) as temporary:
        try:
            return _link_new(temporary, path, content)
        finally:
            with contextlib.suppress(OSError):
                os.unlink(temporary)


def _link_new(temporary: str, path: str, content: bytes) -> bool:
    """``temporary`` linked to ``path`` if nothing is there (False if something is)."""
    try:
        os.link(temporary, path)
    except FileExistsError:
        return False
    except OSError:  # a file system without hard links: create it exclusively
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC)
        except FileExistsError:
            return False
        try:
            _write_all(descriptor, content)
        finally:
            os.close(descriptor)
    return True
