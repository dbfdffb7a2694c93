"""How the definitions grew: fields and burden at every commit that changed them.

Pure: the commits and their file changes come from :mod:`indberet.read.githistory`, each
file version (one git object) already read into a :class:`SetFacts` (or its problem) by
the caller, once however many commits hold it. Here they are only added up:

- a point per commit holds the number of fields, the hours a year and the money a year
  per currency (money is never summed across currencies) of every definition file the
  commit left;
- what a commit changed is compared field by field on the files it touched, by
  qualified id (``set.field``): a file renamed, or a field moved within the set, is no
  field removed and added;
- a file version that is not valid is passed over for that commit, and the file is
  counted as at its last valid version before (not at all if it had none), so that a
  broken commit is no drop in the trend and its fix no jump; the point names it;
- the commits that added the most burden are those with the largest rise in hours
  (midpoints); the starting state of a history that does not begin with nothing (after
  ``--since``, at a shallow clone's boundary) is no change and is never among them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from indberet.audit_model import Range
from indberet.core import money as money_of
from indberet.core import scoring
from indberet.core.profile import Profile
from indberet.diagnostics import Diagnostic
from indberet.history_model import (
    Commit,
    FieldChange,
    FieldFacts,
    FileChange,
    History,
    Money,
    Point,
    SetFacts,
)
from indberet.model import RequirementSet

Version = SetFacts | Diagnostic | None
"""A file version: the set it holds, its first problem, or None (not a requirement set)."""

TOP: int = 5


def set_facts(requirement_set: RequirementSet, profile: Profile) -> SetFacts:
    """The fields of one set with their burden a year (Standard Cost Model, as the audit)."""
    rate = scoring.tariff(requirement_set, profile)
    currency = money_of.currency_of(requirement_set)
    fields: list[FieldFacts] = []
    hours_low = hours_high = money_low = money_high = 0.0
    for item in requirement_set.fields:
        burden = scoring.field_burden(item, requirement_set, rate)
        fields.append(
            FieldFacts(requirement_set.id, item.id, item.name, burden.hours, burden.dkk, currency)
        )
        hours_low += burden.hours.low
        hours_high += burden.hours.high
        money_low += burden.dkk.low
        money_high += burden.dkk.high
    return SetFacts(
        requirement_set.id,
        currency,
        tuple(fields),
        Range(hours_low, hours_high),
        Range(money_low, money_high),
    )


def history(
    commits: Sequence[tuple[Commit, Sequence[FileChange]]],
    versions: Mapping[str, Version],
    *,
    start: Commit | None = None,
    start_files: Mapping[str, str] | None = None,
    paths: Sequence[str] = (),
    revision: str = "HEAD",
    since: str | None = None,
    shallow_boundary: str | None = None,
    top: int = TOP,
    profile: str = "default",
) -> History:
    """The trend over ``commits`` (oldest first), each file version's facts in
    ``versions`` by object id; ``start_files`` (path -> object id) as they were at
    ``start``, before the first commit."""
    counted: dict[str, SetFacts] = {}
    points: list[Point] = []
    skipped_total = 0
    if start is not None:
        skipped: list[tuple[str, Diagnostic]] = []
        for path, blob in sorted((start_files or {}).items()):
            version = versions.get(blob)
            if isinstance(version, SetFacts):
                counted[path] = version
            elif isinstance(version, Diagnostic):
                skipped.append((path, version))
        skipped_total += len(skipped)
        points.append(_point(start, counted, None, start=True, skipped=tuple(skipped)))
    for commit, changes in commits:
        point = _step(commit, changes, versions, counted, points[-1] if points else None)
        skipped_total += len(point.skipped)
        points.append(point)
    changing = [p for p in points if not p.start and p.hours_delta.mid > 0]
    ranked = sorted(changing, key=lambda p: -p.hours_delta.mid)[: max(top, 0)]
    return History(
        paths=tuple(paths),
        revision=revision,
        since=since,
        points=tuple(points),
        top=tuple(ranked),
        shallow_boundary=shallow_boundary,
        merges=sum(1 for p in points if p.commit.merge and not p.start),
        skipped=skipped_total,
        profile=profile,
    )


def _step(
    commit: Commit,
    changes: Sequence[FileChange],
    versions: Mapping[str, Version],
    counted: dict[str, SetFacts],
    previous: Point | None,
) -> Point:
    """The point after one commit; ``counted`` (path -> the version counted) is updated."""
    before: dict[str, FieldFacts] = {}
    after: dict[str, FieldFacts] = {}
    renamed: list[tuple[str, str]] = []
    skipped: list[tuple[str, Diagnostic]] = []
    for change in changes:
        old = counted.pop(change.old_path, None) if change.old_path is not None else None
        if old is not None:
            before.update((f.qualified_id, f) for f in old.fields)
        if change.renamed and change.old_path is not None and change.new_path is not None:
            renamed.append((change.old_path, change.new_path))
        if change.new_path is None or change.new_blob is None:
            continue
        version = versions.get(change.new_blob)
        new: SetFacts | None = None
        if isinstance(version, SetFacts):
            new = version
        elif isinstance(version, Diagnostic):
            skipped.append((change.new_path, version))
            new = old  # passed over: the file as it last was valid
        if new is not None:
            counted[change.new_path] = new
            after.update((f.qualified_id, f) for f in new.fields)
    added = tuple(_whole(f) for key, f in after.items() if key not in before)
    removed = tuple(_whole(f) for key, f in before.items() if key not in after)
    changed = tuple(
        change
        for key, field in after.items()
        if key in before
        for change in [_difference(before[key], field)]
        if change is not None
    )
    return _point(
        commit,
        counted,
        previous,
        added=_ordered(added),
        removed=_ordered(removed),
        changed=_ordered(changed),
        renamed=tuple(renamed),
        skipped=tuple(skipped),
    )


def _point(
    commit: Commit,
    counted: Mapping[str, SetFacts],
    previous: Point | None,
    *,
    start: bool = False,
    added: tuple[FieldChange, ...] = (),
    removed: tuple[FieldChange, ...] = (),
    changed: tuple[FieldChange, ...] = (),
    renamed: tuple[tuple[str, str], ...] = (),
    skipped: tuple[tuple[str, Diagnostic], ...] = (),
) -> Point:
    fields = sum(len(version.fields) for version in counted.values())
    hours = _sum(version.hours for version in counted.values())
    money = _money((version.currency, version.money) for version in counted.values())
    before_fields = previous.fields if previous is not None else 0
    before_hours = previous.hours if previous is not None else Range(0.0, 0.0)
    before_money = previous.money if previous is not None else ()
    return Point(
        commit=commit,
        fields=fields,
        hours=hours,
        money=money,
        fields_delta=0 if start else fields - before_fields,
        hours_delta=Range(0.0, 0.0) if start else _minus(hours, before_hours),
        money_delta=() if start else _money_minus(money, before_money),
        added=added,
        removed=removed,
        changed=changed,
        renamed=renamed,
        skipped=skipped,
        start=start,
    )


def _whole(field: FieldFacts) -> FieldChange:
    return FieldChange(field.qualified_id, field.name, field.hours, field.money, field.currency)


def _difference(old: FieldFacts, new: FieldFacts) -> FieldChange | None:
    """What changed in a field's burden; None when nothing did."""
    if old.hours == new.hours and old.money == new.money and old.currency == new.currency:
        return None
    money = _minus(new.money, old.money) if old.currency == new.currency else new.money
    return FieldChange(
        new.qualified_id, new.name, _minus(new.hours, old.hours), money, new.currency
    )


def _ordered(changes: tuple[FieldChange, ...]) -> tuple[FieldChange, ...]:
    """Largest burden (or change of it) first, then by id."""
    return tuple(sorted(changes, key=lambda c: (-abs(c.hours.mid), c.qualified_id)))


def _sum(ranges: Iterable[Range]) -> Range:
    low = high = 0.0
    for item in ranges:
        low += item.low
        high += item.high
    return Range(low, high)


def _minus(first: Range, second: Range) -> Range:
    return Range(first.low - second.low, first.high - second.high)


def _money(items: Iterable[tuple[str, Range]]) -> Money:
    summed: dict[str, tuple[float, float]] = {}
    for currency, value in items:
        low, high = summed.get(currency, (0.0, 0.0))
        summed[currency] = (low + value.low, high + value.high)
    return tuple((code, Range(*summed[code])) for code in sorted(summed))


def _money_minus(first: Money, second: Money) -> Money:
    return tuple(money_of.minus(dict(first), dict(second)).items())
