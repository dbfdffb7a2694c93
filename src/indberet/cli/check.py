"""Commands of the `check` area; they register on :data:`indberet.cli.main.cli`.

Like cli/main.py: parse options, call the application, render, map exit codes. Import heavy
modules inside the commands.

  indberet check PATH... [--base REF]   CI gate: policy, new findings, burden delta
  indberet diff OLD NEW [PATH...]       the same comparison, for people
  indberet baseline PATH... -o FILE     accept today's findings
  indberet policy [CODE]                the policy codes and what they mean
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Final, NoReturn

import click

from indberet.cli.main import (
    EXIT_CODES_HELP,
    EXIT_FINDINGS,
    EXIT_INPUT,
    LANG_OPTION,
    OUTPUT_OPTION,
    PROFILE_OPTION,
    audit_options,
    cache_options,
    chosen_pair_finder,
    chosen_profile,
    cli,
    command_observer,
    echo_diagnostics,
    emit_output,
    format_for_output,
    format_option,
    open_chosen_cache,
    parse_as_of,
    paths_or_settings,
    usage_inputs,
)

if TYPE_CHECKING:
    import datetime as dt

    from indberet.api import IndberetError, Usage
    from indberet.core.similarity import Candidate, Pair
    from indberet.diagnostics import Diagnostic
    from indberet.model import Catalogue
    from indberet.read.gitsource import Listing, Revision, Skipped

CHECK_FORMATS: Final = ("text", "json", "github", "sarif", "junit", "gitlab", "markdown")
DIFF_FORMATS: Final = ("text", "json", "markdown")
SEVERITY_CHOICES: Final = ("error", "warning", "note")


def _stop(lang: str, key: str, hint: str | None = None, **params: Any) -> NoReturn:
    """Say what is wrong (and what to do) on standard error, and exit 2.

    Each line is made one line: a parameter (a revision, a path, git's words) cannot start
    a line of its own or reach the terminal as an escape sequence.
    """
    from indberet.i18n import message
    from indberet.render.safe import one_line

    words = one_line(f"{message('cli.error', lang)}: {message(key, lang, **params)}")
    click.echo(f"indberet: {words}", err=True)
    if hint is not None:
        advice = one_line(f"{message('hint.label', lang)}: {message(hint, lang, **params)}")
        click.echo(f"    {advice}", err=True)
    raise SystemExit(EXIT_INPUT)


def _fail(error: IndberetError, lang: str, output_format: str) -> NoReturn:
    """Say what the API could not use, the way each command always has, and exit 2.

    Definitions that cannot be read are reported with their located diagnostics (for
    GitHub also as annotations); a usage log or profile with its diagnostics; the
    definitions at the base revision with theirs and a sentence; git and the baseline in
    a sentence with a hint.
    """
    if error.kind in ("definitions", "base"):
        _annotate(error.sources, lang, output_format)
    elif error.sources:
        echo_diagnostics(error.sources, lang)
    if error.kind in ("definitions", "usage_log", "profile"):
        raise SystemExit(EXIT_INPUT)
    _stop(lang, error.key, error.hint_key, **error.params)


def _revision_hint(paths: Sequence[str] = ()) -> str:
    """The hint for a revision git does not know; fetching history only helps a shallow clone."""
    from indberet.read.gitsource import GitError, anchor, is_shallow

    try:
        shallow = is_shallow(anchor(paths[0]) if paths else ".")
    except GitError:
        shallow = False
    return "git.revision_hint_shallow" if shallow else "git.revision_hint"


def _annotate(diagnostics: Sequence[Diagnostic], lang: str, output_format: str) -> None:
    """Input problems on standard error; for GitHub also as annotations on the files."""
    echo_diagnostics(diagnostics, lang)
    if output_format == "github":
        from indberet.render.ci_github import diagnostic_annotation

        for diagnostic in diagnostics:
            click.echo(diagnostic_annotation(diagnostic, lang))


def _load_paths(
    paths: Sequence[str], lang: str, output_format: str, skipped: Sequence[Skipped] = ()
) -> Catalogue:
    """The catalogue in the work tree; exit 2 with located messages when it cannot load.

    Files at or under ``skipped`` (what git could not read on the other side) are left out.
    """
    from indberet import api

    try:
        return api.load_definitions(paths, lang, open_chosen_cache(), skipped=skipped)
    except api.IndberetError as error:
        _fail(error, lang, output_format)


def _open_ref(ref: str, paths: Sequence[str], lang: str) -> tuple[Revision, Listing]:
    """The revision and what it holds under ``paths``; exit 2 when git cannot say.

    Says so when the revision is empty (no commit yet) and what git cannot read there.
    """
    from indberet import api

    try:
        return api.open_base(ref, paths, lang, command_observer(lang, progress=False))
    except api.IndberetError as error:
        _fail(error, lang, "text")


def _load_ref(
    opened: tuple[Revision, Listing],
    skipped: Sequence[Skipped],
    lang: str,
    output_format: str,
) -> tuple[Catalogue, str | None]:
    """The catalogue at a git revision, and the commit; exit 2 when it cannot load."""
    from indberet import api

    try:
        return api.load_base(opened, skipped, lang)
    except api.IndberetError as error:
        _fail(error, lang, output_format)


def _usage(
    usage_files: Sequence[str], catalogues: Sequence[Catalogue], as_of: dt.date, lang: str
) -> Usage:
    """Uses from usage logs, checked against the fields of every side compared."""
    from indberet import api

    try:
        usage = api.read_usage(usage_files, catalogues, as_of, lang)
    except api.IndberetError as error:
        _fail(error, lang, "text")
    echo_diagnostics(usage.warnings, lang)
    return usage


def _append_summary(text: str, lang: str) -> None:
    """Append to $GITHUB_STEP_SUMMARY, when GitHub Actions provides it."""
    from indberet.i18n import message

    path = os.environ.get("GITHUB_STEP_SUMMARY")
    if not path:
        return
    try:
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(text)
    except OSError as error:
        words = message(
            "check.summary_file_error", lang, path=path, reason=error.strerror or str(error)
        )
        click.echo(f"indberet: {message('cli.error', lang)}: {words}", err=True)


FORMAT_HELP: Final = (
    "text: for people and logs; json; github: annotations, plus a Markdown summary appended "
    "to $GITHUB_STEP_SUMMARY when set; sarif: SARIF 2.1.0 for code scanning; junit: JUnit "
    "XML; gitlab: GitLab code quality; markdown: the summary alone."
)


@cli.command(epilog=EXIT_CODES_HELP)
@click.argument("paths", nargs=-1, type=click.Path())
@click.option(
    "--base",
    "base_ref",
    metavar="REF",
    default=None,
    help="Git revision to compare with (branch, tag, commit; e.g. origin/main, HEAD~1). "
    "Read straight from git: nothing is checked out.",
)
@audit_options
@format_option(CHECK_FORMATS, "text", FORMAT_HELP)
@click.option(
    "--fail-on",
    type=click.Choice(SEVERITY_CHOICES),
    default=None,
    help="Lowest severity that fails the run. Default: the profile's check.fail_on (error).",
)
@click.option(
    "--all",
    "all_findings",
    is_flag=True,
    help="Fail on every finding, not only those the base does not have.",
)
@click.option(
    "--baseline",
    "baseline_file",
    metavar="FILE",
    default=None,
    help="Baseline (from `indberet baseline`): findings listed there do not fail; "
    "entries that match nothing are reported (IND209).",
)
@OUTPUT_OPTION
@LANG_OPTION
@cache_options
def check(
    paths: tuple[str, ...],
    base_ref: str | None,
    profile_name: str | None,
    as_of_text: str | None,
    usage_files: tuple[str, ...],
    output_format: str,
    fail_on: str | None,
    all_findings: bool,
    baseline_file: str | None,
    output: str | None,
    lang: str | None,
) -> None:
    """Check a change to requirement definitions against the profile's policy (a CI gate).

    With --base REF, compares PATHS in the work tree with the same paths at REF: fields
    added, removed and changed, the burden delta in hours and money, and which findings
    are new. Only new findings fail, unless --all. Without --base every field is checked
    as new; accept what is there with --baseline. `indberet policy` lists the codes.

    Exit codes: 0 pass, 1 a finding fails the policy, 2 usage or input error.
    """
    paths = paths_or_settings(paths)
    from indberet import api
    from indberet.i18n import resolve_language
    from indberet.render.ci_formats import CHECK_FORMATS as RENDERERS
    from indberet.render.ci_github import summary

    language = resolve_language(lang)
    written = format_for_output(output, output_format, list(RENDERERS))
    as_of = parse_as_of(as_of_text)
    profile = chosen_profile(profile_name, language)
    try:
        checked = api.check(
            paths,
            base=base_ref,
            profile=profile,
            as_of=as_of,
            usage=usage_files,
            baseline=baseline_file,
            fail_on=fail_on,
            all_findings=all_findings,
            lang=language,
            cache=open_chosen_cache,  # opened when the files are read
            pair_finder=_lazy_pair_finder,
            observer=command_observer(language, progress=False),
        )
    except api.IndberetError as error:
        _fail(error, language, output_format)
    result = checked.outcome
    inputs = _inputs(paths, usage_inputs(usage_files))
    emit_output(RENDERERS[written](result, language), output, inputs)
    if output_format == "github":
        _append_summary(summary(result, language, step_summary=True), language)
    if result.failed:
        raise SystemExit(EXIT_FINDINGS)


def _lazy_pair_finder(items: Sequence[Candidate], threshold: float) -> Callable[[], list[Pair]]:
    """The command's near-duplicate search, chosen when it is first needed."""
    return chosen_pair_finder()(items, threshold)


def _inputs(paths: Sequence[str], more: Sequence[str | None] = ()) -> tuple[str, ...]:
    return (*paths, *(item for item in more if item))


def _sides(
    names: Sequence[str], paths: Sequence[str], lang: str
) -> list[tuple[Catalogue, str | None]]:
    """Each a directory or file if one exists by that name, otherwise a git revision.

    What git cannot read at one revision is left out of every side.
    """
    opened: list[tuple[Revision, Listing] | None] = []
    for side in names:
        if os.path.exists(side):
            opened.append(None)
        elif _is_revision(side, paths):
            opened.append(_open_ref(side, paths or ["."], lang))
        else:
            _stop(lang, "diff.side", _revision_hint(paths=paths), side=side)
    skipped = [item for one in opened if one is not None for item in one[1].skipped]
    return [
        (_load_paths([side], lang, "text", skipped), None)
        if one is None
        else _load_ref(one, skipped, lang, "text")
        for side, one in zip(names, opened, strict=True)
    ]


@cli.command(epilog=EXIT_CODES_HELP)
@click.argument("old")
@click.argument("new")
@click.argument("paths", nargs=-1, type=click.Path())
@audit_options
@format_option(DIFF_FORMATS, "text")
@OUTPUT_OPTION
@LANG_OPTION
@cache_options
def diff(
    old: str,
    new: str,
    paths: tuple[str, ...],
    profile_name: str | None,
    as_of_text: str | None,
    usage_files: tuple[str, ...],
    output_format: str,
    output: str | None,
    lang: str | None,
) -> None:
    """Compare two catalogues: fields added, removed and changed, burden, new findings.

    OLD and NEW are each a folder or file, or else a git revision; for revisions, PATHS
    (default: the current folder) name what to read in the repository. For example
    `indberet diff old/ requirements/` or `indberet diff origin/main HEAD requirements/`.
    Always exits 0 when both sides load; `indberet check` is the gate.
    """
    from indberet.core.check import run_check
    from indberet.i18n import resolve_language
    from indberet.render.ci_formats import DIFF_FORMATS as RENDERERS

    language = resolve_language(lang)
    as_of = parse_as_of(as_of_text)
    profile = chosen_profile(profile_name, language)
    (base, base_commit), (catalogue, _) = _sides((old, new), paths, language)
    usage = _usage(usage_files, [base, catalogue], as_of, language)
    result = run_check(
        catalogue,
        profile,
        as_of,
        base=base,
        base_label=old,
        base_commit=base_commit,
        extra_uses=usage.extra,
        usage_log=usage.label,
        warnings=usage.warnings,
        pair_finder=chosen_pair_finder(),
    )
    emit_output(RENDERERS[output_format](result, language), output, _inputs([old, new, *paths]))


def _is_revision(side: str, paths: Sequence[str]) -> bool:
    """Whether ``side`` names a git revision of the repository holding ``paths``."""
    from indberet.read.gitsource import GitError, anchor, resolve

    try:
        resolve(side, anchor(paths[0]) if paths else ".")
    except GitError as error:
        # Git itself missing is reported when the revision is read; anything else means
        # that `side` is no revision here.
        return error.key == "git.missing"
    return True


@cli.command(epilog=EXIT_CODES_HELP)
@click.argument("paths", nargs=-1, type=click.Path())
@audit_options
@click.option(
    "-o",
    "--output",
    metavar="FILE",
    default=None,
    help="Write the baseline to FILE (atomically). Default: standard output.",
)
@LANG_OPTION
@cache_options
def baseline(
    paths: tuple[str, ...],
    profile_name: str | None,
    as_of_text: str | None,
    usage_files: tuple[str, ...],
    output: str | None,
    lang: str | None,
) -> None:
    """Write a baseline: today's findings, accepted so that only new ones fail.

    Findings are listed by fingerprint (set.field:CODE), not by line, so moving fields
    or files does not change the baseline. Use it with `indberet check --baseline FILE`.
    """
    paths = paths_or_settings(paths)
    from indberet.core.baseline import baseline_text
    from indberet.core.check import baseline_entries, run_check
    from indberet.i18n import message, resolve_language

    language = resolve_language(lang)
    as_of = parse_as_of(as_of_text)
    profile = chosen_profile(profile_name, language)
    catalogue = _load_paths(paths, language, "text")
    usage = _usage(usage_files, [catalogue], as_of, language)
    result = run_check(
        catalogue,
        profile,
        as_of,
        extra_uses=usage.extra,
        pair_finder=chosen_pair_finder(),
    )
    entries = baseline_entries(result)
    emit_output(baseline_text(entries), output, _inputs(paths, usage_inputs(usage_files)))
    if output not in (None, "-"):
        words = message("baseline.written", language, count=len(entries), path=output)
        click.echo(words, err=True)


@cli.command(epilog=EXIT_CODES_HELP)
@click.argument("code", required=False)
@PROFILE_OPTION
@LANG_OPTION
def policy(code: str | None, profile_name: str | None, lang: str | None) -> None:
    """List the policy codes of `indberet check`, or explain one.

    With --profile, shows each code's severity in that profile.
    """
    from indberet.core.check import POLICY_CODES, Policy
    from indberet.i18n import message, resolve_language
    from indberet.render.ci_common import code_doc, code_name, severity_word

    language = resolve_language(lang)
    profile = chosen_profile(profile_name, language)
    rules = Policy.from_profile(profile)

    def level(code_: str) -> str:
        chosen = rules.severity(code_)
        return severity_word(chosen or "off", language)

    if code is not None:
        wanted = code.upper()
        known = [item.code for item in POLICY_CODES]
        if wanted not in known:
            _stop(language, "policy.unknown", None, code=code, known=", ".join(known))
        item = next(p for p in POLICY_CODES if p.code == wanted)
        click.echo(f"{item.code} {item.name} — {code_name(item.code, language)}")
        click.echo(code_doc(item.code, language))
        click.echo(
            message(
                "policy.severity_line",
                language,
                profile=profile.name,
                severity=level(item.code),
                exemptable=message("word.yes" if item.exemptable else "word.no", language),
            )
        )
        return
    for item in POLICY_CODES:
        click.echo(f"{item.code}  {level(item.code):10} {code_name(item.code, language)}")
    click.echo(f"IND1xx  {level('IND101'):10} {code_doc('IND101', language)}")
    click.echo(
        message(
            "policy.fail_on",
            language,
            profile=profile.name,
            fail_on=severity_word(rules.fail_on, language),
        )
    )
