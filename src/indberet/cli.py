"""The command line: parse options, call the application, pick a renderer, map exit codes.

Imports of everything but click happen inside the commands, so that ``indberet --version``
and ``--help`` start as fast as click itself.

Exit codes, shared by all commands:

\b
  0  ok
  1  findings: invalid definitions (validate), policy failures (check)
  2  usage or input error: bad option, missing path, unreadable or non-UTF-8 file
  3  internal error: a bug in indberet; please report it
130  interrupted (Ctrl-C)
"""

from __future__ import annotations

import os
import sys
from typing import Any, Final

import click

from indberet import __version__

EXIT_OK: Final = 0
EXIT_FINDINGS: Final = 1
EXIT_INPUT: Final = 2
EXIT_INTERNAL: Final = 3
EXIT_INTERRUPTED: Final = 130

EXIT_CODES_HELP: Final = """\b
Exit codes:
  0    ok
  1    findings (invalid definitions, policy failures)
  2    usage or input error (bad option, missing path, unreadable file)
  3    internal error (a bug; please report it)
  130  interrupted
"""

LANG_OPTION = click.option(
    "--lang",
    type=click.Choice(["da", "en"]),
    default=None,
    help="Language of messages. Default: $INDBERET_LANG, then the locale, then English.",
)


@click.group(
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    epilog=EXIT_CODES_HELP,
)
@click.version_option(__version__, "-V", "--version", prog_name="indberet")
def cli() -> None:
    """Audit national reporting requirements: usage, duplication, burden and what to prune.

    Requirement sets are YAML files, one per statistic. Start with
    `indberet validate DIR` to check them.
    """


@cli.command(epilog=EXIT_CODES_HELP)
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Output format.",
)
@LANG_OPTION
def validate(paths: tuple[str, ...], output_format: str, lang: str | None) -> None:
    """Check requirement definitions: YAML, schema and references.

    PATHS are files or directories (searched recursively for *.yaml and *.yml). Every
    problem in every file is reported as `path:line:col: CODE message`, with a hint.
    """
    from indberet.i18n import resolve_language
    from indberet.loading import load
    from indberet.render import jsonfmt, text

    language = resolve_language(lang)
    result = load(list(paths))
    renderer = jsonfmt.validation if output_format == "json" else text.validation
    click.echo(renderer(result, language), nl=False)
    if result.has_input_errors:
        raise SystemExit(EXIT_INPUT)
    if result.diagnostics:
        raise SystemExit(EXIT_FINDINGS)


@cli.command(epilog=EXIT_CODES_HELP)
@click.argument("kind", required=False)
@LANG_OPTION
def schema(kind: str | None, lang: str | None) -> None:
    """Print the JSON Schema of a file KIND, or list the kinds.

    Kinds: requirement-set, registers, usage-log.
    """
    from indberet.i18n import message, resolve_language
    from indberet.schema import KINDS, schema_text

    if kind is None:
        click.echo("\n".join(KINDS))
        return
    if kind not in KINDS:
        words = message(
            "cli.schema_unknown", resolve_language(lang), kind=kind, kinds=", ".join(KINDS)
        )
        raise click.UsageError(words)
    click.echo(schema_text(kind), nl=False)


def main(argv: list[str] | None = None) -> Any:
    """Console entry point: run the CLI and turn every outcome into a documented exit code."""
    try:
        code = cli.main(args=argv, prog_name="indberet", standalone_mode=False)
    except click.exceptions.Exit as stop:
        code = stop.exit_code
    except click.ClickException as error:
        error.show()
        code = error.exit_code
    except (click.Abort, KeyboardInterrupt):
        click.echo("\nindberet: interrupted", err=True)
        code = EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader went away (`indberet ... | head`); that is not an error.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        code = EXIT_OK
    except SystemExit as stop:
        code = stop.code
    except Exception as error:
        if os.environ.get("INDBERET_DEBUG"):
            raise
        click.echo(
            f"indberet: internal error: {type(error).__name__}: {error}\n"
            "This is a bug in indberet. Run again with INDBERET_DEBUG=1 for details and "
            "report it.",
            err=True,
        )
        code = EXIT_INTERNAL
    sys.exit(code if isinstance(code, int) else EXIT_OK)
