"""Commands for getting a catalogue in: `import` (a spreadsheet's field list as a requirement
set) and `init` (a new catalogue repository). They register on :data:`indberet.cli.main.cli`.

Like cli/main.py: parse options, call the API, write, map exit codes.
"""

from __future__ import annotations

import click

from indberet.cli.main import (
    EXIT_CODES_HELP,
    EXIT_INPUT,
    LANG_OPTION,
    cli,
    echo_diagnostics,
    write_output_file,
)

IMPORT_HELP = """\b
Examples:
  indberet import felter.csv
  indberet import felter.xlsx --sheet Felter --id underretninger \\
      --reports-per-year 152700 -o requirements/underretninger.yaml
  indberet import list.csv --map 'Tid (sek.)=ignore' --map 'Svar=codes'

\b
Columns are matched by their headers, Danish or English, in any case and
with or without accents:
  name          felt, feltnavn, field, name, variable, spørgsmål, ...
  id            id, felt-id, variabelnavn, kortnavn, ...
  description   beskrivelse, description, definition, vejledning, ...
  type          type, datatype, felttype, format
  minutes       minutter, minutes, tidsforbrug, tid (min.), ...
  codes         kodeliste, koder, værdier, codes, values, svarmuligheder, ...
  mandated_by   lovhjemmel, hjemmel, legal basis, lovgrundlag, bestemmelse, ...
  applies_to    andel, share, applies to (0-1 or a per cent)
  aspect        aspekt, aspect (indhold/substance, proces/process)
  registered_in register, registreret i, registered in (known registers)
  source        kilde, source, reference
  required      obligatorisk, required (recognised; the format has no such key)
--map 'HEADER=KEY' reads any other column as KEY, or leaves it out (KEY
ignore). Semicolon CSV with decimal commas ("2,5") and Windows-1252 text, as
Danish Excel saves it, is read as well as UTF-8 CSV and .xlsx workbooks.
Every value guessed is marked `assumed` in the set; what could not be
carried over is listed on standard error (or in --report FILE).
"""


@cli.command(name="import", epilog=IMPORT_HELP + "\n" + EXIT_CODES_HELP)
@click.argument("spreadsheet", metavar="FILE.xlsx|FILE.csv", type=click.Path())
@click.option(
    "-o",
    "--output",
    metavar="FILE.yaml",
    default=None,
    help="Write the set to FILE (atomically) instead of standard output.",
)
@click.option(
    "--sheet",
    metavar="NAME|N",
    default=None,
    help="The workbook's sheet (name or number). Default: the first.",
)
@click.option(
    "--map",
    "columns",
    metavar="HEADER=KEY",
    multiple=True,
    help="Read the column HEADER as KEY (repeatable); KEY ignore leaves it out.",
)
@click.option(
    "--id",
    "set_id",
    metavar="ID",
    default=None,
    help="The set's id. Default: made from the file name.",
)
@click.option(
    "--name",
    metavar="TEXT",
    default=None,
    help="The set's name. Default: the title above the headers, else the file name.",
)
@click.option(
    "--reports-per-year",
    type=click.IntRange(0),
    metavar="N",
    default=None,
    help="Cases reported a year, all reporters together. Default: 0, marked assumed.",
)
@click.option(
    "--reporters",
    type=click.IntRange(1),
    metavar="N",
    default=None,
    help="How many bodies report (98 municipalities).",
)
@click.option(
    "--tariff",
    type=float,
    metavar="AMOUNT",
    default=None,
    help="Hourly tariff in the set's currency. Default: the profile's.",
)
@click.option(
    "--currency",
    metavar="CODE",
    default=None,
    help="ISO 4217 code of the set's money. Default: DKK.",
)
@click.option(
    "--receiver",
    metavar="TEXT",
    default=None,
    help="Who receives the reports, e.g. Danmarks Statistik.",
)
@click.option(
    "--legal-basis", metavar="TEXT", default=None, help="The law that requires the reporting."
)
@click.option(
    "--minutes",
    type=float,
    metavar="N",
    default=None,
    help="Minutes for a field the list gives none (marked assumed). Default: 1.",
)
@click.option(
    "--report",
    "report_file",
    metavar="FILE",
    default=None,
    help="Write what was not carried over to FILE instead of standard error.",
)
@LANG_OPTION
def import_command(
    spreadsheet: str,
    output: str | None,
    sheet: str | None,
    columns: tuple[str, ...],
    set_id: str | None,
    name: str | None,
    reports_per_year: int | None,
    reporters: int | None,
    tariff: float | None,
    currency: str | None,
    receiver: str | None,
    legal_basis: str | None,
    minutes: float | None,
    report_file: str | None,
    lang: str | None,
) -> None:
    """Make a requirement set from a field list in a spreadsheet (.xlsx or .csv).

    Reads the first sheet (or --sheet), finds the row of column headers, and writes one
    field per row below it, as YAML that validates (it is checked before it is written;
    nothing invalid is written). Set-level values come from the options; what is not
    given is guessed and marked `assumed`. The columns read, the rows skipped and why,
    and every guess are listed on standard error, or in --report FILE.
    """
    from indberet import api
    from indberet.i18n import message, resolve_language

    language = resolve_language(lang)
    for target in (output, report_file):
        if target not in (None, "-") and _same_file(target, spreadsheet):
            raise click.UsageError(message("import.error.output_is_input", language, file=target))
    if output not in (None, "-") and report_file not in (None, "-"):
        assert output is not None and report_file is not None
        if _same_file(output, report_file):
            raise click.UsageError(message("import.error.report_is_output", language, file=output))
    try:
        result = api.import_fields(
            spreadsheet,
            sheet=sheet,
            columns=columns,
            set_id=set_id,
            name=name,
            reports_per_year=reports_per_year,
            reporters=reporters,
            tariff=tariff,
            currency=currency,
            receiver=receiver,
            legal_basis=legal_basis,
            minutes=minutes,
            lang=language,
        )
    except api.IndberetError as error:
        if error.kind == "argument":
            raise click.UsageError(error.message) from None
        click.echo(f"indberet: {error.message}", err=True)
        echo_diagnostics(error.sources, language)
        raise SystemExit(EXIT_INPUT) from None
    lines = [
        message(
            "import.report.header_row",
            language,
            path=spreadsheet,
            row=result.header_row,
            fields=result.fields,
            rows=result.rows_read,
        )
    ]
    lines += [
        message("import.report.column", language, column=header, key=key)
        for header, key in result.columns
        if key is not None and key not in ("ignore", "required")
    ]
    lines += result.notes
    from indberet.render.safe import one_line

    said = "".join(one_line(words) + "\n" for words in lines)
    inputs = (spreadsheet,)
    if report_file is not None and report_file != "-":
        write_output_file(report_file, said, inputs)
    else:
        click.echo(said, err=True, nl=False)
    if output is None or output == "-":
        click.echo(result.yaml, nl=False)
    else:
        write_output_file(output, result.yaml, inputs)
        click.echo(
            message("import.report.written", language, file=output, fields=result.fields), err=True
        )
    if report_file is not None and report_file != "-":
        click.echo(message("import.report.written_report", language, file=report_file), err=True)


def _same_file(one: str, two: str) -> bool:
    import os

    return os.path.realpath(one) == os.path.realpath(two)


INIT_HELP = """\b
Example:
  indberet init my-catalogue && cd my-catalogue && indberet validate && indberet audit

\b
Writes:
  indberet.toml                     paths and profile for the commands
  requirements/eksempel.yaml        a small requirement set (illustrative)
  requirements/registers.yaml       a register catalogue (illustrative)
  policy/profile.yaml               a copy of the default rule profile
  .pre-commit-config.yaml           indberet validate and check before each commit
  .github/workflows/indberet.yml    validate, audit, and check each pull request
"""


@cli.command(name="init", epilog=INIT_HELP + "\n" + EXIT_CODES_HELP)
@click.argument("folder", metavar="DIR", type=click.Path())
@click.option(
    "--force",
    is_flag=True,
    default=False,
    help="Write into a folder that is not empty (files that are there are kept).",
)
@click.option(
    "--source",
    metavar="REQUIREMENT",
    default=None,
    help="Where CI installs indberet from: a pip requirement, e.g. "
    "git+https://github.com/ORG/indberet@COMMIT. Default: where this copy came from, if known.",
)
@LANG_OPTION
def init_command(folder: str, force: bool, source: str | None, lang: str | None) -> None:
    """Set up a catalogue repository in DIR: definitions, profile, settings and CI.

    DIR is made when it does not exist; a folder that holds anything is refused unless
    --force, and even then no file that is there is overwritten (each is named). The
    requirement set and register catalogue are illustrative examples to replace with
    your own (e.g. with `indberet import`).
    """
    from indberet import api
    from indberet.i18n import message, resolve_language

    language = resolve_language(lang)
    try:
        result = api.init_catalogue(folder, force=force, source=source, lang=language)
    except api.IndberetError as error:
        words = error.message + (f"\n{error.hint}" if error.hint else "")
        click.echo(f"indberet: {words}", err=True)
        raise SystemExit(EXIT_INPUT) from None
    import os

    for relative in result.written:
        click.echo(message("init.written", language, path=os.path.join(folder, relative)))
    for relative in result.kept:
        click.echo(message("init.kept", language, path=os.path.join(folder, relative)))
    if result.source is not None:
        click.echo(message("init.next.source", language, source=result.source))
    else:
        variable = result.source_variable
        click.echo(message("init.next.variable", language, variable=variable))
    click.echo(message("init.next", language, folder=folder))
    click.echo(message("init.next.git", language))
