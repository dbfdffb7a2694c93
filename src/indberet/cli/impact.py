"""The `impact` command (who loses what); it registers on :data:`indberet.cli.main.cli`.

Like cli/main.py: parse options, call the API, render, map exit codes. Import heavy
modules inside the command.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import click

from indberet.cli.main import (
    EXIT_CODES_HELP,
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
from indberet.cli.report import _planned, _target, _with_targets

if TYPE_CHECKING:
    from indberet.audit_model import AuditReport
    from indberet.core.impact import Impact

FORMATS = ("table", "json", "markdown")

IMPACT_HELP = """\b
Examples:
  indberet impact examples/ --plan --target 44%
  indberet impact examples/ --field underretninger.underretter \\
      --field anbringelser.anledning --lang da
  indberet impact examples/ --format json -o impact.json

\b
Which fields leave (give one way, or none):
  --field SET.FIELD  a field to drop (repeatable); a removed question takes the
                     questions asked only when it has a value along
  --plan --target …  the fields of the plan for that target, as `indberet plan`
                     takes them (--target-hours, --target-dkk, --include-review,
                     --include-keep as there)
  (neither)          every field the audit takes off the forms: REMOVE, DERIVE,
                     MERGE. A derived or merged field loses the question, not
                     the data.
"""


@cli.command(epilog=IMPACT_HELP + "\n" + EXIT_CODES_HELP)
@click.argument("paths", nargs=-1, type=click.Path())
@click.option(
    "--field",
    "fields",
    metavar="SET.FIELD",
    multiple=True,
    help="A field to drop, as set.field (repeatable).",
)
@click.option(
    "--plan",
    "with_plan",
    is_flag=True,
    default=False,
    help="The fields of the plan for the target (as indberet plan takes them).",
)
@_with_targets
@audit_options
@format_option(
    FORMATS, "table", "Output format (JSON schema: src/indberet/schemas/impact.schema.json)."
)
@OUTPUT_OPTION
@LANG_OPTION
@cache_options
def impact(
    paths: tuple[str, ...],
    fields: tuple[str, ...],
    with_plan: bool,
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
    """Who loses what: the users of the fields that would leave the forms.

    For each consumer and product that uses a leaving field (the fields' used_by and the
    usage logs): the fields it would lose, the kind of use and when it last used them;
    publications that lose a dimension are named plainly. Fields named by law name the
    provision that must change first. The fields are those named with --field, those of
    a plan (--plan with a target), or else every field the audit takes off the forms.
    -o FILE chooses the format by its suffix (.json, .md, .txt).
    """
    paths = paths_or_settings(paths)
    from indberet import api
    from indberet.i18n import message, resolve_language
    from indberet.render import impactfmt

    language = resolve_language(lang)
    target = _target(target_share, target_hours, target_dkk, language)
    if fields and (with_plan or target is not None):
        raise click.UsageError(message("impact.error.plan_and_fields", language))
    if with_plan and target is None:
        raise click.UsageError(message("impact.error.plan_target", language))
    if target is not None and not with_plan:
        raise click.UsageError(message("impact.error.target_without_plan", language))
    if (include_review or include_keep) and target is None:
        raise click.UsageError(message("plan.error.options_target", language))
    fmt = format_for_output(output, output_format, FORMATS)
    audit_result = audited_as_asked(paths, profile_name, as_of_text, usage_files, language)
    result = _planned(
        lambda: api.impact(
            audit_result,
            fields=fields,
            target=target,
            include_review=include_review,
            include_keep=include_keep,
            lang=language,
        )
    )
    renderers: dict[str, Callable[[Impact, AuditReport, str], str | bytes]] = {
        "table": impactfmt.table,
        "json": impactfmt.as_json,
        "markdown": impactfmt.markdown,
    }
    rendered = renderers[fmt](result.impact, audit_result.report, language)
    emit_output(rendered, output, paths + usage_inputs(usage_files))
