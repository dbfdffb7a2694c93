"""Work on two processors: files shared with a forked process, and the pairs beside the rules.

**Files.**
Parsing YAML is most of the time of a cold run on a large catalogue, and it is the same
work for every file, so :func:`read_all` shares the files with one forked process: this
process takes them from the front and the child from the back, each the next one no one
has taken (a flag per file in shared memory), so that neither waits long for the other,
and this process can do more with its own readings meanwhile. The
child sends back, for each file it read, what the parse cache would store: the file's
content hash, its kind and its plain data and marks, as ``marshal`` data (no code). The
parent reads the file again (cheap: bytes and a decode) and uses the child's reading only
if the content hash matches; anything else — a file with problems, a child that failed, a
file that changed in between — the parent simply reads itself. So the result is always
the sequential one.

**Near-duplicates.** :func:`pairs_in_background` starts the near-duplicate search of an
audit in a forked process, which sends the pairs back as plain rows, while the audit
decides every field here as if it had no twins. The search is shared out in units of a
measure and some of its parts (fields of different parts are never paired: each part's
pairs are searched apart; a measure's :data:`SLOTS` units are its largest parts one by
one and the rest together): the child starts with the text measure's largest parts
(names and descriptions: most of the work), and this process, once it has decided the
fields, takes up the units the child has not taken, from the other end (the name
measure's largest parts first). Within a measure, each takes the largest unit left, so
that the last units taken are small and neither waits long for the other's last one.
Each process tests the pairs it finds with the candidates' test, if they have one
(whether two fields may be the same question: in a dense catalogue, seconds of work
that the child does while this process still searches), and the pairs are merged. If
the child fails, its part is searched here too. The child first makes the candidates,
if they are not made yet (this process meanwhile decides the fields; it needs them only
once it searches), then the names' token sets, which the name and the text measures both
start from, and sends both, so that they are made once.

Forking is used only on Linux, with no other threads running, and for inputs of at least
:data:`PARALLEL_MIN_BYTES` (files) or :data:`PARALLEL_MIN_CANDIDATES` (fields); elsewhere
everything runs in this process. If a child cannot be started (no memory for it), the
work is done here.

**A child never outlives this process.** It asks the kernel to kill it when this process
dies (``PR_SET_PDEATHSIG``, even by ``kill -9``), closes its copy of the pipe's reading
end (so that a send fails once this process has gone, rather than wait for a reader that
is itself), and lets go of standard output and error (it never holds a pipe to a reader
downstream open). It ignores Ctrl-C (this process stops it) and dies of SIGTERM.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import multiprocessing
import os
import queue
import signal
import sys
import threading
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import TYPE_CHECKING, Any, Final

from indberet.core.similarity import (
    MEASURES,
    Candidate,
    Candidates,
    Pair,
    Search,
    Tested,
    as_rows,
    listed,
    merged,
    pairs_from_rows,
    part_members,
    test_of,
)
from indberet.diagnostics import Diagnostic
from indberet.read.yamlsource import Document, decode
from indberet.run.memory import ensure_for_files
from indberet.run.signals import ENDING_SIGNALS, signals_held

if TYPE_CHECKING:
    from indberet.core.audit import PairFinder, PairSearch, Searcher

__all__ = [
    "CHILD_ORDER",
    "HERE_ORDER",
    "LOCK_TIMEOUT",
    "PARALLEL_MIN_BYTES",
    "PARALLEL_MIN_CANDIDATES",
    "Then",
    "fork_allowed",
    "pairs_in_background",
    "processors",
    "read_all",
]

PARALLEL_MIN_BYTES: Final = 4 * 2**20  # below this, starting a process costs more
PARALLEL_MIN_CANDIDATES: Final = 5000
# Files the child reads before it sends their readings; and the pipe size asked for.
BATCH: Final = 8
PIPE_BYTES: Final = 1 << 20
# Seconds to wait for the lock that shares work out; it is held for microseconds, so a
# wait this long means the other process died holding it.
LOCK_TIMEOUT: Final = 10.0
# The order in which the child and this process take up the measures of a pair search:
# the child starts with the text measure (names and descriptions, most of the work) while
# this process decides the fields; this process then starts from the other end.
CHILD_ORDER: Final = ("text", "codes", "name")
HERE_ORDER: Final = ("name", "codes", "text")
# A measure is searched in up to this many units: its largest parts one by one, the rest
# together (parts are never paired with each other, similarity.part_members), so that
# neither process waits long for the other's last measure.
SLOTS: Final = 8
_MADE: Final = "made"  # the child's first message: the candidates it made (see _shared)
_NAMES: Final = "names"  # the child's message of the names' token sets (not a measure)
_THEN: Final = "then"  # the child's last message: the value of its work after the search
_PR_SET_PDEATHSIG: Final = 1  # from <linux/prctl.h>

Reading = tuple[Document | None, list[Diagnostic]]
Reader = Callable[[str], Reading]


def fork_allowed() -> bool:
    """Whether a helper process may be forked here (Linux, and no other threads)."""
    return (
        sys.platform.startswith("linux")
        and "fork" in multiprocessing.get_all_start_methods()
        and threading.active_count() == 1
    )


def processors() -> int:
    """The processors this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        return os.cpu_count() or 1


class _Shares:
    """Items that this process and a forked child take one at a time, each item once.

    A flag per item in shared memory, set under a lock. Should the lock not come within
    :data:`LOCK_TIMEOUT` seconds (held for microseconds only, so the other process died
    holding it), every item is taken here from then on: an item done twice is harmless,
    since this process's result is the one kept.
    """

    def __init__(self, count: int) -> None:
        context = multiprocessing.get_context("fork")
        self._taken = context.RawArray("b", count)
        self._lock = context.Lock()
        self._alone = False

    def take(self, item: int) -> bool:
        """Take ``item`` if no one has: True if it is the caller's to do."""
        if self._alone:
            return True
        if not self._lock.acquire(timeout=LOCK_TIMEOUT):  # the other died holding it
            self._alone = True
            return True
        try:
            if self._taken[item]:
                return False
            self._taken[item] = 1
            return True
        finally:
            self._lock.release()


def read_all(
    files: Sequence[str],
    read: Reader,
    *,
    known: Callable[[str], Reading | None] | None = None,
    progress: Callable[[int], None] | None = None,
    parallel: bool | None = None,
    early: Callable[[int, Reading], None] | None = None,
) -> list[Reading]:
    """``read(path)`` for every file, in order; the files shared with a forked process.

    ``known(path)``, when given, is asked first, here, for every file (a parse cache
    lookup): only the files it does not know are read, and only they are shared out.
    This process takes files from the front and the child from the back, each the next
    one no one has taken yet, so both finish about together. ``early(index, reading)``,
    when given, is called here for each reading as soon as it is here: for this process's
    own files while the child still reads (work on them need not wait), then for the
    child's.
    ``parallel``: None decides by the size of what is left to read and the machine;
    False never forks; True forks whenever forking is allowed (for tests).
    Raises :class:`indberet.run.memory.NotEnoughMemory` before reading anything if reading
    the files will not fit under the process's memory limit.
    """
    ensure_for_files(files)
    results: list[Reading | None] = [None] * len(files)
    done = 0

    def finished(index: int, reading: Reading) -> None:
        nonlocal done
        results[index] = reading
        done += 1
        if progress is not None:
            progress(done)
        if early is not None:
            early(index, reading)

    left = list(range(len(files)))
    if known is not None:
        left = []
        for index, path in enumerate(files):
            reading = known(path)
            if reading is None:
                left.append(index)
            else:
                finished(index, reading)
    if parallel is None:
        parallel = processors() > 1 and _total_size([files[i] for i in left]) >= PARALLEL_MIN_BYTES
    if not parallel or len(left) < 2 or not fork_allowed():
        for index in left:
            finished(index, read(files[index]))
        return [r for r in results if r is not None]
    shares = _Shares(len(left))
    started = _start_child(lambda send: _child(send, files, left, shares, read))
    if started is None:  # no child: read everything here
        for index in left:
            finished(index, read(files[index]))
        return [r for r in results if r is not None]
    receive, child = started

    def adopt(batch: dict[int, Any]) -> None:
        for index, entry in batch.items():
            if type(index) is int and 0 <= index < len(files) and results[index] is None:
                reading = _adopt(files[index], entry)
                if reading is not None:
                    finished(index, reading)

    sending = True  # until the child has closed its end (or sent something else)
    try:
        for position, index in enumerate(left):  # from the front; the child from the back
            if shares.take(position):
                finished(index, read(files[index]))
            while sending and receive.poll():  # what the child has read so far, in between
                batch = _receive(receive)
                sending = batch is not None
                if batch is not None:
                    adopt(batch)
        while sending and (batch := _receive(receive)) is not None:  # the rest
            adopt(batch)
        for index in left:  # what the child failed to read or send, and files with problems
            if results[index] is None:
                finished(index, read(files[index]))
    finally:
        _stop_child(receive, child)
    return [r for r in results if r is not None]


def _total_size(files: Sequence[str]) -> int:
    total = 0
    for path in files:
        try:
            total += os.path.getsize(path)
        except OSError:
            continue
    return total


def _child(
    send: Connection, files: Sequence[str], left: list[int], shares: _Shares, read: Reader
) -> None:
    """In the forked process: read the files it takes and send back the clean readings,
    :data:`BATCH` files at a time, so that the parent can take them up in between."""
    found: dict[int, Any] = {}
    for position in reversed(range(len(left))):
        if not shares.take(position):
            break  # met this process: the rest is taken
        index = left[position]
        document, problems = read(files[index])
        if document is None or problems or document.valid_as is None:
            continue  # the parent reads it again and reports what it finds
        if document.source is None:
            continue  # read by the precise reader: marks too many to send
        digest = _digest_text(document.source)
        found[index] = (digest, document.valid_as, document.data, document.known_marks)
        if len(found) >= BATCH:
            send.send_bytes(marshal.dumps(found))
            found = {}
    if found:
        send.send_bytes(marshal.dumps(found))


def _receive(receive: Connection) -> dict[int, Any] | None:
    """The child's next batch; None at the end, or if it sent something else."""
    try:
        part = marshal.loads(receive.recv_bytes())
    except (EOFError, OSError, ValueError, TypeError):
        return None
    return part if isinstance(part, dict) else None


def _widen(send: Connection) -> None:
    """Let the pipe hold a whole batch or result, so that the child seldom waits for the
    parent to take one (Linux; best effort)."""
    with contextlib.suppress(ImportError, AttributeError, OSError, ValueError):
        import fcntl  # not on every platform; forking is used on Linux only

        fcntl.fcntl(send.fileno(), fcntl.F_SETPIPE_SZ, PIPE_BYTES)


def _adopt(path: str, entry: Any) -> Reading | None:
    """The child's reading of ``path`` if the file still holds what it read, else None."""
    if not (isinstance(entry, tuple) and len(entry) == 4):
        return None
    digest, kind, data, marks = entry
    if not (isinstance(kind, str) and isinstance(marks, dict)):
        return None
    try:
        with open(path, "rb") as handle:
            raw = handle.read()
    except OSError:
        return None
    source, problem = decode(path, raw)
    if problem is not None or source is None or _digest_text(source) != digest:
        return None
    return Document(path, data, marks, source=source, valid_as=kind), []


def _digest_text(source: str) -> str:
    return hashlib.blake2b(source.encode("utf-8"), digest_size=32).hexdigest()


class Then:
    """Work for the search's child once its part of the search is sent (see
    :func:`pairs_in_background`): ``work(items, threshold, search)`` makes a value
    ``marshal`` can carry, ``search`` the child's :class:`Search` of ``items`` when the
    search is one (its names' token sets and the sets of the measures it searched are
    made: :meth:`Search.made`). The child is already there and has read the candidates,
    so this costs no other process; it runs while this process decides the fields.

    Its value is taken by :meth:`result` here, or by :meth:`received` in a process forked
    from this one (which this one then waits for, and calls :meth:`stop`)."""

    def __init__(
        self,
        work: Callable[[Sequence[Candidate], float, Search | None], Any],
    ) -> None:
        self.work = work
        self._child: tuple[Connection, BaseProcess] | None = None

    def received(self) -> Any:
        """The value (waited for), or None: there was no child, it failed, or it was
        taken already; the caller then makes it itself. The child is left running."""
        if self._child is None:
            return None
        receive = self._child[0]
        try:
            message = marshal.loads(receive.recv_bytes())
        except (EOFError, OSError, ValueError, TypeError):
            return None
        finally:
            receive.close()  # taken once: a second call has the pipe closed
        if isinstance(message, tuple) and len(message) == 2 and message[0] == _THEN:
            return message[1]
        return None

    def stop(self) -> None:
        """Stop the child (if it still runs) and reap it; :meth:`received` gives None
        from then on. Call from the process that started the search."""
        child, self._child = self._child, None
        if child is not None:
            _stop_child(*child)

    def result(self) -> Any:
        """:meth:`received`, then :meth:`stop`."""
        try:
            return self.received()
        finally:
            self.stop()


def pairs_in_background(
    searcher: Searcher, *, parallel: bool | None = None, then: Then | None = None
) -> PairFinder:
    """A pair finder that shares the search out with a forked process.

    The child starts at once, taking up measures in :data:`CHILD_ORDER`; this process,
    when the pairs are asked for, takes up the measures no one has taken yet, in
    :data:`HERE_ORDER`. Each measure is searched once, by whichever process takes it
    first; the child sends each result as soon as it has it. What the child took but did
    not send (it failed) is searched here. With ``then``, the child goes on with its work
    once its measures are sent, and the child is stopped when :meth:`Then.result` has it.

    ``parallel``: None decides by the number of candidates and the machine; False
    searches here when the pairs are asked for; True forks whenever allowed (tests).
    """

    def start(items: Sequence[Candidate], threshold: float) -> Callable[[], list[Pair]]:
        search = searcher(items, threshold)
        wanted = parallel
        if wanted is None:
            wanted = processors() > 1 and len(items) >= PARALLEL_MIN_CANDIDATES
        if not wanted or not fork_allowed():
            return lambda: search(MEASURES)
        after = None
        if then is not None:
            work = then.work
            after = lambda searched: work(listed(items), threshold, searched)  # noqa: E731
        return _shared(search, after, then)

    return start


def _shared(
    search: PairSearch,
    after: Callable[[Search | None], Any] | None = None,
    then: Then | None = None,
) -> Callable[[], list[Pair]]:
    """Start the child's part of ``search`` (and ``after`` it, ``after(search)`` when it is
    a :class:`Search`, else ``after(None)``: its value for ``then``); the returned function
    does the rest."""
    shared = search if isinstance(search, Search) else None
    slots = SLOTS if shared is not None else 1  # a search of its own: by measure only
    shares = _Shares(len(MEASURES) * slots)
    # Candidates not made yet are made by the child, which hands them over first.
    unmade = shared.items if shared is not None else None
    if not isinstance(unmade, Candidates) or unmade.made:
        unmade = None

    made: list[list[int]] = []  # the items' indexes of each slot, once the items are

    def units(order: Sequence[str]) -> list[tuple[str, int, list[int] | None]]:
        """The units of work in ``order`` of the measures: (measure, slot, the items'
        indexes or None for all), each measure's largest units first (whichever process
        is free takes the largest unit left: the last ones taken are small, so neither
        waits long for the other's); no empty one."""
        if shared is None:
            return [(measure, 0, None) for measure in order]
        if not made:
            made.extend([] for _ in range(slots))
            for rank, indexes in enumerate(part_members(listed(shared.items))):
                made[min(rank, slots - 1)].extend(indexes)
            made[-1].sort()
        ranked = sorted((slot for slot in range(slots) if made[slot]), key=lambda s: -len(made[s]))
        return [(measure, slot, made[slot]) for measure in order for slot in ranked]

    # The test the pairs must pass, applied by each process to the pairs it finds.
    test = test_of(shared.items) if shared is not None else None

    def searched(measure: str, only: list[int] | None) -> list[Pair]:
        found = search((measure,)) if shared is None or only is None else shared((measure,), only)
        return found if test is None else test(found)

    def taken(measure: str, slot: int) -> bool:
        return shares.take(MEASURES.index(measure) * slots + slot)

    def there(send: Connection) -> None:
        # Sent from a thread, in order: the parent takes the messages up only once it has
        # decided the fields, and this process goes on with its measures meanwhile.
        outbox: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()
        sender = threading.Thread(target=_send_all, args=(send, outbox))
        sender.start()
        try:
            if shared is not None and unmade is not None:
                outbox.put(marshal.dumps((_MADE, shared.handover())))
            if shared is not None:
                # The names' token sets first: the text measure starts from them here,
                # and so does the name measure in the parent.
                outbox.put(marshal.dumps((_NAMES, shared.names())))
            for measure, slot, only in units(CHILD_ORDER):
                if taken(measure, slot):
                    rows = as_rows(searched(measure, only))
                    outbox.put(marshal.dumps(((measure, slot), rows)))
            if after is not None:
                outbox.put(marshal.dumps((_THEN, after(shared))))
        finally:
            outbox.put(None)
            sender.join()

    started = _start_child(there)
    if started is None:  # no child: search everything here
        return lambda: search(MEASURES)
    receive, child = started

    def wait() -> list[Pair]:
        found: dict[tuple[str, int], list[Pair]] = {}
        named = False  # whether the child's message of the names' token sets was taken up
        every: list[tuple[str, int, list[int] | None]] = []  # known once the items are
        wanted: set[tuple[str, int]] = set()

        def take_up(message: object) -> bool:
            """Keep what the child sent; False if it is not what it sends."""
            if not (isinstance(message, tuple) and len(message) == 2):
                return False
            what, content = message
            if what == _MADE:
                return shared is not None and shared.take_over(content)
            if what == _NAMES:
                if shared is not None:
                    shared.share_names(content)  # if malformed: made here instead
                return True
            pairs = pairs_from_rows(content)
            if not (isinstance(what, tuple) and what in wanted) or pairs is None or what in found:
                return False
            found[what] = pairs
            return True

        failed = True
        try:
            if unmade is not None:
                # While the child makes the candidates, what the test of the pairs needs.
                ahead = unmade.ahead
                while ahead is not None and not receive.poll() and ahead():
                    pass
                if not take_up(marshal.loads(receive.recv_bytes())):
                    raise ValueError("not the candidates the child made")
            every += units(MEASURES)
            wanted.update((measure, slot) for measure, slot, _ in every)
            for measure, slot, only in units(HERE_ORDER):
                if taken(measure, slot):
                    if shared is not None and not named:
                        # The child's first message: it made them first thing, so they
                        # are here by now, or sooner than made again here (every measure
                        # may need them: the codes measure is gated by the names).
                        named = True
                        if not take_up(marshal.loads(receive.recv_bytes())):
                            raise ValueError("not a message of the child")
                    found[measure, slot] = searched(measure, only)
            while len(found) < len(wanted):
                if not take_up(marshal.loads(receive.recv_bytes())):
                    break
            else:
                failed = False
        except (EOFError, OSError, ValueError, TypeError):
            pass  # the child failed: what it took is searched below
        finally:
            if failed or then is None:
                _stop_child(receive, child)
            else:  # it goes on with ``after``: stopped once its value is here
                then._child = (receive, child)
        if not every:  # failed before the items were known: by measure, here
            every = [(measure, 0, None) for measure in MEASURES if (measure, 0) not in found]
        for measure, slot, only in every:
            if (measure, slot) not in found:
                found[measure, slot] = searched(measure, only)
        pairs = merged(*found.values())
        return pairs if test is None else Tested(pairs, test)

    return wait


def _send_all(send: Connection, outbox: queue.SimpleQueue[bytes | None]) -> None:
    """Send every message put in ``outbox``, in order, until None; stop quietly when the
    parent no longer listens (it stopped early, or was interrupted: it does the rest)."""
    try:
        while (message := outbox.get()) is not None:
            send.send_bytes(message)
    except (OSError, ValueError):
        return


class Background:
    """Work running in a forked child; :meth:`join` waits for it to end."""

    def __init__(self, receive: Connection, child: BaseProcess) -> None:
        self._receive = receive
        self._child = child

    def join(self) -> None:
        """Wait until the child has ended (its work done, or given up), and reap it."""
        self._child.join()
        self._receive.close()


def in_background(work: Callable[[], None]) -> Background | None:
    """Run ``work()`` in a forked child, on another processor, beside this process; None
    when it cannot be (one processor, other threads running, no child could be started):
    then the caller does the work itself.

    For best-effort work whose result is a file (a cache entry): the child writes nothing
    to standard output or error, ends with this process, and any failure in it is dropped.
    It shares this process's memory until either writes to it, so it costs little to
    start even when the process holds a large audit.
    """
    if processors() < 2 or not fork_allowed():
        return None
    started = _start_child(lambda send: work())
    if started is None:
        return None
    return Background(*started)


class Later:
    """A value (``marshal`` data) this process gives, later, to a child forked meanwhile
    (the search's, whose :class:`Then` work may wait for it; the one that stores the
    incremental state, which takes what the output rendered afterwards). Made before the
    fork; :meth:`give` here, once, after it; :meth:`take` in the child (it waits). The
    child has None when this process gives None, fails, or ends first: the pipe is closed
    then. No other process forked meanwhile may outlive :meth:`give` (it would hold the
    pipe open)."""

    def __init__(self) -> None:
        self._read: int | None
        self._write: int | None
        self._read, self._write = os.pipe()
        with contextlib.suppress(ImportError, AttributeError, OSError, ValueError):
            import fcntl  # Linux: room for the value, so that giving it seldom waits

            fcntl.fcntl(self._write, fcntl.F_SETPIPE_SZ, PIPE_BYTES)

    def give(self, value: Any) -> None:
        """Here: send ``value`` (None: nothing) and close; best effort (a child that is
        gone, or never was, takes nothing)."""
        _close(self._read)  # the child's end
        self._read = None
        try:
            if value is not None and self._write is not None:
                with contextlib.suppress(OSError, ValueError):
                    data = memoryview(marshal.dumps(value))
                    while data:
                        data = data[os.write(self._write, data) :]
        finally:
            _close(self._write)
            self._write = None

    def take(self) -> Any:
        """In the child: the value given (waited for), or None."""
        _close(self._write)  # this process's copy: else the data would have no end
        self._write = None
        if self._read is None:
            return None
        chunks = []
        try:
            while chunk := os.read(self._read, PIPE_BYTES):
                chunks.append(chunk)
            return marshal.loads(b"".join(chunks)) if chunks else None
        except (OSError, EOFError, ValueError, TypeError):
            return None
        finally:
            _close(self._read)
            self._read = None


def _close(descriptor: int | None) -> None:
    """Close ``descriptor``, if there is one."""
    if descriptor is not None:
        with contextlib.suppress(OSError):
            os.close(descriptor)


def _start_child(work: Callable[[Connection], None]) -> tuple[Connection, BaseProcess] | None:
    """Fork a child that runs ``work(send)``; returns the receiving end and the child, or
    None if no child could be started (no memory or processes left for one)."""
    context = multiprocessing.get_context("fork")
    try:
        receive, send = context.Pipe(duplex=False)
    except OSError:
        return None
    _widen(send)
    child = context.Process(target=_run_child, args=(send, receive, os.getpid(), work))
    child.daemon = True
    try:
        # Held, so that the child sets its own handlers before it takes one (this
        # process's are not for it); they come to this process after the start.
        with signals_held():
            child.start()
    except OSError:
        receive.close()
        send.close()
        return None
    except BaseException:  # interrupted as the child started: it is stopped, not left
        send.close()
        _stop_child(receive, child)
        raise
    send.close()
    return receive, child


def _stop_child(receive: Connection, child: BaseProcess) -> None:
    """Close the receiving end, stop the child if it still runs, and reap it."""
    receive.close()
    if child.pid is None:  # it never started
        return
    if child.is_alive():
        child.terminate()
    child.join()


def _run_child(
    send: Connection, receive: Connection, parent: int, work: Callable[[Connection], None]
) -> None:
    """In the forked child: tie its life to the parent's (see the module), then work."""
    try:
        _die_with_parent(parent)
        receive.close()  # this end is the parent's: with it closed, sends fail once it dies
        _let_go_of_standard_streams()
        for signum in ENDING_SIGNALS:  # Ctrl-C: the parent stops the child; others end it
            signal.signal(signum, signal.SIG_IGN if signum == signal.SIGINT else signal.SIG_DFL)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, ENDING_SIGNALS)
        work(send)
    except BaseException:
        pass
    finally:
        send.close()


def _die_with_parent(parent: int) -> None:
    """Ask Linux to kill this process when its parent dies; end now if it already has."""
    with contextlib.suppress(Exception):  # no ctypes or prctl: the closed pipe ends it
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # died before the request was made
        os._exit(0)


def _let_go_of_standard_streams() -> None:
    """Point standard output and error at /dev/null: the child writes nothing, and must
    not keep a pipe to a reader downstream open."""
    with contextlib.suppress(OSError):
        empty = os.open(os.devnull, os.O_WRONLY)
        for descriptor in (1, 2):
            os.dup2(empty, descriptor)
        os.close(empty)
