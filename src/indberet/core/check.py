"""``indberet check``: policy for changes to requirement definitions, for CI.

load -> audit (both sides) -> **compare -> policy -> new? baseline? exempt? -> gate** -> render.
Pure: nothing is printed, nothing is read from disk or git here.

Policy codes (severity: the default; the profile's ``check.severity`` may change it or
turn a check ``off``; ``exempt``: whether a field's ``exemptions`` can name it):

=======  ==================  ========  ======  =============================================
code     name                severity  exempt  fires when
=======  ==================  ========  ======  =============================================
IND201   no-consumer         error     yes     a new or changed field names no consumer: no
                                               ``used_by`` and no row in a usage log
IND202   no-legal-basis      error     yes     a new or changed field has no legal basis:
                                               no ``mandated_by`` of its own and (with
                                               ``check.legal_basis: field-or-set``, the
                                               default) no ``legal_basis`` on its set
IND203   held-by-register    error     yes     a new field is held by a register
                                               (``registered_in``, or ``derivable_from``
                                               names a register)
IND204   near-duplicate      error     yes     a new field near-duplicates another field
                                               (similarity >= ``check.similarity``,
                                               default: IND105's)
IND205   mandated-removed    error     no      a field that names its law (``mandated_by``
                                               in the base) is removed
IND206   burden-budget       error     no      the change adds more hours a year than the
                                               budget allows, after offsetting removals
IND207   exemption-expired   error     no      an exemption's ``expires`` date has passed
IND208   exemption-unused    warning   no      an unexpired exemption suppresses nothing
IND209   baseline-stale      warning   no      a baseline entry matches no finding any more
=======  ==================  ========  ======  =============================================

Audit verdicts other than KEEP are findings too, under the code of the rule that decided
the verdict (the rules that propose one; :func:`indberet.core.rules.deciding_codes`) and
at the severity ``check.audit_findings`` (default
``note``, so they inform but do not fail).

Which fields are checked: without a base every field counts as new (the whole catalogue
is checked; accept what is there with a baseline). With a base, IND201 and IND202 look at
the fields added or changed (IND202 also at every field of a set whose ``legal_basis``
changed), IND203 and IND204 at the fields added; IND205 and IND206 compare the two sides.

New or existing: a finding is *new* when the base, checked on its own with the same
profile and date, does not have it (same fingerprint). IND207 is always new: an expiry is
a deadline, not a legacy. Without a base every finding is new.

The gate: a finding fails the run when its severity is at least ``fail_on`` (profile
``check.fail_on``, or ``--fail-on``), it is new (or ``--all`` is given), it is not in the
baseline, and no unexpired exemption covers it.

Burden budget (IND206): for each field, the change in its yearly hours (midpoints of the
ranges; removed fields count fully as removed, added ones as added; a set's changed
volume changes every field of it). ``added`` sums the increases, ``removed`` the
decreases. The change passes while ``(added - burden_budget_hours) x offset_ratio <=
removed``: one-in-one-out with ratio 1, one-in-two-out with ratio 2.

Burden delta: the audit's burden totals (hours and DKK, as ranges) of the new side minus
those of the old, end by end (low minus low, high minus high).

Fingerprints: ``set.field:CODE``; IND206 is ``*:CODE``; IND207 and IND208 add the
exempted code (``set.field:IND207:IND102``) and IND209 the stale fingerprint.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final, Literal, cast

from indberet.audit_model import AuditReport, Burden, FieldAudit, Range, SetAudit
from indberet.core import grouping, money, pairing, rules, similarity
from indberet.core.audit import PairFinder, audit, find_now, reduction
from indberet.core.baseline import Baseline, BaselineEntry
from indberet.core.pairing import Words
from indberet.core.profile import Profile, default_words
from indberet.diagnostics import Diagnostic, Location
from indberet.i18n import Num, Text, text
from indberet.model import Catalogue, Exemption, Field, RequirementSet, Use

Severity = Literal["error", "warning", "note"]
SEVERITIES: Final[tuple[Severity, ...]] = ("error", "warning", "note")
SEVERITY_RANK: Final[Mapping[str, int]] = {"note": 1, "warning": 2, "error": 3}
ChangeKind = Literal["added", "removed", "changed"]


@dataclass(frozen=True)
class PolicyCode:
    """One policy check: its code, name, default severity and whether it can be exempted."""

    code: str
    name: str
    severity: Severity
    exemptable: bool


POLICY_CODES: Final[tuple[PolicyCode, ...]] = (
    PolicyCode("IND201", "no-consumer", "error", True),
    PolicyCode("IND202", "no-legal-basis", "error", True),
    PolicyCode("IND203", "held-by-register", "error", True),
    PolicyCode("IND204", "near-duplicate", "error", True),
    PolicyCode("IND205", "mandated-removed", "error", False),
    PolicyCode("IND206", "burden-budget", "error", False),
    PolicyCode("IND207", "exemption-expired", "error", False),
    PolicyCode("IND208", "exemption-unused", "warning", False),
    PolicyCode("IND209", "baseline-stale", "warning", False),
)
BY_CODE: Final[Mapping[str, PolicyCode]] = {item.code: item for item in POLICY_CODES}
EXEMPTABLE: Final = frozenset(item.code for item in POLICY_CODES if item.exemptable)
ALWAYS_NEW: Final = frozenset({"IND207"})
# The audit rules whose firing decides a verdict other than KEEP, in the precedence of
# indberet.core.recommend: the first of them that fired names the audit finding.
AUDIT_PRECEDENCE: Final = rules.deciding_codes()
# The codes messages name, as the rule modules declare them (every rule can be exempted).
_MERGING: Final = frozenset(rule.CODE for rule in rules.RULES if rule.PROPOSES[0] == "MERGE")
RULE_LISTS: Final[Mapping[str, str]] = {
    "audit_rules": rules.code_span(AUDIT_PRECEDENCE),
    "exemptable_rules": rules.code_span([rule.CODE for rule in rules.RULES]),
}
_EPSILON: Final = 1e-9


@dataclass(frozen=True)
class Policy:
    """The ``check:`` section of a profile, with defaults filled in."""

    fail_on: Severity = "error"
    legal_basis: Literal["field-or-set", "field"] = "field-or-set"
    similarity: float = similarity.DEFAULT_THRESHOLD
    burden_budget_hours: float = 0.0
    offset_ratio: float = 1.0
    audit_findings: Severity | None = "note"
    severities: Mapping[str, Severity | None] = field(default_factory=dict)
    words: Words | None = field(default=None, compare=False)  # the profile's language data

    @classmethod
    def from_profile(cls, profile: Profile) -> Policy:
        """The policy a (schema-validated) profile sets."""
        data = profile.check
        audit_level = data.get("audit_findings", "note")
        return cls(
            fail_on=data.get("fail_on", "error"),
            legal_basis=data.get("legal_basis", "field-or-set"),
            similarity=float(
                data.get(
                    "similarity",
                    profile.rule_param("IND105", "similarity", similarity.DEFAULT_THRESHOLD),
                )
            ),
            burden_budget_hours=float(data.get("burden_budget_hours", 0.0)),
            offset_ratio=float(data.get("offset_ratio", 1.0)),
            audit_findings=None if audit_level == "off" else audit_level,
            severities={
                code: None if level == "off" else cast(Severity, level)
                for code, level in data.get("severity", {}).items()
            },
            words=profile.language,
        )

    def severity(self, code: str) -> Severity | None:
        """The severity of findings with ``code``; None when the check is off."""
        if code in BY_CODE:
            return self.severities.get(code, BY_CODE[code].severity)
        return self.audit_findings


@dataclass(frozen=True)
class Finding:
    """One thing the check found, where, how bad, and what the gate made of it."""

    code: str
    severity: Severity
    key: str  # message key; the words come late, in the language asked for
    params: Mapping[str, Any] = field(compare=False, hash=False)
    fingerprint: str
    location: Location | None = None
    set_id: str | None = None
    field_id: str | None = None
    in_base: bool = False  # the location is in the base (a removed field)
    hint: Text | None = field(default=None, compare=False, hash=False)
    new: bool = True
    baselined: bool = False
    exemption: Exemption | None = None
    fails: bool = False

    @property
    def message(self) -> Text:
        """The message, to be rendered."""
        return Text(self.key, self.params)

    @property
    def qualified_id(self) -> str | None:
        """``set.field`` when the finding is about a field."""
        if self.set_id and self.field_id:
            return f"{self.set_id}.{self.field_id}"
        return None

    def sort_key(self) -> tuple[str, int, int, str, str]:
        """By place, then code."""
        loc = self.location or Location("")
        return (loc.path, loc.line, loc.column, self.code, self.fingerprint)

    @property
    def status(self) -> str:
        """One word for what the gate made of it: fails, exempted, baselined, existing, new."""
        if self.fails:
            return "fails"
        if self.exemption is not None:
            return "exempted"
        if self.baselined:
            return "baselined"
        return "new" if self.new else "existing"


@dataclass(frozen=True)
class FieldChange:
    """A field added, removed or changed between the base and the new side."""

    kind: ChangeKind
    set_id: str
    field_id: str
    name: str
    location: Location | None  # where it is now; for a removed field, where it was
    before: Burden
    after: Burden
    attributes: tuple[str, ...] = ()  # for a changed field: what changed
    currency: str = money.DEFAULT_CURRENCY  # of the money of ``after`` (removed: ``before``)
    old_currency: str = money.DEFAULT_CURRENCY  # of the money of ``before``

    @property
    def qualified_id(self) -> str:
        """``set.field``."""
        return f"{self.set_id}.{self.field_id}"

    @property
    def delta(self) -> Burden:
        """After minus before (the money only means something in one currency)."""
        return minus(self.after, self.before)

    @property
    def money_change(self) -> dict[str, Range]:
        """The money the change concerns, per currency: the field's own if added or
        removed, else after minus before (both ends, when its set changed currency)."""
        if self.kind == "added":
            return {self.currency: self.after.dkk}
        if self.kind == "removed":
            return {self.old_currency: self.before.dkk}
        return money_moved(self.before, self.after, self.old_currency, self.currency)


def money_moved(before: Burden, after: Burden, then: str, now: str) -> dict[str, Range]:
    """After minus before per currency: ``then`` is the currency of ``before``'s money,
    ``now`` the one of ``after``'s (different when the set changed currency)."""
    if then == now:
        return {now: minus(after, before).dkk}
    return money.minus({now: after.dkk}, {then: before.dkk})


@dataclass(frozen=True)
class SetChange:
    """A requirement set added, removed, or with changed attributes (not its fields)."""

    kind: ChangeKind
    set_id: str
    attributes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Comparison:
    """What changed between two catalogues, and what it costs."""

    base: str  # the ref or folder compared against
    commit: str | None
    fields: tuple[FieldChange, ...]
    sets: tuple[SetChange, ...]
    before: Burden  # burden total of the base
    after: Burden  # burden total of the new side
    added_hours: float  # sum of the increases in yearly hours (midpoints)
    removed_hours: float  # sum of the decreases
    added_dkk: float
    removed_dkk: float
    # Money per currency (the totals above add currencies up when the sets have several).
    before_money: Mapping[str, Range] = field(default_factory=dict)
    after_money: Mapping[str, Range] = field(default_factory=dict)
    added_money: Mapping[str, float] = field(default_factory=dict)
    removed_money: Mapping[str, float] = field(default_factory=dict)

    @property
    def delta(self) -> Burden:
        """New minus old burden totals, as ranges (low minus low, high minus high)."""
        return minus(self.after, self.before)

    @property
    def delta_money(self) -> dict[str, Range]:
        """New minus old money, per currency."""
        return money.minus(self.after_money, self.before_money)

    @property
    def currency(self) -> str | None:
        """The one currency of both sides; None when they have several between them."""
        found = set(self.before_money) | set(self.after_money)
        if not found:
            return money.DEFAULT_CURRENCY
        return next(iter(found)) if len(found) == 1 else None

    def of_kind(self, kind: ChangeKind) -> tuple[FieldChange, ...]:
        """The field changes of one kind."""
        return tuple(change for change in self.fields if change.kind == kind)

    @property
    def empty(self) -> bool:
        """Whether nothing changed."""
        return not self.fields and not self.sets


@dataclass(frozen=True)
class CheckResult:
    """Everything ``indberet check`` decided."""

    findings: tuple[Finding, ...]
    report: AuditReport
    policy: Policy
    fail_on: Severity
    all_findings: bool = False
    comparison: Comparison | None = None
    baseline: str | None = None
    stale: tuple[BaselineEntry, ...] = ()

    @property
    def failed(self) -> bool:
        """Whether the run fails the gate (exit 1)."""
        return any(f.fails for f in self.findings)

    @property
    def failing(self) -> tuple[Finding, ...]:
        """The findings that fail the gate."""
        return tuple(f for f in self.findings if f.fails)

    def count(self, status: str) -> int:
        """How many findings have ``status``."""
        return sum(1 for f in self.findings if f.status == status)


def minus(after: Burden, before: Burden) -> Burden:
    """``after - before`` end by end."""
    return Burden(
        Range(after.hours.low - before.hours.low, after.hours.high - before.hours.high),
        Range(after.dkk.low - before.dkk.low, after.dkk.high - before.dkk.high),
    )


def fingerprint(subject: str, code: str, detail: str | None = None) -> str:
    """``SUBJECT:CODE[:DETAIL]``: what a finding is about, independent of lines and order."""
    return f"{subject}:{code}" + (f":{detail}" if detail else "")


# --- the whole run ------------------------------------------------------------------------


def run_check(
    catalogue: Catalogue,
    profile: Profile,
    as_of: dt.date,
    *,
    base: Catalogue | None = None,
    base_label: str | None = None,
    base_commit: str | None = None,
    extra_uses: Mapping[tuple[str, str], Sequence[Use]] | None = None,
    baseline: Baseline | None = None,
    fail_on: Severity | None = None,
    all_findings: bool = False,
    usage_log: str | None = None,
    warnings: Sequence[Diagnostic] = (),
    pair_finder: PairFinder | None = None,
    reuse: bool = True,
) -> CheckResult:
    """Audit both sides, compare them, apply the policy and decide what fails.

    With a base, what the base's audit would say of the sets the change leaves alone is
    taken from the new side's audit, and only the rest of the base is audited
    (:func:`_base_from_head`), when nothing joins the two parts: no near-duplicate link
    (on either side), no ``derivable_from`` across them, the same registers and the same
    order of the sets left alone. Otherwise (or with ``reuse=False``) the base is audited
    in full, first: once its findings' fingerprints are known, only what the comparison
    reads of its audit is kept (:func:`burdens_only`), so the two full audits are never in
    memory together. Both ways give the same findings and comparison.
    """
    policy = Policy.from_profile(profile)
    extra = extra_uses or {}
    finder = pair_finder or find_now()
    plan = _Reuse.plan(base, catalogue, policy) if reuse and base is not None else None
    base_report: AuditReport | None = None
    base_fingerprints: frozenset[str] | None = None
    if base is not None and plan is None:
        base_fingerprints, base_report = _base_in_full(base, profile, as_of, extra, finder)
    head_finder = plan.recording(finder) if plan is not None else finder
    report = audit(
        catalogue,
        profile,
        as_of,
        extra_uses=extra,
        usage_log=usage_log,
        warnings=warnings,
        pair_finder=head_finder,
    )
    state = catalogue_findings(catalogue, report, policy, extra, head_finder)
    if base is not None and plan is not None:
        reused = plan.base_side(base, catalogue, report, state, profile, as_of, extra, finder)
        if reused is None:
            reused = _base_in_full(base, profile, as_of, extra, finder)
        base_fingerprints, base_report = reused
    comparison: Comparison | None = None
    reported = list(state)
    if base is not None:
        assert base_report is not None
        comparison = compare(base_report, report, base_label or "", base_commit)
        reported = _on_changed(state, comparison, base, catalogue)
        reported += change_findings(comparison, base_report, policy)
    stale: tuple[BaselineEntry, ...] = ()
    if baseline is not None:
        current = {f.fingerprint for f in state} | {f.fingerprint for f in reported}
        stale = tuple(e for e in baseline.entries if e.fingerprint not in current)
        reported += stale_findings(stale, baseline, policy)
    chosen = fail_on or policy.fail_on
    gated = [_gate(f, base_fingerprints, baseline, chosen, all_findings) for f in _unique(reported)]
    return CheckResult(
        findings=tuple(sorted(gated, key=Finding.sort_key)),
        report=report,
        policy=policy,
        fail_on=chosen,
        all_findings=all_findings,
        comparison=comparison,
        baseline=baseline.path if baseline else None,
        stale=stale,
    )


def _base_in_full(
    base: Catalogue,
    profile: Profile,
    as_of: dt.date,
    extra: Mapping[tuple[str, str], Sequence[Use]],
    finder: PairFinder,
) -> tuple[frozenset[str], AuditReport]:
    """The fingerprints of the base's findings and what the comparison reads of its audit."""
    policy = Policy.from_profile(profile)
    full = audit(base, profile, as_of, extra_uses=extra, pair_finder=finder)
    found = frozenset(f.fingerprint for f in catalogue_findings(base, full, policy, extra, finder))
    return found, burdens_only(full)


# A base may take the new side's findings for the fields the change leaves alone when it
# has at most this many fields that differ from the new side's (each is compared with
# every field of the new side), and the sets the change reaches hold at most this share
# of it.
_MAX_CHANGED_CANDIDATES: Final = 32
_MAX_REACHED_SHARE: Final = 0.5


class _Reuse:
    """What a check needs to take the base's findings from the new side's audit.

    The audit of a field depends on other fields only through near-duplicate links (its
    twins, its group, the verdicts :mod:`indberet.core.resolve` settles in a group),
    ``derivable_from`` (a source that stays), ``asked_when`` (a question that stays),
    the registers, its set (whether its uses were looked for), and the order of the
    catalogue (the strongest of equals is the one listed first). So when some fields have
    none of those links with the rest, their audit is the same in any catalogue that
    holds them, their sets whole and in the same order.

    The fields of the sets that differ (``changed``) are grown by every field a link joins
    them to, on the new side (the links the searches of its audit found: they join what
    all pairs join) and on the base (its fields in changed sets that the new side does not
    have as they are, each compared with every field of the new side outside them). The
    base's findings of those fields come from an audit of their sets alone; those of every
    other field are the new side's.
    """

    def __init__(self, changed: set[str], fresh: list[similarity.Candidate]) -> None:
        self.changed = changed
        self.fresh = fresh  # base candidates of changed sets the new side lacks
        self.links: dict[str, set[str]] = {}
        self.thresholds: set[float] = set()

    @classmethod
    def plan(cls, base: Catalogue, head: Catalogue, policy: Policy) -> _Reuse | None:
        """The plan for ``base``, or None when the base is better audited in full."""
        if base.registers != head.registers:
            return None
        before = {s.id: s for s in base.sets}
        after = {s.id: s for s in head.sets}
        changed = {
            key
            for key in before.keys() | after.keys()
            if key not in before
            or key not in after
            or (before[key] is not after[key] and before[key] != after[key])
        }
        if _order(base, changed) != _order(head, changed):
            return None
        words = policy.words or default_words()
        theirs = pairing.candidates([before[k] for k in sorted(changed) if k in before], words)
        ours = pairing.candidates([after[k] for k in sorted(changed) if k in after], words)
        known = set(ours.items)
        fresh = [c for c in theirs.items if c not in known]
        if len(fresh) > _MAX_CHANGED_CANDIDATES:
            return None
        return cls(changed, fresh)

    def recording(self, finder: PairFinder) -> PairFinder:
        """``finder``, noting the links it finds (and those the base's changed fields
        would have with the fields searched)."""

        def start(
            items: Sequence[similarity.Candidate], threshold: float
        ) -> Callable[[], list[similarity.Pair]]:
            pending = finder(items, threshold)  # first: it may work on another processor
            self._fresh_links(items, threshold)

            def pairs() -> list[similarity.Pair]:
                found = pending()
                for pair in found:
                    self._join(pair.first, pair.second)
                self.thresholds.add(threshold)
                return found

            return pairs

        return start

    def _join(self, first: str, second: str) -> None:
        if first != second:
            self.links.setdefault(first, set()).add(second)
            self.links.setdefault(second, set()).add(first)

    def _fresh_links(self, items: Sequence[similarity.Candidate], threshold: float) -> None:
        """Link the base's changed fields the new side lacks to the fields of the new side
        (outside the changed sets) they reach ``threshold`` with."""
        if not self.fresh:
            return
        fresh = [dataclasses.replace(c, key="\0" + c.key) for c in self.fresh]
        others = [c for c in items if c.group not in self.changed]
        scores = similarity.Scores([*fresh, *others])
        for other in others:
            for item in fresh:
                if scores.pair(other.key, item.key).score >= threshold:
                    self._join(item.key[1:], other.key)

    def reached(self, base: Catalogue, head: Catalogue) -> set[str]:
        """The fields of the changed sets and every field links join them to."""
        for side in (base, head):
            for requirement_set in side.sets:
                for item in requirement_set.fields:
                    for source in item.derivable_from:
                        qualified = source if "." in source else f"{item.set_id}.{source}"
                        self._join(item.qualified_id, qualified)
                    if item.asked_when is not None:
                        gate = f"{item.set_id}.{item.asked_when.field}"
                        self._join(item.qualified_id, gate)
        reached = {
            f.qualified_id
            for side in (base, head)
            for s in side.sets
            if s.id in self.changed
            for f in s.fields
        }
        todo = list(reached)
        while todo:
            for other in self.links.get(todo.pop(), ()):
                if other not in reached:
                    reached.add(other)
                    todo.append(other)
        return reached

    def base_side(
        self,
        base: Catalogue,
        head: Catalogue,
        report: AuditReport,
        state: Sequence[Finding],
        profile: Profile,
        as_of: dt.date,
        extra: Mapping[tuple[str, str], Sequence[Use]],
        finder: PairFinder,
    ) -> tuple[frozenset[str], AuditReport] | None:
        """The base's fingerprints and burdens (as :func:`_base_in_full` gives them), those
        of the fields the change does not reach taken from the new side; None when that
        cannot be done."""
        if not self.thresholds:
            return None  # nothing was searched: the links are not known
        reached = self.reached(base, head)
        part = Catalogue(
            tuple(s for s in base.sets if any(f.qualified_id in reached for f in s.fields)),
            base.registers,
        )
        if part.field_count > _MAX_REACHED_SHARE * base.field_count:
            return None
        searched: set[float] = set()

        def noting(
            items: Sequence[similarity.Candidate], threshold: float
        ) -> Callable[[], list[similarity.Pair]]:
            searched.add(threshold)
            return finder(items, threshold)

        policy = Policy.from_profile(profile)
        audited = audit(part, profile, as_of, extra_uses=extra, pair_finder=noting)
        own = catalogue_findings(part, audited, policy, extra, noting)
        if not searched <= self.thresholds:
            return None  # the part was searched at a threshold the new side was not
        found = frozenset(
            {f.fingerprint for f in state if f.qualified_id not in reached}
            | {f.fingerprint for f in own if f.qualified_id in reached}
        )
        return found, _burdens(base, report, burdens_only(audited), reached)


def _burdens(
    base: Catalogue, head: AuditReport, part: AuditReport, reached: set[str]
) -> AuditReport:
    """The base's audit as :func:`burdens_only` gives it: the fields ``reached`` from the
    audit of their sets (``part``), the others from the new side's audit ``head``."""
    theirs = {s.requirement_set.id: s for s in part.sets}
    ours = {s.requirement_set.id: s for s in head.sets}
    sets: list[SetAudit] = []
    for requirement_set in base.sets:
        found = theirs.get(requirement_set.id)
        if found is None:
            sets.append(ours[requirement_set.id])
            continue
        same = (
            {a.field.qualified_id: a for a in ours[requirement_set.id].fields}
            if (requirement_set.id in ours)
            else {}
        )
        fields = tuple(
            a if a.field.qualified_id in reached else same[a.field.qualified_id]
            for a in found.fields
        )
        sets.append(dataclasses.replace(found, fields=fields, reduction=reduction(fields)))
    return dataclasses.replace(
        head,
        sets=tuple(sets),
        total=reduction(a for s in sets for a in s.fields),
        files=base.files,
        usage_log=None,
        warnings=(),
    )


def _order(catalogue: Catalogue, left_out: set[str]) -> list[str]:
    return [s.id for s in catalogue.sets if s.id not in left_out]


def burdens_only(report: AuditReport) -> AuditReport:
    """The audit without its rule results and uses: what :func:`compare` and
    :func:`change_findings` read of the base (fields, burdens, sets, totals)."""
    return dataclasses.replace(
        report,
        sets=tuple(
            dataclasses.replace(
                set_audit,
                fields=tuple(
                    dataclasses.replace(item, results=(), uses=()) for item in set_audit.fields
                ),
            )
            for set_audit in report.sets
        ),
    )


def _unique(findings: Iterable[Finding]) -> list[Finding]:
    seen: set[str] = set()
    kept: list[Finding] = []
    for item in findings:
        if item.fingerprint not in seen:
            seen.add(item.fingerprint)
            kept.append(item)
    return kept


def _gate(
    item: Finding,
    base: frozenset[str] | None,
    baseline: Baseline | None,
    fail_on: Severity,
    all_findings: bool,
) -> Finding:
    new = base is None or item.code in ALWAYS_NEW or item.fingerprint not in base
    baselined = baseline is not None and item.fingerprint in baseline.fingerprints
    fails = (
        SEVERITY_RANK[item.severity] >= SEVERITY_RANK[fail_on]
        and (new or all_findings)
        and not baselined
        and item.exemption is None
    )
    return dataclasses.replace(item, new=new, baselined=baselined, fails=fails)


def baseline_entries(result: CheckResult) -> list[BaselineEntry]:
    """The findings of a run as baseline entries (exempted ones and stale entries left out)."""
    return [
        BaselineEntry(f.fingerprint, f.code, f.set_id, f.field_id)
        for f in result.findings
        if f.exemption is None and f.code != "IND209"
    ]


# --- findings of one catalogue, every field counted as new -------------------------------


def catalogue_findings(
    catalogue: Catalogue,
    report: AuditReport,
    policy: Policy,
    extra_uses: Mapping[tuple[str, str], Sequence[Use]],
    pair_finder: PairFinder | None = None,
) -> list[Finding]:
    """Every finding of ``catalogue`` on its own: policy on all fields, audit, exemptions.
    ``pair_finder``: the near-duplicate search, when the policy's threshold is not the
    audit's."""
    register_ids = {r.id for r in catalogue.registers}
    registers = {r.id: r.name for r in catalogue.registers}
    words = policy.words or default_words()
    twins = _twins(catalogue, report, policy.similarity, words, pair_finder)
    audits = {a.field.qualified_id: a for s in report.sets for a in s.fields}
    found: list[Finding] = []
    for requirement_set in catalogue.sets:
        for item in requirement_set.fields:
            raw = _field_policy(
                item,
                requirement_set,
                policy,
                extra_uses.get((requirement_set.id, item.id), ()),
                register_ids,
                registers,
                twins.get(item.qualified_id, ()),
            )
            exempted, used = _apply_exemptions(raw, item, report.as_of)
            found.extend(exempted)
            field_audit = audits[item.qualified_id]
            audit_finding = _audit_finding(field_audit, policy)
            if audit_finding is not None:
                found.append(audit_finding)
            found.extend(_exemption_findings(item, field_audit, used, report.as_of, policy))
    return [f for f in found if f.severity is not None]


def _finding(
    code: str,
    policy: Policy,
    key: str,
    item: Field,
    location: Location | None = None,
    detail: str | None = None,
    **params: Any,
) -> Finding | None:
    severity = policy.severity(code)
    if severity is None:
        return None
    hint_key = key + ".hint"
    return Finding(
        code=code,
        severity=severity,
        key=key,
        params={"field": item.qualified_id, **params},
        fingerprint=fingerprint(item.qualified_id, code, detail),
        location=location or item.location,
        set_id=item.set_id,
        field_id=item.id,
        hint=Text(hint_key, {"field": item.qualified_id, **params}),
    )


def _field_policy(
    item: Field,
    requirement_set: RequirementSet,
    policy: Policy,
    extra: Sequence[Use],
    register_ids: set[str],
    registers: Mapping[str, str],
    twins: Sequence[tuple[str, float, str]],
) -> list[Finding]:
    """IND201-IND204 for one field, as if it were new."""
    found: list[Finding | None] = []
    if not item.used_by and not extra:
        found.append(_finding("IND201", policy, "check.IND201", item))
    has_basis = bool(item.mandated_by) or (
        policy.legal_basis == "field-or-set" and bool(requirement_set.legal_basis)
    )
    if not has_basis:
        key = "check.IND202.field" if policy.legal_basis == "field" else "check.IND202"
        found.append(_finding("IND202", policy, key, item, set=requirement_set.id))
    held = [*item.registered_in, *(s for s in item.derivable_from if s in register_ids)]
    if held:
        names = ", ".join(dict.fromkeys(registers.get(r, r) for r in held))
        found.append(_finding("IND203", policy, "check.IND203", item, registers=names))
    if twins:
        twin, score, basis = twins[0]
        found.append(
            _finding(
                "IND204",
                policy,
                "check.IND204",
                item,
                twin=twin,
                score=Num(score),
                basis=text("basis." + basis),
            )
        )
    return [f for f in found if f is not None]


def _apply_exemptions(
    found: list[Finding], item: Field, as_of: dt.date
) -> tuple[list[Finding], set[str]]:
    """Mark findings an unexpired exemption covers; return them and the codes exempted."""
    active = {e.rule: e for e in item.exemptions if as_of <= e.expires}
    used: set[str] = set()
    marked: list[Finding] = []
    for finding in found:
        exemption = active.get(finding.code) if finding.code in EXEMPTABLE else None
        if exemption is not None:
            used.add(finding.code)
            finding = dataclasses.replace(finding, exemption=exemption)
        marked.append(finding)
    return marked, used


def _audit_finding(item: FieldAudit, policy: Policy) -> Finding | None:
    """The audit verdict as a finding, under the code of the rule that decided it."""
    if item.verdict == "KEEP" or policy.audit_findings is None:
        return None
    fired = set(item.codes)
    mandated = "IND107" in fired  # a field named by law never merges (recommend)
    code = next(
        (c for c in AUDIT_PRECEDENCE if c in fired and not (c in _MERGING and mandated)),
        item.codes[0] if item.codes else AUDIT_PRECEDENCE[-1],
    )
    return _finding(
        code,
        policy,
        "check.audit",
        item.field,
        verdict=text("verdict." + item.verdict),
        reason=item.reason,
    )


def _exemption_findings(
    item: Field, field_audit: FieldAudit, used: set[str], as_of: dt.date, policy: Policy
) -> list[Finding]:
    """IND207 for expired exemptions, IND208 for those that suppress nothing."""
    suppressed = used | {r.code for r in field_audit.results if "exempted" in r.inputs}
    found: list[Finding | None] = []
    for exemption in item.exemptions:
        params: dict[str, Any] = {
            "rule": exemption.rule,
            "owner": exemption.owner,
            "expires": exemption.expires.isoformat(),
            "reason": exemption.reason,
        }
        if as_of > exemption.expires:
            found.append(
                _finding(
                    "IND207",
                    policy,
                    "check.IND207",
                    item,
                    exemption.location,
                    exemption.rule,
                    **params,
                )
            )
        elif exemption.rule not in suppressed:
            found.append(
                _finding(
                    "IND208",
                    policy,
                    "check.IND208",
                    item,
                    exemption.location,
                    exemption.rule,
                    **params,
                    **RULE_LISTS,
                )
            )
    return [f for f in found if f is not None]


def _twins(
    catalogue: Catalogue,
    report: AuditReport,
    threshold: float,
    policy_words: Words,
    pair_finder: PairFinder | None = None,
) -> dict[str, tuple[tuple[str, float, str], ...]]:
    """Near-duplicates: the audit's (IND105) when it used the same threshold, else our own
    (:func:`near_duplicates`, found with ``pair_finder``)."""
    found: dict[str, tuple[tuple[str, float, str], ...]] = {}
    for set_audit in report.sets:
        for item in set_audit.fields:
            result = next((r for r in item.results if r.code == "IND105"), None)
            if result is None or result.threshold is None or result.threshold != threshold:
                return near_duplicates(catalogue, report, threshold, policy_words, pair_finder)
            found[item.field.qualified_id] = tuple(
                (twin["field"], float(twin["similarity"]), str(twin["basis"]))
                for twin in result.inputs.get("twins", ())
            )
    return found


def near_duplicates(
    catalogue: Catalogue,
    report: AuditReport,
    threshold: float,
    words: Words,
    pair_finder: PairFinder | None = None,
) -> dict[str, tuple[tuple[str, float, str], ...]]:
    """Each field's twins (twin, score, basis) at ``threshold``, as the audit finds them at
    its own (IND105's) threshold: links from the indexed search (``pair_finder``, default
    :func:`indberet.core.audit.find_now`), only fields that may be the same question
    (:mod:`indberet.core.pairing`; never identifiers), made into groups
    (:mod:`indberet.core.grouping`, the usage scores of ``report``): a handful of twins a
    field, its merge target first. Work grows with the fields, not with a group's square."""
    compared = pairing.candidates(catalogue.sets, words)
    pairs = (pair_finder or find_now())(compared.items, threshold)()
    usage = {a.field.qualified_id: a.usage for s in report.sets for a in s.fields}
    fields = [f for s in catalogue.sets for f in s.fields]
    twins, _ = grouping.groups(fields, compared.same_question(pairs), usage, compared, threshold)
    return {
        key: tuple((t.qualified_id, round(t.score, 4), t.basis) for t in found)
        for key, found in twins.items()
        if found
    }


# --- comparing two catalogues ----------------------------------------------------------------

_COMPARED_SET_ATTRIBUTES: Final = (
    "name",
    "description",
    "receiver",
    "legal_basis",
    "reporters",
    "reports_per_year",
    "tariff_dkk",
)


def compare(
    old: AuditReport, new: AuditReport, label: str, commit: str | None = None
) -> Comparison:
    """Fields and sets added, removed and changed, and the burden they move."""
    old_fields = {a.field.qualified_id: a for s in old.sets for a in s.fields}
    new_fields = {a.field.qualified_id: a for s in new.sets for a in s.fields}
    old_currency, new_currency = money.currency_by_set(old), money.currency_by_set(new)
    changes: list[FieldChange] = []
    added_hours = removed_hours = added_dkk = removed_dkk = 0.0
    added_money: dict[str, float] = {}
    removed_money: dict[str, float] = {}
    for key in sorted(old_fields.keys() | new_fields.keys()):
        before_audit, after_audit = old_fields.get(key), new_fields.get(key)
        if before_audit is after_audit and before_audit is not None:
            # one audit on both sides (see _Reuse): nothing moves, in one currency
            set_id = before_audit.field.set_id
            then = old_currency.get(set_id, money.DEFAULT_CURRENCY)
            if new_currency.get(set_id, then) == then:
                added_money.setdefault(then, 0.0)
                removed_money.setdefault(then, 0.0)
                continue
        before = before_audit.burden if before_audit else Burden()
        after = after_audit.burden if after_audit else Burden()
        hours = after.hours.mid - before.hours.mid
        dkk = after.dkk.mid - before.dkk.mid
        added_hours += max(0.0, hours)
        removed_hours += max(0.0, -hours)
        added_dkk += max(0.0, dkk)
        removed_dkk += max(0.0, -dkk)
        set_id = (after_audit or before_audit).field.set_id  # type: ignore[union-attr]
        then = old_currency.get(set_id, new_currency.get(set_id, money.DEFAULT_CURRENCY))
        now = new_currency.get(set_id, then)
        for code, value in money_moved(before, after, then, now).items():
            added_money[code] = added_money.get(code, 0.0) + max(0.0, value.mid)
            removed_money[code] = removed_money.get(code, 0.0) + max(0.0, -value.mid)
        change = _field_change(before_audit, after_audit, before, after)
        if change is not None:
            changes.append(dataclasses.replace(change, currency=now, old_currency=then))
    return Comparison(
        base=label,
        commit=commit,
        fields=tuple(changes),
        sets=tuple(_set_changes(old, new)),
        before=old.total.burden_before,
        after=new.total.burden_before,
        added_hours=added_hours,
        removed_hours=removed_hours,
        added_dkk=added_dkk,
        removed_dkk=removed_dkk,
        before_money=money.before(old),
        after_money=money.before(new),
        added_money=dict(sorted(added_money.items())),
        removed_money=dict(sorted(removed_money.items())),
    )


def _field_change(
    old: FieldAudit | None, new: FieldAudit | None, before: Burden, after: Burden
) -> FieldChange | None:
    if new is not None and old is None:
        item = new.field
        return FieldChange("added", item.set_id, item.id, item.name, item.location, before, after)
    if old is not None and new is None:
        item = old.field
        return FieldChange("removed", item.set_id, item.id, item.name, item.location, before, after)
    assert old is not None and new is not None
    if old.field == new.field:
        return None
    attributes = tuple(
        f.name
        for f in dataclasses.fields(Field)
        if f.compare and getattr(old.field, f.name) != getattr(new.field, f.name)
    )
    item = new.field
    return FieldChange(
        "changed", item.set_id, item.id, item.name, item.location, before, after, attributes
    )


def _set_changes(old: AuditReport, new: AuditReport) -> list[SetChange]:
    before = {s.requirement_set.id: s.requirement_set for s in old.sets}
    after = {s.requirement_set.id: s.requirement_set for s in new.sets}
    changes: list[SetChange] = []
    for key in sorted(before.keys() | after.keys()):
        if key not in before:
            changes.append(SetChange("added", key))
        elif key not in after:
            changes.append(SetChange("removed", key))
        else:
            differing = tuple(
                name
                for name in _COMPARED_SET_ATTRIBUTES
                if getattr(before[key], name) != getattr(after[key], name)
            )
            if differing:
                changes.append(SetChange("changed", key, differing))
    return changes


def _on_changed(
    state: list[Finding], comparison: Comparison, base: Catalogue, new: Catalogue
) -> list[Finding]:
    """The findings of the new side that a change with a base reports."""
    added = {c.qualified_id for c in comparison.of_kind("added")}
    changed = {c.qualified_id for c in comparison.of_kind("changed")}
    old_basis = {s.id: s.legal_basis for s in base.sets}
    basis_changed = {
        s.id for s in new.sets if s.id in old_basis and old_basis[s.id] != s.legal_basis
    }
    kept: list[Finding] = []
    for finding in state:
        key = finding.qualified_id
        if finding.code in ("IND201", "IND202"):
            on_change = key in added or key in changed
            if finding.code == "IND202" and finding.set_id in basis_changed:
                on_change = True
            if not on_change:
                continue
        elif finding.code in ("IND203", "IND204") and key not in added:
            continue
        kept.append(finding)
    return kept


def change_findings(comparison: Comparison, base: AuditReport, policy: Policy) -> list[Finding]:
    """IND205 (a field named by law removed) and IND206 (burden budget exceeded)."""
    found: list[Finding | None] = []
    old_fields = {a.field.qualified_id: a.field for s in base.sets for a in s.fields}
    for change in comparison.of_kind("removed"):
        item = old_fields[change.qualified_id]
        if item.mandated_by:
            finding = _finding("IND205", policy, "check.IND205", item, law=item.mandated_by)
            found.append(dataclasses.replace(finding, in_base=True) if finding else None)
    found.append(_budget_finding(comparison, policy))
    return [f for f in found if f is not None]


def _added_money(comparison: Comparison) -> Mapping[str, float]:
    """The money the change adds a year, per currency (one currency: the plain total)."""
    single = comparison.currency
    if single is not None:
        return {single: comparison.added_dkk}
    return comparison.added_money


def _budget_finding(comparison: Comparison, policy: Policy) -> Finding | None:
    severity = policy.severity("IND206")
    budget = policy.burden_budget_hours
    ratio = policy.offset_ratio
    over = comparison.added_hours - budget
    needed = over * ratio
    if severity is None or over <= _EPSILON or needed - comparison.removed_hours <= _EPSILON:
        return None
    growing = [c for c in comparison.fields if c.kind != "removed" and c.delta.hours.mid > 0]
    biggest = max(growing, key=lambda c: c.delta.hours.mid, default=None)
    params: dict[str, Any] = {
        "added": Num(comparison.added_hours, 0),
        "added_dkk": money.amounts(_added_money(comparison)),
        "removed": Num(comparison.removed_hours, 0),
        "budget": Num(budget, 0),
        "ratio": Num(ratio, 1),
        "missing": Num(needed - comparison.removed_hours, 0),
    }
    return Finding(
        code="IND206",
        severity=severity,
        key="check.IND206",
        params=params,
        fingerprint=fingerprint("*", "IND206"),
        location=biggest.location if biggest else None,
        set_id=biggest.set_id if biggest else None,
        field_id=biggest.field_id if biggest else None,
        hint=Text("check.IND206.hint", params),
    )


def stale_findings(
    stale: Sequence[BaselineEntry], baseline: Baseline, policy: Policy
) -> list[Finding]:
    """IND209 for each baseline entry that matches nothing."""
    severity = policy.severity("IND209")
    if severity is None:
        return []
    return [
        Finding(
            code="IND209",
            severity=severity,
            key="check.IND209",
            params={"fingerprint": entry.fingerprint, "baseline": baseline.path},
            fingerprint=fingerprint("*", "IND209", entry.fingerprint),
            location=Location(baseline.path, entry.line, 1 if entry.line else 0),
            set_id=entry.set_id,
            field_id=entry.field_id,
            hint=Text("check.IND209.hint", {"baseline": baseline.path}),
        )
        for entry in stale
    ]
