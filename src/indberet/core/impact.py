"""Who loses what: the consumers, products and legal duties a set of leaving fields touches.

``indberet impact`` answers the question a negotiator proposing to drop fields is asked at
once: which publications, analyses and legal duties lose what? From an audit and the
fields that would leave the forms (named ones, a plan's, or every field the audit takes
off), it gathers, per consumer and product, the fields it would lose, the kind of use and
how recently it used them; and, for the fields named by law, the provisions that name them.

What leaving means for the data, as in :mod:`indberet.core.plan`:

* a field that is **removed** (the audit's REMOVE, or a field named that the audit would
  keep or review) takes its data with it: its users lose it;
* a field that is **derived** (DERIVE) is no longer asked, but its value still comes from
  a register or another field: its users lose the question, not the data;
* a field that is **merged** (MERGE) is asked once, in its twin: the data stays too.

A removed question that decides whether others are asked (``asked_when``) takes those
follow-ups with it; they are listed with the question they follow.

Pure: nothing is printed. Renderers live in :mod:`indberet.render.impactfmt`.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from indberet.audit_model import REMOVING, AuditReport, FieldAudit
from indberet.core.plan import Action, Plan, action_for, asked_index, follow_ups
from indberet.model import USE_KINDS, UseKind

Selection = Literal["fields", "plan", "audit"]
Effect = Literal["lost", "derived", "merged"]
EFFECTS: dict[Action, Effect] = {"REMOVE": "lost", "DERIVE": "derived", "MERGE": "merged"}
# The order kinds of use are shown in: duties and publications first.
_KINDS_SHOWN: tuple[UseKind, ...] = ("legal", "publication", "analysis", "request", "operational")
_KIND_ORDER: dict[UseKind, int] = {kind: rank for rank, kind in enumerate(_KINDS_SHOWN)}
assert set(_KIND_ORDER) == set(USE_KINDS)


class UnknownField(ValueError):
    """A field named that no set of the audit has; ``close`` are names like it."""

    def __init__(self, name: str, close: Sequence[str]) -> None:
        super().__init__(name)
        self.name = name
        self.close = tuple(close)


@dataclass(frozen=True)
class Leaving:
    """A field that leaves the forms, and how."""

    item: FieldAudit
    action: Action
    follows: str | None = None  # set.field of the question it is asked under, which leaves
    share: float = 1.0  # share of its cases no longer asked (below 1: derivable in part)

    @property
    def qualified_id(self) -> str:
        return self.item.field.qualified_id

    @property
    def name(self) -> str:
        return self.item.field.name

    @property
    def effect(self) -> Effect:
        """What becomes of its data: lost, or still there (derived, merged)."""
        return EFFECTS[self.action]

    @property
    def data_lost(self) -> bool:
        return self.action == "REMOVE"

    @property
    def source(self) -> str | None:
        """Where the data still comes from: the registers or fields it is derived from, or
        the twin it merges into."""
        field = self.item.field
        if self.action == "DERIVE":
            found = (*field.registered_in, *field.derivable_from)
            return ", ".join(found) or None
        if self.action == "MERGE":
            return self.item.twin
        return None


@dataclass(frozen=True)
class Loss:
    """One leaving field that one consumer's product uses, in one kind of use."""

    leaving: Leaving
    kind: UseKind
    last_used: dt.date | None  # None: an ongoing use

    @property
    def ongoing(self) -> bool:
        return self.last_used is None


@dataclass(frozen=True)
class Consumer:
    """A consumer's product (or the consumer, when its uses name none) and the leaving
    fields it uses."""

    consumer: str
    product: str | None
    losses: tuple[Loss, ...]

    @property
    def lost(self) -> tuple[Loss, ...]:
        """The fields whose data it loses."""
        return tuple(loss for loss in self.losses if loss.leaving.data_lost)

    @property
    def kept(self) -> tuple[Loss, ...]:
        """The fields no longer asked whose data it still gets (derived, merged)."""
        return tuple(loss for loss in self.losses if not loss.leaving.data_lost)

    @property
    def kinds(self) -> tuple[UseKind, ...]:
        """Its kinds of use of the leaving fields, most weighty first."""
        return tuple(sorted({loss.kind for loss in self.losses}, key=_KIND_ORDER.__getitem__))

    @property
    def ongoing(self) -> bool:
        """Whether some of these uses are ongoing (no last date)."""
        return any(loss.ongoing for loss in self.losses)

    @property
    def last_used(self) -> dt.date | None:
        """The latest dated use of a leaving field (None when none is dated)."""
        dates = [loss.last_used for loss in self.losses if loss.last_used is not None]
        return max(dates) if dates else None


@dataclass(frozen=True)
class Duty:
    """A provision that names leaving fields: it must change before they can go."""

    provision: str
    fields: tuple[Leaving, ...]


@dataclass(frozen=True)
class Impact:
    """Who loses what when ``leaving`` leave the forms."""

    selection: Selection
    leaving: tuple[Leaving, ...]
    consumers: tuple[Consumer, ...]
    duties: tuple[Duty, ...]
    unused: tuple[Leaving, ...]  # leaving fields no one records a use of
    as_of: dt.date
    requested: tuple[str, ...] = ()  # the fields named, for a selection of fields
    plan: Plan | None = None  # the plan, for a plan's fields

    @property
    def lost(self) -> tuple[Leaving, ...]:
        """The leaving fields whose data goes with them."""
        return tuple(item for item in self.leaving if item.data_lost)

    @property
    def losing(self) -> tuple[Consumer, ...]:
        """The consumers that lose data (not only questions)."""
        return tuple(consumer for consumer in self.consumers if consumer.lost)

    def count(self, effect: Effect) -> int:
        """How many leaving fields have ``effect``."""
        return sum(1 for item in self.leaving if item.effect == effect)


# --- which fields leave ------------------------------------------------------------------


def of_audit(report: AuditReport) -> list[Leaving]:
    """Every field the audit takes off the forms (REMOVE, DERIVE, MERGE), in catalogue order.

    A field derivable in only a share of the cases is still asked for the rest.
    """
    return [
        Leaving(item, action_for(item), share=1.0 - item.remaining)
        for set_audit in report.sets
        for item in set_audit.fields
        if item.verdict in REMOVING
    ]


def of_plan(plan: Plan) -> list[Leaving]:
    """Every field a plan cuts, in the plan's order; follow-ups with the question they
    follow. A field cut in several steps (in part, then whole) is listed once, whole."""
    found: dict[str, Leaving] = {}
    for step in plan.steps:
        for index, cut in enumerate(step.cuts):
            key = cut.item.field.qualified_id
            earlier = found.get(key)
            share = cut.share + (earlier.share if earlier is not None else 0.0)
            follows = _gate(cut.item) if index > 0 else (earlier.follows if earlier else None)
            found[key] = Leaving(cut.item, cut.action, follows, min(1.0, share))
    return list(found.values())


def _gate(item: FieldAudit) -> str | None:
    """``set.field`` of the question that decides whether ``item`` is asked."""
    condition = item.field.asked_when
    return f"{item.field.set_id}.{condition.field}" if condition is not None else None


def of_fields(report: AuditReport, names: Iterable[str]) -> list[Leaving]:
    """The fields named (``set.field``), each leaving as :func:`action_for` says, and the
    follow-ups of a removed question with it; :class:`UnknownField` for a name no set has.
    """
    items = {item.field.qualified_id: item for s in report.sets for item in s.fields}
    asked = asked_index(report)
    found: dict[str, Leaving] = {}
    for name in names:
        item = items.get(name.strip())
        if item is None:
            raise UnknownField(name, difflib.get_close_matches(name, list(items), n=3))
        key = item.field.qualified_id
        action = action_for(item)
        earlier = found.get(key)
        if earlier is None or earlier.follows is not None:
            found[key] = Leaving(item, action, share=_share(item, action))
        if action != "REMOVE":
            continue  # a derived or merged question keeps its value: its follow-ups stay
        for other in follow_ups(item, asked):
            other_key = other.field.qualified_id
            if other_key not in found:
                other_action = action_for(other)
                share = _share(other, other_action)
                found[other_key] = Leaving(other, other_action, _gate(other), share)
    return list(found.values())


def _share(item: FieldAudit, action: Action) -> float:
    """Share of a field's cases no longer asked: below 1 for one derivable in part."""
    return 1.0 - item.remaining if action == "DERIVE" else 1.0


# --- who loses what ----------------------------------------------------------------------


def impact(
    report: AuditReport,
    leaving: Sequence[Leaving],
    selection: Selection,
    requested: Sequence[str] = (),
    plan: Plan | None = None,
) -> Impact:
    """Who loses what when ``leaving`` leave the forms."""
    grouped: dict[tuple[str, str | None], dict[tuple[str, UseKind], Loss]] = {}
    unused: list[Leaving] = []
    for item in leaving:
        if not item.item.uses:
            unused.append(item)
        for use in item.item.uses:
            losses = grouped.setdefault((use.consumer, use.product), {})
            key = (item.qualified_id, use.kind)
            losses[key] = _latest(losses.get(key), Loss(item, use.kind, use.last_used))
    consumers = [
        Consumer(consumer, product, tuple(losses.values()))
        for (consumer, product), losses in grouped.items()
    ]
    consumers.sort(key=_consumer_order)
    return Impact(
        selection=selection,
        leaving=tuple(leaving),
        consumers=tuple(consumers),
        duties=_duties(leaving),
        unused=tuple(unused),
        as_of=report.as_of,
        requested=tuple(requested),
        plan=plan,
    )


def for_plan(report: AuditReport, plan: Plan) -> Impact:
    """Who loses what when the fields of ``plan`` leave the forms."""
    return impact(report, of_plan(plan), "plan", plan=plan)


def _latest(earlier: Loss | None, new: Loss) -> Loss:
    """Of two uses of one field by one product in one kind, the more recent."""
    if earlier is None or earlier.last_used is None:
        return earlier or new
    if new.last_used is None or new.last_used > earlier.last_used:
        return new
    return earlier


def _consumer_order(consumer: Consumer) -> tuple[int, int, str, str]:
    """Those that lose data first; then by their weightiest kind of use; then by name."""
    return (
        0 if consumer.lost else 1,
        _KIND_ORDER[consumer.kinds[0]],
        consumer.consumer.casefold(),
        (consumer.product or "").casefold(),
    )


def _duties(leaving: Sequence[Leaving]) -> tuple[Duty, ...]:
    """The provisions naming leaving fields, in the order first met."""
    named: dict[str, list[Leaving]] = {}
    for item in leaving:
        provision = item.item.field.mandated_by
        if provision:
            named.setdefault(provision, []).append(item)
    return tuple(Duty(provision, tuple(items)) for provision, items in named.items())
