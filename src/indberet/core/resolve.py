"""Verdicts that depend on each other, made consistent across the whole audit.

Each field is first decided on its own evidence. Some verdicts only make sense together,
and are settled here, after all of them are known:

* **No MERGE into a twin that leaves.** A field merges into the strongest of its
  near-duplicates that stays (KEEP or REVIEW), so that a group of identical fields merges
  into one member that stays. When every twin leaves, the field does not merge and is
  decided again without its twins; the reason says so.
* **No DERIVE from a field that is removed.** A field that another field is derived from
  stays (KEEP), and the reason names the field derived from it.
* **No follow-up without its question.** A field that decides whether another field is
  asked (``asked_when``) stays while that field stays.

Changes only ever make a field stay that would have left, or move a merge to another
twin, so the settling ends. Pure: nothing is printed.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from indberet.audit_model import REMOVING, FieldAudit, RuleResult, remaining_share
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
    merges = [k for k, a in audits.items() if a.verdict == "MERGE"]
    derived = [k for k, a in audits.items() if a.verdict == "DERIVE" and a.field.derivable_from]
    gated = [k for k, a in audits.items() if a.field.asked_when is not None]
    if not (merges or derived or gated):  # most catalogues: nothing depends on anything
        return [list(items) for items in per_set]
    known = {f.qualified_id for s in catalogue.sets for f in s.fields}

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
        return True

    changed = True
    while changed:
        changed = False
        for key in merges:
            if audits[key].verdict == "MERGE" and not stays(audits[key].twin or key):
                audits[key] = _remerge(audits[key], audits, order)
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
    return [[audits[a.field.qualified_id] for a in items] for items in per_set]


def _remerge(item: FieldAudit, audits: dict[str, FieldAudit], order: dict[str, int]) -> FieldAudit:
    """``item`` merged into the strongest twin that stays, or decided without twins."""
    result = next(r for r in item.results if r.code == _MERGE_RULE)
    twins = [t for t in result.inputs.get("twins", ()) if t["field"] in audits]
    staying = [
        audits[t["field"]]
        for t in twins
        if audits[t["field"]].verdict not in REMOVING
        and not audits[t["field"]].field.mandated_by
        and (audits[t["field"]].usage, -order[t["field"]])
        > (item.usage, -order[item.field.qualified_id])
    ]
    if staying:
        target = max(staying, key=lambda a: (a.usage, -order[a.field.qualified_id]))
        twin = next(t for t in twins if t["field"] == target.field.qualified_id)
        same = target.field.set_id == item.field.set_id
        key = "rule.IND105.fired_same" if same else "rule.IND105.fired_other"
        reason = text(
            key,
            twin=twin["field"],
            basis=text("basis." + twin["basis"]),
            score=Num(float(twin["similarity"])),
        )
        changed = dataclasses.replace(result, reason=reason)
        results = tuple(changed if r is result else r for r in item.results)
        verdict, joined, revision = recommend(results, item.usage)
        return dataclasses.replace(
            item,
            results=results,
            reason=joined,
            verdict=verdict,
            twin=twin["field"],
            remaining=remaining_share(item.field, verdict, results),
            revision=revision,
        )
    gone = item.twin or ""
    leaving = audits[gone].verdict if gone in audits else "REMOVE"
    reason = text("resolve.twin_leaves", twin=gone, verdict=text(f"verdict.{leaving}"))
    dropped = RuleResult(result.code, False, result.inputs, reason, None, result.threshold)
    results = tuple(dropped if r is result else r for r in item.results)
    verdict, joined, revision = recommend(results, item.usage)
    return dataclasses.replace(
        item,
        results=results,
        reason=Joined((reason, *joined.parts)),
        verdict=verdict,
        twin=None,
        remaining=remaining_share(item.field, verdict, results),
        revision=revision,
    )
