"""Reading a large usage log on several processors.

:func:`read_usage_log` is :func:`indberet.read.usagelog.read_usage_log`, with the rows of
a file of :data:`PARALLEL_MIN_BYTES` or more split at line ends and read by one process
per processor (``fork``; Linux only, and only when no other threads run): the first part
here, the others in forked processes, each part merged in order as it comes. Should a
quoted value run across a split point, the rest of the file is read again here, in order;
a process that fails has its part read here instead. The result is the same as reading
the file in one go.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
from collections.abc import Mapping
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import IO, TYPE_CHECKING, Final

from indberet.read import usagelog
from indberet.read.usagelog import DEFAULT_CHUNK_SIZE, UsageLog
from indberet.run.parallel import fork_allowed, processors

if TYPE_CHECKING:
    from indberet.read.usagelog import _Reader

PARALLEL_MIN_BYTES: Final = 8 << 20
"""Files smaller than this are read by one process."""
MAX_WORKERS: Final = 8


def read_usage_log(
    path: str,
    known_fields: Mapping[str, set[str]] | None,
    as_of: dt.date,
    *,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    workers: int | None = None,
) -> UsageLog:
    """Read and aggregate the usage log at ``path`` (see
    :func:`indberet.read.usagelog.read_usage_log`); ``workers`` is the number of
    processes (None: one per processor, at most :data:`MAX_WORKERS`, for files of at
    least :data:`PARALLEL_MIN_BYTES`; 1: read in this process only).
    """

    def read_body(reader: _Reader, handle: IO[bytes], start: int, size: int) -> None:
        ranges = usagelog.split(handle, start, size, _worker_count(workers, size - start))
        if len(ranges) > 1:
            _read_parallel(reader, handle, ranges, size)
        else:
            reader.read_range(handle, start, size, final=True)

    return usagelog.read_usage_log(
        path, known_fields, as_of, chunk_size=chunk_size, read_body=read_body
    )


def _worker_count(workers: int | None, body: int) -> int:
    if workers is None:
        if body < PARALLEL_MIN_BYTES:
            return 1
        workers = min(processors(), MAX_WORKERS)
    if workers <= 1 or not fork_allowed():
        return 1
    return workers


def _work(send: Connection, template: _Reader, start: int, stop: int, final: bool) -> None:
    """Read one byte range in a forked process and send back what was found."""
    try:
        send.send(usagelog.read_part(template, start, stop, final=final))
    except BaseException:
        pass
    finally:
        send.close()


def _read_parallel(
    reader: _Reader, handle: IO[bytes], ranges: list[tuple[int, int]], size: int
) -> None:
    """Read the first range here and the others in forked processes, then merge in order."""
    context = multiprocessing.get_context("fork")
    workers: list[tuple[BaseProcess, Connection]] = []
    try:
        for start, stop in ranges[1:]:
            receive, send = context.Pipe(duplex=False)
            process = context.Process(
                target=_work, args=(send, reader, start, stop, stop >= size), daemon=True
            )
            process.start()
            send.close()
            workers.append((process, receive))
        first_start, first_stop = ranges[0]
        reader.read_range(handle, first_start, first_stop, final=False)
        for index, (_, receive) in enumerate(workers):
            start, stop = ranges[index + 1]
            if reader.carry:
                # A quoted value runs on across the split: read the rest here, in order.
                reader.read_range(handle, start, size, final=True)
                return
            try:
                part = receive.recv()
            except (EOFError, OSError):  # the worker failed: read its range here instead
                reader.read_range(handle, start, stop, final=stop >= size)
                continue
            reader.merge(part)
    finally:
        for worker, receive in workers:
            receive.close()
            if worker.is_alive():
                worker.terminate()
            worker.join()
