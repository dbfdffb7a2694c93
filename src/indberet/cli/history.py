"""`indberet history`: how the definitions grew, commit by commit; registers on
:data:`indberet.cli.main.cli`.

Like cli/main.py: parse options, call the API, render, map exit codes. Import heavy
modules inside the command.
"""

from __future__ import annotations

import shutil
import sys
from typing import TYPE_CHECKING, Final, NoReturn

import click

from indberet.cli.main import (
    EXIT_CODES_HELP,
    EXIT_INPUT,
    LANG_OPTION,
    OUTPUT_OPTION,
    PROFILE_OPTION,
    chosen_profile,
    cli,
    command_observer,
    emit_output,
    format_for_output,
    format_option,
    paths_or_settings,
)

if TYPE_CHECKING:
    from indberet.api import IndberetError

HISTORY_FORMATS: Final = ("text", "json", "markdown", "html")

HISTORY_HELP: Final = """\b
Examples:
  indberet history examples/
  indberet history examples/ --since HEAD~20 -o history.html
  indberet history --format json > history.json   (PATH from indberet.toml)
"""


def _stop(error: IndberetError, lang: str) -> NoReturn:
    """Say what git could not give (and what to do) on standard error, and exit 2."""
    from indberet.i18n import message
    from indberet.render.safe import one_line

    click.echo(f"indberet: {one_line(message('cli.error', lang) + ': ' + error.message)}", err=True)
    if error.hint_key is not None:
        hint = message(error.hint_key, lang, **error.params)
        click.echo(f"    {one_line(message('hint.label', lang) + ': ' + hint)}", err=True)
    raise SystemExit(EXIT_INPUT)


def _unicode(output: str | None) -> bool:
    """Whether the chart may use block characters: a file is UTF-8, a terminal may not be."""
    if output not in (None, "-"):
        return True
    encoding = (getattr(sys.stdout, "encoding", None) or "").lower().replace("-", "")
    return encoding == "utf8"


@cli.command(epilog=HISTORY_HELP + "\n" + EXIT_CODES_HELP)
@click.argument("paths", nargs=-1, type=click.Path())
@click.option(
    "--since",
    metavar="REV",
    default=None,
    help="Start after this git revision: its definitions are the starting state.",
)
@click.option(
    "--until",
    metavar="REV",
    default="HEAD",
    show_default=True,
    help="The last git revision to read.",
)
@click.option(
    "--top",
    type=click.IntRange(min=0),
    default=5,
    show_default=True,
    help="How many of the commits that added the most burden to name.",
)
@PROFILE_OPTION
@format_option(HISTORY_FORMATS, "text", "Output format (-o FILE.html, .json, .md choose too).")
@OUTPUT_OPTION
@LANG_OPTION
def history(
    paths: tuple[str, ...],
    since: str | None,
    until: str,
    top: int,
    profile_name: str | None,
    output_format: str,
    output: str | None,
    lang: str | None,
) -> None:
    """How the requirement definitions grew: fields and burden after each commit.

    Walks the git history of the definitions under PATHS (default: the project
    settings' paths), reading every version straight from git (nothing is checked out),
    and shows the number of fields and the burden in hours and money a year after each
    commit that changed them, the trend, a chart, and the commits that added the most
    burden with the fields they added and removed. Merges are followed along their first
    parent; renamed files are compared, not removed and added; a file that is not valid
    at a commit is passed over there with a note; a shallow clone's history starts at
    its boundary, and the output says so.
    """
    paths = paths_or_settings(paths)
    from indberet import api
    from indberet.i18n import resolve_language
    from indberet.render import history as rendering

    language = resolve_language(lang)
    written = format_for_output(output, output_format, HISTORY_FORMATS)
    profile = chosen_profile(profile_name, language)
    try:
        found = api.history(
            paths,
            since=since,
            until=until,
            profile=profile,
            top=top,
            lang=language,
            observer=command_observer(language),
        )
    except api.IndberetError as error:
        _stop(error, language)
    if written == "text":
        width = shutil.get_terminal_size()[0]
        shown = rendering.text(found.history, language, unicode=_unicode(output), width=width)
    else:
        shown = rendering.RENDERERS[written](found.history, language)
    emit_output(shown, output, tuple(paths))
