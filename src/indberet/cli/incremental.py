"""``audit --format json`` after a change to a few set files: only those sets audited again.

A full JSON audit with the cache on leaves a state in the cache
(:mod:`indberet.run.incremental`). When a later run of the same command on the same list of
files is not remembered whole (some file changed), the sets of the changed files are audited
alone and their texts spliced into the last output, if that gives the bytes a full audit
gives. That is so when (checked here, else the audit is made in full, as before):

* only files holding requirement sets changed, at most :data:`MOST_CHANGED` percent of them
  (at least one), and each still holds the sets it held, in order, with no problem or warning
  (the last run had none either, and no usage log);
* what the near-duplicate search reads of every changed set is as it was
  (:func:`indberet.core.closure.search_signature`: ids, names, descriptions, code lists,
  types, subjects, roles, records), and each changed set was, and still is, isolated: no link
  of the search and no ``derivable_from`` joins it to another set
  (:func:`indberet.core.closure.isolated_sets`);
* the groups of near-duplicates keep their numbers (:func:`indberet.core.closure.group_numbers`).

The summary is summed again over all fields in the order of the full audit. With
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
from indberet.run import incremental
from indberet.run.cache import ParseCache
from indberet.run.incremental import State

MOST_CHANGED: Final = 5
"""Percent of the set files that may have changed, and of the fields that may be audited
again, for the audit to be incremental."""
MOST_FIELDS: Final = 2000
"""Fields that may always be audited again (a small catalogue's 5 % is few)."""
DEBUG: Final = "INDBERET_DEBUG_INCREMENTAL"


def recording(finder: PairFinder, into: list[list[similarity.Pair]]) -> PairFinder:
    """``finder``, the pairs it gives also put in ``into``."""

    def start(
        items: Sequence[similarity.Candidate], threshold: float
    ) -> Callable[[], list[similarity.Pair]]:
        pending = finder(items, threshold)

        def pairs() -> list[similarity.Pair]:
            found = pending()
            into.append(found)
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
    """The JSON audit of ``paths``: spliced from the last one when only a few isolated sets
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
    hashes = incremental.file_hashes(files) if files is not None else None
    store = incremental.StateCache(cache) if cache is not None else None
    key = None
    if store is not None and files is not None and hashes is not None:
        key = incremental.state_key("audit", {**options, "paths": "\0".join(paths)}, files)
        state = store.get(key)
        if state is None:
            _say("no state: full audit")
        else:
            made = spliced(state, hashes, cache, profile, as_of, lang)
            if made is not None:
                if made is not state:  # the state of this run, for the next one
                    _store(store, key, files, made)
                return made.output
    links: list[list[similarity.Pair]] = []
    finder = recording(chosen_pair_finder(), links)
    report = retain(prepare_audit(paths, profile, as_of, (), lang, warn=warn, pair_finder=finder))
    spans: list[tuple[int, int]] = []
    output = jsonfmt.audit_utf8(report, lang, spans)
    if store is not None and key is not None and files is not None and hashes is not None:
        _remember(store, key, files, hashes, report, output, spans, links)
    return output


def _remember(
    store: incremental.StateCache,
    key: str,
    files: list[str],
    hashes: list[str],
    report: AuditReport,
    output: bytes,
    spans: list[tuple[int, int]],
    links: list[list[similarity.Pair]],
) -> None:
    """Store the state of a full audit in the background, if the files are still as they
    were read (waited for with the results being remembered)."""
    from indberet.run.results import register_storing

    searched = [p for found in links for p in found] if links else None

    def store_state() -> None:
        if incremental.file_hashes(files) != hashes:
            return
        state = incremental.build(report, output, spans, files, hashes, searched)
        if state is not None:
            store.put(key, state)

    worker = threading.Thread(target=store_state, name="indberet-incremental-store")
    register_storing(worker)
    worker.start()


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
) -> State | None:
    """The state of the audit of the files as they are now (its output the bytes a full
    audit gives), made from ``state`` and the changed sets audited alone; None when that
    cannot be shown to be the same (see the module)."""
    why = _why_not(state, hashes)
    if isinstance(why, str):
        _say(f"{why}: full audit")
        return None
    changed = why
    if not changed:
        _say("nothing changed: the last output")
        return state
    made = _audit_changed(state, changed, cache, profile, as_of, lang)
    if isinstance(made, str):
        _say(f"{made}: full audit")
        return None
    output, touched = made
    _say(f"{touched} of {len(state.sets)} sets audited again")
    return dataclasses.replace(output, hashes=hashes)


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
) -> tuple[State, int] | str:
    """The state with the spliced output (its hashes still the old ones) and how many sets
    were audited again, or why not."""
    from indberet.render import common, jsonfmt

    catalogue_files = [i for i, kind in enumerate(state.kinds) if kind == incremental.CATALOGUE]
    loaded = _load(state, [*changed, *catalogue_files], cache)
    if loaded is None:
        return "a changed file has problems"
    sets, registers = loaded
    locate = _Locator(state)
    changed_sets: list[int] = []
    for index in changed:
        found = tuple(s.id for s in sets.get(state.files[index], []))
        if found != state.set_ids[index]:
            return "a changed file holds other sets"
        changed_sets.extend(locate.set_of[set_id] for set_id in found)
    wanted: set[int] = set()
    known = functools.partial(_exists, locate)
    for at in changed_sets:
        row = state.sets[at]
        requirement_set = _loaded_set(sets, state, at)
        if closure.search_signature(requirement_set) != row.signature:
            return "the search inputs of a changed set changed"
        if not closure.references_known(requirement_set, registers.keys(), known):
            return "a changed set names an unknown field or register"
        wanted.update(state.components[row.first : row.first + row.count])
        for item in requirement_set.fields:
            for target in closure.references(item, requirement_set.id):
                place = locate.position(target)
                if place is not None:
                    wanted.add(state.components[place])
    members = _members(state, wanted, locate)
    if len(members) > max(MOST_FIELDS, len(state.verdicts) * MOST_CHANGED // 100):
        return f"{len(members)} fields to audit again, too many"
    touched = sorted({locate.set_at(at) for at in members})
    others = sorted({locate.file_of[state.sets[at].id] for at in touched} - set(changed))
    more = _load(state, others, cache) if others else ({}, registers)
    if more is None:
        return "a file has problems"
    sets.update(more[0])
    chosen = set(members)
    sub_sets: list[RequirementSet] = []
    for at in touched:
        row = state.sets[at]
        whole = _loaded_set(sets, state, at)
        if tuple(f.id for f in whole.fields) != row.field_ids:
            return "a set holds other fields"
        part = tuple(f for n, f in enumerate(whole.fields) if row.first + n in chosen)
        if len(part) < len(whole.fields) and all(f.mandated_by for f in part):
            return "a part of a set would be ranked for revision alone"  # pragma: no cover
        researched = whole.uses_researched
        if researched is None:
            researched = any(f.used_by for f in whole.fields)
        sub_sets.append(dataclasses.replace(whole, fields=part, uses_researched=researched))
    sub = Catalogue(tuple(sub_sets), tuple(registers.values()), ())
    links: list[list[similarity.Pair]] = []
    report = core_audit(sub, profile, as_of, pair_finder=recording(find_now(), links))
    joined = closure.components(sub_sets, [p for found in links for p in found])
    if joined is None:  # pragma: no cover - the search pairs the fields it was given
        return "a link of the search names a field not audited"
    fresh: dict[int, FieldAudit] = {}
    for set_audit in report.sets:
        for audited in set_audit.fields:
            place = locate.position(audited.field.qualified_id)
            if place is None or place not in chosen:  # pragma: no cover - made from chosen
                return "a field audited again is not one of the chosen"
            fresh[place] = audited
    numbered = _numbered(state, chosen, fresh)
    if numbered is None:
        return "the groups would be numbered differently"
    columns, kept, verdicts = state.columns, bytearray(state.kept), state.verdicts
    components, mandated = array("i", state.components), bytearray(state.mandated)
    order = [place for set_audit in report.sets for place in _places(set_audit, locate)]
    for place, root in zip(order, joined, strict=True):
        components[place] = order[root]  # a field audited again: no other field has it
    for place, settled in numbered.items():
        mandated[place] = 1 if settled.field.mandated_by else 0
        for column, value in zip(
            columns, incremental.field_columns(settled.burden, settled.remaining), strict=True
        ):
            column[place] = value
        kept[place] = 1 if settled.remaining > 0 else 0
        verdicts[place] = settled.verdict
    texts = [state.output[start:end] for start, end in state.spans]
    shown: list[SetAudit] = [_stub(row) for row in state.sets]
    rows = list(state.sets)
    reason = common.Reasons(lang)
    for at, set_audit in zip(touched, report.sets, strict=True):
        row = state.sets[at]
        before = jsonfmt.field_texts(texts[at])
        if len(before) != row.count:  # pragma: no cover - the text was made so
            return "a set's text cannot be taken apart"
        span = range(row.first, row.first + row.count)
        fields = [
            jsonfmt.field_text(numbered[place], reason) if place in numbered else text
            for place, text in zip(span, before, strict=True)
        ]
        reduced = incremental.totals(
            [column[row.first : row.first + row.count] for column in columns],
            bytes(kept[row.first : row.first + row.count]),
            verdicts[row.first : row.first + row.count],
        )
        whole = _loaded_set(sets, state, at)
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
    groups = [g for g in state.groups if g[1] not in chosen]
    groups += [(int(g.id[1:]), p, locate.set_at(p)) for p, g in _firsts(numbered).items()]
    after = dataclasses.replace(
        state,
        output=output,
        spans=spans,
        sets=rows,
        kept=bytes(kept),
        components=components,
        mandated=bytes(mandated),
        groups=sorted(groups),
    )
    return after, len(touched)


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

    def set_at(self, place: int) -> int:
        """The position of the set of the field at ``place``."""
        return bisect.bisect_right(self._firsts, place) - 1

    def position(self, qualified_id: str) -> int | None:
        """The position of the field ``qualified_id``, if the catalogue has it."""
        dot = qualified_id.find(".")
        while dot >= 0:
            at = self.set_of.get(qualified_id[:dot])
            if at is not None:
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


def _exists(locate: _Locator, qualified_id: str) -> bool:
    return locate.position(qualified_id) is not None


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
    state: State, chosen: set[int], fresh: Mapping[int, FieldAudit]
) -> dict[int, FieldAudit] | None:
    """The fields audited again (by position) with their groups numbered as in the whole
    catalogue; None when a group kept from before would change its number."""
    kept = [(number, first) for number, first, _ in state.groups if first not in chosen]
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
