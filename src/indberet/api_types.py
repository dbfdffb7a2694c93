"""The results of the Python API (:mod:`indberet.api`), its one exception and its observer.

Every result is immutable and holds the engine's model of what was found (``report``,
``plan``, ``outcome``) with the language its words are written in; its properties give
the figures and words a reader wants, and ``to_dict()`` the JSON document the command
line writes for it, exactly (read back with :func:`json.loads`).

The engine is imported inside the methods: importing this module is cheap.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import FrozenInstanceError
from typing import TYPE_CHECKING, Any, Final, Literal

if TYPE_CHECKING:
    from indberet.audit_model import AuditReport, FieldAudit, Range, Reduction, SetAudit
    from indberet.core.check import CheckResult as EngineCheckResult
    from indberet.core.check import Finding as EngineFinding
    from indberet.core.impact import Impact
    from indberet.core.plan import Plan, Step, Target
    from indberet.diagnostics import Diagnostic as EngineDiagnostic
    from indberet.history_model import History, Point
    from indberet.model import Catalogue, LoadResult

ErrorKind = Literal[
    "definitions",
    "usage_log",
    "profile",
    "base",
    "git",
    "baseline",
    "target",
    "argument",
    "spreadsheet",
]
Stage = Literal["reading", "scoring"]

_SHOWN = 20  # diagnostics listed in the text of an IndberetError


class _Frozen:
    """A value whose attributes are set once, when it is made.

    Plain slotted classes rather than frozen dataclasses: making a dataclass costs about
    half a millisecond, and every command imports these.
    """

    __slots__ = ()

    def __setattr__(self, name: str, value: object) -> None:
        if hasattr(self, name):
            raise FrozenInstanceError(f"cannot assign to field {name!r}")
        object.__setattr__(self, name, value)

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {name!r}")


class Diagnostic(_Frozen):
    """One located problem in an input: ``file:line:column: CODE message``.

    ``severity`` is ``"input"`` (the file could not be read at all), ``"error"`` (it is
    invalid) or ``"warning"``; line and column are 1-based, 0 when unknown. ``source`` is
    the engine's diagnostic (message key and parameters): ``Diagnostic(d.source, "da")``
    says the same in Danish.
    """

    __slots__ = ("lang", "source")

    def __init__(self, source: EngineDiagnostic, lang: str = "en") -> None:
        self.source: Final = source
        self.lang: Final = lang

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Diagnostic):
            return NotImplemented
        return (self.source, self.lang) == (other.source, other.lang)

    def __hash__(self) -> int:
        return hash((self.source, self.lang))

    @property
    def file(self) -> str:
        return self.source.location.path

    @property
    def line(self) -> int:
        return self.source.location.line

    @property
    def column(self) -> int:
        return self.source.location.column

    @property
    def code(self) -> str:
        return self.source.code

    @property
    def severity(self) -> str:
        return self.source.severity.value

    @property
    def message(self) -> str:
        from indberet.i18n import message

        return message(self.source.key, self.lang, **self.source.params)

    @property
    def hint(self) -> str | None:
        """What to do about it, when there is something to say."""
        from indberet.i18n import render

        hint = self.source.hint_text()
        return render(hint, self.lang) if hint is not None else None

    def to_dict(self) -> dict[str, Any]:
        """As in the ``diagnostics`` of ``indberet validate --format json``."""
        from indberet.render.jsonfmt import diagnostic_object

        return diagnostic_object(self.source, self.lang)

    def __str__(self) -> str:
        return f"{self.source.location}: {self.code} {self.message}"

    def __repr__(self) -> str:
        return (
            f"Diagnostic(file={self.file!r}, line={self.line}, column={self.column}, "
            f"code={self.code!r}, severity={self.severity!r}, message={self.message!r})"
        )


class IndberetError(Exception):
    """An input the API cannot use: the one exception its functions raise on purpose.

    ``kind`` says which input: ``definitions`` (the requirement definitions could not be
    read or are invalid), ``usage_log``, ``profile``, ``base`` (the definitions at the git
    revision compared with are invalid), ``git`` (git could not read the revision),
    ``baseline``, ``target`` (a plan's target), or ``argument`` (another argument: a date,
    a language, a format, no paths). ``diagnostics`` are the located problems, when the
    input is a file (``file``, ``line``, ``column``, ``code``, ``message``);
    ``message`` says what is wrong as a whole, ``hint`` what to do when there is more to
    say. ``key`` and ``params`` are the message's key and parameters (stable, for
    programs), ``hint_key`` the hint's.
    """

    def __init__(
        self,
        kind: ErrorKind,
        key: str,
        params: Mapping[str, Any] | None = None,
        diagnostics: Sequence[EngineDiagnostic] = (),
        *,
        lang: str = "en",
        hint: str | None = None,
    ) -> None:
        self.kind: ErrorKind = kind
        self.key = key
        self.params: dict[str, Any] = dict(params or {})
        self.hint_key = hint
        self.lang = lang
        self.sources: tuple[EngineDiagnostic, ...] = tuple(diagnostics)
        super().__init__(key)

    @property
    def diagnostics(self) -> tuple[Diagnostic, ...]:
        """The located problems (none for a problem without a place)."""
        return tuple(Diagnostic(d, self.lang) for d in self.sources)

    @property
    def message(self) -> str:
        from indberet.i18n import message

        return message(self.key, self.lang, **self.params)

    @property
    def hint(self) -> str | None:
        from indberet.i18n import message

        return message(self.hint_key, self.lang, **self.params) if self.hint_key else None

    def __str__(self) -> str:
        lines = [self.message]
        lines.extend(f"  {d}" for d in self.diagnostics[:_SHOWN])
        if len(self.sources) > _SHOWN:
            lines.append(f"  ... (+{len(self.sources) - _SHOWN})")
        if self.hint:
            lines.append(self.hint)
        return "\n".join(lines)


class Observer:
    """What a long call tells as it goes; every method here does nothing.

    Give one as ``observer=`` to show progress or warnings while the work is done (the
    command line's progress bar and its warnings on standard error are one). Everything
    told is also in the result.
    """

    def start(self, stage: Stage, total: int | None) -> None:
        """A stage begins: ``reading`` the files, or ``scoring`` ``total`` fields."""

    def advance(self, stage: Stage, done: int, total: int) -> None:
        """``done`` of ``total`` files read, or fields scored."""

    def finish(self, stage: Stage) -> None:
        """The stage is over (also when it failed)."""

    def warnings(self, diagnostics: tuple[Diagnostic, ...]) -> None:
        """The warnings of the reading and of the usage logs, once known: before the
        fields are scored."""

    def note(self, text: str) -> None:
        """A note on what was read, e.g. a git revision without commits."""


def _document(text: str | bytes) -> dict[str, Any]:
    import json

    document: dict[str, Any] = json.loads(text)
    return document


# --- validate ---------------------------------------------------------------------------


class ValidationResult(_Frozen):
    """What :func:`indberet.validate` found: every problem in every file.

    ``valid``: no diagnostic at all (as ``"valid"`` in the JSON). ``has_errors``: some
    definition is invalid or some file could not be read (the command exits 1, or 2 when
    ``has_input_errors``); warnings alone are notes.
    """

    __slots__ = ("catalogue", "files", "lang", "notes", "sources")

    def __init__(
        self,
        catalogue: Catalogue | None,
        sources: tuple[EngineDiagnostic, ...],
        files: tuple[str, ...],
        notes: tuple[str, ...] = (),
        lang: str = "en",
    ) -> None:
        self.catalogue: Final = catalogue
        self.sources: Final = sources
        self.files: Final = files
        self.notes: Final = notes  # one for each usage log read, with its rows
        self.lang: Final = lang

    @property
    def valid(self) -> bool:
        return not self.sources

    @property
    def has_errors(self) -> bool:
        return self.load_result().has_errors

    @property
    def has_input_errors(self) -> bool:
        return self.load_result().has_input_errors

    @property
    def diagnostics(self) -> tuple[Diagnostic, ...]:
        return tuple(Diagnostic(d, self.lang) for d in self.sources)

    @property
    def sets(self) -> int | None:
        """Requirement sets read (None when the definitions cannot be loaded)."""
        return len(self.catalogue.sets) if self.catalogue is not None else None

    @property
    def fields(self) -> int | None:
        return self.catalogue.field_count if self.catalogue is not None else None

    @property
    def registers(self) -> int | None:
        return len(self.catalogue.registers) if self.catalogue is not None else None

    def load_result(self) -> LoadResult:
        """The engine's load result (a new copy), as its renderers take it."""
        from indberet.model import LoadResult

        return LoadResult(self.catalogue, list(self.sources), list(self.files))

    def to_dict(self) -> dict[str, Any]:
        """``indberet validate --format json``, read back."""
        from indberet.render import jsonfmt

        return _document(jsonfmt.validation(self.load_result(), self.lang))

    def __repr__(self) -> str:
        return (
            f"ValidationResult(valid={self.valid}, files={len(self.files)}, "
            f"problems={len(self.sources)})"
        )


# --- audit ------------------------------------------------------------------------------


class FieldVerdict(_Frozen):
    """The audit of one field: its verdict, the reason, and the figures behind it."""

    __slots__ = ("audit", "currency", "lang")

    def __init__(self, audit: FieldAudit, currency: str, lang: str = "en") -> None:
        self.audit: Final = audit  # the engine's
        self.currency: Final = currency
        self.lang: Final = lang

    @property
    def qualified_id(self) -> str:
        """``set.field``."""
        return self.audit.field.qualified_id

    @property
    def id(self) -> str:
        return self.audit.field.id

    @property
    def set_id(self) -> str:
        return self.audit.field.set_id

    @property
    def name(self) -> str:
        return self.audit.field.name

    @property
    def verdict(self) -> str:
        """KEEP, REMOVE, DERIVE, MERGE or REVIEW."""
        return self.audit.verdict

    @property
    def reason(self) -> str:
        """Why, in one sentence naming the evidence."""
        from indberet.render import common

        return common.reason(self.audit, self.lang)

    @property
    def rules(self) -> tuple[str, ...]:
        """The codes of the rules that fired."""
        return self.audit.codes

    @property
    def twin(self) -> str | None:
        """For MERGE: the field (``set.field``) it merges into."""
        return self.audit.twin

    @property
    def usage(self) -> float:
        """0-1."""
        return self.audit.usage

    @property
    def duplication(self) -> float:
        """0-1."""
        return self.audit.duplication

    @property
    def hours(self) -> Range:
        """Hours a year it takes to fill in (``low``, ``high``, ``mid``)."""
        return self.audit.burden.hours

    @property
    def money(self) -> Range:
        """What those hours cost a year, in ``currency``."""
        return self.audit.burden.dkk

    @property
    def location(self) -> str | None:
        """``file:line:column`` of its definition."""
        where = self.audit.field.location
        return str(where) if where else None

    def to_dict(self) -> dict[str, Any]:
        """As in the ``fields`` of ``indberet audit --format json``."""
        from indberet.render import jsontext
        from indberet.render.jsonfmt import field_object

        return _document(jsontext.dumps_utf8(field_object(self.audit, self.lang)))

    def __repr__(self) -> str:
        return f"FieldVerdict({self.qualified_id!r}, verdict={self.verdict!r})"


class SetVerdicts(_Frozen):
    """The audit of one requirement set: its fields and its reduction."""

    __slots__ = ("audit", "lang")

    def __init__(self, audit: SetAudit, lang: str = "en") -> None:
        self.audit: Final = audit  # the engine's
        self.lang: Final = lang

    @property
    def id(self) -> str:
        return self.audit.requirement_set.id

    @property
    def name(self) -> str:
        return self.audit.requirement_set.name

    @property
    def currency(self) -> str:
        from indberet.core import money

        return money.currency_of(self.audit.requirement_set)

    @property
    def reduction(self) -> Reduction:
        """Fields and burden before and after (``fields_removed``, ``count_share``, ...)."""
        return self.audit.reduction

    @property
    def fields(self) -> tuple[FieldVerdict, ...]:
        currency = self.currency
        return tuple(FieldVerdict(item, currency, self.lang) for item in self.audit.fields)

    def __repr__(self) -> str:
        return f"SetVerdicts({self.id!r}, fields={len(self.audit.fields)})"


class AuditResult(_Frozen):
    """What :func:`indberet.audit` found: a verdict for every field, and the reduction."""

    __slots__ = ("lang", "report")

    def __init__(self, report: AuditReport, lang: str = "en") -> None:
        self.report: Final = report  # the engine's
        self.lang: Final = lang

    @property
    def as_of(self) -> dt.date:
        return self.report.as_of

    @property
    def profile(self) -> str:
        return self.report.profile

    @property
    def files(self) -> tuple[str, ...]:
        return self.report.files

    @property
    def warnings(self) -> tuple[Diagnostic, ...]:
        """Notes of the reading and the usage logs (an unknown field in a log, ...)."""
        return tuple(Diagnostic(d, self.lang) for d in self.report.warnings)

    @property
    def reduction(self) -> Reduction:
        """Over every set: ``fields_before``, ``fields_removed``, ``count_share``,
        ``burden_share``, ``verdicts`` (a count per verdict), ..."""
        return self.report.total

    @property
    def sets(self) -> tuple[SetVerdicts, ...]:
        return tuple(SetVerdicts(s, self.lang) for s in self.report.sets)

    @property
    def fields(self) -> tuple[FieldVerdict, ...]:
        """Every field, set by set, in the order of the files."""
        return tuple(item for s in self.sets for item in s.fields)

    def field(self, qualified_id: str) -> FieldVerdict:
        """The audit of ``set.field``; :class:`KeyError` (with close names) if none."""
        for set_verdicts in self.sets:
            for item in set_verdicts.fields:
                if item.qualified_id == qualified_id:
                    return item
        import difflib

        known = [f.field.qualified_id for s in self.report.sets for f in s.fields]
        close = difflib.get_close_matches(qualified_id, known, n=3)
        suggestion = f"; did you mean {', '.join(close)}?" if close else "; write it as set.field"
        raise KeyError(f"no field {qualified_id!r} in the audit{suggestion}")

    def explain(self, qualified_id: str, *, format: Literal["text", "json"] = "text") -> str:
        """Why a field got its verdict: ``indberet explain SET.FIELD`` (text or JSON)."""
        from indberet.render import explain

        item = self.field(qualified_id).audit
        render = explain.as_json if format == "json" else explain.as_text
        return render(item, self.report, self.lang)

    def to_dict(self) -> dict[str, Any]:
        """``indberet audit --format json``, read back."""
        from indberet.render import jsonfmt

        return _document(jsonfmt.audit_utf8(self.report, self.lang))

    def __repr__(self) -> str:
        total = self.report.total
        return (
            f"AuditResult(fields={total.fields_before}, removed={total.fields_removed}, "
            f"count_share={total.count_share:.3f}, as_of={self.as_of.isoformat()!r})"
        )


# --- plan -------------------------------------------------------------------------------


class PlanStep(_Frozen):
    """One step of a plan: a field taken off the forms (with the follow-up questions it
    decides), and where the plan stands after it."""

    __slots__ = ("step",)

    def __init__(self, step: Step) -> None:
        self.step: Final = step  # the engine's

    @property
    def rank(self) -> int:
        return self.step.rank

    @property
    def field(self) -> str:
        """``set.field``."""
        return self.step.item.field.qualified_id

    @property
    def action(self) -> str:
        """REMOVE, DERIVE or MERGE."""
        return self.step.action

    @property
    def verdict(self) -> str:
        """The audit's verdict on the field."""
        return self.step.item.verdict

    @property
    def follow_ups(self) -> tuple[str, ...]:
        """Questions asked only when this field has a value, cut with it."""
        return tuple(cut.item.field.qualified_id for cut in self.step.follow_ups)

    @property
    def usage_lost(self) -> float:
        return self.step.usage_lost

    @property
    def hours(self) -> float:
        """Hours a year this step saves (midpoint)."""
        return self.step.hours

    @property
    def fields_removed(self) -> int:
        """Fields off the forms after this step (cumulative)."""
        return self.step.fields_removed

    @property
    def against_audit(self) -> bool:
        """Whether the step cuts a field the audit would keep."""
        return bool(self.step.against_audit)

    def __repr__(self) -> str:
        return f"PlanStep({self.rank}, {self.field!r}, {self.action})"


class PlanResult(_Frozen):
    """What :func:`indberet.plan` proposes: the ordered steps to the target."""

    __slots__ = ("audit", "lang", "plan")

    def __init__(self, plan: Plan, audit: AuditResult, lang: str = "en") -> None:
        self.plan: Final = plan  # the engine's
        self.audit: Final = audit  # what it was planned from
        self.lang: Final = lang

    @property
    def target(self) -> Target:
        """``kind`` (count, hours, dkk: money), ``value`` (0-1 for count)."""
        return self.plan.target

    @property
    def reached(self) -> bool:
        return self.plan.reached

    @property
    def steps(self) -> tuple[PlanStep, ...]:
        return tuple(PlanStep(step) for step in self.plan.steps)

    @property
    def fields_before(self) -> int:
        return self.plan.fields_before

    @property
    def fields_removed(self) -> int:
        return self.plan.fields_removed

    @property
    def count_share(self) -> float:
        """Share of the fields off the forms, 0-1."""
        return self.plan.count_share

    @property
    def hours_saved(self) -> float:
        """Hours a year saved (midpoint)."""
        return self.plan.saved.hours.mid

    @property
    def conclusion(self) -> str:
        """The plan's outcome in words: reached or not, how close, what would help."""
        from indberet.render import planfmt

        return planfmt.conclusion(self.plan, self.lang, self.audit.report)

    def to_dict(self) -> dict[str, Any]:
        """``indberet plan --format json``, read back."""
        from indberet.render import planfmt

        return _document(planfmt.as_json(self.plan, self.audit.report, self.lang))

    def __repr__(self) -> str:
        return (
            f"PlanResult(reached={self.reached}, steps={len(self.plan.steps)}, "
            f"fields_removed={self.fields_removed}, count_share={self.count_share:.3f})"
        )


# --- impact -----------------------------------------------------------------------------


class ImpactResult(_Frozen):
    """What :func:`indberet.impact` found: who loses what when fields leave the forms."""

    __slots__ = ("audit", "impact", "lang")

    def __init__(self, impact: Impact, audit: AuditResult, lang: str = "en") -> None:
        self.impact: Final = impact  # the engine's
        self.audit: Final = audit  # what the fields were chosen from
        self.lang: Final = lang

    @property
    def selection(self) -> str:
        """``fields`` (named), ``plan`` (a plan's for a target) or ``audit`` (its proposals)."""
        return self.impact.selection

    @property
    def fields(self) -> tuple[str, ...]:
        """Every field that leaves the forms (``set.field``), follow-ups included."""
        return tuple(item.qualified_id for item in self.impact.leaving)

    @property
    def data_lost(self) -> tuple[str, ...]:
        """The leaving fields whose data goes with them (derived and merged ones keep it)."""
        return tuple(item.qualified_id for item in self.impact.lost)

    @property
    def users(self) -> tuple[tuple[str, str | None], ...]:
        """Every (consumer, product) that uses a leaving field; those losing data first."""
        return tuple((c.consumer, c.product) for c in self.impact.consumers)

    @property
    def losing(self) -> tuple[tuple[str, str | None], ...]:
        """The (consumer, product) pairs that lose data."""
        return tuple((c.consumer, c.product) for c in self.impact.losing)

    @property
    def legal_duties(self) -> tuple[str, ...]:
        """The provisions that name leaving fields."""
        return tuple(duty.provision for duty in self.impact.duties)

    @property
    def summary(self) -> str:
        """How many fields leave, how many with their data, how many users lose data."""
        from indberet.render import impactfmt

        return impactfmt.summary(self.impact, self.lang)

    @property
    def statements(self) -> tuple[str, ...]:
        """In plain words, user by user, then the legal duties and the unused fields."""
        from indberet.render import impactfmt

        return tuple(impactfmt.plain_words(self.impact, self.lang))

    def to_dict(self) -> dict[str, Any]:
        """``indberet impact --format json``, read back."""
        from indberet.render import impactfmt

        return _document(impactfmt.as_json(self.impact, self.audit.report, self.lang))

    def __repr__(self) -> str:
        return (
            f"ImpactResult(selection={self.selection!r}, fields={len(self.impact.leaving)}, "
            f"data_lost={len(self.impact.lost)}, losing={len(self.impact.losing)})"
        )


# --- check ------------------------------------------------------------------------------


class Finding(_Frozen):
    """One finding of a check: a policy code or an audit rule, where, and what the gate
    made of it."""

    __slots__ = ("finding", "lang")

    def __init__(self, finding: EngineFinding, lang: str = "en") -> None:
        self.finding: Final = finding  # the engine's
        self.lang: Final = lang

    @property
    def code(self) -> str:
        return self.finding.code

    @property
    def severity(self) -> str:
        return self.finding.severity

    @property
    def fingerprint(self) -> str:
        return self.finding.fingerprint

    @property
    def field(self) -> str | None:
        """``set.field``, when it is about a field."""
        return self.finding.qualified_id

    @property
    def file(self) -> str | None:
        return self.finding.location.path if self.finding.location else None

    @property
    def line(self) -> int:
        return self.finding.location.line if self.finding.location else 0

    @property
    def column(self) -> int:
        return self.finding.location.column if self.finding.location else 0

    @property
    def message(self) -> str:
        from indberet.render import ci_common

        return ci_common.finding_text(self.finding, self.lang)

    @property
    def status(self) -> str:
        """fails, exempted, baselined, existing or new."""
        return self.finding.status

    @property
    def fails(self) -> bool:
        return self.finding.fails

    def __repr__(self) -> str:
        return f"Finding({self.code!r}, {self.field!r}, status={self.status!r})"


class CheckResult(_Frozen):
    """What :func:`indberet.check` decided: the findings and whether the change passes."""

    __slots__ = ("lang", "notes", "outcome")

    def __init__(
        self, outcome: EngineCheckResult, lang: str = "en", notes: tuple[str, ...] = ()
    ) -> None:
        self.outcome: Final = outcome  # the engine's
        self.lang: Final = lang
        self.notes: Final = notes  # on what git could not read, ...

    @property
    def passed(self) -> bool:
        return not self.outcome.failed

    @property
    def findings(self) -> tuple[Finding, ...]:
        return tuple(Finding(f, self.lang) for f in self.outcome.findings)

    @property
    def failing(self) -> tuple[Finding, ...]:
        return tuple(Finding(f, self.lang) for f in self.outcome.failing)

    @property
    def audit(self) -> AuditResult:
        """The audit of the definitions checked."""
        return AuditResult(self.outcome.report, self.lang)

    def to_dict(self) -> dict[str, Any]:
        """``indberet check --format json``, read back."""
        from indberet.render import ci_json

        return _document(ci_json.render(self.outcome, self.lang))

    def __repr__(self) -> str:
        return (
            f"CheckResult(passed={self.passed}, findings={len(self.outcome.findings)}, "
            f"failing={len(self.outcome.failing)})"
        )


class HistoryResult(_Frozen):
    """What :func:`indberet.history` found: fields and burden after each commit that
    changed the definitions, oldest first, and the commits that added the most burden.

    ``points`` and ``top`` are the engine's immutable values
    (:class:`indberet.history_model.Point`): ``commit`` (``sha``, ``date``, ``subject``),
    ``fields``, ``hours`` and ``money`` (per currency), their change, and the fields
    ``added``, ``removed`` and ``changed``.
    """

    __slots__ = ("history", "lang")

    def __init__(self, history: History, lang: str = "en") -> None:
        self.history: Final = history  # the engine's
        self.lang: Final = lang

    @property
    def points(self) -> tuple[Point, ...]:
        return self.history.points

    @property
    def top(self) -> tuple[Point, ...]:
        """The commits that added the most burden (hours, midpoints), most first."""
        return self.history.top

    @property
    def shallow(self) -> bool:
        """Whether the history starts at the boundary of a shallow clone."""
        return self.history.shallow_boundary is not None

    @property
    def trend(self) -> str:
        """Fields and burden from the first commit to the last, in words."""
        from indberet.render import history

        return history.trend(self.history, self.lang)

    def to_dict(self) -> dict[str, Any]:
        """``indberet history --format json``, read back."""
        from indberet.render import history

        return _document(history.json_text(self.history, self.lang))

    def __repr__(self) -> str:
        last = self.history.points[-1] if self.history.points else None
        changes = sum(1 for p in self.history.points if not p.start)
        return (
            f"HistoryResult(commits={changes}, fields={last.fields if last else 0}, "
            f"hours={last.hours.mid if last else 0.0:.0f}, shallow={self.shallow})"
        )
