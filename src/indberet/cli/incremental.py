"""``audit --format json`` after a change to a few set files: only the fields it touches
audited again.

A full JSON audit with the cache on leaves a state in the cache
(:mod:`indberet.run.incremental`). When a later run of the same command on the same list of
files is not remembered whole (some file changed), the fields the change touches are audited
alone and spliced into the last output: the fields of the changed sets, and, closed under
each, the fields of their components (:func:`indberet.core.closure.components`: search
links, references, a set named by law) and, when what the search reads of a changed set
changed, every field any of them may be a near-duplicate of
(:meth:`indberet.core.closure.Tokens.partners`). A set audited in part keeps what its other
fields say of its uses. The summary is summed again over all fields in the order of the
full audit. The audit is made in full (as before) when:

* a file other than a set file changed, or more than :data:`MOST_CHANGED` percent of the set
  files (at least one), or a changed file holds other sets, or has a problem or warning (the
  last run had none either, and no usage log), or names a field or register that is not
  there;
* more than :data:`MOST_FIELDS` fields (or :data:`MOST_CHANGED` percent) are to be audited
  again;
* a group kept from before would get another number.

After a run whose changes the search did not see, the state is brought up to date; after one
it saw, the state stays as it was (the next run compares with it). With
``INDBERET_DEBUG_INCREMENTAL=1`` in the environment, a line on standard error says how many
sets were audited again, or why the audit was made in full.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import functools
import os
import threading
from array import array
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from typing import Final

import click

from indberet.audit_model import AuditReport, FieldAudit, Group, SetAudit
from indberet.core import closure, similarity
from indberet.core.audit import PairFinder, find_now
from indberet.core.audit import audit as core_audit
from indberet.core.profile import Profile
from indberet.model import Catalogue, Register, RequirementSet
from indberet.run import incremental, parallel, results
from indberet.run.cache import ParseCache
from indberet.run.incremental import State
from indberet.run.results import key_of

MOST_CHANGED: Final = 5
"""Percent of the set files that may have changed, and of the fields that may be audited
again, for the audit to be incremental."""
MOST_FIELDS: Final = 2000
"""Fields that may always be audited again (a small catalogue's 5 % is few)."""
DEBUG: Final = "INDBERET_DEBUG_INCREMENTAL"


class Recorded:
    """What a search was given (its candidates and threshold) and the pairs it gave."""

    def __init__(self) -> None:
        self.pairs: list[list[similarity.Pair]] = []
        self.searched: tuple[Sequence[similarity.Candidate], float] | None = None

    def links(self) -> list[similarity.Pair] | None:
        """Every pair the search gave; None if it did not run."""
        return [p for found in self.pairs for p in found] if self.pairs else None


def recording(finder: PairFinder, into: Recorded) -> PairFinder:
    """``finder``, what it is given and the pairs it gives also put in ``into``."""

    def start(
        items: Sequence[similarity.Candidate], threshold: float
    ) -> Callable[[], list[similarity.Pair]]:
        into.searched = (items, threshold)
        pending = finder(items, threshold)

        def pairs() -> list[similarity.Pair]:
            found = pending()
            into.pairs.append(found)
            return found

        return pairs

    return start


def _say(words: str) -> None:
    if os.environ.get(DEBUG) == "1":
        click.echo(f"indberet: incremental: {words}", err=True)


def audit_json(
    paths: tuple[str, ...],
    profile: Profile,
    as_of: dt.date,
    lang: str,
    options: Mapping[str, str],
    warn: bool,
) -> bytes:
    """The JSON audit of ``paths``: spliced from the last one when only a few set files
    changed (see the module), else made in full (and its state left for the next run)."""
    from indberet.cli.main import (
        chosen_pair_finder,
        input_files,
        open_chosen_cache,
        prepare_audit,
        retain,
    )
    from indberet.render import jsonfmt

    cache = open_chosen_cache()
    files = input_files(paths, ()) if cache is not None else None
    hashes = results.hashes_at_start(files) if files is not None else None
    store = incremental.StateCache(cache) if cache is not None else None
    key = result_key = None
    chosen = {**options, "paths": "\0".join(paths)}  # as remembered_output keys the result
    if store is not None and files is not None and hashes is not None:
        key = incremental.state_key("audit", chosen, files)
        result_key = key_of("audit", chosen, list(zip(files, hashes, strict=True)))
        state = store.get(key)
        if state is None:
            _say("no state: full audit")
        else:
            made = spliced(state, hashes, cache, profile, as_of, lang)
            if made is not None:
                output, after = made
                if after is not None and result_key is not None:  # for the next run
                    _store(store, key, files, dataclasses.replace(after, result_key=result_key))
                return output
    links = retain(Recorded())  # its candidates and pairs: not freed one by one on return
    # The state's token numbers, made by the search's child once its search is done.
    numbering = incremental.Numbering.start() if store is not None and key is not None else None
    finder = recording(chosen_pair_finder(numbering.then if numbering else None), links)
    spans: list[tuple[int, int]] = []
    give: Callable[[list[tuple[int, int]] | None], None] | None = None
    try:
        report = retain(
            prepare_audit(paths, profile, as_of, (), lang, warn=warn, pair_finder=finder)
        )
        if store is not None and key is not None and files is not None and hashes is not None:
            assert result_key is not None
            # The state is made while the output is rendered; it takes the spans last.
            give = _remember(store, key, files, hashes, result_key, report, links, numbering)
        output = jsonfmt.audit_utf8(report, lang, spans)
    except BaseException:
        if give is not None:  # no output: no state
            give(None)
        if numbering is not None:  # its child would wait to be told what it never is
            numbering.stop()
        raise
    if give is not None:
        give(spans)
    return output


def _remember(
    store: incremental.StateCache,
    key: str,
    files: list[str],
    hashes: list[str],
    result_key: str,
    report: AuditReport,
    links: Recorded,
    numbering: incremental.Numbering | None,
) -> Callable[[list[tuple[int, int]] | None], None]:
    """Start storing the state of a full audit in the background, if the files are still
    as they were read (waited for with the results being remembered); the function
    returned gives it each set's place in the output once rendered (None: no output)."""
    from indberet.run.results import register_storing

    if report.warnings:  # a report with warnings leaves no state (build)
        if numbering is not None:
            numbering.stop()
        return lambda spans: None
    searched = links.searched
    numbered = None
    then = numbering.then if numbering is not None else None
    if numbering is not None:
        # Told before the state's child is forked (which must not hold the pipe open).
        flags = None if searched is None else incremental.candidate_flags(report, searched[0])
        numbering.candidates(flags)
        if searched is not None:
            # Received last, in the child that builds the state, from the search's child
            # that numbers them while the audit goes on (stopped once that child has ended).
            numbered = functools.partial(incremental.numbered, numbering.then)

    def store_state(spans: Callable[[], list[tuple[int, int]] | None]) -> None:
        if incremental.file_hashes(files) != hashes:
            return
        state = incremental.build(
            report, spans, files, hashes, result_key, links.links(), searched, numbered
        )
        if state is not None:
            store.put(key, state)

    def stored(worker: results.Joinable) -> None:
        register_storing(_StopAfter(worker, then) if then is not None else worker)

    # The state is seconds of work at 100,000 fields: on another processor it runs beside
    # the rendering and the writing of the output, instead of after them on this one. It
    # does not hold the output (the result cache does): only where each set stands in it.
    later = parallel.Later()
    worker = parallel.in_background(lambda: store_state(later.take))
    if worker is not None:
        stored(worker)
        return later.give
    later.give(None)  # no child: a thread, once the output is here

    def start(spans: list[tuple[int, int]] | None) -> None:
        thread = threading.Thread(
            target=store_state, args=(lambda: spans,), name="indberet-incremental-store"
        )
        thread.start()
        stored(thread)

    return start


class _StopAfter:
    """``worker`` waited for, and then the search's child stopped (it may have been
    sending ``worker`` its value)."""

    def __init__(self, worker: results.Joinable, then: parallel.Then) -> None:
        self._worker = worker
        self._then = then

    def join(self) -> None:
        try:
            self._worker.join()
        finally:
            self._then.stop()


def _store(store: incremental.StateCache, key: str, files: list[str], state: State) -> None:
    """Store ``state`` in the background, if the files are still as they were read."""
    from indberet.run.results import register_storing

    def store_state() -> None:
        if incremental.file_hashes(files) == state.hashes:
            store.put(key, state)

    worker = threading.Thread(target=store_state, name="indberet-incremental-store")
    register_storing(worker)
    worker.start()


def spliced(
    state: State,
    hashes: list[str],
    cache: ParseCache | None,
    profile: Profile,
    as_of: dt.date,
    lang: str,
) -> tuple[bytes, State | None] | None:
    """The output a full audit gives, made from ``state`` and the fields the changes touch
    audited alone, and the state for the next run (None: keep the one there is); None when
    that cannot be shown to be the same (see the module)."""
    why = _why_not(state, hashes)
    if isinstance(why, str):
        _say(f"{why}: full audit")
        return None
    changed = why
    if not changed:
        _say("nothing changed: the last output")
        return state.output, None
    try:
        made = _audit_changed(state, changed, cache, profile, as_of, lang)
    except (OSError, TypeError, ValueError) as error:  # a file gone, text orjson cannot write
        made = f"{type(error).__name__}: {error}"
    if isinstance(made, str):
        _say(f"{made}: full audit")
        return None
    output, after, touched = made
    _say(f"{touched} of {len(state.sets)} sets audited again")
    return output, dataclasses.replace(after, hashes=hashes) if after is not None else None


def _why_not(state: State, hashes: list[str]) -> list[int] | str:
    """The files that changed, or why the state cannot be used."""
    if len(hashes) != len(state.hashes):
        return "another list of files"
    changed = [
        i for i, (old, new) in enumerate(zip(state.hashes, hashes, strict=True)) if old != new
    ]
    if any(state.kinds[i] != incremental.SETS for i in changed):
        return "a file other than a set file changed"
    set_files = state.kinds.count(incremental.SETS)
    if len(changed) > max(1, set_files * MOST_CHANGED // 100):
        return "too many files changed"
    return changed


def _audit_changed(
    state: State,
    changed: list[int],
    cache: ParseCache | None,
    profile: Profile,
    as_of: dt.date,
    lang: str,
) -> tuple[bytes, State | None, int] | str:
    """The spliced output, the state for the next run (None when the fields moved or the
    search's inputs changed: the state there is stays) and how many sets were audited again;
    or why not."""
    from indberet.core import pairing
    from indberet.render import common, jsonfmt

    catalogue_files = [i for i, kind in enumerate(state.kinds) if kind == incremental.CATALOGUE]
    loaded = _load(state, [*changed, *catalogue_files], cache)
    if loaded is None:
        return "a changed file has problems"
    sets, registers = loaded
    locate = _Locator(state)
    new_sets: dict[int, RequirementSet] = {}
    for index in changed:
        found = sets.get(state.files[index], [])
        if tuple(s.id for s in found) != state.set_ids[index]:
            return "a changed file holds other sets"
        new_sets.update((locate.set_of[s.id], s) for s in found)
    locate.now = {at: tuple(f.id for f in s.fields) for at, s in new_sets.items()}
    searched_again = any(
        closure.search_signature(s) != state.sets[at].signature for at, s in new_sets.items()
    )
    tokens = None
    if searched_again and state.tokens is not None:  # unpacked only when needed
        tokens = state.tokens.tokens
        if tokens is None:
            return "the state's tokens are damaged"
    wanted: set[int] = set()
    for at, requirement_set in new_sets.items():
        row = state.sets[at]
        if not closure.references_known(requirement_set, registers.keys(), locate.exists):
            return "a changed set names an unknown field or register"
        wanted.update(state.components[row.first : row.first + row.count])
        for item in requirement_set.fields:
            for target in closure.references(item, requirement_set.id):
                place = locate.position(target)
                if place is not None:
                    wanted.add(state.components[place])
    probed: set[int] = set()
    if searched_again and tokens is not None:
        words = profile.language
        items = pairing.candidates(list(new_sets.values()), words).items
        for candidate, numbers in zip(items, tokens.numbered(items), strict=True):
            for place in tokens.partners(numbers, tokens.parts.get(candidate.part, -1)):
                wanted.add(state.components[place])
    most = max(MOST_FIELDS, len(state.verdicts) * MOST_CHANGED // 100)
    added = sum(len(s.fields) for s in new_sets.values())

    def known(place: int) -> bool:  # a field of a group already to audit again
        return state.components[place] in wanted

    while True:
        members = [p for p in _members(state, wanted, locate) if locate.set_at(p) not in new_sets]
        if len(members) + added > most:  # before probing them: a large group costs no more
            break
        if not searched_again or tokens is None:
            break
        more: set[int] = set()
        for place in members:
            if place not in probed:
                probed.add(place)
                found_places = tokens.partners(tokens.of(place), tokens.part_of[place], known)
                more.update(state.components[p] for p in found_places)
        if more <= wanted:
            break
        wanted |= more
    count = len(members) + added
    if count > most:
        return f"{count} fields to audit again, too many"
    chosen = set(members)
    touched = sorted({locate.set_at(p) for p in chosen} | set(new_sets))
    others = sorted({locate.file_of[state.sets[at].id] for at in touched} - set(changed))
    more_sets = _load(state, others, cache) if others else ({}, registers)
    if more_sets is None:
        return "a file has problems"
    sets.update(more_sets[0])
    sub_sets: list[RequirementSet] = []
    for at in touched:
        row = state.sets[at]
        whole = new_sets.get(at) or _loaded_set(sets, state, at)
        if at not in new_sets:
            if tuple(f.id for f in whole.fields) != row.field_ids:
                return "a set holds other fields"
            if not closure.references_known(whole, registers.keys(), locate.exists):
                return "a set names a field no longer there"
        part = tuple(
            f for n, f in enumerate(whole.fields) if at in new_sets or row.first + n in chosen
        )
        if len(part) < len(whole.fields) and all(f.mandated_by for f in part):
            return "a part of a set would be ranked for revision alone"  # pragma: no cover
        researched = whole.uses_researched
        if researched is None:
            researched = any(f.used_by for f in whole.fields)
        sub_sets.append(dataclasses.replace(whole, fields=part, uses_researched=researched))
    sub = Catalogue(tuple(sub_sets), tuple(registers.values()), ())
    links = Recorded()
    report = core_audit(sub, profile, as_of, pair_finder=recording(find_now(), links))
    joined = closure.components(sub_sets, links.links())
    if joined is None:  # pragma: no cover - the search pairs the fields it was given
        return "a link of the search names a field not audited"
    # Positions in the catalogue as it is now: a changed set may have more or fewer fields.
    firsts: list[int] = []
    total_fields = 0
    for at, row in enumerate(state.sets):
        firsts.append(total_fields)
        total_fields += len(new_sets[at].fields) if at in new_sets else row.count

    def moved(place: int) -> int:
        at = locate.set_at(place)
        return firsts[at] + place - state.sets[at].first

    fresh: dict[int, FieldAudit] = {}
    order: list[int] = []
    for at, set_audit in zip(touched, report.sets, strict=True):
        row = state.sets[at]
        if at in new_sets:
            places = [firsts[at] + n for n in range(len(set_audit.fields))]
        else:
            places = [moved(p) for p in range(row.first, row.first + row.count) if p in chosen]
        if len(places) != len(set_audit.fields):  # pragma: no cover - made from chosen
            return "the fields audited again are not the ones chosen"
        fresh.update(zip(places, set_audit.fields, strict=True))
        order.extend(places)
    kept_groups = [
        (number, moved(first))
        for number, first, where in state.groups
        if first not in chosen and where not in new_sets
    ]
    numbered = _numbered(kept_groups, fresh)
    if numbered is None:
        return "the groups would be numbered differently"
    columns, kept, verdicts, mandated = _moved_columns(state, new_sets, firsts, total_fields)
    for place, settled in numbered.items():
        for column, value in zip(
            columns, incremental.field_columns(settled.burden, settled.remaining), strict=True
        ):
            column[place] = value
        kept[place] = 1 if settled.remaining > 0 else 0
        verdicts[place] = settled.verdict
        mandated[place] = 1 if settled.field.mandated_by else 0
    texts = [state.output[start:end] for start, end in state.spans]
    shown: list[SetAudit] = [_stub(row) for row in state.sets]
    rows = list(state.sets)
    reason = common.Reasons(lang)
    for at, set_audit in zip(touched, report.sets, strict=True):
        row = state.sets[at]
        first, size = firsts[at], len(new_sets[at].fields) if at in new_sets else row.count
        span = range(first, first + size)
        if at in new_sets:
            fields = [jsonfmt.field_text(numbered[place], reason) for place in span]
        else:
            before = jsonfmt.field_texts(texts[at])
            if len(before) != row.count:  # pragma: no cover - the text was made so
                return "a set's text cannot be taken apart"
            fields = [
                jsonfmt.field_text(numbered[place], reason) if place in numbered else text
                for place, text in zip(span, before, strict=True)
            ]
        reduced = incremental.totals(
            [column[first : first + size] for column in columns],
            bytes(kept[first : first + size]),
            verdicts[first : first + size],
        )
        whole = new_sets.get(at) or _loaded_set(sets, state, at)
        shown[at] = SetAudit(whole, (), reduced, set_audit.tariff_dkk)
        texts[at] = jsonfmt.set_text_of(shown[at], lang, fields)
        rows[at] = dataclasses.replace(row, reduction=reduced)
    total = incremental.totals(columns, bytes(kept), verdicts)
    document = AuditReport(
        as_of=as_of,
        profile=profile.name,
        tariff_dkk=profile.tariff_dkk,
        sets=tuple(shown),
        total=total,
        files=state.report_files,
    )
    spans: list[tuple[int, int]] = []
    output = jsonfmt.audit_utf8_spliced(document, lang, texts, spans)
    if searched_again or total_fields != len(state.verdicts):
        return output, None, len(touched)
    components = array("i", state.components)
    for place, root in zip(order, joined, strict=True):
        components[place] = order[root]  # a field audited again: no other field has it
    groups = [g for g in state.groups if g[1] not in chosen and g[2] not in new_sets]
    groups += [(int(g.id[1:]), p, locate.set_at(p)) for p, g in _firsts(numbered).items()]
    after = dataclasses.replace(
        state,
        output=output,
        spans=spans,
        sets=rows,
        columns=columns,
        kept=bytes(kept),
        verdicts=verdicts,
        components=components,
        mandated=bytes(mandated),
        groups=sorted(groups),
    )
    return output, after, len(touched)


def _moved_columns(
    state: State, new_sets: Mapping[int, RequirementSet], firsts: list[int], count: int
) -> tuple[list[array[float]], bytearray, list[str], bytearray]:
    """The state's figures per field at the positions of the catalogue as it is now (those
    of the changed sets' fields are to be filled)."""
    if count == len(state.verdicts):
        return (
            [array("d", column) for column in state.columns],
            bytearray(state.kept),
            list(state.verdicts),
            bytearray(state.mandated),
        )
    columns = [array("d") for _ in state.columns]
    kept, mandated, verdicts = bytearray(), bytearray(), []
    for at, row in enumerate(state.sets):
        if at in new_sets:
            size = len(new_sets[at].fields)
            for column in columns:
                column.extend([0.0] * size)
            kept.extend(bytes(size))
            mandated.extend(bytes(size))
            verdicts.extend(["KEEP"] * size)
            continue
        end = row.first + row.count
        for column, old in zip(columns, state.columns, strict=True):
            column.extend(old[row.first : end])
        kept.extend(state.kept[row.first : end])
        mandated.extend(state.mandated[row.first : end])
        verdicts.extend(state.verdicts[row.first : end])
    return columns, kept, verdicts, mandated


def _places(set_audit: SetAudit, locate: _Locator) -> list[int]:
    """The positions of the fields of a set audited again."""
    found = [locate.position(item.field.qualified_id) for item in set_audit.fields]
    return [place for place in found if place is not None]


def _firsts(fields: Mapping[int, FieldAudit]) -> dict[int, Group]:
    """Each group of ``fields`` (by position) at the position of its first member."""
    seen: set[str] = set()
    found: dict[int, Group] = {}
    for place in sorted(fields):
        group = fields[place].group
        if group is not None and group.id not in seen:
            seen.add(group.id)
            found[place] = group
    return found


def _members(state: State, wanted: set[int], locate: _Locator) -> list[int]:
    """The positions of the fields of the components ``wanted``, with more components where
    the fields of a set that stand in them would all be named by law, though not every field
    of the set is: audited alone they would be ranked for revision (one field of the set not
    named by law, of the smallest component, is added with its component)."""
    sizes: Counter[int] | None = None
    while True:
        members = [at for at, part in enumerate(state.components) if part in wanted]
        by_set: dict[int, list[int]] = {}
        for at in members:
            by_set.setdefault(locate.set_at(at), []).append(at)
        more: set[int] = set()
        for at, places in by_set.items():
            row = state.sets[at]
            span = range(row.first, row.first + row.count)
            free = [p for p in span if not state.mandated[p]]
            if len(places) < row.count and free and all(state.mandated[p] for p in places):
                if sizes is None:
                    sizes = Counter(state.components)
                counted = sizes
                more.add(min((counted[state.components[p]], p) for p in free)[1])
        if not more:
            return members
        wanted.update(state.components[p] for p in more)


def _load(
    state: State, indexes: Sequence[int], cache: ParseCache | None
) -> tuple[dict[str, list[RequirementSet]], dict[str, Register]] | None:
    """The sets of the files at ``indexes`` by file, and the catalogue's registers; None
    when a file has a problem. The references between sets are checked by the caller."""
    from indberet.run import reading

    paths = [state.files[i] for i in sorted(set(indexes))]
    loaded = reading.load(paths, cache=cache, parallel=False, check_references=False)
    if loaded.catalogue is None or loaded.diagnostics:
        return None
    by_file: dict[str, list[RequirementSet]] = {}
    for requirement_set in loaded.catalogue.sets:
        where = requirement_set.location.path if requirement_set.location else ""
        by_file.setdefault(where, []).append(requirement_set)
    return by_file, {r.id: r for r in loaded.catalogue.registers}


def _loaded_set(sets: Mapping[str, list[RequirementSet]], state: State, at: int) -> RequirementSet:
    """The set at position ``at``, as loaded."""
    row = state.sets[at]
    for index, ids in enumerate(state.set_ids):
        if row.id in ids:
            return next(s for s in sets[state.files[index]] if s.id == row.id)
    raise KeyError(row.id)  # pragma: no cover - every set is in a file


class _Locator:
    """Where the sets and fields of a state stand."""

    def __init__(self, state: State) -> None:
        self.state = state
        self.set_of = {row.id: at for at, row in enumerate(state.sets)}
        self.file_of = {set_id: index for index, ids in enumerate(state.set_ids) for set_id in ids}
        self._firsts = [row.first for row in state.sets]
        self._fields: dict[int, dict[str, int]] = {}
        self.now: dict[int, tuple[str, ...]] = {}  # the field ids of the changed sets now

    def set_at(self, place: int) -> int:
        """The position of the set of the field at ``place``."""
        return bisect.bisect_right(self._firsts, place) - 1

    def exists(self, qualified_id: str) -> bool:
        """Whether the catalogue has the field ``qualified_id`` now."""
        dot = qualified_id.find(".")
        while dot >= 0:
            at = self.set_of.get(qualified_id[:dot])
            if at is not None and at in self.now:
                if qualified_id[dot + 1 :] in self.now[at]:
                    return True
            elif at is not None and self.position(qualified_id) is not None:
                return True
            dot = qualified_id.find(".", dot + 1)
        return False

    def position(self, qualified_id: str) -> int | None:
        """The position in the state of the field ``qualified_id`` of a set that did not
        change, if the catalogue has it."""
        dot = qualified_id.find(".")
        while dot >= 0:
            at = self.set_of.get(qualified_id[:dot])
            if at is not None and at not in self.now:
                fields = self._fields.get(at)
                if fields is None:
                    row = self.state.sets[at]
                    fields = self._fields[at] = {
                        f: row.first + n for n, f in enumerate(row.field_ids)
                    }
                found = fields.get(qualified_id[dot + 1 :])
                if found is not None:
                    return found
            dot = qualified_id.find(".", dot + 1)
        return None


def _stub(row: incremental.SetRow) -> SetAudit:
    """A set kept from before, with what the document's head reads of it."""
    requirement_set = RequirementSet(
        id=row.id,
        name="",
        reports_per_year=0,
        fields=(),
        illustrative=row.illustrative,
        currency=row.currency,
    )
    return SetAudit(requirement_set, (), row.reduction, row.tariff_dkk)


def _numbered(
    kept: list[tuple[int, int]], fresh: Mapping[int, FieldAudit]
) -> dict[int, FieldAudit] | None:
    """The fields audited again (by position) with their groups numbered as in the whole
    catalogue; None when a group kept from before (``kept``: its number and the position of
    its first member now) would change its number."""
    first_of: dict[str, int] = {}
    for place in sorted(fresh):
        group = fresh[place].group
        if group is not None and group.id not in first_of:
            first_of[group.id] = place
    numbers = closure.group_numbers(kept, list(first_of.items()))
    if numbers is None:
        return None
    renamed: dict[str, Group] = {}

    def named(item: FieldAudit) -> FieldAudit:
        group = item.group
        if group is None:
            return item
        new = renamed.get(group.id)
        if new is None:
            new = renamed[group.id] = dataclasses.replace(group, id=f"G{numbers[group.id]}")
        return dataclasses.replace(item, group=new)

    return {place: named(item) for place, item in fresh.items()}
