"""Reading on two processors gives exactly the sequential result, whatever goes wrong."""

from __future__ import annotations

import dataclasses
import datetime as dt
import errno
import multiprocessing
import os
import queue
import signal
import time
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path

import pytest
from benchmarks.generate import generate

from indberet.core import pairing, similarity
from indberet.core.audit import PairSearch, Searcher, audit
from indberet.core.profile import load_profile
from indberet.core.similarity import MEASURES, Candidate, Pair, links, searcher
from indberet.model import Catalogue
from indberet.read.loading import read_document
from indberet.run import memory, parallel
from indberet.run.cache import ParseCache
from indberet.run.paircache import searcher_in
from indberet.run.reading import load
from tests.conftest import EXAMPLES, FIXTURES, forget_results, run_cli
from tests.test_robustness import gone, wait_for

pytestmark = pytest.mark.skipif(not parallel.fork_allowed(), reason="needs fork")


@pytest.mark.parametrize("where", [EXAMPLES, FIXTURES / "invalid", FIXTURES])
def test_parallel_load_equals_sequential(where: Path) -> None:
    sequential = load([str(where)], parallel=False)
    both = load([str(where)], parallel=True)
    assert both.catalogue == sequential.catalogue
    assert both.diagnostics == sequential.diagnostics
    if both.catalogue is not None and sequential.catalogue is not None:
        assert [f.location for s in both.catalogue.sets for f in s.fields] == [
            f.location for s in sequential.catalogue.sets for f in s.fields
        ]


def test_parallel_load_with_a_cache_equals_sequential(tmp_path: Path) -> None:
    sequential = load([str(EXAMPLES)], parallel=False)
    cold = load([str(EXAMPLES)], parallel=True, cache=ParseCache(tmp_path))
    warm = load([str(EXAMPLES)], parallel=True, cache=ParseCache(tmp_path))
    assert cold.catalogue == warm.catalogue == sequential.catalogue


def test_a_failing_child_leaves_the_parent_to_read_everything() -> None:
    parent = os.getpid()
    files = sorted(str(p) for p in EXAMPLES.glob("*.yaml"))

    def read(path: str) -> parallel.Reading:
        if os.getpid() != parent:
            raise RuntimeError("the child fails")
        return read_document(path)

    got = parallel.read_all(files, read, parallel=True)
    expected = [read_document(path) for path in files]
    assert [(d.data if d else None, p) for d, p in got] == [
        (d.data if d else None, p) for d, p in expected
    ]


def test_a_file_changed_after_the_child_read_it_is_read_again(tmp_path: Path) -> None:
    source = EXAMPLES / "underretninger.yaml"
    copy = tmp_path / "set.yaml"
    copy.write_bytes(source.read_bytes())
    document, problems = read_document(str(copy))
    assert document is not None and not problems and document.source is not None
    entry = (
        parallel._digest_text(document.source),
        document.valid_as,
        document.data,
        document.known_marks,
    )
    adopted = parallel._adopt(str(copy), entry)
    assert adopted is not None and adopted[0] is not None
    assert adopted[0].data == document.data
    copy.write_text(source.read_text("utf-8").replace("Underretning", "Notits"), "utf-8")
    assert parallel._adopt(str(copy), entry) is None
    assert parallel._adopt(str(copy), ("x", 1)) is None
    assert parallel._adopt(str(tmp_path / "gone.yaml"), entry) is None


def test_progress_counts_every_file() -> None:
    files = sorted(str(p) for p in EXAMPLES.glob("*.yaml"))
    seen: list[int] = []
    parallel.read_all(files, read_document, progress=seen.append, parallel=True)
    assert seen == list(range(1, len(files) + 1))


# --- near-duplicates beside the rules -----------------------------------------------------


def _catalogue() -> Catalogue:
    result = load([str(EXAMPLES)])
    assert result.catalogue is not None
    return result.catalogue


def _candidates() -> list[Candidate]:
    return [
        Candidate(f.qualified_id, f.set_id, f.name, f.description, f.codes)
        for s in _catalogue().sets
        for f in s.fields
    ]


def _recording(log: Path, *, slow_here: bool = False) -> Searcher:
    """A searcher that logs which process searched which measures.

    ``slow_here``: this process does not start its first search until the child has
    logged one, so that the child surely takes part.
    """
    parent = os.getpid()

    def prepare(found: Sequence[Candidate], threshold: float) -> PairSearch:
        search = searcher(found, threshold)

        def logged(measures: Sequence[str]) -> list[Pair]:
            if slow_here and os.getpid() == parent:
                deadline = time.monotonic() + 30
                while not log.exists() and time.monotonic() < deadline:
                    time.sleep(0.01)
            pairs = search(measures)
            with open(log, "a", encoding="utf-8") as out:
                out.write(f"{os.getpid()} {','.join(measures)}\n")
            return pairs

        return logged

    return prepare


def test_pairs_found_in_a_child_equal_those_found_here(tmp_path: Path) -> None:
    items = _candidates()
    expected = links(items, 0.75)
    assert expected
    log = tmp_path / "searched"
    wait = parallel.pairs_in_background(_recording(log, slow_here=True), parallel=True)
    assert wait(items, 0.75)() == expected
    searched = [line.split(" ") for line in log.read_text().splitlines()]
    # every measure searched once, by one process or the other; the child took the first
    # of its order at once, this process the rest
    assert sorted(measure for _, measure in searched) == sorted(MEASURES)
    by_child = [m for pid, m in searched if pid != str(os.getpid())]
    assert by_child[:1] == [parallel.CHILD_ORDER[0]]


def test_each_measure_is_searched_once_however_the_work_falls(tmp_path: Path) -> None:
    items = _candidates()
    expected = links(items, 0.75)
    for attempt in range(5):
        log = tmp_path / f"searched-{attempt}"
        wait = parallel.pairs_in_background(_recording(log), parallel=True)(items, 0.75)
        assert wait() == expected
        searched = [line.split(" ")[1] for line in log.read_text().splitlines()]
        assert sorted(searched) == sorted(MEASURES)


class _LoggedSearch(similarity.Search):
    """A search that logs which process searched which measure of which items."""

    log: Path

    def __call__(self, measures: Sequence[str], only: Sequence[int] | None = None) -> list[Pair]:
        pairs = super().__call__(measures, only)
        with open(self.log, "a", encoding="utf-8") as out:
            units = "all" if only is None else ",".join(map(str, only))
            out.write(f"{os.getpid()} {','.join(measures)} {units}\n")
        return pairs


@pytest.mark.parametrize("attempt", range(3))
def test_a_search_is_shared_out_by_measure_and_part_each_searched_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, attempt: int
) -> None:
    # Candidates with their parts (kind of value and subject), as an audit makes them.
    words = load_profile("default").language
    items = list(pairing.candidates(_catalogue().sets, words).items)
    members = similarity.part_members(items)
    assert len(members) > 2
    monkeypatch.setattr(parallel, "SLOTS", 2)  # the largest part apart, the rest together
    monkeypatch.setattr(_LoggedSearch, "log", tmp_path / "searched", raising=False)
    finder = parallel.pairs_in_background(_LoggedSearch, parallel=True)
    assert finder(items, 0.75)() == links(items, 0.75)
    searched = [line.split(" ") for line in (tmp_path / "searched").read_text().splitlines()]
    rest = ",".join(map(str, sorted(i for indexes in members[1:] for i in indexes)))
    largest = ",".join(map(str, members[0]))
    expected = sorted((m, units) for m in MEASURES for units in (largest, rest))
    assert sorted((measure, units) for _, measure, units in searched) == expected


@pytest.mark.parametrize("slots", [3, 8])
def test_each_process_takes_a_measures_largest_unit_left_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, slots: int
) -> None:
    words = load_profile("default").language
    items = list(pairing.candidates(_catalogue().sets, words).items)
    monkeypatch.setattr(parallel, "SLOTS", slots)
    monkeypatch.setattr(_LoggedSearch, "log", tmp_path / "searched", raising=False)
    finder = parallel.pairs_in_background(_LoggedSearch, parallel=True)
    assert finder(items, 0.75)() == links(items, 0.75)
    searched = [line.split(" ") for line in (tmp_path / "searched").read_text().splitlines()]
    assert len(searched) > len(MEASURES)  # measures searched in several units
    for pid in {pid for pid, _, _ in searched}:
        for measure in MEASURES:
            sizes = [len(units.split(",")) for p, m, units in searched if (p, m) == (pid, measure)]
            assert sizes == sorted(sizes, reverse=True), (pid, measure, sizes)


class _DyingSearch(similarity.Search):
    """A search whose child dies in its second unit of work (after sending the first)."""

    parent = 0
    units = 0

    def __call__(self, measures: Sequence[str], only: Sequence[int] | None = None) -> list[Pair]:
        if os.getpid() != self.parent:
            type(self).units += 1
            if self.units == 2:
                os._exit(1)
        return super().__call__(measures, only)


def test_units_a_child_took_but_never_sent_are_searched_here(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    words = load_profile("default").language
    items = list(pairing.candidates(_catalogue().sets, words).items)
    monkeypatch.setattr(_DyingSearch, "parent", os.getpid())
    monkeypatch.setattr(_DyingSearch, "units", 0)
    finder = parallel.pairs_in_background(_DyingSearch, parallel=True)
    assert finder(items, 0.75)() == links(items, 0.75)
    assert not multiprocessing.active_children()


def test_the_files_are_shared_with_a_child_each_read_once(tmp_path: Path) -> None:
    files = sorted(str(p) for p in EXAMPLES.glob("*.yaml"))
    parent = os.getpid()
    log = tmp_path / "pids"

    def recording(path: str) -> parallel.Reading:
        if os.getpid() == parent:  # leave the child time to take a file
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline and str(parent) == _first_reader(log, parent):
                time.sleep(0.01)
        with open(log, "a", encoding="utf-8") as out:
            out.write(f"{os.getpid()} {path}\n")
        return read_document(path)

    early: list[tuple[int, int]] = []
    got = parallel.read_all(
        files, recording, parallel=True, early=lambda i, r: early.append((i, os.getpid()))
    )
    assert [d.data if d else None for d, _ in got] == [
        d.data if d else None for d, _ in (read_document(path) for path in files)
    ]
    read = [line.split(" ") for line in log.read_text().splitlines()]
    assert sorted(path for _, path in read) == files  # each file read once
    assert any(pid != str(parent) for pid, _ in read)  # the child took some
    # every reading was handed to ``early`` once, here
    assert sorted(i for i, _ in early) == list(range(len(files)))
    assert {pid for _, pid in early} == {parent}


def _first_reader(log: Path, parent: int) -> str:
    """The pid of a child that has read a file, else the parent's."""
    if log.exists():
        for line in log.read_text().splitlines():
            if line.split(" ")[0] != str(parent):
                return line.split(" ")[0]
    return str(parent)


def test_a_failing_child_leaves_the_pairs_to_be_found_here() -> None:
    parent = os.getpid()
    items = _candidates()

    def fails_in_the_child(found: Sequence[Candidate], threshold: float) -> PairSearch:
        def search(measures: Sequence[str]) -> list[Pair]:
            if os.getpid() != parent:
                os._exit(3)  # the child dies without sending anything
            return links(found, threshold, measures=measures)

        return search

    wait = parallel.pairs_in_background(fails_in_the_child, parallel=True)(items, 0.75)
    assert wait() == links(items, 0.75)


def _logging_name_sets(monkeypatch: pytest.MonkeyPatch, log: Path) -> None:
    """Log the process of every call of similarity.name_sets (in this process and in
    children forked after this)."""
    made = similarity.name_sets

    def logged(items: Sequence[Candidate]) -> list[frozenset[str]]:
        with open(log, "a", encoding="utf-8") as out:
            out.write(f"{os.getpid()}\n")
        return made(items)

    monkeypatch.setattr(similarity, "name_sets", logged)


@pytest.mark.parametrize("remembered", [False, True])
def test_the_names_token_sets_are_made_once_in_the_child_and_shared(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, remembered: bool
) -> None:
    items = _candidates()
    expected = links(items, 0.75)
    log = tmp_path / "made"
    _logging_name_sets(monkeypatch, log)
    monkeypatch.setattr(parallel, "CHILD_ORDER", ("text",))  # the name measure is ours
    prepare = searcher_in(ParseCache(tmp_path / "cache")) if remembered else searcher
    assert parallel.pairs_in_background(prepare, parallel=True)(items, 0.75)() == expected
    makers = log.read_text(encoding="utf-8").split()
    assert len(makers) == 1 and makers[0] != str(os.getpid())


def test_names_the_child_sends_malformed_are_made_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    items = _candidates()
    expected = links(items, 0.75)
    parent = os.getpid()
    made = similarity.Search.names

    def names(self: similarity.Search) -> list[frozenset[str]]:
        return [frozenset({"garbage"})] if os.getpid() != parent else made(self)

    monkeypatch.setattr(similarity.Search, "names", names)
    monkeypatch.setattr(parallel, "CHILD_ORDER", ("codes",))
    log = tmp_path / "made"
    _logging_name_sets(monkeypatch, log)
    assert parallel.pairs_in_background(searcher, parallel=True)(items, 0.75)() == expected
    assert log.read_text(encoding="utf-8").split() == [str(parent)]


def _work_after(
    items: Sequence[Candidate], threshold: float, search: similarity.Search | None
) -> tuple[int, int, float, int, list[str]]:
    made = search.made()[0] if search is not None else {}
    names = made.get("name", [])
    return (os.getpid(), len(items), threshold, sum(map(len, names)), sorted(made))


def test_the_search_child_does_the_work_after_its_search() -> None:
    items = _candidates()
    then = parallel.Then(_work_after)
    pending = parallel.pairs_in_background(searcher, parallel=True, then=then)(items, 0.75)
    assert pending() == links(items, 0.75)
    pid, count, threshold, tokens, measures = then.result()
    assert pid != os.getpid() and (count, threshold) == (len(items), 0.75)
    assert tokens == sum(map(len, similarity.name_sets(items)))  # the names it had made
    assert "name" in measures  # and the sets of the measures it searched
    assert then.result() is None  # once only: the child is gone
    assert not multiprocessing.active_children()


def test_no_child_no_work_after_the_search() -> None:
    items = _candidates()
    then = parallel.Then(_work_after)
    pending = parallel.pairs_in_background(searcher, parallel=False, then=then)(items, 0.75)
    assert pending() == links(items, 0.75)
    assert then.result() is None  # the caller makes it itself


def test_work_after_the_search_that_fails_gives_none() -> None:
    def fails(items: Sequence[Candidate], threshold: float, names: object) -> object:
        raise RuntimeError("boom")

    items = _candidates()
    then = parallel.Then(fails)
    pending = parallel.pairs_in_background(searcher, parallel=True, then=then)(items, 0.75)
    assert pending() == links(items, 0.75)
    assert then.result() is None
    assert not multiprocessing.active_children()


def test_a_child_that_fails_in_the_search_does_no_work_after_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    parent = os.getpid()
    items = _candidates()

    def failing(items: Sequence[Candidate], threshold: float) -> PairSearch:
        search = searcher(items, threshold)

        def measures(chosen: Sequence[str]) -> list[Pair]:
            if os.getpid() != parent:
                os._exit(1)
            return search(chosen)

        return measures

    monkeypatch.setattr(parallel, "CHILD_ORDER", ("text",))
    monkeypatch.setattr(parallel, "HERE_ORDER", ("name", "codes"))  # text is the child's
    then = parallel.Then(_work_after)
    pending = parallel.pairs_in_background(failing, parallel=True, then=then)(items, 0.75)
    assert pending() == links(items, 0.75)  # searched here
    assert then.result() is None
    assert not multiprocessing.active_children()


def test_an_audit_with_pairs_from_a_child_equals_one_without() -> None:
    catalogue = _catalogue()
    profile = load_profile(None)
    as_of = dt.date(2026, 11, 26)
    expected = audit(catalogue, profile, as_of)
    finder = parallel.pairs_in_background(searcher, parallel=True)
    assert audit(catalogue, profile, as_of, pair_finder=finder) == expected
    # and when the rule that needs twins is off, no search is started at all
    started: list[int] = []

    def counting(items: Sequence[Candidate], threshold: float) -> Callable[[], list[Pair]]:
        started.append(len(items))
        return lambda: links(items, threshold)

    off = dataclasses.replace(profile, rules={**profile.rules, "IND105": {"enabled": False}})
    audit(catalogue, off, as_of, pair_finder=counting)
    assert started == []
    audit(catalogue, profile, as_of, pair_finder=counting)
    searched = pairing.candidates(catalogue.sets, profile.language).items
    assert started == [len(searched)]  # every field but the identifiers
    assert 0 < len(searched) < catalogue.field_count


def test_files_the_cache_knows_are_not_read_again() -> None:
    files = sorted(str(p) for p in EXAMPLES.glob("*.yaml"))
    known = {files[0]: read_document(files[0]), files[2]: read_document(files[2])}
    asked: list[str] = []

    def read(path: str) -> parallel.Reading:
        asked.append(path)
        return read_document(path)

    got = parallel.read_all(files, read, known=known.get, parallel=False)
    assert asked == [f for f in files if f not in known]
    assert [(d.data if d else None) for d, _ in got] == [
        (d.data if d else None) for d, _ in map(read_document, files)
    ]


def test_the_cli_gives_the_same_audit_with_and_without_helper_processes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    generate(tmp_path / "catalogue", fields=600, per_set=50, usage_rows=0)
    args = ("audit", str(tmp_path / "catalogue"), "--as-of", "2026-11-26", "--format", "json")
    monkeypatch.setattr(parallel, "PARALLEL_MIN_BYTES", 10**12)
    monkeypatch.setattr(parallel, "PARALLEL_MIN_CANDIDATES", 10**9)
    alone = run_cli(*args, "--no-cache")
    monkeypatch.setattr(parallel, "PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr(parallel, "PARALLEL_MIN_CANDIDATES", 1)
    helped = run_cli(*args, "--no-cache")
    cold = run_cli(*args, "--cache-dir", str(tmp_path / "cache"))
    forget_results(tmp_path / "cache")  # the second run reads the parse cache, not a result
    warm = [cold, run_cli(*args, "--cache-dir", str(tmp_path / "cache"))]
    assert alone.code == helped.code == 0
    assert '"MERGE"' in alone.stdout  # the catalogue has near-duplicates to find
    assert helped.stdout == alone.stdout
    assert [w.stdout for w in warm] == [alone.stdout, alone.stdout]


# --- sharing work out -----------------------------------------------------------------------


def test_two_processes_taking_shares_take_every_item_once(tmp_path: Path) -> None:
    shares = parallel._Shares(200)
    mine = [item for item in range(200) if shares.take(item)]
    assert mine == list(range(200))  # no one else took any
    shares = parallel._Shares(200)
    log = tmp_path / "theirs"
    context = multiprocessing.get_context("fork")

    def child() -> None:
        log.write_text(" ".join(str(i) for i in reversed(range(200)) if shares.take(i)))

    process = context.Process(target=child)
    process.start()
    here = [item for item in range(200) if shares.take(item)]
    process.join()
    there = [int(i) for i in log.read_text().split()]
    assert sorted(here + there) == list(range(200))


def test_a_lock_left_held_by_a_dead_process_does_not_hang_the_other(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(parallel, "LOCK_TIMEOUT", 0.2)
    shares = parallel._Shares(3)
    context = multiprocessing.get_context("fork")
    process = context.Process(target=lambda: (shares._lock.acquire(), os._exit(0)))
    process.start()
    process.join()
    # every item is this process's from then on
    assert [shares.take(item) for item in (0, 1, 2, 0)] == [True, True, True, True]


def test_the_childs_readings_are_taken_up_while_this_process_still_reads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parallel, "BATCH", 1)
    sources = sorted(EXAMPLES.glob("*.yaml"))
    files = []
    for n in range(12):
        copy = tmp_path / f"set-{n:02}.yaml"
        copy.write_bytes(sources[n % len(sources)].read_bytes())
        files.append(str(copy))
    parent = os.getpid()
    readers = tmp_path / "readers"

    def slow(path: str) -> parallel.Reading:
        time.sleep(0.15 if os.getpid() == parent else 0.1)
        with open(readers, "a", encoding="utf-8") as out:
            out.write(f"{os.getpid()} {path}\n")
        return read_document(path)

    order: list[int] = []
    got = parallel.read_all(files, slow, parallel=True, early=lambda i, _: order.append(i))
    assert [d.data if d else None for d, _ in got] == [
        d.data if d else None for d, _ in (read_document(path) for path in files)
    ]
    mine = {
        files.index(path)
        for pid, path in (line.split(" ") for line in readers.read_text().splitlines())
        if pid == str(parent)
    }
    assert len(mine) >= 2
    # a reading of the child's was taken up before this process had read its own last file
    last_own = max(order.index(i) for i in mine)
    assert any(i not in mine for i in order[:last_own])


def test_the_childs_sender_stops_quietly_when_the_parent_no_longer_listens() -> None:
    receive, send = multiprocessing.Pipe(duplex=False)
    receive.close()  # the parent stopped early, or was interrupted
    outbox: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()
    outbox.put(b"x" * (4 << 20))  # more than the pipe holds
    outbox.put(None)
    parallel._send_all(send, outbox)  # no exception: in a thread it would print one
    send.close()


# --- a child never outlives this process, nor keeps it waiting --------------------------------


def test_a_child_ends_when_this_process_stops_listening() -> None:
    """The child's copy of the reading end is closed: its sends fail, rather than wait
    for ever for a reader that is itself (as when this process was killed)."""

    def work(send: Connection) -> None:
        send.send_bytes(b"x" * (4 << 20))  # more than the pipe holds

    started = parallel._start_child(work)
    assert started is not None
    receive, child = started
    receive.close()
    child.join(timeout=60)
    try:
        assert not child.is_alive()
    finally:
        if child.is_alive():  # the test failed: leave nothing behind
            child.kill()
            child.join()


def test_a_child_dies_with_this_process_even_by_kill_9(tmp_path: Path) -> None:
    """A process that starts a child and then dies without any cleanup (as by
    ``kill -9``) takes the child with it."""
    named = tmp_path / "child"

    def parent() -> None:
        def work(send: Connection) -> None:
            named.write_text(str(os.getpid()))
            time.sleep(600)

        parallel._start_child(work)
        while not named.exists():
            time.sleep(0.01)
        os._exit(0)  # no cleanup at all: the child is neither stopped nor reaped

    middle = multiprocessing.get_context("fork").Process(target=parent)
    middle.start()
    middle.join(timeout=60)
    child = int(named.read_text())
    try:
        wait_for(lambda: gone(child), "the child's end", seconds=20)
    finally:
        if not gone(child):  # the test failed: leave nothing behind
            os.kill(child, signal.SIGKILL)


def test_when_no_child_can_be_started_the_work_is_done_here(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def refused(self: object) -> None:
        raise OSError(errno.ENOMEM, "Cannot allocate memory")

    monkeypatch.setattr(BaseProcess, "start", refused)
    files = sorted(str(p) for p in EXAMPLES.glob("*.yaml"))
    got = parallel.read_all(files, read_document, parallel=True)
    assert [(d.data if d else None, p) for d, p in got] == [
        (d.data if d else None, p) for d, p in map(read_document, files)
    ]
    catalogue = _catalogue()
    profile = load_profile(None)
    as_of = dt.date(2026, 11, 26)
    finder = parallel.pairs_in_background(searcher, parallel=True)
    assert audit(catalogue, profile, as_of, pair_finder=finder) == audit(catalogue, profile, as_of)


def test_reading_files_too_large_for_the_memory_limit_is_refused_before_any_is_read(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    files = sorted(str(p) for p in EXAMPLES.glob("*.yaml"))
    size = sum(os.path.getsize(f) for f in files)
    used = memory.in_use()[0]
    monkeypatch.setattr(memory, "limits", lambda: (used + size, None))  # not 8 times it
    read: list[str] = []

    def reading(path: str) -> parallel.Reading:
        read.append(path)
        return read_document(path)

    with pytest.raises(memory.NotEnoughMemory):
        parallel.read_all(files, reading, parallel=False)
    assert read == []
    monkeypatch.setattr(memory, "limits", lambda: (used + 100 * size, None))
    assert len(parallel.read_all(files, reading, parallel=False)) == len(files)


def test_work_in_background_runs_in_another_process_and_is_waited_for(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parallel, "processors", lambda: 2)
    if not parallel.fork_allowed():
        pytest.skip("this platform forks no child")
    made = tmp_path / "made"

    def work() -> None:
        time.sleep(0.2)  # still working when join is called: join must wait for it
        made.write_text(str(os.getpid()))

    started = parallel.in_background(work)
    assert started is not None
    started.join()
    assert made.read_text() != str(os.getpid())  # done by the child, not here


def test_work_in_background_is_refused_with_one_processor(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "processors", lambda: 1)
    assert parallel.in_background(lambda: None) is None


def test_failing_work_in_background_ends_quietly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parallel, "processors", lambda: 2)
    if not parallel.fork_allowed():
        pytest.skip("this platform forks no child")

    def work() -> None:
        raise RuntimeError("a cache entry could not be made")

    started = parallel.in_background(work)
    assert started is not None
    started.join()  # returns: the failure stays in the child


# --- candidates made in the search's child ---------------------------------------------------


def _made_once_logged(log: Path) -> similarity.Candidates:
    """The example catalogue's candidates, made when first read, each making logged with
    the process that made them."""
    items = _candidates()

    def make() -> list[Candidate]:
        with open(log, "a", encoding="utf-8") as out:
            out.write(f"{os.getpid()}\n")
        return list(items)

    return similarity.Candidates(make, len(items))


@pytest.mark.parametrize("remembered", [False, True])
def test_candidates_not_made_yet_are_made_in_the_child_and_handed_over(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, remembered: bool
) -> None:
    expected = links(_candidates(), 0.75)
    log = tmp_path / "made"
    items = _made_once_logged(log)
    monkeypatch.setattr(parallel, "CHILD_ORDER", ("text",))  # this process searches too
    prepare = searcher_in(ParseCache(tmp_path / "cache")) if remembered else searcher
    assert parallel.pairs_in_background(prepare, parallel=True)(items, 0.75)() == expected
    makers = log.read_text(encoding="utf-8").split()
    assert len(makers) == 1 and makers[0] != str(os.getpid())
    assert items.made and list(items) == _candidates()


def test_candidates_made_here_already_are_not_handed_over(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = tmp_path / "made"
    items = _made_once_logged(log)
    items.listed()
    sent = tmp_path / "sent"
    handover = similarity.Search.handover

    def logged(self: similarity.Search) -> object:
        sent.write_text(str(os.getpid()), encoding="utf-8")
        return handover(self)

    monkeypatch.setattr(similarity.Search, "handover", logged)
    found = parallel.pairs_in_background(searcher, parallel=True)(items, 0.75)()
    assert found == links(_candidates(), 0.75)
    assert log.read_text(encoding="utf-8").split() == [str(os.getpid())]
    assert not sent.exists()


@pytest.mark.parametrize("child", ["dies", "sends rows of the wrong shape"])
def test_candidates_the_child_does_not_hand_over_whole_are_made_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, child: str
) -> None:
    parent = os.getpid()
    log = tmp_path / "made"
    items = _made_once_logged(log)
    handover = similarity.Search.handover

    def fails(self: similarity.Search) -> object:
        if os.getpid() == parent:
            return handover(self)
        if child == "dies":
            os._exit(3)
        return [(1,) * 8] * len(self.items)

    monkeypatch.setattr(similarity.Search, "handover", fails)
    found = parallel.pairs_in_background(searcher, parallel=True)(items, 0.75)()
    assert found == links(_candidates(), 0.75)
    makers = log.read_text(encoding="utf-8").split()  # the child may go on to make them
    assert makers.count(str(parent)) == 1 and list(items) == _candidates()


def _told(later: parallel.Later) -> Callable[[Sequence[Candidate], float, object], object]:
    """Work after the search: what ``later`` was given, with the child's pid."""

    def work(items: Sequence[Candidate], threshold: float, search: object) -> object:
        return (os.getpid(), later.take())

    return work


@pytest.mark.parametrize("given", [[(1, 2), (3, 4)], None])
def test_the_search_child_is_given_a_value_after_its_fork(given: object) -> None:
    items = _candidates()
    later = parallel.Later()
    then = parallel.Then(_told(later))
    pending = parallel.pairs_in_background(searcher, parallel=True, then=then)(items, 0.75)
    assert pending() == links(items, 0.75)
    later.give(given)  # after the fork, and after the search: the child waited for it
    pid, taken = then.result()
    assert pid != os.getpid() and taken == given
    later.give([5])  # once only: nothing more is sent, nothing fails
    assert not multiprocessing.active_children()


def test_a_value_larger_than_the_pipe_holds_is_taken_whole() -> None:
    items = _candidates()
    later = parallel.Later()
    then = parallel.Then(_told(later))
    pending = parallel.pairs_in_background(searcher, parallel=True, then=then)(items, 0.75)
    given = b"x" * (3 * parallel.PIPE_BYTES)
    pending()
    later.give(given)  # the child reads as this process writes
    assert then.result()[1] == given
    assert not multiprocessing.active_children()


def test_a_value_given_with_no_child_is_dropped() -> None:
    later = parallel.Later()
    later.give([1, 2, 3])  # no child reads: no wait, no failure
    assert later.take() is None


# --- the pairs tested where they are found ----------------------------------------------------


def test_each_process_tests_the_pairs_it_finds_and_the_result_is_the_found_pairs_tested(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    made = _candidates()
    found = links(made, 0.75)
    assert len(found) > 2
    middle = sorted(p.first for p in found)[len(found) // 2]
    log = tmp_path / "tested"

    def test(pairs: Sequence[Pair]) -> list[Pair]:  # keeps about half, noting who tested
        with open(log, "a", encoding="utf-8") as out:
            out.write(f"{os.getpid()} {len(pairs)}\n")
        return [p for p in pairs if p.first < middle]

    items = similarity.Candidates(lambda: list(made), len(made), test)
    monkeypatch.setattr(parallel, "CHILD_ORDER", ("text",))  # this process searches too
    pairs = parallel.pairs_in_background(searcher, parallel=True)(items, 0.75)()
    assert isinstance(pairs, similarity.Tested) and pairs.test is test
    assert pairs == test(found) and 0 < len(pairs) < len(found)
    testers = {line.split()[0] for line in log.read_text(encoding="utf-8").splitlines()}
    assert str(os.getpid()) in testers and len(testers) == 2  # here and in the child


def test_pairs_tested_where_found_are_not_tested_again_by_the_same_test() -> None:
    words = load_profile("default").language
    compared = pairing.candidates(_catalogue().sets, words)
    items = list(compared.items)
    found = links(items, 0.75)
    tested = similarity.Tested(found, compared.same_question)
    assert compared.same_question(tested) is tested  # taken as they are
    other = pairing.candidates(_catalogue().sets, words)
    assert other.same_question(tested) == compared.same_question(found)  # another's: again
    assert compared.items.test == compared.same_question
