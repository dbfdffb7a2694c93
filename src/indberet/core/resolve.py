"""Verdicts that depend on each other, made consistent across the whole audit.

Each field is first decided on its own evidence. Some verdicts only make sense together,
and are settled here, after all of them are known:

* **No MERGE into a twin that leaves.** A field merges into the strongest member of its
  group of near-duplicates (:mod:`indberet.core.grouping`) that stays (KEEP or REVIEW)
  and is stronger than itself, so that a group merges into one member that stays; the
  fields are taken strongest first, and each group remembers how far it was looked
  through, so that a group of 1,000 is looked through about once, not 1,000 times. When
  no stronger member stays, the field does not merge and is decided again without its
  twins; the reason says so. The group's kept member is then the one that stays.
* **No DERIVE from a field that is removed.** A field that another field is derived from
  stays (KEEP), and the reason names the field derived from it.
* **No follow-up without its question.** A field that decides whether another field is
  asked (``asked_when``) stays while that field stays.

Changes only ever make a field stay that would have left, or move a merge to another
twin, so the settling ends. Pure: nothing is printed.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Sequence
from itertools import islice

from indberet.audit_model import (
    REMOVING,
    FieldAudit,
    Group,
    RuleResult,
    fired_results,
    remaining_share,
    replaced,
    result_of,
)
from indberet.core.recommend import recommend
from indberet.i18n import Joined, Num, text
from indberet.model import Catalogue

_MERGE_RULE = "IND105"


def resolve(
    catalogue: Catalogue, per_set: Sequence[Sequence[FieldAudit]]
) -> list[list[FieldAudit]]:
    """The audits of every set, with dependent verdicts made consistent."""
    audits = {a.field.qualified_id: a for items in per_set for a in items}
    order = {key: index for index, key in enumerate(audits)}
    targets = _Targets(audits, order)
    merging: list[str] = []
    derived: list[str] = []
    gated: list[str] = []
    for k, a in audits.items():  # one pass: a catalogue may have 100,000 fields
        verdict = a.verdict
        if verdict == "MERGE":
            merging.append(k)
        elif verdict == "DERIVE" and a.field.derivable_from:
            derived.append(k)
        if a.field.asked_when is not None:
            gated.append(k)
    merges = sorted(merging, key=targets.strength)
    if not (merges or derived or gated):  # most catalogues: nothing depends on anything
        return [list(items) for items in per_set]
    known = audits  # the catalogue's fields, by qualified id

    def stays(key: str) -> bool:
        return audits[key].verdict not in REMOVING

    def keep(key: str, because: str, other: str) -> bool:
        item = audits[key]
        if item.verdict != "REMOVE":
            return False
        reason = Joined((text(because, field=other), *item.reason.parts))
        audits[key] = dataclasses.replace(
            item, verdict="KEEP", reason=reason, twin=None, remaining=1.0, revision=None
        )
        targets.stays(key)
        return True

    changed = True
    while changed:
        changed = False
        for key in merges:
            if audits[key].verdict == "MERGE" and not stays(audits[key].twin or key):
                audits[key] = _remerge(audits[key], audits, order, targets)
                if stays(key):
                    targets.stays(key)
                changed = True
        for key in derived:
            item = audits[key]
            if item.verdict != "DERIVE":
                continue
            for source in item.field.derivable_from:
                qualified = source if "." in source else f"{item.field.set_id}.{source}"
                if qualified in known and keep(qualified, "resolve.source_kept", key):
                    changed = True
        for key in gated:
            item = audits[key]
            condition = item.field.asked_when
            assert condition is not None
            gate = f"{item.field.set_id}.{condition.field}"
            if stays(key) and gate in audits and keep(gate, "resolve.gate_kept", key):
                changed = True
    return _kept(_as_per_set(audits, per_set), targets)


def _as_per_set(
    audits: dict[str, FieldAudit], per_set: Sequence[Sequence[FieldAudit]]
) -> list[list[FieldAudit]]:
    """The settled ``audits`` in the sets and order of ``per_set``, from which they were
    made in that order (a dict keeps its first order when a value changes)."""
    if len(audits) != sum(len(items) for items in per_set):  # a key twice: look each up
        return [[audits[a.field.qualified_id] for a in items] for items in per_set]
    settled = iter(audits.values())
    return [list(islice(settled, len(items))) for items in per_set]


class _Targets:
    """The strongest member of each group that stays, found by looking through each group
    once, strongest first (members that come to stay are told with :meth:`stays`)."""

    def __init__(self, audits: dict[str, FieldAudit], order: dict[str, int]) -> None:
        self.audits = audits
        self.order = order
        self.positions: dict[str, dict[str, int]] = {}  # group id -> member -> position
        self.best: dict[str, int] = {}  # group id -> position of the strongest that stays
        self.upto: dict[str, int] = {}  # group id -> positions looked through so far

    def position(self, key: str, group: Group) -> int:
        found = self.positions.get(group.id)
        if found is None:
            found = self.positions[group.id] = {k: n for n, k in enumerate(group.members)}
        return found.get(key, len(group.members))

    def strength(self, key: str) -> tuple[int, int, int]:
        """An order in which stronger members of a group come first."""
        group = self.audits[key].group
        if group is None:
            return (0, 0, self.order[key])
        return (1, self.order[group.members[0]], self.position(key, group))

    def eligible(self, key: str) -> bool:
        item = self.audits.get(key)
        return item is not None and item.verdict not in REMOVING and not item.field.mandated_by

    def stays(self, key: str) -> None:
        """Tell that ``key`` stays now."""
        group = self.audits[key].group
        if group is None or not self.eligible(key):
            return
        at = self.position(key, group)
        if at < self.upto.get(group.id, 0) and at < self.best.get(group.id, at + 1):
            self.best[group.id] = at

    def strongest(self, key: str, group: Group) -> str | None:
        """The strongest member of ``group`` stronger than ``key`` that stays, if any."""
        at = self.position(key, group)
        best = self.best.get(group.id)
        if best is None:
            start = self.upto.get(group.id, 0)
            for position in range(start, at):
                if self.eligible(group.members[position]):
                    best = self.best[group.id] = position
                    break
            self.upto[group.id] = max(start, at if best is None else best + 1)
        return group.members[best] if best is not None and best < at else None


def _kept(per_set: list[list[FieldAudit]], targets: _Targets) -> list[list[FieldAudit]]:
    """The audits with each group's kept member the one that stays: the member the others
    merge into, else the strongest that stays, else as it was."""
    changed: dict[str, Group] = {}
    seen: set[str] = set()  # groups looked at (every member shares its group's object)
    for items in per_set:
        for item in items:
            group = item.group
            if group is None or group.id in seen:
                continue
            seen.add(group.id)
            if targets.eligible(group.kept):
                continue
            merged = Counter(
                into for k in group.members if (into := targets.audits[k].twin) is not None
            )
            kept = max(merged, key=lambda k: (merged[k], -targets.order[k]), default=None)
            if kept is None:
                kept = next((k for k in group.members if targets.eligible(k)), group.kept)
            changed[group.id] = dataclasses.replace(group, kept=kept)
    if not changed:
        return per_set
    return [
        [
            dataclasses.replace(a, group=changed[a.group.id])
            if a.group is not None and a.group.id in changed
            else a
            for a in items
        ]
        for items in per_set
    ]


def _remerge(
    item: FieldAudit, audits: dict[str, FieldAudit], order: dict[str, int], targets: _Targets
) -> FieldAudit:
    """``item`` merged into the strongest twin that stays, or decided without twins."""
    result = result_of(item.results, _MERGE_RULE)
    assert result is not None  # the field merges: the rule ran, and fired
    twins = [t for t in result.inputs.get("twins", ()) if t["field"] in audits]
    key = item.field.qualified_id
    if item.group is not None:
        found = targets.strongest(key, item.group)
        staying = [audits[found]] if found is not None else []
    else:
        staying = [
            audits[t["field"]]
            for t in twins
            if targets.eligible(t["field"])
            and (audits[t["field"]].usage, -order[t["field"]]) > (item.usage, -order[key])
        ]
    if staying:
        target = max(staying, key=lambda a: (a.usage, -order[a.field.qualified_id]))
        twin = next((t for t in twins if t["field"] == target.field.qualified_id), None)
        same = target.field.set_id == item.field.set_id
        if twin is None:
            assert item.group is not None
            reason = text(
                "rule.IND105.fired_group", twin=target.field.qualified_id, size=item.group.size
            )
        else:
            reason = text(
                "rule.IND105.fired_same" if same else "rule.IND105.fired_other",
                twin=twin["field"],
                basis=text("basis." + twin["basis"]),
                score=Num(float(twin["similarity"])),
            )
        changed = dataclasses.replace(result, reason=reason)
        results = replaced(item.results, result, changed)
        fired = fired_results(results)
        verdict, joined, revision = recommend(fired, item.usage)
        return dataclasses.replace(
            item,
            results=results,
            reason=joined,
            verdict=verdict,
            twin=target.field.qualified_id,
            remaining=remaining_share(item.field, verdict, fired),
            revision=revision,
        )
    gone = item.twin or ""
    leaving = audits[gone].verdict if gone in audits else "REMOVE"
    reason = text("resolve.twin_leaves", twin=gone, verdict=text(f"verdict.{leaving}"))
    dropped = RuleResult(result.code, False, result.inputs, reason, None, result.threshold)
    results = replaced(item.results, result, dropped)
    fired = fired_results(results)
    verdict, joined, revision = recommend(fired, item.usage)
    return dataclasses.replace(
        item,
        results=results,
        reason=Joined((reason, *joined.parts)),
        verdict=verdict,
        twin=None,
        remaining=remaining_share(item.field, verdict, fired),
        revision=revision,
    )
