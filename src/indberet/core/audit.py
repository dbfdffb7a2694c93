"""The audit: catalogue + profile (+ usage log) -> scores, verdicts and reductions.

load -> validate -> model -> **score -> recommend** -> render. Pure: nothing is printed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import operator
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from indberet.audit_model import (
    AuditReport,
    Burden,
    FieldAudit,
    Group,
    Range,
    Reduction,
    Results,
    RuleResult,
    SetAudit,
    remaining_share,
    total_burden,
)
from indberet.core import grouping, pairing, resolve, rules, scoring, similarity
from indberet.core.profile import Profile
from indberet.core.recommend import recommend
from indberet.core.rules import Evidence, Twin, ind105_near_duplicate
from indberet.diagnostics import Diagnostic
from indberet.i18n import Joined, text
from indberet.model import Catalogue, Field, Register, RequirementSet, Use

Progress = Callable[[int], None]


# A search of prepared candidates: given some measures, the pairs that reach the
# threshold on one of them (each scored on all three), as similarity.near_duplicates finds
# them with ``measures``.
PairSearch = Callable[[Sequence[str]], list[similarity.Pair]]
# Prepares the search of some candidates at a threshold (similarity.searcher); the CLI's
# remembers the pairs in its cache.
Searcher = Callable[[Sequence[similarity.Candidate], float], PairSearch]
# Starts finding the pairs and returns what gives them once needed: the CLI's may work on
# another processor while the fields are decided here.
PairFinder = Callable[[Sequence[similarity.Candidate], float], Callable[[], list[similarity.Pair]]]


def find_now(searcher: Searcher = similarity.searcher) -> PairFinder:
    """A :data:`PairFinder` that finds the pairs here, when they are asked for."""

    def start(
        items: Sequence[similarity.Candidate], threshold: float
    ) -> Callable[[], list[similarity.Pair]]:
        search = searcher(items, threshold)
        return lambda: search(similarity.MEASURES)

    return start


def audit(
    catalogue: Catalogue,
    profile: Profile,
    as_of: dt.date,
    *,
    extra_uses: Mapping[tuple[str, str], Sequence[Use]] | None = None,
    usage_log: str | None = None,
    warnings: Sequence[Diagnostic] = (),
    progress: Progress | None = None,
    pair_finder: PairFinder | None = None,
) -> AuditReport:
    """Score every field, recommend a verdict for each, and sum up the reductions.

    Near-duplicates come from ``pair_finder`` (default: :func:`find_now`, which runs
    :func:`similarity.near_duplicates` here). They are asked for only after every field
    has been decided as if it had no twins; the fields that have some are decided again.
    """
    finder = pair_finder or find_now()
    pending = start_twins(catalogue, profile, finder)  # first: it may work elsewhere
    extra = extra_uses or {}
    uses = {
        f.qualified_id: (*f.used_by, *extra[s.id, f.id]) if (s.id, f.id) in extra else f.used_by
        for s in catalogue.sets
        for f in s.fields
    }
    score = scoring.usage_scorer(as_of, profile)
    usage = {key: score(items) for key, items in uses.items()}
    registers = {r.id: r for r in catalogue.registers}
    researched = {s.id: _researched(s, uses) for s in catalogue.sets}
    identifiers = pending.identifiers
    enabled = _enabled_rules(profile)
    first = [rule for rule in enabled if not _needs_twins(rule)]
    then = [rule for rule in enabled if _needs_twins(rule)]
    merge = _in_order([*first, *then], enabled)
    # Most fields: only the results of the rules that fire are made here, the others
    # when asked for (audit_model.Results); a field with exemptions gets them all now.
    every_fires, then_fires = _tested(enabled, profile), _tested(then, profile)
    later = {rule.CODE for rule in then}
    every = _Every(tuple(rule.CODE for rule in enabled), profile)

    # While the pairs are being found: every field decided as if it had no twins, which
    # is final for every field that turns out to have none (most of them).
    evidence: list[Evidence] = []
    found: list[Sequence[RuleResult]] = []
    decided: list[FieldAudit] = []
    tariffs = [scoring.tariff(s, profile) for s in catalogue.sets]
    for requirement_set, dkk_per_hour in zip(catalogue.sets, tariffs, strict=True):
        for item in requirement_set.fields:
            key = item.qualified_id
            # by position: field, uses, usage, duplication, registers, twins, as_of,
            # researched, identifier (keywords cost a third of making it)
            alone = Evidence(
                item,
                uses[key],
                usage[key],
                scoring.duplication_score(item, 0.0, profile),
                _registers(item.registered_in, registers),
                (),
                as_of,
                researched[requirement_set.id]
                if item.uses_researched is None
                else item.uses_researched,
                key in identifiers,
            )
            burden = scoring.field_burden(item, requirement_set, dkk_per_hour)
            if item.exemptions:
                early: Sequence[RuleResult] = _run(first, alone, profile)
                ready = tuple(merge([*early, *_run(then, alone, profile)]))
                decided.append(_decide(item, alone, ready, ready, burden))
            else:
                early = given = tuple(_fired(every_fires, alone, profile))
                results = Results(given, every, alone)
                decided.append(_decide(item, alone, given, results, burden))
            evidence.append(alone)
            found.append(early)
        if progress is not None:
            progress(len(requirement_set.fields))
    twins, groups = pending.twins(usage)
    del pending  # the search's candidates and traits: not needed from here on

    per_set: list[list[FieldAudit]] = []
    at = 0
    for requirement_set in catalogue.sets:
        audits = []
        for item in requirement_set.fields:
            key = item.qualified_id
            twins_of = twins[key]
            if twins_of:
                strongest = max(t.score for t in twins_of)
                known = _with_twins(
                    evidence[at], scoring.duplication_score(item, strongest, profile), twins_of
                )
                # The burden does not depend on twins: the first decision's is reused.
                burden = decided[at].burden
                if item.exemptions:
                    ready = tuple(merge([*found[at], *_run(then, known, profile)]))
                    audits.append(_decide(item, known, ready, ready, burden, groups.get(key)))
                else:
                    # what the rules that need no twins found stands
                    early = [r for r in found[at] if r.code not in later]
                    given = _ordered(early, _fired(then_fires, known, profile))
                    results = Results(given, every, known)
                    audits.append(_decide(item, known, given, results, burden, groups.get(key)))
            elif key in groups:
                audits.append(dataclasses.replace(decided[at], group=groups[key]))
            else:
                audits.append(decided[at])
            at += 1
        per_set.append(audits)
    settled = [
        _rank_for_revision(requirement_set, audits)
        for requirement_set, audits in zip(
            catalogue.sets, resolve.resolve(catalogue, per_set), strict=True
        )
    ]
    set_audits = [
        SetAudit(requirement_set, tuple(audits), reduction(audits), dkk_per_hour)
        for requirement_set, audits, dkk_per_hour in zip(
            catalogue.sets, settled, tariffs, strict=True
        )
    ]
    return AuditReport(
        as_of=as_of,
        profile=profile.name,
        tariff_dkk=profile.tariff_dkk,
        sets=tuple(set_audits),
        total=reduction(a for s in set_audits for a in s.fields),
        files=catalogue.files,
        usage_log=usage_log,
        warnings=tuple(warnings),
    )


def audit_field(
    item: Field,
    requirement_set: RequirementSet,
    evidence: Evidence,
    profile: Profile,
    dkk_per_hour: float,
    enabled_rules: Sequence[rules.Rule] | None = None,
) -> FieldAudit:
    """Run every enabled rule on one field and decide its verdict.

    A rule that an unexpired exemption of the field names does not fire; its result says
    so and keeps what it found under ``inputs["exempted"]``.
    """
    enabled = _enabled_rules(profile) if enabled_rules is None else enabled_rules
    results = tuple(_run(enabled, evidence, profile))
    burden = scoring.field_burden(item, requirement_set, dkk_per_hour)
    return _decide(item, evidence, results, results, burden)


def _run(chosen: Sequence[rules.Rule], evidence: Evidence, profile: Profile) -> list[RuleResult]:
    """The results of the ``chosen`` rules, with the field's exemptions applied."""
    item, as_of = evidence.field, evidence.as_of
    if not item.exemptions:  # most fields
        return [rule.evaluate(evidence, profile) for rule in chosen]
    return [_exempt(rule.evaluate(evidence, profile), item, as_of) for rule in chosen]


class _Every:
    """Makes every result of the ``codes`` rules on a field's evidence (for
    :class:`Results`); plain data, so that an audit can be pickled."""

    __slots__ = ("codes", "profile")

    def __init__(self, codes: tuple[str, ...], profile: Profile) -> None:
        self.codes = codes
        self.profile = profile

    def __call__(self, evidence: Evidence) -> list[RuleResult]:
        return _run([rules.BY_CODE[code] for code in self.codes], evidence, self.profile)


# A rule with the quick test of whether it fires (its ``fires(profile)``), or None.
_Tested = tuple[rules.Rule, rules.Fires | None]


def _tested(chosen: Sequence[rules.Rule], profile: Profile) -> list[_Tested]:
    """The rules with their quick tests, for :func:`_fired`."""
    found: list[_Tested] = []
    for rule in chosen:
        fires = getattr(rule, "fires", None)
        found.append((rule, None if fires is None else fires(profile)))
    return found


def _fired(chosen: Sequence[_Tested], evidence: Evidence, profile: Profile) -> list[RuleResult]:
    """The results of the ``chosen`` rules that fire (for a field without exemptions), and
    of those that have no quick test of whether they fire."""
    return [
        rule.evaluate(evidence, profile)
        for rule, fires in chosen
        if fires is None or fires(evidence)
    ]


_CODE = operator.attrgetter("code")


def _ordered(early: Sequence[RuleResult], late: list[RuleResult]) -> tuple[RuleResult, ...]:
    """The results of both, in the rules' order (that of their codes)."""
    if not late:
        return tuple(early)
    return tuple(sorted([*early, *late], key=_CODE))


def _in_order(
    given: Sequence[rules.Rule], wanted: Sequence[rules.Rule]
) -> Callable[[list[RuleResult]], list[RuleResult]]:
    """A function that puts results of the rules ``given`` into the order ``wanted``."""
    where = [given.index(rule) for rule in wanted]
    if where == list(range(len(given))):
        return lambda results: results
    return lambda results: [results[index] for index in where]


def _needs_twins(rule: rules.Rule) -> bool:
    return bool(getattr(rule, "NEEDS_TWINS", False))


def _decide(
    item: Field,
    evidence: Evidence,
    given: tuple[RuleResult, ...],
    results: Sequence[RuleResult],
    burden: Burden,
    group: Group | None = None,
) -> FieldAudit:
    """The verdict and reason of a field from the results ``given`` (every rule that
    fired among them), with its ``results`` (all, or :class:`Results`) and ``burden``."""
    verdict, reason, revision = recommend(given, evidence.usage)
    twin = None
    if verdict == "MERGE":
        twin = next((t.qualified_id for t in evidence.twins if t.this_is_weaker), None)
    return FieldAudit(  # by position, as FieldAudit declares them: made for every field
        item,
        evidence.usage,
        evidence.duplication,
        burden,
        verdict,
        reason,
        results,
        twin,
        remaining_share(item, verdict, given),
        revision,
        evidence.uses,
        group,
    )


def _with_twins(evidence: Evidence, duplication: float, twins: tuple[Twin, ...]) -> Evidence:
    """``evidence`` with its duplication score and twins: ``dataclasses.replace``, built
    directly (it is made for every field with twins, tens of thousands in a dense
    catalogue, and ``replace`` looks up the class's fields each time)."""
    return Evidence(  # by position, as Evidence declares them
        evidence.field,
        evidence.uses,
        evidence.usage,
        duplication,
        evidence.registers,
        twins,
        evidence.as_of,
        evidence.researched,
        evidence.identifier,
    )


def _enabled_rules(profile: Profile) -> list[rules.Rule]:
    return [rule for rule in rules.RULES if profile.rule_enabled(rule.CODE)]


def _exempt(result: RuleResult, item: Field, as_of: dt.date) -> RuleResult:
    """The result, or, when it fired and an exemption holds on ``as_of``, one that did not."""
    if not result.fired or not item.exemptions:
        return result
    exemption = next(
        (e for e in item.exemptions if e.rule == result.code and as_of <= e.expires), None
    )
    if exemption is None:
        return result
    exempted = {
        "reason": exemption.reason,
        "owner": exemption.owner,
        "expires": exemption.expires.isoformat(),
        "proposal": result.proposal,
    }
    reason = text(
        "exemption.applied",
        finding=result.reason,
        reason=exemption.reason,
        owner=exemption.owner,
        expires=exemption.expires.isoformat(),
    )
    return RuleResult(
        result.code, False, {**result.inputs, "exempted": exempted}, reason, None, result.threshold
    )


def reduction(audits: Iterable[FieldAudit]) -> Reduction:
    """Fields and burden before and after removing what the verdicts remove."""
    # One pass, adding up in the order of the fields (as total_burden would).
    count = kept = 0
    before = [0.0, 0.0, 0.0, 0.0]  # hours low, high; DKK low, high
    after = [0.0, 0.0, 0.0, 0.0]
    counts: dict[str, int] = {}
    for item in audits:
        count += 1
        verdict = item.verdict
        counts[verdict] = counts.get(verdict, 0) + 1
        hours, dkk = item.burden.hours, item.burden.dkk
        before[0] += hours.low
        before[1] += hours.high
        before[2] += dkk.low
        before[3] += dkk.high
        share = item.remaining
        if share > 0:
            kept += 1
            if share != 1.0:
                hours, dkk = hours.scaled(share), dkk.scaled(share)
            after[0] += hours.low
            after[1] += hours.high
            after[2] += dkk.low
            after[3] += dkk.high
    return Reduction(count, kept, _burden(before), _burden(after), dict(sorted(counts.items())))


def _burden(sums: list[float]) -> Burden:
    return Burden(Range(sums[0], sums[1]), Range(sums[2], sums[3]))


@dataclass(frozen=True)
class PendingTwins:
    """The near-duplicate search under way, and the fields that are identifiers."""

    twins: Callable[[Mapping[str, float]], grouping.Groups]
    identifiers: frozenset[str]


def start_twins(catalogue: Catalogue, profile: Profile, finder: PairFinder) -> PendingTwins:
    """Start finding near-duplicates; ``twins`` of the result gives every field's twins
    and the groups of near-duplicates (:mod:`indberet.core.grouping`).

    Twins say which side should merge; that needs the usage scores, which ``twins``
    takes. Only fields that may be the same question are twins
    (:mod:`indberet.core.pairing`): identifiers never are.
    """
    fields = [f for s in catalogue.sets for f in s.fields]
    compared = pairing.candidates(catalogue.sets, profile.language)
    identifiers = compared.identifiers
    code = ind105_near_duplicate.CODE
    if not profile.rule_enabled(code):
        return PendingTwins(lambda usage: ({f.qualified_id: () for f in fields}, {}), identifiers)
    threshold = profile.rule_param(code, "similarity", 0.75)
    pending = finder(compared.items, threshold)
    return PendingTwins(
        lambda usage: grouping.groups(
            fields, compared.same_question(pending()), usage, compared, threshold
        ),
        identifiers,
    )


def _rank_for_revision(
    requirement_set: RequirementSet, audits: list[FieldAudit]
) -> list[FieldAudit]:
    """Where the law names every field of a set, its REVIEW fields ranked for the next
    revision of that law: least usage first, then most hours a year.

    Named by law, they cannot leave before the law changes; the rank says which to propose
    first, instead of an undifferentiated list of REVIEW.
    """
    if not audits or not all(a.field.mandated_by for a in audits):
        return audits
    review = [a for a in audits if a.verdict == "REVIEW"]
    ranked = sorted(review, key=lambda a: (a.usage, -a.burden.hours.mid))
    rank = {id(a): n for n, a in enumerate(ranked, start=1)}
    count = len(ranked)
    return [
        dataclasses.replace(
            a,
            reason=Joined(
                (*a.reason.parts, text("verdict.revision_rank", rank=rank[id(a)], of=count))
            ),
        )
        if id(a) in rank
        else a
        for a in audits
    ]


def _researched(requirement_set: RequirementSet, uses: Mapping[str, Sequence[Use]]) -> bool:
    """Whether the uses of the set's fields were looked for: as the set says, else whether
    any of its fields records a use (in the file or a usage log)."""
    if requirement_set.uses_researched is not None:
        return requirement_set.uses_researched
    return any(uses[f.qualified_id] for f in requirement_set.fields)


def _registers(ids: Sequence[str], known: Mapping[str, Register]) -> tuple[Register, ...]:
    if not ids:  # most fields
        return ()
    return tuple(known[i] for i in ids if i in known)


def as_burden(items: Iterable[FieldAudit]) -> Burden:
    """Total burden of some audited fields."""
    return total_burden(a.burden for a in items)
