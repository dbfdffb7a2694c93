"""The incremental audit's state: what a full JSON audit leaves in the cache so that a run
after a change to a few set files audits only those sets and writes the same bytes.

After a full ``audit --format json`` (the cache on), the state is stored under a key made of
the code, the command, its options, the working directory and the *list* of input files
(not their contents): the key of the output in the result cache (whose entry holds its
bytes; when it is gone, so is the state) and where each set's text stands in it, each input
file's hash and the sets it holds, and per set and per field what the rest of the document
is made of (the sums of the summary, the groups' numbers, the signature of what the
near-duplicate search reads, :func:`indberet.core.closure.search_signature`, the fields'
components, :func:`indberet.core.closure.components`, and their tokens,
:class:`indberet.core.closure.Tokens`). An entry is stored, verified
and rejected as the result cache's are (:mod:`indberet.run.results`): signed with the
user's cache key, so an entry anyone else wrote, or a damaged one, is not believed.

:func:`totals` sums the fields' burdens in the order the full audit does, so that the
summary is the same to the last bit.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import marshal
import operator
import os
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import compress
from typing import Any, Final

from indberet.audit_model import AuditReport, Burden, Range, Reduction
from indberet.core import closure, similarity
from indberet.run import parallel, results
from indberet.run.cache import FORMAT, ParseCache

FOLDER: Final = "incremental"
VERSION: Final = 1
KEEP: Final = 2
"""States kept per cache directory."""
SETS: Final = "sets"  # a file's kind: it holds requirement sets (and nothing else)
CATALOGUE: Final = "catalogue"  # a file of the catalogue without sets (registers)
OTHER: Final = "other"  # any other input: when it changes, the audit is made in full
_COLUMNS: Final = 8  # hours low/high, money low/high: before, and after the verdicts


def state_key(command: str, options: Mapping[str, str], files: Sequence[str]) -> str:
    """The key of the state of ``command`` with ``options`` on the list of ``files``."""
    plain = (
        results.code_fingerprint(),
        "incremental",
        VERSION,
        command,
        sorted(options.items()),
        os.getcwd(),
        list(files),
    )
    return hashlib.sha256(marshal.dumps(plain)).hexdigest()


def file_hashes(files: Sequence[str]) -> list[str] | None:
    """The hash of each file's bytes; None if one cannot be read."""
    found = []
    for path in files:
        digest = results.file_hash(path)
        if digest is None:
            return None
        found.append(digest)
    return found


@dataclass(frozen=True)
class SetRow:
    """What the state keeps of one audited set."""

    id: str
    currency: str
    illustrative: bool
    tariff_dkk: float
    reduction: Reduction
    first: int  # the position of its first field among all fields
    count: int
    signature: str
    field_ids: tuple[str, ...]


@dataclass(frozen=True)
class Numbered:
    """The fields' tokens (:class:`closure.Tokens`) as the state keeps them: the ``marshal``
    bytes of :func:`_plain_tokens`, unpacked only when a run needs them (a change to what
    the search reads) and stored again as they are: at 100,000 fields they are most of
    the state (11 MB), and unpacking and packing them again took 0.15-0.2 s of the 0.5 s
    of CPU of a run after a change that does not reach the search."""

    blob: bytes
    count: int  # the fields they number

    @classmethod
    def of(cls, found: closure.Tokens, count: int) -> Numbered:
        """``found``, tokens of ``count`` fields, packed."""
        return cls(marshal.dumps(_plain_tokens(found)), count)

    @functools.cached_property
    def tokens(self) -> closure.Tokens | None:
        """The tokens; None if the bytes are not tokens of :attr:`count` fields."""
        try:
            return _tokens_of(marshal.loads(self.blob), self.count)
        except (EOFError, TypeError, ValueError, IndexError, KeyError):
            return None


@dataclass(frozen=True)
class State:
    """What a full JSON audit leaves for the next run (see the module)."""

    files: list[str]
    hashes: list[str]
    kinds: list[str]
    set_ids: list[tuple[str, ...]]  # per file, the ids of its sets in order
    output: bytes  # kept in the result cache, under result_key
    result_key: str
    spans: list[tuple[int, int]]  # per set, its text in ``output``
    sets: list[SetRow]
    columns: list[array[float]]  # per field, _COLUMNS figures (see field_columns)
    kept: bytes  # per field, 1 if some of its burden stays
    verdicts: list[str]  # per field
    components: array[int]  # per field (closure.components)
    mandated: bytes  # per field, 1 if it is named by law
    tokens: Numbered | None  # None: the search did not run
    groups: list[tuple[int, int, int]]  # (number, first member's position, its set)
    as_of: str
    profile: str
    tariff_dkk: float
    report_files: tuple[str, ...]


def _reduction_row(value: Reduction) -> tuple[Any, ...]:
    before, after = value.burden_before, value.burden_after
    return (
        value.fields_before,
        value.fields_after,
        (before.hours.low, before.hours.high, before.dkk.low, before.dkk.high),
        (after.hours.low, after.hours.high, after.dkk.low, after.dkk.high),
        dict(value.verdicts),
    )


def _reduction_of(row: Any) -> Reduction:
    before, after = row[2], row[3]
    return Reduction(
        row[0],
        row[1],
        Burden(Range(before[0], before[1]), Range(before[2], before[3])),
        Burden(Range(after[0], after[1]), Range(after[2], after[3])),
        dict(row[4]),
    )


def field_columns(burden: Burden, remaining: float) -> tuple[float, ...]:
    """A field's figures: its burden, and what of it stays (as
    :func:`indberet.core.audit.reduction` counts it: all of it, or the ``remaining`` share)."""
    hours, money = burden.hours, burden.dkk
    if remaining == 1.0 or remaining <= 0:
        stays = (hours.low, hours.high, money.low, money.high)
    else:
        stays = (
            hours.low * remaining,
            hours.high * remaining,
            money.low * remaining,
            money.high * remaining,
        )
    return (hours.low, hours.high, money.low, money.high, *stays)


def totals(columns: Sequence[Iterable[float]], kept: bytes, verdicts: Sequence[str]) -> Reduction:
    """The reduction of all fields, summed in their order as
    :func:`indberet.core.audit.reduction` sums them (one addition after the other from 0.0,
    the fields that leave left out of the sums after)."""
    add = functools.partial(functools.reduce, operator.add)
    before = [add(column, 0.0) for column in columns[:4]]
    after = [add(compress(column, kept), 0.0) for column in columns[4:]]
    return Reduction(
        len(verdicts),
        sum(kept),
        Burden(Range(before[0], before[1]), Range(before[2], before[3])),
        Burden(Range(after[0], after[1]), Range(after[2], after[3])),
        dict(sorted(Counter(verdicts).items())),
    )


def build(
    report: AuditReport,
    spans: Callable[[], Sequence[tuple[int, int]] | None],
    files: Sequence[str],
    hashes: Sequence[str],
    result_key: str,
    links: list[similarity.Pair] | None,
    searched: tuple[Sequence[similarity.Candidate], float] | None = None,
    numbered: Callable[[int], Numbered | None] | None = None,
) -> State | None:
    """The state a full audit leaves, or None when it cannot be used again (warnings, a
    usage log, sets not found in the files, no spans). Its output is the result cache's
    (:meth:`StateCache.get` fills it in). ``spans()`` is each set's place in the output
    (None: there is no output), asked for once the rest is made, so that the state can be
    made while the output is rendered; ``numbered(count)``, when given, is
    the search's tokens of the ``count`` fields, packed (:class:`Numbering`), asked for
    last; when it gives None, they are numbered here."""
    if report.warnings or report.usage_log is not None:
        return None
    where = {path: index for index, path in enumerate(files)}
    set_ids: list[list[str]] = [[] for _ in files]
    sets = [s.requirement_set for s in report.sets]
    joined = closure.components(sets, links)
    if joined is None:
        return None
    rows: list[SetRow] = []
    figures: list[tuple[float, ...]] = []  # per field (field_columns)
    kept = bytearray()
    mandated = bytearray()
    verdicts: list[str] = []
    groups: list[tuple[int, int, int]] = []
    seen: set[str] = set()
    last = -1
    for number, audited in enumerate(report.sets):
        requirement_set = audited.requirement_set
        location = requirement_set.location
        place = where.get(location.path) if location is not None else None
        if place is None or place < last:  # sets not in the order of their files
            return None
        last = place
        set_ids[place].append(requirement_set.id)
        first = len(verdicts)
        for item in audited.fields:
            figures.append(field_columns(item.burden, item.remaining))
            kept.append(1 if item.remaining > 0 else 0)
            mandated.append(1 if item.field.mandated_by else 0)
            verdicts.append(item.verdict)
            group = item.group
            if group is not None and group.id not in seen:
                seen.add(group.id)
                groups.append((int(group.id[1:]), len(verdicts) - 1, number))
        rows.append(
            SetRow(
                requirement_set.id,
                requirement_set.currency or "DKK",
                requirement_set.illustrative,
                audited.tariff_dkk,
                audited.reduction,
                first,
                len(audited.fields),
                closure.search_signature(requirement_set),
                tuple(f.id for f in requirement_set.fields),
            )
        )
    columns = [array("d", column) for column in zip(*figures, strict=True)]
    if not figures:
        columns = [array("d") for _ in range(_COLUMNS)]
    del figures
    loaded = set(report.files)
    placed = spans()
    if placed is None or len(placed) != len(report.sets):
        return None
    packed = None
    if searched is not None:
        packed = numbered(len(verdicts)) if numbered is not None else None  # by the search's child
        if packed is None:
            positions = {f.qualified_id: n for n, f in enumerate(f for s in sets for f in s.fields)}
            packed = Numbered.of(closure.tokens(positions, len(verdicts), *searched), len(verdicts))
    kinds = [
        SETS if ids else CATALOGUE if path in loaded else OTHER
        for path, ids in zip(files, set_ids, strict=True)
    ]
    return State(
        list(files),
        list(hashes),
        kinds,
        [tuple(ids) for ids in set_ids],
        b"",  # the output: the result cache's, under result_key
        result_key,
        list(placed),
        rows,
        columns,
        bytes(kept),
        verdicts,
        array("i", joined),
        bytes(mandated),
        packed,
        groups,
        report.as_of.isoformat(),
        report.profile,
        report.tariff_dkk,
        tuple(report.files),
    )


def _plain(state: State) -> tuple[Any, ...]:
    return (
        VERSION,
        state.files,
        state.hashes,
        state.kinds,
        state.set_ids,
        state.result_key,
        state.spans,
        [
            (
                r.id,
                r.currency,
                r.illustrative,
                r.tariff_dkk,
                _reduction_row(r.reduction),
                r.first,
                r.count,
                r.signature,
                r.field_ids,
            )
            for r in state.sets
        ],
        [column.tobytes() for column in state.columns],
        state.kept,
        state.verdicts,
        state.components.tobytes(),
        state.mandated,
        None if state.tokens is None else state.tokens.blob,
        state.groups,
        state.as_of,
        state.profile,
        state.tariff_dkk,
        state.report_files,
    )


@dataclass(frozen=True)
class Numbering:
    """Work for the search's child once its part of the search is sent: number the tokens
    of its candidates (:func:`closure.tokens`, each candidate's own index its position,
    from the token sets its search made already), then, told which fields are candidates
    (:meth:`candidates`, once the audit is done), number them by the fields' positions
    and pack them as the state keeps them (:class:`Numbered`). :func:`numbered` takes them.

    Numbering every token of 100,000 fields takes seconds; the child is there already,
    has the candidates in its memory, and would otherwise end while the audit goes on.
    Packed there, they are stored as they come: the child that stores the state neither
    unpacks, renumbers nor packs them (half a second after the search's child ends)."""

    then: parallel.Then
    fields: parallel.Later  # which fields are candidates (candidate_flags)

    @classmethod
    def start(cls) -> Numbering:
        """The work, to give the search (made before its child is forked)."""
        fields = parallel.Later()
        return cls(parallel.Then(functools.partial(_number, fields)), fields)

    def candidates(self, flags: bytes | None) -> None:
        """Tell the child which fields are candidates (:func:`candidate_flags`; None: it
        cannot be told, and gives nothing). Once, after the audit."""
        self.fields.give(flags)

    def stop(self) -> None:
        """The child is not needed: stop it (and close what it would be told by)."""
        self.fields.give(None)
        self.then.stop()


def candidate_flags(report: AuditReport, items: Sequence[similarity.Candidate]) -> bytes | None:
    """Per field of ``report``, in order, 1 if it is one of the search's candidates
    ``items`` (in the fields' order, as the search is given them), else 0; None when they
    are not the report's fields in its order, or not made here (not made now for this)."""
    if isinstance(items, similarity.Candidates) and not items.made:
        return None
    keys = iter([item.key for item in items])
    wanted = next(keys, None)
    flags = bytearray()
    for audited in report.sets:
        for item in audited.requirement_set.fields:
            if wanted is not None and item.qualified_id == wanted:
                flags.append(1)
                wanted = next(keys, None)
            else:
                flags.append(0)
    return bytes(flags) if wanted is None else None


def _number(
    fields: parallel.Later,
    items: Sequence[similarity.Candidate],
    threshold: float,
    search: similarity.Search | None,
) -> bytes | None:
    """In the search's child: the :class:`Numbered` blob of the fields' tokens, or None
    when it is not told which fields are candidates."""
    own = {item.key: index for index, item in enumerate(items)}
    if search is None:
        found = closure.tokens(own, len(items), items, threshold)
    else:
        sets, described = search.made()
        found = closure.tokens(
            own, len(items), items, threshold, search.names(), sets=sets, described=described
        )
    flags = fields.take()
    if not isinstance(flags, bytes):
        return None
    field_of = [at for at, flag in enumerate(flags) if flag]
    placed = closure.spread(found, field_of, len(flags))
    return None if placed is None else Numbered.of(placed, len(flags)).blob


def numbered(then: parallel.Then, count: int) -> Numbered | None:
    """The tokens of ``count`` fields :class:`Numbering` packed, received from the search's
    child (:meth:`parallel.Then.received`: it may be called in a process forked from the
    one that started the search), or None (no child, or it failed: :func:`build` then
    numbers them itself). Their shape is checked when they are unpacked
    (:attr:`Numbered.tokens`)."""
    blob = then.received()
    return Numbered(blob, count) if isinstance(blob, bytes) else None


def _plain_tokens(found: closure.Tokens) -> tuple[Any, ...]:
    return (
        found.threshold,
        found.vocabulary,
        found.parts,
        found.part_of.tobytes(),
        [flat.tobytes() for flat in found.flat],
        [offsets.tobytes() for offsets in found.offsets],
        found.postings,
    )


def _ints(blob: bytes) -> array[int]:
    made = array("i")
    made.frombytes(blob)
    return made


def _tokens_of(value: Any, count: int) -> closure.Tokens | None:
    """The tokens in ``value`` (as :func:`_plain_tokens` made them); raises ``TypeError`` or
    ``ValueError`` when they have another shape."""
    if value is None:
        return None
    threshold, vocabulary, parts, part_of, flat, offsets, postings = value
    found = closure.Tokens(
        float(threshold),
        dict(vocabulary),
        dict(parts),
        _ints(part_of),
        [_ints(blob) for blob in flat],
        [_ints(blob) for blob in offsets],
        [dict(index) for index in postings],
    )
    measures = len(similarity.MEASURES)
    if not (
        len(found.part_of) == count
        and len(found.flat) == len(found.offsets) == len(found.postings) == measures
        and all(len(starts) == count + 1 for starts in found.offsets)
        and all(
            starts[-1] == len(flat) for starts, flat in zip(found.offsets, found.flat, strict=True)
        )
    ):
        raise ValueError("tokens of another shape")
    return found


def _checked(value: Any) -> State | None:
    """The state in ``value`` (as :func:`_plain` made it), or None if it has another shape."""
    try:
        (
            version,
            files,
            hashes,
            kinds,
            set_ids,
            result_key,
            spans,
            rows,
            columns,
            kept,
            verdicts,
            joined,
            mandated,
            plain_tokens,
            groups,
            as_of,
            profile,
            tariff,
            report_files,
        ) = value
        if version != VERSION or not results.is_key(result_key) or not isinstance(kept, bytes):
            return None
        sets = [
            SetRow(a, b, c, d, _reduction_of(e), f, g, h, tuple(i))
            for a, b, c, d, e, f, g, h, i in rows
        ]
        made = []
        for blob in columns:
            column = array("d")
            column.frombytes(blob)
            made.append(column)
        count = len(verdicts)
        components = array("i")
        components.frombytes(joined)
        if not (
            len(files) == len(hashes) == len(kinds) == len(set_ids)
            and len(spans) == len(sets)
            and len(made) == _COLUMNS
            and all(len(column) == count for column in made)
            and len(kept) == count
            and len(components) == count
            and isinstance(mandated, bytes)
            and len(mandated) == count
            and (plain_tokens is None or isinstance(plain_tokens, bytes))
            and all(len(r.field_ids) == r.count for r in sets)
            and sum(r.count for r in sets) == count
            and all(0 <= start <= end for start, end in spans)
        ):
            return None
        return State(
            list(files),
            list(hashes),
            list(kinds),
            [tuple(ids) for ids in set_ids],
            b"",  # in the result cache
            result_key,
            [(int(start), int(end)) for start, end in spans],
            sets,
            made,
            kept,
            list(verdicts),
            components,
            mandated,
            None if plain_tokens is None else Numbered(plain_tokens, count),
            [(int(a), int(b), int(c)) for a, b, c in groups],
            str(as_of),
            str(profile),
            float(tariff),
            tuple(report_files),
        )
    except (TypeError, ValueError, IndexError, KeyError, AttributeError):
        return None


class StateCache:
    """Incremental states by :func:`state_key`, in a parse cache's directory."""

    def __init__(self, cache: ParseCache, keep: int = KEEP) -> None:
        self.cache = cache
        self.keep = keep
        self.folder = cache.directory / f"v{FORMAT}" / FOLDER

    def get(self, key: str) -> State | None:
        """The state stored for ``key``, with its output, if there is a sound one (and its
        output is still remembered in the result cache)."""
        if not results.is_key(key):
            return None
        found = self.cache.read_entry(self.folder / key, key, _checked, touch=True)
        if found is None:
            return None
        remembered = results.ResultCache(self.cache).get(found.result_key)
        if remembered is None or any(end > len(remembered.stdout) for _, end in found.spans):
            return None
        return dataclasses.replace(found, output=remembered.stdout)

    def put(self, key: str, state: State) -> None:
        """Store ``state`` for ``key`` (best effort), keeping only the newest few; its output
        is the result cache's (stored by the caller under ``state.result_key``)."""
        if not results.is_key(key):
            return
        self.cache.write_entry(self.folder / key, key, _plain(state))
        results.trim(self.cache, self.folder, self.keep)
