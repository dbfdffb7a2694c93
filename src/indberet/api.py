"""The Python API: validate, audit, check, plan and report as functions returning results.

::

    import indberet

    result = indberet.audit("examples/", as_of="2026-11-26")
    result.field("anbringelser.anledning").verdict        # 'KEEP', 'REMOVE', ...
    indberet.plan(result, target="44%").reached
    result.to_dict()                                      # = indberet audit --format json

Every function takes the paths of requirement definitions (a file, a folder, or a list of
them), returns an immutable result whose ``to_dict()`` is the JSON document the command
writes (``indberet audit|plan|check|validate --format json``), and raises
:class:`IndberetError`, carrying the located diagnostics, when its input cannot be used:
invalid definitions, a bad usage log, profile, target, date or other argument.

Nothing is printed, nothing is cached unless asked (``cache_dir=``), no setting is read
from the environment or an ``indberet.toml``, and nothing is kept between calls: a function
may be called any number of times in one process. Words (reasons, messages) are in
``lang``: English unless asked (``report``: Danish).

The command line is a layer over these functions: it parses the options, calls them with
its cache, its parallel near-duplicate search and an :class:`Observer` that shows progress
and warnings on standard error, renders the results, and turns :class:`IndberetError` into
its messages and exit code 2.

The engine is imported inside the functions, so that ``import indberet`` stays light.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final, TypeAlias

from indberet.api_import import ImportResult, InitResult, import_fields, init_catalogue
from indberet.api_types import (
    AuditResult,
    CheckResult,
    Diagnostic,
    FieldVerdict,
    HistoryResult,
    ImpactResult,
    IndberetError,
    Observer,
    PlanResult,
    PlanStep,
    SetVerdicts,
    ValidationResult,
)
from indberet.gcpause import no_cyclic_gc

if TYPE_CHECKING:
    from indberet.audit_model import AuditReport
    from indberet.core.audit import PairFinder
    from indberet.core.baseline import Baseline
    from indberet.core.check import Severity
    from indberet.core.history import Version
    from indberet.core.plan import Plan, Target
    from indberet.core.profile import Profile
    from indberet.diagnostics import Diagnostic as EngineDiagnostic
    from indberet.history_model import FileChange
    from indberet.model import Catalogue, LoadResult, Use
    from indberet.read.gitsource import Listing, Revision, Skipped
    from indberet.read.known import Known
    from indberet.run.cache import ParseCache

__all__ = [
    "AuditResult",
    "CheckResult",
    "Diagnostic",
    "FieldVerdict",
    "HistoryResult",
    "ImpactResult",
    "ImportResult",
    "IndberetError",
    "InitResult",
    "Observer",
    "PlanResult",
    "PlanStep",
    "SetVerdicts",
    "ValidationResult",
    "audit",
    "check",
    "history",
    "impact",
    "import_fields",
    "init_catalogue",
    "plan",
    "report",
    "validate",
]

PathArg = str | os.PathLike[str]
Paths = PathArg | Iterable[PathArg]
"""A file or folder, or several: ``"examples/"``, ``Path("a.yaml")``, ``["a/", "b.yaml"]``."""
CacheArg: TypeAlias = "ParseCache | Callable[[], ParseCache | None] | None"
"""A parse cache, or a function that gives one (or none) when the files are first read."""
DateArg = dt.date | str | None
Amount = float | int | str | None

SEVERITIES: Final = ("error", "warning", "note")
REPORT_FORMATS: Final = {
    "html": "html",
    "md": "markdown",
    "markdown": "markdown",
    "xlsx": "xlsx",
    "json": "json",
}
_QUIET: Final = Observer()
# Every call builds many objects that form no cycles: with the cycle collector paused it
# runs in about half the time at 100,000 fields (its full collections would scan the
# growing catalogue again and again), as the command line does.
_no_cycle_collector: Final = no_cyclic_gc()


# --- the functions ----------------------------------------------------------------------


@_no_cycle_collector
def validate(
    paths: Paths,
    *,
    as_of: DateArg = None,
    lang: str = "en",
    cache_dir: PathArg | None = None,
    cache: CacheArg = None,
    observer: Observer | None = None,
) -> ValidationResult:
    """Check requirement definitions (YAML, schema, references) and usage logs (``.csv``).

    Problems in the files are the result, not an error: see ``valid``, ``has_errors`` and
    ``diagnostics``. A usage log's set and field names are checked against the definitions
    given with it, and its dates against ``as_of`` (default: today).
    """
    language = _language(lang)
    chosen = _paths(paths, language)
    day = _date(as_of, language)
    logs = [p for p in chosen if p.lower().endswith(".csv") and not os.path.isdir(p)]
    definitions = [p for p in chosen if p not in logs]
    if definitions or not logs:
        result = _read(definitions, _cache(cache, cache_dir), observer or _QUIET)
    else:
        from indberet.model import LoadResult

        result = LoadResult(None)
    notes: tuple[str, ...] = ()
    if logs:
        result, notes = _check_usage_logs(result, logs, day, language)
    result, found = _check_statbank(result, day, language)
    notes += found
    return ValidationResult(
        catalogue=result.catalogue,
        sources=tuple(result.diagnostics),
        files=tuple(result.files),
        notes=notes,
        lang=language,
    )


@_no_cycle_collector
def audit(
    paths: Paths,
    *,
    profile: str | os.PathLike[str] | Profile | None = None,
    as_of: DateArg = None,
    usage: Paths = (),
    lang: str = "en",
    cache_dir: PathArg | None = None,
    cache: CacheArg = None,
    pair_finder: PairFinder | None = None,
    observer: Observer | None = None,
) -> AuditResult:
    """Score every field for usage, duplication and burden, and recommend a verdict.

    ``profile``: a shipped profile's name (``"default"``, ``"sanering-2017"``), a profile
    file, or a loaded profile; ``as_of``: the date usage ages are measured against (a
    date or ``"YYYY-MM-DD"``; default: today); ``usage``: usage logs (CSV) and
    Statistikbanken mappings (YAML) adding to the fields' ``used_by``. ``cache_dir`` opts
    in to the parse cache (and the remembered near-duplicate pairs) in that folder;
    ``pair_finder`` replaces the near-duplicate search (the command line's runs on a
    second processor).
    """
    language = _language(lang)
    chosen = _paths(paths, language)
    day = _date(as_of, language)
    rules = resolve_profile(profile, language)
    logs = _paths(usage, language, allow_empty=True)
    parse_cache = _cache(cache, cache_dir)
    report = _audit(chosen, rules, day, logs, language, parse_cache, pair_finder, observer)
    return AuditResult(report, language)


@_no_cycle_collector
def plan(
    source: Paths | AuditResult,
    *,
    target: str | float | Target | None = None,
    hours: Amount = None,
    money: Amount = None,
    include_review: bool = False,
    include_keep: bool = False,
    profile: str | os.PathLike[str] | Profile | None = None,
    as_of: DateArg = None,
    usage: Paths = (),
    lang: str = "en",
    cache_dir: PathArg | None = None,
    cache: CacheArg = None,
    pair_finder: PairFinder | None = None,
    observer: Observer | None = None,
) -> PlanResult:
    """Which fields to take off the forms to reach a target, least value lost first.

    ``source``: paths to audit (with ``profile``, ``as_of`` and ``usage`` as for
    :func:`audit`), or an :class:`AuditResult`. Give one target: ``target`` a share of the
    fields by count (``"44%"``), ``hours`` or ``money`` (in the sets' currency) saved a
    year. ``include_review`` and ``include_keep`` let the plan cut fields the audit flags
    for REVIEW or would KEEP. A target out of reach is a result (``reached`` is False),
    not an error.
    """
    language = _language(lang)
    goal = _target(target, hours, money, language)
    if goal is None:
        raise IndberetError("target", "plan.error.target_missing", lang=language)
    audited = _audited(
        source, profile, as_of, usage, language, cache, cache_dir, pair_finder, observer
    )
    made = _plan_to(goal, audited.report, include_review, include_keep, language)
    return PlanResult(made, audited, language)


@_no_cycle_collector
def report(
    source: Paths | AuditResult | PlanResult,
    *,
    lang: str = "da",
    format: str = "html",
    target: str | float | Target | None = None,
    hours: Amount = None,
    money: Amount = None,
    include_review: bool = False,
    include_keep: bool = False,
    profile: str | os.PathLike[str] | Profile | None = None,
    as_of: DateArg = None,
    usage: Paths = (),
    cache_dir: PathArg | None = None,
    cache: CacheArg = None,
    pair_finder: PairFinder | None = None,
    observer: Observer | None = None,
) -> str | bytes:
    """The pruning report for the negotiations, as ``indberet report`` writes it.

    ``format``: ``"html"``, ``"md"`` (or ``"markdown"``), ``"json"`` (text) or ``"xlsx"``
    (bytes). Danish unless ``lang="en"``. With a target (as for :func:`plan`) the report
    includes the plan; ``source`` may also be a plan made by :func:`plan` (then without a
    target of its own), whose ``reached`` says whether the report's plan reaches it.
    """
    import indberet.render.report as application

    language = _language(lang)
    written = REPORT_FORMATS.get(format)
    if written is None:
        choices = ", ".join(REPORT_FORMATS)
        raise IndberetError("argument", "api.bad_format", {"format": format, "formats": choices})
    goal = _target(target, hours, money, language)
    made: Plan | None = None
    if isinstance(source, PlanResult):
        if goal is not None or include_review or include_keep:
            raise IndberetError("argument", "api.plan_given", lang=language)
        made, source = source.plan, source.audit
    elif goal is None and (include_review or include_keep):
        raise IndberetError("target", "plan.error.options_target", lang=language)
    audited = _audited(
        source, profile, as_of, usage, language, cache, cache_dir, pair_finder, observer
    )
    if goal is not None:
        made = _plan_to(goal, audited.report, include_review, include_keep, language)
    return application.render(application.PruningReport(audited.report, made), written, language)


@_no_cycle_collector
def impact(
    source: Paths | AuditResult,
    *,
    fields: Iterable[str] = (),
    target: str | float | Target | None = None,
    hours: Amount = None,
    money: Amount = None,
    include_review: bool = False,
    include_keep: bool = False,
    profile: str | os.PathLike[str] | Profile | None = None,
    as_of: DateArg = None,
    usage: Paths = (),
    lang: str = "en",
    cache_dir: PathArg | None = None,
    cache: CacheArg = None,
    pair_finder: PairFinder | None = None,
    observer: Observer | None = None,
) -> ImpactResult:
    """Who loses what when fields leave the forms: per consumer and product, the fields it
    would lose, the kind of use and how recently; the provisions naming leaving fields.

    Which fields leave: the ``fields`` named (``"set.field"``; a removed question takes
    the questions asked only when it has a value along), or a plan's for a target (as for
    :func:`plan`), or else every field the audit takes off the forms (REMOVE, DERIVE,
    MERGE). ``source`` and the other arguments are as for :func:`plan`. A field no set has
    raises :class:`IndberetError` (``argument``, naming close matches).
    """
    from indberet.core import impact as engine

    language = _language(lang)
    named = tuple(dict.fromkeys([fields] if isinstance(fields, str) else fields))
    goal = _target(target, hours, money, language)
    if named and goal is not None:
        raise IndberetError("argument", "impact.error.plan_and_fields", lang=language)
    if goal is None and (include_review or include_keep):
        raise IndberetError("target", "plan.error.options_target", lang=language)
    audited = _audited(
        source, profile, as_of, usage, language, cache, cache_dir, pair_finder, observer
    )
    report = audited.report
    if named:
        try:
            leaving = engine.of_fields(report, named)
        except engine.UnknownField as error:
            raise _unknown_field(error, language) from None
        found = engine.impact(report, leaving, "fields", named)
    elif goal is not None:
        made = _plan_to(goal, report, include_review, include_keep, language)
        found = engine.for_plan(report, made)
    else:
        found = engine.impact(report, engine.of_audit(report), "audit")
    return ImpactResult(found, audited, language)


def _unknown_field(error: Exception, lang: str) -> IndberetError:
    from indberet.core.impact import UnknownField
    from indberet.i18n import text

    assert isinstance(error, UnknownField)
    close = ", ".join(error.close)
    hint = text("impact.error.close", close=close) if close else text("impact.error.form")
    params = {"field": error.name, "hint": hint}
    return IndberetError("argument", "impact.error.unknown_field", params, lang=lang)


@_no_cycle_collector
def check(
    paths: Paths,
    *,
    base: str | None = None,
    profile: str | os.PathLike[str] | Profile | None = None,
    as_of: DateArg = None,
    usage: Paths = (),
    baseline: PathArg | None = None,
    fail_on: str | None = None,
    all_findings: bool = False,
    lang: str = "en",
    cache_dir: PathArg | None = None,
    cache: CacheArg = None,
    pair_finder: PairFinder | None = None,
    observer: Observer | None = None,
) -> CheckResult:
    """Check a change to requirement definitions against the profile's policy (the CI gate).

    ``base``: a git revision to compare with (read from git's objects; nothing is checked
    out); without it every field counts as new. ``baseline``: a baseline file whose
    findings do not fail. ``fail_on``: the lowest severity that fails (``"error"``,
    ``"warning"``, ``"note"``; default: the profile's). ``all_findings``: fail on every
    finding, not only on those the base does not have. Whether the change passes is the
    result (``passed``), not an error.
    """
    from indberet.core.check import run_check
    from indberet.read.known import Known

    language = _language(lang)
    chosen = _paths(paths, language)
    day = _date(as_of, language)
    rules = resolve_profile(profile, language)
    logs = _paths(usage, language, allow_empty=True)
    if fail_on is not None and fail_on not in SEVERITIES:
        params = {"value": fail_on, "choices": ", ".join(SEVERITIES)}
        raise IndberetError("argument", "api.bad_fail_on", params, lang=language)
    watcher = observer or _QUIET
    notes: list[str] = []
    accepted = read_baseline(baseline, language)
    opened = open_base(base, chosen, language, watcher, notes) if base is not None else None
    skipped = opened[1].skipped if opened is not None else []
    parse_cache = _cache(cache, cache_dir)
    known = Known() if opened is not None else None
    catalogue = load_definitions(
        chosen, language, parse_cache, watcher, skipped=skipped, known=known
    )
    base_catalogue: Catalogue | None = None
    commit: str | None = None
    if opened is not None:
        base_catalogue, commit = load_base(opened, skipped, language, known)
    del known  # the readings of the work tree: not needed any more
    sides = [c for c in (catalogue, base_catalogue) if c is not None]
    usage_read = read_usage(logs, sides, day, language)
    watcher.warnings(tuple(Diagnostic(d, language) for d in usage_read.warnings))
    outcome = run_check(
        catalogue,
        rules,
        day,
        base=base_catalogue,
        base_label=base,
        base_commit=commit,
        extra_uses=usage_read.extra,
        baseline=accepted,
        fail_on=_severity(fail_on),
        all_findings=all_findings,
        usage_log=usage_read.label,
        warnings=usage_read.warnings,
        pair_finder=_pair_finder(pair_finder, parse_cache),
    )
    return CheckResult(outcome, language, tuple(notes))


@_no_cycle_collector
def history(
    paths: Paths = ".",
    *,
    since: str | None = None,
    until: str = "HEAD",
    profile: str | os.PathLike[str] | Profile | None = None,
    top: int = 5,
    lang: str = "en",
    observer: Observer | None = None,
) -> HistoryResult:
    """How the definitions under ``paths`` grew: fields and burden (hours, money per
    currency) after each commit that changed them, read straight from git's objects.

    ``since``: start after this revision (its definitions are the starting state);
    ``until``: the last revision (default ``HEAD``). Merges are followed along their
    first parent; renamed files are compared, not removed and added; a file that is not
    valid at a commit is passed over there (the result names it). ``top``: how many of
    the commits that added the most burden to name; ``observer`` is told how many file
    versions are read. :class:`IndberetError` (``git``) when the paths are in no
    repository or a revision is unknown.
    """
    from indberet.core.history import history as trend
    from indberet.read.githistory import walk
    from indberet.read.gitsource import GitError

    language = _language(lang)
    chosen = _paths(paths, language)
    rules = resolve_profile(profile, language)
    if isinstance(top, bool) or not isinstance(top, int) or top < 0:
        raise IndberetError("argument", "history.bad_top", {"value": top}, lang=language)
    try:
        walked = walk(chosen, since, until)
        watcher = observer or _QUIET
        versions = _versions(walked.root, walked.start_files, walked.commits, rules, watcher)
    except GitError as error:
        raise _history_git_error(error, language) from None

    def shown(path: str | None) -> str | None:
        return None if path is None else os.path.relpath(os.path.join(walked.root, path))

    commits = [
        (commit, [_shown_change(change, shown) for change in changes])
        for commit, changes in walked.commits
    ]
    made = trend(
        commits,
        versions,
        start=walked.start,
        start_files={shown(p) or p: blob for p, blob in walked.start_files.items()},
        paths=chosen,
        revision=until,
        since=since,
        shallow_boundary=walked.shallow_boundary,
        top=top,
        profile=rules.name,
    )
    return HistoryResult(made, language)


def _shown_change(change: FileChange, shown: Callable[[str | None], str | None]) -> FileChange:
    import dataclasses

    return dataclasses.replace(
        change, old_path=shown(change.old_path), new_path=shown(change.new_path)
    )


def _versions(
    root: str,
    start_files: Mapping[str, str],
    commits: Sequence[tuple[object, Sequence[FileChange]]],
    profile: Profile,
    observer: Observer,
) -> dict[str, Version]:
    """Every file version the history needs, read and reduced once per git object;
    ``observer`` is told how many are read (stage ``reading``)."""
    from indberet.core.history import set_facts
    from indberet.diagnostics import Diagnostic as EngineProblem
    from indberet.read.githistory import oversize, parse_definition, read_contents

    wanted: dict[str, str] = {blob: path for path, blob in start_files.items()}
    for _, changes in commits:
        for change in changes:
            if change.new_blob is not None and change.new_path is not None:
                wanted.setdefault(change.new_blob, change.new_path)
    versions: dict[str, Version] = {}
    observer.start("reading", len(wanted))
    try:
        for blob, content in read_contents(root, list(wanted)):
            shown = os.path.relpath(os.path.join(root, wanted[blob]))
            if isinstance(content, int):
                versions[blob] = oversize(shown, content)
            else:
                parsed = parse_definition(shown, content)
                if parsed is None or isinstance(parsed, EngineProblem):
                    versions[blob] = parsed
                else:
                    versions[blob] = set_facts(parsed, profile)
            observer.advance("reading", len(versions), len(wanted))
    finally:
        observer.finish("reading")
    return versions


def _history_git_error(error: Exception, lang: str) -> IndberetError:
    from indberet.read.gitsource import GitError

    assert isinstance(error, GitError)
    hint: str | None = None
    if error.key == "git.not_repository":
        hint = "history.repository_hint"
    elif error.key == "git.unknown_ref":
        shallow = bool(error.params.get("shallow"))
        hint = "history.revision_hint_shallow" if shallow else "history.revision_hint"
    return IndberetError("git", error.key, error.params, lang=lang, hint=hint)


def _severity(value: str | None) -> Severity | None:
    """``value`` as the check's severity (it is one of :data:`SEVERITIES`, or None)."""
    from indberet.core.check import SEVERITIES as KNOWN

    return next((s for s in KNOWN if s == value), None)


# --- the steps, shared with the command line --------------------------------------------


@dataclass(frozen=True)
class Usage:
    """Uses read from usage logs, per (set, field), and the logs' warnings."""

    extra: Mapping[tuple[str, str], Sequence[Use]]
    warnings: tuple[EngineDiagnostic, ...]
    label: str | None  # the logs, as the outputs name them


@_no_cycle_collector
def read_usage(
    usage_files: Sequence[str], catalogues: Sequence[Catalogue], as_of: dt.date, lang: str
) -> Usage:
    """The uses recorded in ``usage_files``; set and field names are checked against the
    fields of every catalogue given (both sides of a comparison).

    Raises :class:`IndberetError` (``usage_log``) with every diagnostic of the first log
    that has an error; warnings (unknown names, dates after ``as_of``) are returned.
    """
    from indberet.diagnostics import Severity as Level
    from indberet.read.usagelog import to_uses
    from indberet.run.usagelog import read_usage_log

    known: dict[str, set[str]] = {}
    for catalogue in catalogues:
        for requirement_set in catalogue.sets:
            known.setdefault(requirement_set.id, set()).update(f.id for f in requirement_set.fields)
    extra: dict[tuple[str, str], list[Use]] = {}
    warnings: list[EngineDiagnostic] = []
    for usage_file in usage_files:
        if usage_file.lower().endswith((".yaml", ".yml")):  # Statistikbanken evidence
            warnings.extend(_statbank_uses(usage_file, known, as_of, lang, extra))
            continue
        log = read_usage_log(usage_file, known, as_of)
        errors = [d for d in log.diagnostics if d.severity is not Level.WARNING]
        if errors:
            params = {"path": usage_file, "count": len(errors)}
            raise IndberetError("usage_log", "api.usage_log", params, log.diagnostics, lang=lang)
        warnings.extend(log.diagnostics)
        for key, uses in to_uses(log).items():
            extra.setdefault(key, []).extend(uses)
    return Usage(extra, tuple(warnings), ", ".join(usage_files) or None)


def _statbank_uses(
    path: str,
    known: Mapping[str, set[str]],
    as_of: dt.date,
    lang: str,
    extra: dict[tuple[str, str], list[Use]],
) -> list[EngineDiagnostic]:
    """Add the uses a Statistikbanken mapping gives to ``extra``; its notes and warnings.

    Raises :class:`IndberetError` (``usage_log``) when the mapping or a tableinfo file has
    an error.
    """
    from indberet.diagnostics import Severity as Level
    from indberet.read.statbank import read_mapping

    evidence = read_mapping(path, known, as_of)
    errors = [d for d in evidence.diagnostics if d.severity is not Level.WARNING]
    if errors:
        params = {"path": path, "count": len(errors)}
        raise IndberetError("usage_log", "api.statbank", params, evidence.diagnostics, lang=lang)
    for key, uses in evidence.uses.items():
        extra.setdefault(key, []).extend(uses)
    return list(evidence.diagnostics)


@_no_cycle_collector
def load_definitions(
    paths: Sequence[str],
    lang: str,
    cache: CacheArg = None,
    observer: Observer | None = None,
    *,
    skipped: Sequence[Skipped] = (),
    known: Known | None = None,
) -> Catalogue:
    """The catalogue under ``paths``; :class:`IndberetError` (``definitions``) with every
    diagnostic when it cannot be loaded. Files at or under ``skipped`` (what git could not
    read on the other side of a comparison) are left out. Clean readings are kept in
    ``known`` when given (for :func:`load_base` to take for the same text)."""
    result = _read(_leave_out(paths, skipped), _cache(cache, None), observer or _QUIET, known)
    if result.catalogue is None:
        raise _invalid(result, lang)
    return result.catalogue


def resolve_profile(profile: str | os.PathLike[str] | Profile | None, lang: str) -> Profile:
    """The rule profile: a loaded one, a shipped one by name, or one from a file; the
    default profile for None. :class:`IndberetError` (``profile``) when it cannot load."""
    from indberet.core.profile import Profile, ProfileError, load_profile

    if isinstance(profile, Profile):
        return profile
    name = os.fspath(profile) if profile is not None else None
    try:
        return load_profile(name)
    except ProfileError as error:
        params = {"name": name or "default", "count": len(error.diagnostics)}
        raise IndberetError(
            "profile", "api.profile", params, error.diagnostics, lang=lang
        ) from None


def read_baseline(path: PathArg | None, lang: str) -> Baseline | None:
    """The baseline file at ``path`` (None: none); :class:`IndberetError` (``baseline``)."""
    from indberet.core.baseline import BaselineError
    from indberet.core.baseline import read_baseline as read

    if path is None:
        return None
    try:
        return read(os.fspath(path))
    except BaselineError as error:
        hint = "baseline.missing.hint" if error.key == "baseline.missing" else None
        raise IndberetError("baseline", error.key, error.params, lang=lang, hint=hint) from None


def open_base(
    ref: str,
    paths: Sequence[str],
    lang: str,
    observer: Observer | None = None,
    notes: list[str] | None = None,
) -> tuple[Revision, Listing]:
    """The revision ``ref`` and what it holds under ``paths``; :class:`IndberetError`
    (``git``) when git cannot say. Notes (an empty revision, what git cannot read there)
    go to ``observer`` and ``notes``."""
    from indberet.i18n import message
    from indberet.read.gitsource import GitError, open_revision

    try:
        revision, listing = open_revision(ref, paths)
    except GitError as error:
        raise _git_error(error, lang) from None
    said: list[str] = []
    if revision.commit is None:
        said.append(message("git.unborn", lang, ref=ref, branch=revision.unborn))
    if listing.skipped:
        words = []
        for item in listing.skipped:
            params = {"path": item.display_path, "detail": item.detail}
            words.append(message(f"git.skipped.{item.reason}", lang, **params))
        said.append(message("git.skipped", lang, ref=ref, paths="; ".join(words)))
    for note in said:
        (observer or _QUIET).note(note)
    if notes is not None:
        notes.extend(said)
    return revision, listing


def load_base(
    opened: tuple[Revision, Listing],
    skipped: Sequence[Skipped],
    lang: str,
    known: Known | None = None,
) -> tuple[Catalogue, str | None]:
    """The catalogue at a revision :func:`open_base` opened, and its commit;
    :class:`IndberetError` (``git``, or ``base`` with the diagnostics when it is invalid).
    A file whose path and text ``known`` holds (read from the work tree by
    :func:`load_definitions`) is not parsed again."""
    from indberet.read.gitsource import GitError, load_listing

    revision, listing = opened
    try:
        source = load_listing(revision, listing, skipped, known)
    except GitError as error:
        raise _git_error(error, lang) from None
    assert source.result is not None
    if source.result.catalogue is None:
        raise IndberetError(
            "base",
            "check.base_invalid",
            {"base": revision.ref},
            source.result.diagnostics,
            lang=lang,
            hint="check.base_invalid.hint",
        )
    return source.result.catalogue, revision.commit


def _git_error(error: Exception, lang: str) -> IndberetError:
    from indberet.read.gitsource import GitError

    assert isinstance(error, GitError)
    hint: str | None = None
    if error.key not in ("git.missing", "git.timeout"):
        shallow = bool(error.params.get("shallow"))
        hint = "git.revision_hint_shallow" if shallow else "git.revision_hint"
    return IndberetError("git", error.key, error.params, lang=lang, hint=hint)


# --- helpers ----------------------------------------------------------------------------


def _audit(
    paths: Sequence[str],
    profile: Profile,
    as_of: dt.date,
    usage_files: Sequence[str],
    lang: str,
    cache: ParseCache | None,
    pair_finder: PairFinder | None,
    observer: Observer | None,
) -> AuditReport:
    """Load, read the usage logs, score and recommend."""
    from indberet.core.audit import audit as run
    from indberet.diagnostics import Severity as Level
    from indberet.run.memory import ensure_for_fields

    watcher = observer or _QUIET
    result = _read(paths, cache, watcher)
    if result.catalogue is None:
        raise _invalid(result, lang)
    catalogue = result.catalogue
    ensure_for_fields(catalogue.field_count)
    # notes of the loading (a folder passed over as a catalogue of its own) go with the rest
    loaded = [d for d in result.diagnostics if d.severity is Level.WARNING]
    usage = read_usage(usage_files, [catalogue], as_of, lang)
    warnings = (*loaded, *usage.warnings)
    watcher.warnings(tuple(Diagnostic(d, lang) for d in warnings))
    total = catalogue.field_count
    done = 0

    def advance(steps: int) -> None:
        nonlocal done
        done += steps
        watcher.advance("scoring", done, total)

    watcher.start("scoring", total)
    try:
        return run(
            catalogue,
            profile,
            as_of,
            pair_finder=_pair_finder(pair_finder, cache),
            extra_uses=usage.extra,
            usage_log=usage.label,
            warnings=warnings,
            progress=advance,
        )
    finally:
        watcher.finish("scoring")


def _audited(
    source: Paths | AuditResult,
    profile: str | os.PathLike[str] | Profile | None,
    as_of: DateArg,
    usage: Paths,
    lang: str,
    cache: CacheArg,
    cache_dir: PathArg | None,
    pair_finder: PairFinder | None,
    observer: Observer | None,
) -> AuditResult:
    """``source`` if it is an audit (in ``lang``), else the audit of the paths it names."""
    if isinstance(source, AuditResult):
        if profile is not None or as_of is not None or _paths(usage, lang, allow_empty=True):
            raise IndberetError("argument", "api.audit_given", lang=lang)
        return source if source.lang == lang else AuditResult(source.report, lang)
    return audit(
        source,
        profile=profile,
        as_of=as_of,
        usage=usage,
        lang=lang,
        cache_dir=cache_dir,
        cache=cache,
        pair_finder=pair_finder,
        observer=observer,
    )


def _read(
    paths: Sequence[str],
    cache: ParseCache | None,
    observer: Observer,
    known: Known | None = None,
) -> LoadResult:
    """Load, telling ``observer`` how far the reading is."""
    from indberet.run.reading import load

    def advance(done: int, total: int) -> None:
        observer.advance("reading", done, total)

    observer.start("reading", None)
    try:
        return load(list(paths), cache=cache, progress=advance, known=known)
    finally:
        observer.finish("reading")


def _invalid(result: LoadResult, lang: str) -> IndberetError:
    from indberet.diagnostics import Severity as Level

    problems = [d for d in result.diagnostics if d.severity is not Level.WARNING]
    files = len({d.location.path for d in problems})
    params = {"count": len(problems), "files": files}
    return IndberetError("definitions", "api.definitions", params, result.diagnostics, lang=lang)


def _leave_out(paths: Sequence[str], skipped: Sequence[Skipped]) -> list[str]:
    """``paths``, or the files under them without those at or under ``skipped``."""
    from indberet.read.gitsource import is_skipped
    from indberet.read.loading import collect_files

    if not skipped:
        return list(paths)
    files, problems = collect_files(paths)
    if problems:
        return list(paths)  # the loader reports them
    return [path for path in files if not is_skipped(path, skipped)]


def _check_usage_logs(
    result: LoadResult, logs: Sequence[str], as_of: dt.date, lang: str
) -> tuple[LoadResult, tuple[str, ...]]:
    """``result`` with the usage logs' files and problems added, and a note on each log
    read without error.

    Set and field names are checked against the catalogue, when ``result`` holds one.
    """
    import dataclasses

    from indberet.i18n import message
    from indberet.run.usagelog import read_usage_log

    catalogue = result.catalogue
    known = {s.id: {f.id for f in s.fields} for s in catalogue.sets} if catalogue else None
    diagnostics = list(result.diagnostics)
    notes = []
    for path in logs:
        log = read_usage_log(path, known, as_of)
        diagnostics.extend(log.diagnostics)
        if not log.has_input_errors:
            key = "validate.usage_log" if known is not None else "validate.usage_log_alone"
            notes.append(message(key, lang, path=path, rows=log.rows))
    files = [*result.files, *logs]
    return dataclasses.replace(result, diagnostics=diagnostics, files=files), tuple(notes)


def _check_statbank(
    result: LoadResult, as_of: dt.date, lang: str
) -> tuple[LoadResult, tuple[str, ...]]:
    """``result`` with the problems of the valid Statistikbanken mappings among its files
    (their tableinfo files, variables and fields), and a note on each read without error.

    A mapping the loader found invalid is reported once, as the loader found it.
    """
    import dataclasses

    from indberet.i18n import message
    from indberet.read.statbank import read_mapping

    catalogue = result.catalogue
    sets = catalogue.sets if catalogue is not None else ()
    known = {s.id: {f.id for f in s.fields} for s in sets} if sets else None
    diagnostics = list(result.diagnostics)
    notes = []
    for path in result.mappings:
        evidence = read_mapping(path, known, as_of)
        diagnostics.extend(evidence.diagnostics)
        if not evidence.has_errors:
            fields = len(evidence.uses)
            uses = sum(len(items) for items in evidence.uses.values())
            tables = len(evidence.tables)
            key = "validate.statbank" if known is not None else "validate.statbank_alone"
            counts = {"tables": tables, "uses": uses, "fields": fields}
            notes.append(message(key, lang, path=path, **counts))
    if not notes and len(diagnostics) == len(result.diagnostics):
        return result, ()
    diagnostics.sort(key=lambda d: d.sort_key())
    return dataclasses.replace(result, diagnostics=diagnostics), tuple(notes)


def _pair_finder(chosen: PairFinder | None, cache: ParseCache | None) -> PairFinder | None:
    """The near-duplicate search: the one given, else one here that remembers its pairs
    in the cache when there is one (None: the audit's own)."""
    if chosen is not None or cache is None:
        return chosen
    from indberet.core.audit import find_now
    from indberet.run.paircache import searcher_in

    return find_now(searcher_in(cache))


def _plan_to(
    goal: Target, report: AuditReport, include_review: bool, include_keep: bool, lang: str
) -> Plan:
    """The plan to ``goal`` from ``report``; a money target for sets in several currencies
    is refused (no single sum to reach)."""
    from indberet.core import money
    from indberet.core.plan import PlanOptions, make_plan

    if goal.kind == "dkk" and money.single_currency(report) is None:
        found = ", ".join(money.currencies(report.sets))
        raise IndberetError(
            "target", "plan.error.target_currency", {"currencies": found}, lang=lang
        )
    return make_plan(report, goal, PlanOptions(include_review, include_keep))


def _target(
    target: str | float | Target | None, hours: Amount, money: Amount, lang: str
) -> Target | None:
    """The one target given, parsed; None when none is."""
    from indberet.core.plan import Target, TargetError, make_target

    if isinstance(target, Target):
        if hours is not None or money is not None:
            raise IndberetError("target", "plan.error.target_several", lang=lang)
        return target
    share = None if target is None else str(target)
    try:
        return make_target(share, _amount(hours), _amount(money))
    except TargetError as error:
        raise IndberetError("target", error.key, error.params, lang=lang) from None


def _amount(value: Amount) -> str | float | None:
    if value is None or isinstance(value, str):
        return value
    return float(value)


def _language(lang: str) -> str:
    from indberet.i18n import LANGUAGES

    if lang not in LANGUAGES:
        params = {"value": lang, "choices": ", ".join(LANGUAGES)}
        raise IndberetError("argument", "api.bad_lang", params)
    return lang


def _paths(paths: Paths, lang: str, *, allow_empty: bool = False) -> tuple[str, ...]:
    """The paths as strings: one path, or an iterable of them."""
    if isinstance(paths, str | os.PathLike):
        chosen: tuple[str, ...] = (os.fspath(paths),)
    else:
        chosen = tuple(os.fspath(p) for p in paths)
    if not chosen and not allow_empty:
        raise IndberetError("argument", "api.no_paths", lang=lang)
    return chosen


def _date(value: DateArg, lang: str) -> dt.date:
    if value is None:
        return dt.date.today()
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise IndberetError("argument", "cli.bad_date", {"value": value}, lang=lang) from None


def _cache(cache: CacheArg, cache_dir: PathArg | None) -> ParseCache | None:
    """The cache given (or given by calling ``cache``), or the one in ``cache_dir`` if it
    can be trusted; else none."""
    if callable(cache):
        return cache()
    if cache is not None or cache_dir is None:
        return cache
    from indberet.run.cache import open_cache

    opened = open_cache(os.fspath(cache_dir))
    if opened is None or opened.check() is not None:
        return None
    return opened
