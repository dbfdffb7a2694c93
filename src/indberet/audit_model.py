"""Results of an audit: plain frozen dataclasses, the contract between engine and renderers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import field
from typing import Any, Literal, overload

from indberet.diagnostics import Diagnostic
from indberet.i18n import Joined, Text
from indberet.model import Field, RequirementSet, Use
from indberet.records import record

Verdict = Literal["KEEP", "REMOVE", "DERIVE", "MERGE", "REVIEW"]
VERDICTS: tuple[Verdict, ...] = ("KEEP", "REVIEW", "MERGE", "DERIVE", "REMOVE")
# Verdicts that take a field off the form a caseworker fills in.
REMOVING: frozenset[Verdict] = frozenset({"REMOVE", "DERIVE", "MERGE"})


@record
class Range:
    """A figure that may be uncertain: low and high end (equal when certain)."""

    low: float
    high: float

    def __add__(self, other: Range) -> Range:
        return Range(self.low + other.low, self.high + other.high)

    def scaled(self, factor: float) -> Range:
        """This range times ``factor``."""
        return Range(self.low * factor, self.high * factor)

    @property
    def exact(self) -> bool:
        """Whether low and high are the same."""
        return self.low == self.high

    @property
    def mid(self) -> float:
        """The middle of the range."""
        return (self.low + self.high) / 2


ZERO = Range(0.0, 0.0)


@record
class Burden:
    """Standard Cost Model burden per year: hours and DKK, each a range."""

    hours: Range = ZERO
    dkk: Range = ZERO

    def __add__(self, other: Burden) -> Burden:
        return Burden(self.hours + other.hours, self.dkk + other.dkk)


NO_BURDEN = Burden()


def total_burden(burdens: Iterable[Burden]) -> Burden:
    """The sum of ``burdens``: the same figures as adding them up one by one, faster."""
    hours_low = hours_high = dkk_low = dkk_high = 0.0
    for burden in burdens:
        hours, dkk = burden.hours, burden.dkk
        hours_low += hours.low
        hours_high += hours.high
        dkk_low += dkk.low
        dkk_high += dkk.high
    return Burden(Range(hours_low, hours_high), Range(dkk_low, dkk_high))


@record
class RuleResult:
    """One rule applied to one field: its inputs, threshold, whether it fired, and why.

    ``proposal`` is the verdict the rule argues for when it fired; ``reason`` is one
    sentence naming the evidence, for people.
    """

    code: str
    fired: bool
    inputs: Mapping[str, Any]
    reason: Text
    proposal: Verdict | None = None
    threshold: float | None = None


class Results(Sequence[RuleResult]):
    """The results of the rules on one field, in the rules' order, most made only when asked.

    Most rules do not fire on most fields, and only what fired decides the verdict and
    goes into the JSON and the reports; the results of the others (their inputs and
    reasons, for ``indberet explain``) are made when first asked for, by
    ``make(evidence)``, and then kept. ``given`` holds the results made at once: every
    rule that fired, and any result changed since (:func:`replaced`), which stand in for
    the made ones of the same rule. Equal to a tuple of the same results.
    """

    __slots__ = ("_every", "_evidence", "_make", "given")

    def __init__(
        self,
        given: tuple[RuleResult, ...],
        make: Callable[[Any], Sequence[RuleResult]],
        evidence: Any,
    ) -> None:
        self.given = given
        self._make = make
        self._evidence = evidence
        self._every: tuple[RuleResult, ...] | None = None

    def every(self) -> tuple[RuleResult, ...]:
        """Every result, in the rules' order (made the first time)."""
        every = self._every
        if every is None:
            made = self._make(self._evidence)
            given = {r.code: r for r in self.given}
            every = self._every = tuple(given.get(r.code, r) for r in made)
        return every

    @overload
    def __getitem__(self, index: int) -> RuleResult: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[RuleResult, ...]: ...
    def __getitem__(self, index: int | slice) -> RuleResult | tuple[RuleResult, ...]:
        return self.every()[index]

    def __len__(self) -> int:
        return len(self.every())

    def __iter__(self) -> Iterator[RuleResult]:
        return iter(self.every())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Results | tuple):
            return self.every() == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.every())

    def __repr__(self) -> str:
        return f"Results{self.every()!r}"


def fired_results(results: Sequence[RuleResult]) -> tuple[RuleResult, ...]:
    """The results of the rules that fired, in order (of :class:`Results` without making
    the others)."""
    return tuple([r for r in _made(results) if r.fired])


def _made(results: Sequence[RuleResult]) -> Sequence[RuleResult]:
    """``results`` as made so far: of :class:`Results`, the ones given (every rule that
    fired is among them)."""
    return results.given if isinstance(results, Results) else results


def result_of(results: Sequence[RuleResult], code: str) -> RuleResult | None:
    """The result of rule ``code``, if it ran (of :class:`Results`: one given, when it is)."""
    if isinstance(results, Results):
        found = next((r for r in results.given if r.code == code), None)
        if found is not None:
            return found
    return next((r for r in results if r.code == code), None)


def replaced(
    results: Sequence[RuleResult], old: RuleResult, new: RuleResult
) -> Sequence[RuleResult]:
    """``results`` with ``new`` in the place of ``old`` (of :class:`Results`: still made
    when asked for, ``new`` among those given)."""
    if isinstance(results, Results):
        if any(r is old for r in results.given):
            given = tuple(new if r is old else r for r in results.given)
        else:  # in the rules' order, which is that of their codes
            given = tuple(sorted((*results.given, new), key=lambda r: r.code))
        return Results(given, results._make, results._evidence)
    return tuple(new if r is old else r for r in results)


@record
class Group:
    """Fields that ask the same question (near-duplicates, joined link by link): one
    stays, the others merge into it. One object is shared by all its members."""

    id: str  # "G" and a number, in the order of the catalogue's fields
    size: int  # how many fields
    sets: int  # in how many requirement sets they stand
    kept: str  # qualified id of the member that stays (the others merge into it)
    members: tuple[str, ...] = field(default=(), compare=False, hash=False, repr=False)
    # ^ qualified ids, strongest first (usage, then listed first)


@record
class FieldAudit:
    """The audit of one field."""

    field: Field
    usage: float
    duplication: float
    burden: Burden
    verdict: Verdict
    reason: Joined
    results: Sequence[RuleResult]  # a tuple, or :class:`Results`
    twin: str | None = None  # qualified id of the field to merge with
    # Share of the burden that stays if the verdict is followed: 0 for a field that leaves,
    # 1 - share for one derived from sources that cover only a share of the cases, 1 else.
    remaining: float = 1.0
    # For a field named by law: what to propose for the next revision of that provision,
    # when it differs from the verdict (the law must change first).
    revision: Verdict | None = None
    # Every use the rules saw: the field's used_by and those of the usage logs.
    uses: tuple[Use, ...] = ()
    group: Group | None = None  # the near-duplicates it is one of, if any

    @property
    def fired(self) -> tuple[RuleResult, ...]:
        """The rules that fired."""
        return fired_results(self.results)

    @property
    def codes(self) -> tuple[str, ...]:
        """Codes of the rules that fired."""
        return tuple([r.code for r in _made(self.results) if r.fired])


@record
class Reduction:
    """Before and after, by count and by burden."""

    fields_before: int
    fields_after: int
    burden_before: Burden
    burden_after: Burden
    verdicts: Mapping[str, int] = field(default_factory=dict)

    @property
    def fields_removed(self) -> int:
        """How many fields leave the form."""
        return self.fields_before - self.fields_after

    @property
    def count_share(self) -> float:
        """Share of fields removed, 0-1."""
        return self.fields_removed / self.fields_before if self.fields_before else 0.0

    @property
    def burden_share(self) -> float:
        """Share of hours saved, 0-1 (midpoints of the ranges)."""
        before = self.burden_before.hours.mid
        return (before - self.burden_after.hours.mid) / before if before else 0.0


@record
class SetAudit:
    """The audit of one requirement set."""

    requirement_set: RequirementSet
    fields: tuple[FieldAudit, ...]
    reduction: Reduction
    tariff_dkk: float


@record
class AuditReport:
    """Everything an audit found: per field, per set, overall; and the assumptions used."""

    as_of: dt.date
    profile: str
    tariff_dkk: float
    sets: tuple[SetAudit, ...]
    total: Reduction
    files: tuple[str, ...] = ()
    usage_log: str | None = None
    warnings: tuple[Diagnostic, ...] = ()

    def field(self, qualified_id: str) -> FieldAudit | None:
        """The audit of ``set.field``."""
        for set_audit in self.sets:
            for item in set_audit.fields:
                if item.field.qualified_id == qualified_id:
                    return item
        return None


def remaining_share(item: Field, verdict: Verdict, results: Sequence[RuleResult]) -> float:
    """The share of the field's burden that stays if its verdict is followed.

    Nothing of a field that leaves, except one derived from sources that cover only a
    share of the cases (and from no register that holds it): it is still asked for the rest.
    """
    if verdict not in REMOVING:
        return 1.0
    if verdict != "DERIVE" or item.registered_in or not item.derivable_shares:
        return 0.0
    if any(r.code == "IND103" for r in fired_results(results)):
        return 0.0
    return max(0.0, 1.0 - item.derivable_share())
