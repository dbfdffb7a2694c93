"""Commands of the `report` area; they register on :data:`indberet.cli.main.cli`.

Like cli/main.py: parse options, call the application, render, map exit codes. Import heavy
modules inside the commands.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import click

from indberet.cli.main import (
    EXIT_CODES_HELP,
    EXIT_FINDINGS,
    LANG_OPTION,
    OUTPUT_OPTION,
    audit_options,
    audited_as_asked,
    cache_options,
    cli,
    emit_output,
    format_for_output,
    format_option,
    paths_or_settings,
    usage_inputs,
)

if TYPE_CHECKING:
    from indberet.api_types import AuditResult, PlanResult
    from indberet.core.plan import Target

TARGET_HELP = """\b
Targets (give one):
  --target 44%       share of the fields, by count, to take off the forms
                     (compared as written: 44% is met from 43.5%, like the headline)
  --target-hours N   hours of burden saved a year (midpoints of ranges)
  --target-dkk N     money saved a year in the sets' currency, DKK unless they
                     say otherwise (midpoints of ranges); 5000000, 5.000.000,
                     5 000 000 and 5,000,000 are all five million
Candidates: the fields the audit takes off the forms (REMOVE, DERIVE, MERGE);
--include-review and --include-keep add the fields it flags for REVIEW or would
KEEP. Identifiers and fields named by law are never cut.
"""

_target_options = [
    click.option(
        "--target",
        "target_share",
        metavar="PERCENT",
        default=None,
        help="Share of the fields BY COUNT to take off the forms, e.g. 44% (with the sign).",
    ),
    click.option(
        "--target-hours",
        metavar="N",
        default=None,
        help="Hours of burden to save a year (midpoints of ranges).",
    ),
    click.option(
        "--target-dkk",
        metavar="N",
        default=None,
        help="Money to save a year, in the sets' currency (DKK unless they say otherwise), "
        "e.g. 5.000.000.",
    ),
    click.option(
        "--include-review",
        is_flag=True,
        default=False,
        help="Let the plan also cut fields the audit flags for REVIEW.",
    ),
    click.option(
        "--include-keep",
        is_flag=True,
        default=False,
        help="Let the plan also cut fields the audit would KEEP; every such step is marked.",
    ),
]


def _target(share: str | None, hours: str | None, dkk: str | None, lang: str) -> Target | None:
    from indberet.core.plan import TargetError, make_target
    from indberet.i18n import message

    try:
        return make_target(share, hours, dkk)
    except TargetError as error:
        raise click.UsageError(message(error.key, lang, **error.params)) from None


def _planned(make: Callable[[], T]) -> T:
    """``make()``, a call of the API that plans; a target it cannot work with (money for
    sets in several currencies) is a usage error, like a target option that cannot be read."""
    from indberet.api import IndberetError

    try:
        return make()
    except IndberetError as error:
        raise click.UsageError(error.message) from None


def _plan(
    audit_result: AuditResult,
    target: Target,
    include_review: bool,
    include_keep: bool,
    lang: str,
) -> PlanResult:
    """The plan to ``target`` from an audit (a usage error if it cannot be made)."""
    from indberet import api

    return _planned(
        lambda: api.plan(
            audit_result,
            target=target,
            include_review=include_review,
            include_keep=include_keep,
            lang=lang,
        )
    )


F = TypeVar("F", bound=Callable[..., Any])
T = TypeVar("T")


def _with_targets(function: F) -> F:
    for option in reversed(_target_options):
        function = option(function)
    return function


@cli.command(epilog=TARGET_HELP + "\n" + EXIT_CODES_HELP)
@click.argument("paths", nargs=-1, type=click.Path())
@_with_targets
@audit_options
@format_option(
    ["table", "json", "markdown"],
    "table",
    "Output format (JSON schema: src/indberet/schemas/plan.schema.json).",
)
@OUTPUT_OPTION
@LANG_OPTION
@cache_options
def plan(
    paths: tuple[str, ...],
    target_share: str | None,
    target_hours: str | None,
    target_dkk: str | None,
    include_review: bool,
    include_keep: bool,
    profile_name: str | None,
    as_of_text: str | None,
    usage_files: tuple[str, ...],
    output_format: str,
    output: str | None,
    lang: str | None,
) -> None:
    """Which fields to take off the forms to reach a target, least value lost first.

    Candidates are the audit's own proposals (REMOVE, DERIVE, MERGE); --include-review
    and --include-keep add the fields it flags for REVIEW or would KEEP (each such step is
    marked). Identifiers and fields named by law are never cut. A question that decides
    whether others are asked goes only together with them. Within each group, the least
    usage lost per hour of burden saved first. Shows the cumulative reduction step by
    step and says plainly when the target cannot be reached, how close it gets and which
    option would add candidates (exit code 1). -o FILE chooses the format by its suffix
    (.json, .md, .txt).
    """
    paths = paths_or_settings(paths)
    from indberet.i18n import message, resolve_language
    from indberet.render import planfmt

    language = resolve_language(lang)
    target = _target(target_share, target_hours, target_dkk, language)
    if target is None:
        raise click.UsageError(message("plan.error.target_missing", language))
    fmt = format_for_output(output, output_format, ["table", "json", "markdown"])
    audit_result = audited_as_asked(paths, profile_name, as_of_text, usage_files, language)
    result = _plan(audit_result, target, include_review, include_keep, language)
    renderer = {
        "table": planfmt.table,
        "json": planfmt.as_json,
        "markdown": planfmt.markdown,
    }[fmt]
    emit_output(
        renderer(result.plan, audit_result.report, language),
        output,
        paths + usage_inputs(usage_files),
    )
    if not result.reached:
        raise SystemExit(EXIT_FINDINGS)


REPORT_FORMATS = ("html", "markdown", "xlsx", "json")


@cli.command(epilog=TARGET_HELP + "\n" + EXIT_CODES_HELP)
@click.argument("paths", nargs=-1, type=click.Path())
@click.option(
    "-o",
    "--output",
    metavar="FILE",
    default=None,
    help="Write the report to FILE (atomically); its suffix chooses the format: "
    ".html/.htm, .md, .xlsx, .json.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(REPORT_FORMATS),
    default=None,
    help="Format, when the suffix of FILE does not say it (or to write to standard output).",
)
@click.option(
    "--plan",
    "with_plan",
    is_flag=True,
    default=False,
    help="Include a pruning plan for the target (a target option implies it).",
)
@_with_targets
@audit_options
@click.option(
    "--lang",
    type=click.Choice(["da", "en"]),
    default=None,
    help="Language of the report. Default: $INDBERET_LANG, then Danish.",
)
@cache_options
def report(
    paths: tuple[str, ...],
    output: str | None,
    output_format: str | None,
    with_plan: bool,
    target_share: str | None,
    target_hours: str | None,
    target_dkk: str | None,
    include_review: bool,
    include_keep: bool,
    profile_name: str | None,
    as_of_text: str | None,
    usage_files: tuple[str, ...],
    lang: str | None,
) -> None:
    """Write a pruning report for the KL negotiations: HTML, Markdown, Excel or JSON.

    What each statistic asks of its reporters today, what can go, what that saves in
    hours and money (each statistic's currency), and the reason and evidence for every
    field. Every report states the as-of date, the profile and tariff, and the
    assumptions, and says so when the data is illustrative. HTML is one self-contained,
    printable file with inline charts. With a target the report holds the plan; when the
    target cannot be reached the report is written all the same, saying how close it
    gets, and the exit code is 1 (as for indberet plan).
    """
    paths = paths_or_settings(paths)
    import os

    import indberet.render.report as application
    from indberet import api
    from indberet.i18n import message

    language = application.report_language(lang)
    fmt = application.format_for(output, output_format)
    if fmt is None:
        if output is None or output == "-":
            raise click.UsageError(message("report.error.no_output", language))
        raise click.UsageError(
            message(
                "report.error.suffix",
                language,
                file=output,
                suffixes=", ".join(application.SUFFIXES),
            )
        )
    to_stdout = output is None or output == "-"
    if fmt == "xlsx" and to_stdout:
        raise click.UsageError(message("report.error.xlsx_stdout", language))
    target = _target(target_share, target_hours, target_dkk, language)
    if with_plan and target is None:
        raise click.UsageError(message("report.error.plan_target", language))
    if (include_review or include_keep) and target is None:
        raise click.UsageError(message("plan.error.options_target", language))
    audit_result = audited_as_asked(paths, profile_name, as_of_text, usage_files, language)
    source: api.AuditResult | api.PlanResult = audit_result
    if target is not None:
        source = _plan(audit_result, target, include_review, include_keep, language)
    plan = source.plan if isinstance(source, api.PlanResult) else None
    document = application.PruningReport(audit_result.report, plan)
    # A file gets bytes, which an HTML page is encoded to a piece at a time.
    rendered: str | bytes = (
        application.render(document, fmt, language)
        if to_stdout
        else application.encoded(document, fmt, language)
    )
    inputs = paths + usage_inputs(usage_files)
    emit_output(rendered, output, inputs)
    if not to_stdout:
        assert output is not None
        size = os.path.getsize(output)
        click.echo(
            message("report.written", language, file=output, kb=f"{size / 1024:.0f}"), err=True
        )
    if isinstance(source, api.PlanResult) and not source.reached:
        raise SystemExit(EXIT_FINDINGS)  # the report says how close it gets, as plan does
