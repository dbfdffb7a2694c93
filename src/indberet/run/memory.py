"""Refusing work that will not fit in the memory this process may use.

Under a memory limit (``ulimit -v``: RLIMIT_AS; ``ulimit -d``: RLIMIT_DATA), a Python
process that meets the limit part-way may raise :class:`MemoryError` anywhere, crash, or
(CPython 3.11, unwinding an exception with no memory left for it) spin for ever. So
before the two stages that need most memory, indberet estimates what the stage needs and
refuses at once (:class:`NotEnoughMemory`, exit 2) when that and what the process
already uses would pass the limit:

* before the files are read, from their size in bytes (:func:`ensure_for_files`);
* before an audit, from the number of fields read (:func:`ensure_for_fields`): an audit
  needs memory by the field, however long or short the YAML that describes them.

Without a limit — the usual case — nothing is measured. The factors are measured
figures, rounded up, not bounds: see the constants.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Final

# Measured on catalogues of ``benchmarks/generate.py`` (requirement sets as they are
# written: block style, descriptions, about 520 bytes of YAML a field) of 3,000 to 60,000
# fields (1.5 to 31 MB), and on 30,000 terse fields (one flow mapping a line, 2 MB): the
# smallest ``ulimit -v`` under which each run succeeds (bisected to 8 MB), against what
# the process used when the check is made.
#
# Address space a load adds per byte of YAML: `validate` of 60,000 fields needed 254 MB,
# starting from 35 MB: 7.0 a byte (6.0 by VmPeak); 30,000 fields: 127 MB, 6.0 a byte.
# Terse files take more per byte (30,000 fields in 2 MB: 133 MB); the check before an
# audit, which counts fields, covers them there.
LOAD_BYTES_PER_BYTE: Final = 8
# Address space an audit adds per field, from the end of the load to the output written
# (scores, the near-duplicate search, the report, JSON output, the largest, and a cache's
# copy of it), over a fixed part (the modules it imports, the cache's thread): 60,000
# fields needed 553 MB from 214 MB after the load, 5.6 kB a field; 30,000: 296 MB from
# 122 MB, 5.9 kB; 30,000 terse: 307 MB from 126 MB, 6.0 kB; 10,000: 137 MB from 61 MB;
# 3,000: 80 MB from 41 MB (the fixed part shows: 13 kB a field). Usage logs are read as
# a stream and add little (36 MB, 500,000 rows, on 10,000 fields: 6 MB), so they are not
# counted.
AUDIT_BYTES_PER_FIELD: Final = 7 * 1024
AUDIT_FIXED_BYTES: Final = 24 * 2**20
MB: Final = 2**20


class NotEnoughMemory(Exception):
    """The work will not fit under the process's memory limit (bytes)."""

    def __init__(self, needed: int, limit: int) -> None:
        super().__init__(f"needs about {needed // MB} MB, the limit is {limit // MB} MB")
        self.needed = needed
        self.limit = limit


def limits() -> tuple[int | None, int | None]:
    """The soft limits of address space (RLIMIT_AS) and data (RLIMIT_DATA), in bytes;
    None where there is none."""
    try:
        import resource
    except ImportError:  # pragma: no cover - not POSIX
        return None, None
    found: list[int | None] = []
    for kind in (resource.RLIMIT_AS, resource.RLIMIT_DATA):
        soft, _ = resource.getrlimit(kind)
        found.append(None if soft == resource.RLIM_INFINITY or soft < 0 else soft)
    return found[0], found[1]


def in_use() -> tuple[int, int]:
    """The address space (VmSize) and data (VmData) this process uses now, in bytes;
    0 where the system does not say (not Linux)."""
    sizes = {"VmSize": 0, "VmData": 0}
    try:
        with open("/proc/self/status", encoding="ascii", errors="replace") as status:
            for line in status:
                name, _, rest = line.partition(":")
                if name in sizes:
                    sizes[name] = int(rest.split()[0]) * 1024  # "VmSize:\t  35104 kB"
    except (OSError, ValueError, IndexError):
        pass
    return sizes["VmSize"], sizes["VmData"]


def ensure(extra: int) -> None:
    """Raise :class:`NotEnoughMemory` if ``extra`` more bytes would pass a limit."""
    space_limit, data_limit = limits()
    if space_limit is None and data_limit is None:
        return
    space, data = in_use()
    for limit, used in ((space_limit, space), (data_limit, data)):
        if limit is not None and used + extra > limit:
            raise NotEnoughMemory(used + extra, limit)


def ensure_for_files(files: Sequence[str]) -> None:
    """Refuse to read ``files`` if reading them will not fit (see the module)."""
    if limits() == (None, None):
        return
    total = 0
    for path in files:
        try:
            total += os.path.getsize(path)
        except OSError:
            continue  # reported when it is read
    ensure(total * LOAD_BYTES_PER_BYTE)


def ensure_for_fields(count: int) -> None:
    """Refuse to audit ``count`` fields if the audit will not fit (see the module)."""
    ensure(AUDIT_FIXED_BYTES + count * AUDIT_BYTES_PER_FIELD)
