"""Pruning plans: which fields to take off the forms to reach a target, cheapest value first.

``indberet plan --target 44%`` starts from an audit and answers the negotiators' question
"what would it take to reach N?". The rules, all of them from the data and the profile:

* **Candidates** are every field not named by law (``mandated_by``). A mandated field is
  never planned away, whatever its verdict.
* **Usage lost** by taking a field off the form is its usage score (0-1), except for
  fields the audit already proposes to DERIVE (the information still comes from a
  register or another field) or to MERGE (its twin still asks it): they lose nothing.
* **Order**: first the audit's own proposals (REMOVE, DERIVE, MERGE), then the fields it
  flagged for REVIEW, then the rest; within each tier the least usage lost per hour of
  burden saved first, ties broken by more hours first, then by catalogue order.
* **Targets**: ``--target 44%`` is a share of the fields *by count*; ``--target-hours N``
  and ``--target-dkk N`` are burden saved per year. Burden compares by the midpoint of
  each range (a ``minutes`` range gives a range of hours).
* The plan stops at the first field that reaches the target. When even every candidate
  is not enough, the plan lists them all and says how close it gets.

Pure: nothing is printed. Renderers live in :mod:`indberet.render.planfmt`.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Literal

from indberet.audit_model import NO_BURDEN, REMOVING, AuditReport, Burden, FieldAudit, Verdict

TargetKind = Literal["count", "hours", "dkk"]
Action = Literal["REMOVE", "DERIVE", "MERGE"]

# Tiers of the order: the audit's proposals, then what it asks a person to review, then
# the rest. A lower tier is planned first.
_TIER: dict[Verdict, int] = {"REMOVE": 0, "DERIVE": 0, "MERGE": 0, "REVIEW": 1, "KEEP": 2}
_PERCENT = re.compile(r"^\s*(\d+(?:[.,]\d+)?)\s*%?\s*$")


class TargetError(ValueError):
    """A target the plan cannot work with; ``key`` names the message that says why."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


@dataclass(frozen=True)
class Target:
    """What the plan must reach: a share of fields by count, or hours or DKK saved a year."""

    kind: TargetKind
    value: float  # 0-1 for count; hours or DKK per year otherwise

    def reached(self, fields_removed: int, fields_before: int, saved: Burden) -> bool:
        """Whether removing this much meets the target."""
        if self.kind == "count":
            # Compare in whole numbers so that 44% of 100 fields is met by exactly 44.
            return fields_removed * 10_000 >= round(self.value * 10_000) * fields_before
        achieved = saved.hours.mid if self.kind == "hours" else saved.dkk.mid
        return achieved >= self.value - 1e-9


def parse_share(text: str) -> float:
    """``44%``, ``44`` or ``44,5 %`` as a share 0-1; raises :class:`TargetError`."""
    match = _PERCENT.match(text)
    if match is None:
        raise TargetError("plan.error.target_format", value=text)
    percent = float(match.group(1).replace(",", "."))
    if not 0 <= percent <= 100:
        raise TargetError("plan.error.target_range", value=text)
    return percent / 100


def make_target(share: str | None, hours: float | None, dkk: float | None) -> Target | None:
    """The one target given on the command line, or None when none is; raises on several."""
    given = [item for item in (share, hours, dkk) if item is not None]
    if len(given) > 1:
        raise TargetError("plan.error.target_several")
    if share is not None:
        return Target("count", parse_share(share))
    for kind, value in (("hours", hours), ("dkk", dkk)):
        if value is not None:
            if not math.isfinite(value) or value < 0:
                raise TargetError("plan.error.target_negative", value=value)
            return Target(kind, float(value))  # type: ignore[arg-type]
    return None


@dataclass(frozen=True)
class Step:
    """One field taken off the forms, and where the plan stands after it."""

    rank: int
    item: FieldAudit
    action: Action
    usage_lost: float
    fields_removed: int  # cumulative
    saved: Burden  # cumulative

    @property
    def hours(self) -> float:
        """Hours a year this field costs (midpoint)."""
        return self.item.burden.hours.mid

    @property
    def usage_lost_per_hour(self) -> float | None:
        """Usage lost per hour saved; None when the field saves no hours."""
        return self.usage_lost / self.hours if self.hours > 0 else None


@dataclass(frozen=True)
class Plan:
    """The ordered steps to a target, and whether it is reached."""

    target: Target
    steps: tuple[Step, ...]
    reached: bool
    fields_before: int
    burden_before: Burden
    mandated: tuple[FieldAudit, ...]  # never planned
    candidates: int  # fields the plan may take

    @property
    def fields_removed(self) -> int:
        """Fields off the forms after the last step."""
        return self.steps[-1].fields_removed if self.steps else 0

    @property
    def saved(self) -> Burden:
        """Burden saved after the last step."""
        return self.steps[-1].saved if self.steps else NO_BURDEN

    @property
    def count_share(self) -> float:
        """Share of fields removed, 0-1."""
        return self.fields_removed / self.fields_before if self.fields_before else 0.0

    def burden_share(self, saved: Burden | None = None) -> float:
        """Share of hours saved (midpoints), 0-1."""
        before = self.burden_before.hours.mid
        return (saved or self.saved).hours.mid / before if before else 0.0


def action_for(item: FieldAudit) -> Action:
    """What taking this field off the form means: its audit proposal, or plain removal."""
    if item.verdict == "DERIVE":
        return "DERIVE"
    if item.verdict == "MERGE":
        return "MERGE"
    return "REMOVE"


def usage_lost(item: FieldAudit) -> float:
    """Usage value lost when the field leaves the form (0 when it is derived or merged)."""
    return 0.0 if item.verdict in ("DERIVE", "MERGE") else item.usage


def order_key(item: FieldAudit, index: int) -> tuple[int, float, float, int]:
    """Sort key of a candidate: tier, usage lost per hour, more hours first, file order."""
    hours = item.burden.hours.mid
    lost = usage_lost(item)
    if hours <= 0:  # a field that costs nothing comes last in its tier, unless unused too
        return (_TIER[item.verdict], 0.0 if lost == 0 else math.inf, 0.0, index)
    ratio = lost / hours
    return (_TIER[item.verdict], ratio, -hours, index)


def candidates(report: AuditReport) -> list[FieldAudit]:
    """Every field not named by law, in the order the plan takes them."""
    items = [item for s in report.sets for item in s.fields]
    ranked = sorted(
        (order_key(item, index), item)
        for index, item in enumerate(items)
        if not item.field.mandated_by
    )
    return [item for _, item in ranked]


def make_plan(report: AuditReport, target: Target) -> Plan:
    """The shortest prefix of the candidates that meets ``target``, or all of them."""
    before = report.total.fields_before
    steps: list[Step] = []
    saved = NO_BURDEN
    ordered = candidates(report)
    reached = target.reached(0, before, saved)
    for rank, item in enumerate(ordered, start=1):
        if reached:
            break
        saved = saved + item.burden
        steps.append(Step(rank, item, action_for(item), usage_lost(item), rank, saved))
        reached = target.reached(rank, before, saved)
    mandated = tuple(item for s in report.sets for item in s.fields if item.field.mandated_by)
    return Plan(
        target=target,
        steps=tuple(steps),
        reached=reached,
        fields_before=before,
        burden_before=report.total.burden_before,
        mandated=mandated,
        candidates=len(ordered),
    )


def removed_by_audit(item: FieldAudit) -> bool:
    """Whether the audit itself takes the field off the form."""
    return item.verdict in REMOVING
