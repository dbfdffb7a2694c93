"""Pruning plans: which fields to take off the forms to reach a target, cheapest value first.

``indberet plan --target 44%`` starts from an audit and answers the negotiators' question
"what would it take to reach N?". The rules, all of them from the data and the profile:

* **Candidates** are the fields the audit takes off the forms (REMOVE, DERIVE, MERGE).
  Fields it flags for REVIEW are candidates only with ``include_review``, fields it would
  KEEP only with ``include_keep`` (and every output then marks such a step as cutting a
  field the audit would keep). Identifiers (rule IND108) and fields named by law
  (``mandated_by``) are never candidates, whatever the options.
* **Usage lost** by taking a field off the form is its usage score (0-1), except for
  fields the audit proposes to DERIVE (the information still comes from a register or
  another field) or to MERGE (its twin still asks it): they lose nothing.
* **Partly derivable** fields (sources that cover only a share of the cases) are still
  asked for the rest: they save ``1 - remaining`` of their burden and do not count as a
  field off the forms.
* **Conditional questions**: a field that decides whether others are asked
  (``asked_when``) leaves the form only together with those follow-ups, as one step, and
  only when every follow-up may go; else the plan does not cut it and says why. A gate
  that is derived or merged keeps its value, so its follow-ups are still asked.
* **Order**: first the audit's own proposals, then REVIEW, then KEEP; within each tier the
  least usage lost per hour of burden saved first, ties broken by more hours first, then
  by catalogue order.
* **Targets**: ``--target 44%`` is a share of the fields *by count*, compared at the
  precision it is written in, the way the headline rounds: ``44%`` is met by 43.5% or
  more (never 100% by less than all), ``44.5%`` by 44.45%; the outputs say so when the
  share is below the target exactly. ``--target-hours N`` and ``--target-dkk N`` are
  burden saved per year, by the midpoint of each range.
* The plan stops at the first step that reaches the target. When even every candidate is
  not enough, the plan lists them all, says how close it gets and which option would add
  candidates.

Pure: nothing is printed. Renderers live in :mod:`indberet.render.planfmt`.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Literal

from indberet.audit_model import NO_BURDEN, REMOVING, AuditReport, Burden, FieldAudit, Verdict

TargetKind = Literal["count", "hours", "dkk"]
Action = Literal["REMOVE", "DERIVE", "MERGE"]
Option = Literal["review", "keep"]
# Why a field cannot be cut: named by law, an identifier, or a verdict the options leave out.
Blocked = Literal["mandated", "identifier", "review", "keep"]

# Tiers of the order: the audit's proposals, then what it asks a person to review, then
# what it would keep. A lower tier is planned first.
_TIER: dict[Verdict, int] = {"REMOVE": 0, "DERIVE": 0, "MERGE": 0, "REVIEW": 1, "KEEP": 2}
_SHARE = re.compile(r"^\s*(\d+)(?:[.,](\d+))?\s*(%?)\s*$")
IDENTIFIER_RULE = "IND108"


class TargetError(ValueError):
    """A target the plan cannot work with; ``key`` names the message that says why."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


@dataclass(frozen=True)
class Target:
    """What the plan must reach: a share of fields by count, or hours or DKK saved a year.

    ``decimals``: for a share, the decimals of the percentage as written (``44%``: 0); the
    share is then compared rounded half up to that precision. None compares exactly.
    """

    kind: TargetKind
    value: float  # 0-1 for count; hours or DKK per year otherwise
    decimals: int | None = None

    def _scale(self) -> int:
        return int(10 ** ((2 if self.decimals is None else self.decimals) + 2))

    def reached(self, fields_removed: int, fields_before: int, saved: Burden) -> bool:
        """Whether removing this much meets the target (a share at its written precision)."""
        if self.kind != "count" or self.decimals is None:
            return self.met_exactly(fields_removed, fields_before, saved)
        scale = self._scale()
        wanted = round(self.value * scale)
        if wanted >= scale:  # 100% is every field, never a share that rounds up to it
            return fields_removed >= fields_before
        # removed / before rounds half up to at least wanted / scale, in whole numbers.
        return 2 * fields_removed * scale >= (2 * wanted - 1) * fields_before

    def met_exactly(self, fields_removed: int, fields_before: int, saved: Burden) -> bool:
        """Whether removing this much meets the target without any rounding."""
        if self.kind == "count":
            # Compare in whole numbers so that 44% of 100 fields is met by exactly 44.
            scale = self._scale()
            return fields_removed * scale >= round(self.value * scale) * fields_before
        achieved = saved.hours.mid if self.kind == "hours" else saved.dkk.mid
        return achieved >= self.value - 1e-9


def parse_share(text: str) -> float:
    """``44%``, ``44`` or ``44,5 %`` as a share 0-1; raises :class:`TargetError`.

    A bare number from 0 to 1 (``0.44``, ``1``) is refused: it may be meant as a share
    (44%) or as a percentage (0.44%); the message suggests writing it with ``%``.
    """
    return share_target(text).value


def share_target(text: str) -> Target:
    """A count target from ``--target``, with the precision it is written in."""
    match = _SHARE.match(text)
    if match is None:
        raise TargetError("plan.error.target_format", value=text)
    whole, fraction, sign = match.groups()
    percent = float(f"{whole}.{fraction or 0}")
    if not sign and 0 < percent <= 1:
        suggestion = f"{percent * 100:.4f}".rstrip("0").rstrip(".")
        raise TargetError("plan.error.target_ambiguous", value=text, percent=suggestion)
    if not 0 <= percent <= 100:
        raise TargetError("plan.error.target_range", value=text)
    return Target("count", percent / 100, len(fraction or ""))


# Grouped amounts: 5.000.000 or 5.000,5 (Danish), 5,000,000 or 5,000.5, 5 000 000.
_GROUPED = (
    (re.compile(r"^[1-9]\d{0,2}(?:\.\d{3})+(?:,\d+)?$"), ".", ","),
    (re.compile(r"^[1-9]\d{0,2}(?:,\d{3})+(?:\.\d+)?$"), ",", "."),
    (re.compile(r"^[1-9]\d{0,2}(?: \d{3})+(?:[.,]\d+)?$"), " ", None),
)
_AMBIGUOUS = re.compile(r"^[1-9]\d{0,2}[.,]\d{3}$")
_SPACES = re.compile(r"[\s\u00a0\u202f]+")


def parse_amount(text: str | float) -> float:
    """Hours or DKK as written: ``5000000``, ``5.000.000``, ``5,000,000``, ``5 000 000``,
    ``2,5``, ``1e9``. One separator before exactly three digits (``5.000``) is refused:
    it reads as five thousand in Danish and as five in English."""
    if not isinstance(text, str):
        value = float(text)
    else:
        written = _SPACES.sub(" ", text.strip())
        value = _amount(written, text)
    if not math.isfinite(value) or value < 0:
        raise TargetError("plan.error.target_negative", value=text)
    return value


def _amount(written: str, original: str) -> float:
    if _AMBIGUOUS.match(written):
        thousands = written.replace(",", "").replace(".", "")
        raise TargetError("plan.error.amount_ambiguous", value=original, thousands=thousands)
    for pattern, group, decimal in _GROUPED:
        if pattern.match(written):
            plain = written.replace(group, "")
            if decimal is None:
                plain = plain.replace(",", ".")
            return float(plain.replace(",", "."))
    if re.fullmatch(r"\d+,\d+", written):  # a Danish decimal comma: 2,5
        return float(written.replace(",", "."))
    if re.fullmatch(r"[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?", written, re.IGNORECASE):
        return float(written)
    raise TargetError("plan.error.amount_format", value=original)


def make_target(
    share: str | None, hours: str | float | None, dkk: str | float | None
) -> Target | None:
    """The one target given on the command line, or None when none is; raises on several."""
    given = [item for item in (share, hours, dkk) if item is not None]
    if len(given) > 1:
        raise TargetError("plan.error.target_several")
    if share is not None:
        return share_target(share)
    if hours is not None:
        return Target("hours", parse_amount(hours))
    if dkk is not None:
        return Target("dkk", parse_amount(dkk))
    return None


@dataclass(frozen=True)
class PlanOptions:
    """Which verdicts beyond the audit's own proposals the plan may cut."""

    include_review: bool = False
    include_keep: bool = False

    def including(self, options: Iterable[Option]) -> PlanOptions:
        """These options, with ``options`` turned on as well."""
        chosen = set(options)
        return PlanOptions(
            self.include_review or "review" in chosen, self.include_keep or "keep" in chosen
        )


@dataclass(frozen=True)
class Cut:
    """One field (or the rest of one) that a step takes off the forms."""

    item: FieldAudit
    action: Action
    share: float  # of the field's burden this cut saves
    usage_lost: float
    removed: bool  # whether the field is off the forms entirely after this cut

    @property
    def burden(self) -> Burden:
        """Burden a year this cut saves."""
        burden = self.item.burden
        if self.share >= 1:
            return burden
        return Burden(burden.hours.scaled(self.share), burden.dkk.scaled(self.share))


@dataclass(frozen=True)
class Step:
    """One field taken off the forms (with the follow-up questions it decides, if any),
    and where the plan stands after it."""

    rank: int
    item: FieldAudit
    action: Action
    usage_lost: float  # of every field the step cuts
    fields_removed: int  # cumulative
    saved: Burden  # cumulative
    cuts: tuple[Cut, ...] = field(default=())  # the field itself first, then its follow-ups
    # Follow-ups of a derived or merged gate: they stay, asked on the gate's value.
    still_asked: tuple[FieldAudit, ...] = field(default=())

    @property
    def follow_ups(self) -> tuple[Cut, ...]:
        """Questions asked only when this field has a value, cut with it."""
        return self.cuts[1:]

    @property
    def burden(self) -> Burden:
        """Burden a year this step saves."""
        total = NO_BURDEN
        for cut in self.cuts:
            total = total + cut.burden
        return total

    @property
    def share(self) -> float:
        """Share of the field's own burden saved: below 1 when it is only partly derivable."""
        return self.cuts[0].share if self.cuts else 1.0

    @property
    def removed(self) -> int:
        """Fields this step takes off the forms entirely."""
        return sum(1 for cut in self.cuts if cut.removed)

    @property
    def against_audit(self) -> tuple[FieldAudit, ...]:
        """The fields of this step the audit would KEEP."""
        return tuple(cut.item for cut in self.cuts if cut.item.verdict == "KEEP")

    @property
    def hours(self) -> float:
        """Hours a year this step saves (midpoint)."""
        return self.burden.hours.mid

    @property
    def usage_lost_per_hour(self) -> float | None:
        """Usage lost per hour saved; None when the step saves no hours."""
        return self.usage_lost / self.hours if self.hours > 0 else None


@dataclass(frozen=True)
class Held:
    """A field the plan may cut but does not: it decides whether follow-ups are asked
    that cannot go."""

    item: FieldAudit
    blocked: tuple[tuple[FieldAudit, Blocked], ...]


@dataclass(frozen=True)
class Hint:
    """Options that would add candidates to a plan that misses its target."""

    options: tuple[Option, ...]
    adds: int  # more candidates
    reaches: bool  # whether the target would then be reached


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
    identifiers: tuple[FieldAudit, ...] = ()  # never planned
    options: PlanOptions = PlanOptions()
    held: tuple[Held, ...] = ()
    hints: tuple[Hint, ...] = ()

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

    @property
    def by_rounding(self) -> bool:
        """Whether the target is met only as written (rounded), not exactly."""
        return self.reached and not self.target.met_exactly(
            self.fields_removed, self.fields_before, self.saved
        )

    @property
    def against_audit(self) -> tuple[FieldAudit, ...]:
        """Every field the plan cuts that the audit would KEEP."""
        return tuple(item for step in self.steps for item in step.against_audit)

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


def is_identifier(item: FieldAudit) -> bool:
    """Whether the field is an identifier or join key: never planned away."""
    return IDENTIFIER_RULE in item.codes or item.field.is_identifier


def blocked(item: FieldAudit, options: PlanOptions) -> Blocked | None:
    """Why the plan may not cut ``item``, or None when it may."""
    if item.field.mandated_by:
        return "mandated"
    if is_identifier(item):
        return "identifier"
    if item.verdict == "REVIEW" and not options.include_review:
        return "review"
    if item.verdict == "KEEP" and not options.include_keep:
        return "keep"
    return None


def own_share(item: FieldAudit) -> float:
    """Share of the burden saved when the field leaves as the audit proposes (or is cut)."""
    return 1.0 - item.remaining if item.verdict in REMOVING else 1.0


def _lost(item: FieldAudit, before: float, after: float) -> float:
    """Usage lost by cutting the share ``before``..``after`` of a field's cases."""
    if item.verdict == "MERGE":
        return 0.0
    kept = 1.0 - item.remaining if item.verdict == "DERIVE" else 0.0  # still derived
    return item.usage * (max(0.0, after - kept) - max(0.0, before - kept))


def usage_lost(item: FieldAudit) -> float:
    """Usage value lost when the field leaves the form as planned on its own."""
    return _lost(item, 0.0, own_share(item))


Asked = dict[str, list[FieldAudit]]


def asked_index(report: AuditReport) -> Asked:
    """Per ``set.field``, the fields of its set asked only when it has a value."""
    index: Asked = {}
    for set_audit in report.sets:
        for item in set_audit.fields:
            condition = item.field.asked_when
            if condition is not None:
                gate = f"{item.field.set_id}.{condition.field}"
                index.setdefault(gate, []).append(item)
    return index


def follow_ups(item: FieldAudit, asked: Asked) -> list[FieldAudit]:
    """The questions asked only when ``item`` has a value, and theirs in turn."""
    found: list[FieldAudit] = []
    seen = {item.field.qualified_id}
    queue = [item.field.qualified_id]
    while queue:
        for other in asked.get(queue.pop(0), ()):
            key = other.field.qualified_id
            if key not in seen:
                seen.add(key)
                found.append(other)
                queue.append(key)
    return found


@dataclass(frozen=True)
class _Unit:
    """A candidate in the order: a field, with the follow-ups that must go with it."""

    item: FieldAudit
    follow_ups: tuple[FieldAudit, ...] = ()
    held: Held | None = None
    still_asked: tuple[FieldAudit, ...] = ()


def _unit(item: FieldAudit, asked: Asked, options: PlanOptions) -> _Unit:
    """A gate that leaves for good takes its follow-ups along, or stays when one cannot go.

    A derived or merged gate keeps its value (from the register, the source or the
    twin), so its follow-ups are still asked on it: it goes on its own.
    """
    if item.field.qualified_id not in asked:
        return _Unit(item)
    if action_for(item) != "REMOVE":
        return _Unit(item, still_asked=tuple(asked[item.field.qualified_id]))
    found = tuple(follow_ups(item, asked))
    stuck = tuple((other, why) for other in found if (why := blocked(other, options)) is not None)
    return _Unit(item, found, Held(item, stuck) if stuck else None)


def _order_key(unit: _Unit, index: int) -> tuple[int, float, float, int]:
    """Sort key: tier, usage lost per hour saved, more hours first, catalogue order."""
    members = (unit.item, *unit.follow_ups)
    tier = max(_TIER[item.verdict] for item in members)
    share = own_share(unit.item) if not unit.follow_ups else 1.0
    hours = unit.item.burden.hours.mid * share
    lost = _lost(unit.item, 0.0, share)
    for other in unit.follow_ups:
        hours += other.burden.hours.mid
        lost += _lost(other, 0.0, 1.0)
    if hours <= 0:  # a field that costs nothing comes last in its tier, unless unused too
        return (tier, 0.0 if lost == 0 else math.inf, 0.0, index)
    return (tier, lost / hours, -hours, index)


def order_key(item: FieldAudit, index: int) -> tuple[int, float, float, int]:
    """Sort key of a field cut on its own: tier, usage lost per hour, more hours first."""
    return _order_key(_Unit(item), index)


def _units(report: AuditReport, options: PlanOptions) -> list[_Unit]:
    items = [item for s in report.sets for item in s.fields]
    asked = asked_index(report)
    units = [
        (_order_key(unit, index), unit)
        for index, item in enumerate(items)
        if blocked(item, options) is None
        for unit in (_unit(item, asked, options),)
    ]
    units.sort(key=lambda pair: pair[0])
    return [unit for _, unit in units]


def candidates(report: AuditReport, options: PlanOptions | None = None) -> list[FieldAudit]:
    """Every field the plan may cut, in the order it takes them."""
    return [unit.item for unit in _units(report, options or PlanOptions())]


def make_plan(report: AuditReport, target: Target, options: PlanOptions | None = None) -> Plan:
    """The shortest prefix of the candidates that meets ``target``, or all of them."""
    chosen = options or PlanOptions()
    plan = _plan(report, target, chosen)
    if plan.reached:
        return plan
    return _with_hints(plan, report, target, chosen)


def _plan(report: AuditReport, target: Target, options: PlanOptions) -> Plan:
    before = report.total.fields_before
    steps: list[Step] = []
    held: list[Held] = []
    done: dict[str, float] = {}  # share of each field cut so far
    saved = NO_BURDEN
    removed = 0
    units = _units(report, options)
    reached = target.reached(0, before, saved)
    for unit in units:
        if reached:
            break
        if unit.held is not None:
            held.append(unit.held)
            continue
        cuts = _cuts(unit, done)
        if not cuts:
            continue
        step_burden = NO_BURDEN
        for cut in cuts:
            step_burden = step_burden + cut.burden
        saved = saved + step_burden
        removed += sum(1 for cut in cuts if cut.removed)
        lost = sum(cut.usage_lost for cut in cuts)
        rank = len(steps) + 1
        staying = tuple(f for f in unit.still_asked if done.get(f.field.qualified_id, 0.0) < 1)
        steps.append(
            Step(rank, unit.item, cuts[0].action, lost, removed, saved, tuple(cuts), staying)
        )
        reached = target.reached(removed, before, saved)
    return Plan(
        target=target,
        steps=tuple(steps),
        reached=reached,
        fields_before=before,
        burden_before=report.total.burden_before,
        mandated=_all(report, lambda item: bool(item.field.mandated_by)),
        candidates=len(units),
        identifiers=_all(report, lambda item: not item.field.mandated_by and is_identifier(item)),
        options=options,
        held=tuple(held),
    )


def _cuts(unit: _Unit, done: dict[str, float]) -> list[Cut]:
    """What cutting ``unit`` takes off the forms that earlier steps have not.

    Nothing when the field itself already went (with an earlier gate, and its follow-ups
    with it).
    """
    wanted = [(unit.item, 1.0 if unit.follow_ups else own_share(unit.item))]
    wanted += [(other, 1.0) for other in unit.follow_ups]
    if done.get(unit.item.field.qualified_id, 0.0) >= wanted[0][1]:
        return []
    cuts = []
    for item, share in wanted:
        key = item.field.qualified_id
        before = done.get(key, 0.0)
        if before < share:
            done[key] = share
            lost = _lost(item, before, share)
            cuts.append(Cut(item, action_for(item), share - before, lost, share >= 1))
    return cuts


def _all(report: AuditReport, test: Callable[[FieldAudit], bool]) -> tuple[FieldAudit, ...]:
    return tuple(item for s in report.sets for item in s.fields if test(item))


_HINTS: tuple[tuple[Option, ...], ...] = (("review",), ("keep",), ("review", "keep"))


def _with_hints(plan: Plan, report: AuditReport, target: Target, options: PlanOptions) -> Plan:
    """``plan`` with the options that would add candidates, and whether they reach it."""
    hints: list[Hint] = []
    for extra in _HINTS:
        wider = options.including(extra)
        if wider == options or (len(extra) > 1 and any(h.reaches for h in hints)):
            continue
        if any(set(h.options) == set(_new(options, wider)) for h in hints):
            continue
        other = _plan(report, target, wider)
        if other.candidates > plan.candidates:
            hints.append(
                Hint(_new(options, wider), other.candidates - plan.candidates, other.reached)
            )
    return dataclasses.replace(plan, hints=tuple(hints))


def _new(old: PlanOptions, new: PlanOptions) -> tuple[Option, ...]:
    found: list[Option] = []
    if new.include_review and not old.include_review:
        found.append("review")
    if new.include_keep and not old.include_keep:
        found.append("keep")
    return tuple(found)


def removed_by_audit(item: FieldAudit) -> bool:
    """Whether the audit itself takes the field off the form."""
    return item.verdict in REMOVING
