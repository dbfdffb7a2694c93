"""The command line: parse options, call the application, pick a renderer, map exit codes.

Imports of everything but click happen inside the commands, so that ``indberet --version``
and ``--help`` start as fast as click itself.

Exit codes, shared by all commands:

\b
  0  ok
  1  findings: invalid definitions (validate), policy failures (check)
  2  usage or input error: bad option, missing path, unreadable or non-UTF-8 file;
     an output that cannot be written (disk full); not enough memory
  3  internal error: a bug in indberet; please report it
130  interrupted (Ctrl-C); 143: stopped by SIGTERM, 129: by SIGHUP
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, Final, TypeVar

import click

from indberet import __version__

if TYPE_CHECKING:
    from indberet.api import AuditResult, Observer
    from indberet.api_types import Diagnostic as ApiDiagnostic
    from indberet.api_types import Stage
    from indberet.audit_model import AuditReport
    from indberet.core.audit import PairFinder
    from indberet.core.profile import Profile
    from indberet.diagnostics import Diagnostic
    from indberet.read.config import Settings
    from indberet.run.cache import ParseCache, Unusable
    from indberet.run.parallel import Then
    from indberet.run.progress import ProgressDisplay

EXIT_OK: Final = 0
EXIT_FINDINGS: Final = 1
EXIT_INPUT: Final = 2
EXIT_INTERNAL: Final = 3
EXIT_INTERRUPTED: Final = 130

EXIT_CODES_HELP: Final = """\b
Exit codes:
  0    ok
  1    findings: invalid definitions (validate), a policy failure (check),
       a target out of reach (plan)
  2    usage or input error: bad option, missing path, unreadable file, and
       invalid definitions for the commands that audit them; an output that
       cannot be written; not enough memory
  3    internal error (a bug; please report it)
  130  interrupted (Ctrl-C); 143 SIGTERM, 129 SIGHUP
"""


F = TypeVar("F", bound=Callable[..., Any])
T = TypeVar("T")


def format_option(
    choices: Sequence[str], default: str, help: str = "Output format."
) -> Callable[[F], F]:
    """The --format option of a command: one of ``choices``, ``default`` when not given."""
    return click.option(
        "--format",
        "output_format",
        type=click.Choice(list(choices)),
        default=default,
        show_default=True,
        help=help,
    )


LANG_OPTION = click.option(
    "--lang",
    type=click.Choice(["da", "en"]),
    default=None,
    help="Language of messages. Default: $INDBERET_LANG, then the locale, then English.",
)


def _remember(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    ctx.meta[f"indberet.{param.name}"] = value
    return value


def cache_options(command: Any) -> Any:
    """--cache-dir and --no-cache for commands that read YAML (see indberet.run.cache)."""
    command = click.option(
        "--no-cache",
        is_flag=True,
        expose_value=False,
        callback=_remember,
        help="Use no cache: read every file afresh, and neither use nor remember results.",
    )(command)
    return click.option(
        "--cache-dir",
        metavar="DIR",
        envvar="INDBERET_CACHE_DIR",
        expose_value=False,
        callback=_remember,
        help="Cache directory (parsed files, remembered results). Default: "
        "$INDBERET_CACHE_DIR, else $XDG_CACHE_HOME/indberet, else ~/.cache/indberet.",
    )(command)


def open_chosen_cache() -> ParseCache | None:
    """The cache that --cache-dir / --no-cache chose for this command (None: no cache, or
    one that cannot be trusted: then a warning says why, once per command)."""
    from indberet.run.cache import open_cache

    context = click.get_current_context(silent=True)
    meta = context.meta if context is not None else {}
    if _CACHE in meta:
        opened: ParseCache | None = meta[_CACHE]
        return opened
    chosen = context.params.get("lang") if context is not None else None
    lang = chosen if isinstance(chosen, str) else None
    cache = open_cache(
        meta.get("indberet.cache_dir"),
        enabled=not meta.get("indberet.no_cache"),
        on_problem=lambda problem: _warn_cache(lang, problem),
    )
    if cache is not None and cache.check() is not None:
        cache = None
    meta[_CACHE] = cache
    return cache


_CACHE: Final = "indberet.run.cache"  # the cache opened for this command


def _warn_cache(lang: str | None, problem: Unusable) -> None:
    """Say, on stderr, why the cache is not used in this run, and what to do."""
    from indberet.i18n import message, resolve_language

    language = resolve_language(lang)
    words = message(f"cache.{problem.reason}", language, path=problem.path, detail=problem.detail)
    click.echo(f"indberet: {message('severity.warning', language)}: {words}", err=True)
    hint = message(f"cache.{problem.reason}.hint", language, path=problem.path)
    click.echo(f"    {message('hint.label', language)}: {hint}", err=True)


def chosen_pair_finder(then: Then | None = None) -> PairFinder:
    """Near-duplicate search for an audit: in a helper process on large catalogues (which
    then does ``then``), and remembered in the chosen cache when there is one."""
    from indberet.core.similarity import searcher
    from indberet.run.paircache import searcher_in
    from indberet.run.parallel import pairs_in_background

    cache = open_chosen_cache()
    return pairs_in_background(searcher_in(cache) if cache is not None else searcher, then=then)


def command_observer(lang: str, *, progress: bool = True, warn: bool = True) -> Observer:
    """What the API tells as it goes, shown the command's way: a progress bar per stage on
    a terminal (when ``progress``), warnings (when ``warn``: not when the output written to
    standard output holds them already) and notes on standard error."""
    from indberet.api import Observer

    class Shown(Observer):
        def __init__(self) -> None:
            self.display: ProgressDisplay | None = None
            self.update: Callable[[int, int], None] | None = None

        def start(self, stage: Stage, total: int | None) -> None:
            if not progress:
                return
            from indberet.i18n import message
            from indberet.run.progress import ProgressDisplay

            self.display = ProgressDisplay()
            self.update = self.display.files(message(f"progress.{stage}", lang))

        def advance(self, stage: Stage, done: int, total: int) -> None:
            if self.update is not None:
                self.update(done, total)

        def finish(self, stage: Stage) -> None:
            if self.display is not None:
                self.display.close()
            self.display = self.update = None

        def warnings(self, diagnostics: tuple[ApiDiagnostic, ...]) -> None:
            if warn:
                echo_diagnostics((d.source for d in diagnostics), lang)

        def note(self, text: str) -> None:
            from indberet.i18n import message

            click.echo(f"indberet: {message('severity.note', lang)}: {text}", err=True)

    return Shown()


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
@click.argument("paths", nargs=-1, type=click.Path())
@format_option(["text", "json"], "text")
@LANG_OPTION
@cache_options
def validate(paths: tuple[str, ...], output_format: str, lang: str | None) -> None:
    """Check requirement definitions: YAML, schema and references.

    PATHS are files or directories (searched recursively for *.yaml and *.yml). A *.csv
    file is checked as a usage log: header, rows, kinds and dates, and its set and field
    names against the definitions given with it. A Statistikbanken mapping (a YAML file
    with `tableinfo:`) is checked with its tableinfo files, variables and fields. Every
    problem in every file is reported as `path:line:col: CODE message`, with a hint.
    """
    paths = paths_or_settings(paths)
    from indberet import api
    from indberet.i18n import resolve_language
    from indberet.render import jsonfmt, text

    language = resolve_language(lang)
    observer = command_observer(language)
    result = api.validate(paths, lang=language, cache=open_chosen_cache, observer=observer)
    if output_format == "text" and result.notes:
        click.echo("".join(note + "\n" for note in result.notes), nl=False)
    loaded = result.load_result()
    renderer = jsonfmt.validation if output_format == "json" else text.validation
    click.echo(renderer(loaded, language), nl=False)
    if loaded.has_input_errors:
        raise SystemExit(EXIT_INPUT)
    if loaded.has_errors:  # notes (a folder passed over) are no findings
        raise SystemExit(EXIT_FINDINGS)


@cli.command(epilog=EXIT_CODES_HELP)
@click.argument("kind", required=False)
@LANG_OPTION
def schema(kind: str | None, lang: str | None) -> None:
    """Print the JSON Schema of a file KIND, or list the kinds.

    Kinds: requirement-set, registers, usage-log, profile, report, plan, impact, baseline,
    statbank-mapping, history.
    """
    from indberet.i18n import message, resolve_language
    from indberet.read.schema import KINDS, schema_text

    if kind is None:
        click.echo("\n".join(KINDS))
        return
    if kind not in KINDS:
        words = message(
            "cli.schema_unknown", resolve_language(lang), kind=kind, kinds=", ".join(KINDS)
        )
        raise click.UsageError(words)
    click.echo(schema_text(kind), nl=False)


AUDIT_FORMATS = ("auto", "rich", "table", "json", "csv", "markdown")


def echo_diagnostics(diagnostics: Iterable[Diagnostic], lang: str) -> None:
    from indberet.render import text

    context = click.get_current_context(silent=True)
    said = context.meta.get(_SAID) if context is not None else None
    for diagnostic in diagnostics:
        block = text.diagnostic_block(diagnostic, lang)
        click.echo(block, err=True)
        if said is not None:
            said.append(block + "\n")


_SAID: Final = "indberet.said"  # where echo_diagnostics records what it wrote, when asked


def remembered_output(
    command: str,
    options: dict[str, str],
    paths: tuple[str, ...],
    extra_files: tuple[str, ...],
    produce: Callable[[], str | bytes],
) -> bytes:
    """``produce()`` as UTF-8, or the output of the same run remembered in the result cache.

    ``options`` are every option that decides the output, resolved; the output depends on
    the YAML files under ``paths`` and on ``extra_files``. A remembered run's warnings are
    written to standard error again. See :mod:`indberet.run.results`. The output is encoded
    once, here: the cache stores and the output file gets the same bytes.
    """
    from indberet.run.results import Output, ResultCache, remembered

    parse_cache = open_chosen_cache()
    results = ResultCache(parse_cache) if parse_cache is not None else None
    context = click.get_current_context()

    def files() -> list[str] | None:
        return input_files(paths, extra_files)

    def run() -> Output:
        said: list[str] = []
        context.meta[_SAID] = said
        try:
            rendered = produce()
        finally:
            del context.meta[_SAID]
        output = rendered if isinstance(rendered, bytes) else rendered.encode("utf-8")
        return Output(output, "".join(said))

    chosen = {**options, "paths": "\0".join(paths)}
    answer, fresh = remembered(results, command, chosen, files, run, background=True)
    if not fresh:
        click.echo(answer.stderr, err=True, nl=False)
    return answer.stdout


def input_files(paths: Sequence[str], extra_files: Sequence[str]) -> list[str] | None:
    """Every file the output of a command on ``paths`` and ``extra_files`` depends on (the
    YAML files under ``paths``), or None when the inputs are not all there."""
    from indberet.diagnostics import Severity
    from indberet.read.loading import CATALOGUE_MARK, collect_files

    found, problems = collect_files(paths)
    if any(p.severity is not Severity.WARNING for p in problems):
        return None
    # a folder passed over (IND009) is passed over because of its mark: key on it too
    marks = [os.path.join(p.location.path, CATALOGUE_MARK) for p in problems]
    return [*found, *extra_files, *marks]


def project_settings() -> Settings:
    """The nearest indberet.toml or pyproject.toml [tool.indberet]; exit 2 when it is bad."""
    from indberet.read.config import SettingsError, find_settings

    try:
        return find_settings()
    except SettingsError as error:
        raise OutputProblem(str(error)) from None


def paths_or_settings(paths: tuple[str, ...], fallback: tuple[str, ...] = ()) -> tuple[str, ...]:
    """The PATHs given, else the settings' ``paths``, else ``fallback``; exit 2 if none."""
    if paths:
        return paths
    settings = project_settings().paths
    if settings:
        return settings
    if fallback:
        return fallback
    from indberet.i18n import message, resolve_language

    raise click.UsageError(message("cli.no_paths", resolve_language(None)))


def chosen_profile(profile_name: str | None, lang: str) -> Profile:
    """The rule profile --profile names (else the project settings', else default); exit 2
    with located messages when it cannot be loaded."""
    from indberet.core.profile import ProfileError, load_profile

    try:
        return load_profile(profile_name or project_settings().profile)
    except ProfileError as error:
        echo_diagnostics(error.diagnostics, lang)
        raise SystemExit(EXIT_INPUT) from None


def parse_as_of(value: str | None) -> dt.date:
    if value is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        from indberet.i18n import message, resolve_language

        words = message("cli.bad_date", resolve_language(None), value=value)
        raise click.BadParameter(words, param_hint="--as-of") from None


def prepare_audit(
    paths: tuple[str, ...],
    profile: Profile,
    as_of: dt.date,
    usage_files: tuple[str, ...],
    lang: str,
    *,
    warn: bool = True,
    pair_finder: PairFinder | None = None,
) -> AuditReport:
    """Load, score and recommend; exit 2 with located messages on bad input."""
    return audited(
        paths, profile, as_of, usage_files, lang, warn=warn, pair_finder=pair_finder
    ).report


def audited(
    paths: tuple[str, ...],
    profile: Profile,
    as_of: dt.date,
    usage_files: tuple[str, ...],
    lang: str,
    *,
    warn: bool = True,
    pair_finder: PairFinder | None = None,
) -> AuditResult:
    """:func:`indberet.api.audit` with the command's cache, parallel near-duplicate search
    (else ``pair_finder``), progress and warnings (``warn``: on standard error); exit 2 with
    located messages on bad input."""
    from indberet import api

    try:
        return api.audit(
            paths,
            profile=profile,
            as_of=as_of,
            usage=usage_files,
            lang=lang,
            cache=open_chosen_cache(),
            pair_finder=pair_finder or chosen_pair_finder(),
            observer=command_observer(lang, warn=warn),
        )
    except api.IndberetError as error:
        echo_diagnostics(error.sources, lang)
        raise SystemExit(EXIT_INPUT) from None


def audited_as_asked(
    paths: tuple[str, ...],
    profile_name: str | None,
    as_of_text: str | None,
    usage_files: tuple[str, ...],
    lang: str,
) -> AuditResult:
    """:func:`audited` with the profile and the as-of date the options name (the audit
    that ``plan``, ``report`` and ``impact`` start from)."""
    as_of = parse_as_of(as_of_text)
    profile = chosen_profile(profile_name, lang)
    return audited(paths, profile, as_of, usage_files, lang)


PROFILE_OPTION = click.option(
    "--profile",
    "profile_name",
    metavar="NAME|PATH",
    default=None,
    help="Rule profile: a shipped name (default, sanering-2017) or a profile file. "
    "Default: default.",
)
AS_OF_OPTION = click.option(
    "--as-of",
    "as_of_text",
    metavar="DATE",
    default=None,
    help="Date the usage ages are measured against (YYYY-MM-DD). Default: today.",
)


def _output_named(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value == "":  # refused before any work is done
        from indberet.i18n import message, resolve_language

        raise click.BadParameter(message("output.empty", resolve_language(None)))
    return value


OUTPUT_OPTION = click.option(
    "-o",
    "--output",
    metavar="FILE",
    default=None,
    callback=_output_named,
    help="Write to FILE (atomically; a device or FIFO in place) instead of standard output.",
)
USAGE_OPTION = click.option(
    "--usage",
    "usage_files",
    metavar="CSV|YAML",
    multiple=True,
    type=click.Path(),
    help="Usage log (set,field,consumer,product,kind,date) adding to used_by, or a "
    "Statistikbanken mapping (YAML naming saved tableinfo files). Repeatable.",
)


def usage_inputs(usage_files: tuple[str, ...]) -> tuple[str, ...]:
    """The usage files and the tableinfo files their Statistikbanken mappings name: every
    file the uses are read from."""
    from indberet.read.statbank import is_mapping_file, tableinfo_paths

    named = [p for path in usage_files if is_mapping_file(path) for p in tableinfo_paths(path)]
    return usage_files + tuple(named)


def audit_options(command: Any) -> Any:
    """--profile, --as-of and --usage: what every command that audits takes."""
    return PROFILE_OPTION(AS_OF_OPTION(USAGE_OPTION(command)))


@cli.command(epilog=EXIT_CODES_HELP)
@click.argument("paths", nargs=-1, type=click.Path())
@audit_options
@format_option(
    AUDIT_FORMATS, "auto", "auto: a coloured table on a terminal, plain 'table' text when piped."
)
@OUTPUT_OPTION
@LANG_OPTION
@cache_options
def audit(
    paths: tuple[str, ...],
    profile_name: str | None,
    as_of_text: str | None,
    usage_files: tuple[str, ...],
    output_format: str,
    output: str | None,
    lang: str | None,
) -> None:
    """Score every field for usage, duplication and burden, and recommend a verdict.

    Verdicts: KEEP, REMOVE, DERIVE (take it from a register), MERGE (with its twin),
    REVIEW (a person must decide), each with the rules that fired and a reason. Ends
    with the reduction per set and overall, by count and by burden (hours, and money in
    each set's currency).
    """
    paths = paths_or_settings(paths)
    from indberet.i18n import resolve_language
    from indberet.render import csvfmt, jsonfmt, markdown, table, text
    from indberet.run.results import canonical

    language = resolve_language(lang)
    as_of = parse_as_of(as_of_text)
    profile = chosen_profile(profile_name, language)
    chosen = format_for_output(output, output_format, ["json", "csv", "markdown", "table"])
    if chosen == "auto":
        chosen = "rich" if output is None and sys.stdout.isatty() else "table"
    if chosen == "rich":  # sized to the terminal: not remembered
        import shutil

        report = prepare_audit(paths, profile, as_of, usage_files, language)
        rendered = table.audit(report, language, width=shutil.get_terminal_size()[0])
        emit_output(rendered, output, paths + usage_files, color=True)
        return
    renderers: dict[str, Callable[[AuditReport, str], str | bytes]] = {
        "table": text.audit,
        "json": jsonfmt.audit_utf8,
        "csv": csvfmt.audit,
        "markdown": markdown.audit,
    }
    renderer = renderers[chosen]
    # the plain table ends with the warnings: on standard output, they are said there once
    warn = not (chosen == "table" and output in (None, "-"))

    def produce() -> str | bytes:
        if chosen == "json" and not usage_files:  # the sets changed alone, if it can be
            from indberet.cli.incremental import audit_json

            return audit_json(paths, profile, as_of, language, options, warn)
        report = retain(prepare_audit(paths, profile, as_of, usage_files, language, warn=warn))
        return renderer(report, language)

    options = {
        "format": chosen,
        "lang": language,
        "as_of": as_of.isoformat(),
        "profile": canonical(profile),  # the profile as loaded, whatever file it came from
        "usage": "\0".join(usage_files),
        "warnings": "stderr" if warn else "output",  # what standard error says differs
    }
    inputs = usage_inputs(usage_files)
    remembered = remembered_output("audit", options, paths, inputs, produce)
    emit_output(remembered, output, paths + inputs)


def emit_output(
    rendered: str | bytes, output: str | None, inputs: tuple[str, ...], *, color: bool = False
) -> None:
    from indberet.read.loading import collect_files

    if output is None or output == "-":
        # As text: standard output may be a stream without a binary buffer.
        words = rendered.decode("utf-8") if isinstance(rendered, bytes) else rendered
        click.echo(words, nl=False, color=color or None)
        return
    files, _ = collect_files(inputs)
    write_output_file(output, rendered, (*files, *inputs))


def write_output_file(output: str, rendered: str | bytes, inputs: Sequence[str]) -> None:
    """Write ``rendered`` to the file ``-o`` names (see :mod:`indberet.run.output`); exit 2
    with the reason when it cannot be written."""
    from indberet.i18n import message, resolve_language
    from indberet.run.output import OutputError, write_output

    try:
        write_output(output, rendered, inputs=inputs)
    except OutputError as error:
        context = click.get_current_context(silent=True)
        chosen = context.params.get("lang") if context is not None else None
        language = resolve_language(chosen if isinstance(chosen, str) else None)
        raise OutputProblem(message(error.key, language, **error.params)) from None


# The formats an output file's suffix may hold; a command writes a suffix only in formats
# that list it, and an unlisted suffix (.txt, .log, none) in the format chosen.
_SUFFIXES: Final = {
    "json": (".json",),
    "csv": (".csv",),
    "markdown": (".md", ".markdown"),
    "sarif": (".sarif", ".json"),
    "junit": (".xml",),
    "gitlab": (".json",),
    "html": (".html", ".htm"),
    "xlsx": (".xlsx",),
}
_KNOWN_SUFFIXES: Final = frozenset(s for group in _SUFFIXES.values() for s in group) | {
    ".xls",
    ".pdf",
    ".yaml",
    ".yml",
}


def format_for_output(output: str | None, chosen: str, offered: Sequence[str]) -> str:
    """The format to write to ``output``: the one ``--format`` gave, or the one the file's
    suffix says (``-o audit.json`` is JSON); a suffix the command cannot write, or one that
    contradicts ``--format``, is refused (exit 2) rather than filled with something else.
    """
    if output is None or output == "-":
        return chosen
    suffix = os.path.splitext(output)[1].lower()
    if suffix not in _KNOWN_SUFFIXES:
        return chosen
    context = click.get_current_context()
    source = context.get_parameter_source("output_format")
    explicit = source is not None and source.name not in {"DEFAULT", "DEFAULT_MAP"}
    fitting = [f for f in offered if suffix in _SUFFIXES.get(f, ())]
    if explicit and chosen in fitting:
        return chosen
    if not explicit and fitting:
        return fitting[0]
    from indberet.i18n import message, resolve_language

    lang = resolve_language(context.params.get("lang"))
    if explicit:
        raise OutputProblem(
            message("output.suffix_contradicts", lang, file=output, suffix=suffix, format=chosen)
        )
    raise OutputProblem(
        message(
            "output.suffix_unwritable",
            lang,
            file=output,
            suffix=suffix,
            command=context.info_name or "",
            formats=", ".join(offered),
        )
    )


class OutputProblem(click.ClickException):
    """The output cannot be written where asked: an input error (exit 2)."""

    exit_code = EXIT_INPUT


@cli.command(name="rules", epilog=EXIT_CODES_HELP)
@click.argument("code", required=False)
@PROFILE_OPTION
@LANG_OPTION
def rules_command(code: str | None, profile_name: str | None, lang: str | None) -> None:
    """List the audit rules, or show one rule's documentation.

    With --profile, shows whether each rule is on and its thresholds in that profile.
    """
    from indberet.core.rules import BY_CODE, RULES
    from indberet.i18n import message, resolve_language
    from indberet.render.ruledoc import documentation

    language = resolve_language(lang)
    profile = chosen_profile(profile_name, language)
    if code is not None:
        rule = BY_CODE.get(code.upper())
        if rule is None:
            words = message("cli.no_rule", language, code=code, known=", ".join(BY_CODE))
            raise click.UsageError(words)
        click.echo(documentation(rule, language))
        return
    for rule in RULES:
        state = message("rules.on" if profile.rule_enabled(rule.CODE) else "rules.off", language)
        params = ", ".join(
            f"{name}={profile.rule_param(rule.CODE, name, default)}"
            for name, default in rule.DEFAULTS.items()
        )
        summary = message(f"rule.summary.{rule.CODE}", language)
        title = message(f"rule.name.{rule.CODE}", language)
        click.echo(
            f"{rule.CODE}  {state:3}  {title:24} {summary}" + (f"  [{params}]" if params else "")
        )


@cli.command(epilog=EXIT_CODES_HELP)
@click.argument("field_id", metavar="SET.FIELD")
@click.argument("paths", nargs=-1, type=click.Path())
@audit_options
@format_option(["text", "json"], "text")
@LANG_OPTION
@cache_options
def explain(
    field_id: str,
    paths: tuple[str, ...],
    profile_name: str | None,
    as_of_text: str | None,
    usage_files: tuple[str, ...],
    output_format: str,
    lang: str | None,
) -> None:
    """Why a field got its verdict: every rule's inputs, threshold and outcome.

    PATHS default to the current directory.
    """
    from indberet.i18n import resolve_language
    from indberet.render import explain as explain_render

    language = resolve_language(lang)
    as_of = parse_as_of(as_of_text)
    profile = chosen_profile(profile_name, language)
    paths = paths_or_settings(paths, (".",))
    report = prepare_audit(paths, profile, as_of, usage_files, language)
    item = report.field(field_id)
    if item is None:
        import difflib

        known = [f.field.qualified_id for s in report.sets for f in s.fields]
        close = difflib.get_close_matches(field_id, known, n=3)
        from indberet.i18n import message, text

        hint = (
            text("cli.no_field.close", close=", ".join(close))
            if close
            else text("cli.no_field.form")
        )
        raise click.UsageError(message("cli.no_field", language, field=field_id, hint=hint))
    renderer = explain_render.as_json if output_format == "json" else explain_render.as_text
    click.echo(renderer(item, report, language), nl=False)


_RETAINED: list[object] = []
"""What a command built and has done with, freed when ``main`` returns, or never (``run``)."""


def retain(value: T) -> T:
    """Keep ``value`` (a large result) alive until the command ends; returns it."""
    _RETAINED.append(value)
    return value


def run() -> None:
    """The console script (after :func:`indberet.cli.entry.run`): :func:`main`, then exit
    without freeing what the command built.

    An audit of 100,000 fields leaves millions of objects behind; freeing them one by one
    takes about a second, for a process that is ending anyway (mypy exits the same way).
    The output streams are flushed first (standard output that cannot take the output
    is exit 2, not 0), and helper processes still running are stopped. While the command
    runs, Ctrl-C, SIGTERM and SIGHUP unwind it (cleaning up on the way); before and
    after, they end the process at once (see :mod:`indberet.cli.entry`).
    """
    import threading

    from indberet.cli import entry

    # Off for good: turning it back on after an audit of 100,000 fields would start a
    # collection over every object the audit made.
    gc.disable()
    _stand_in_for_closed_streams()
    threading.excepthook = _background_failed
    try:
        try:
            entry.during_command()
            main(process_ends=True)
        finally:
            entry.at_once()
    except SystemExit as stop:
        code = stop.code if isinstance(stop.code, int) else EXIT_OK
    except KeyboardInterrupt:  # a signal as main finished (it handles those before)
        code = entry.exit_code(entry.received())
        _say(entry.stopped_message(entry.received()))
    except MemoryError:
        code = _out_of_memory()
    else:  # pragma: no cover - main always exits
        code = EXIT_OK
    code = _flush_standard_streams(code)
    processes = sys.modules.get("multiprocessing")
    if processes is not None:
        for child in processes.active_children():
            child.terminate()
            child.join()
    os._exit(code)


def _stand_in_for_closed_streams() -> None:
    """Give a closed standard stream (``>&-``) a stand-in, so that no file opened later
    takes its number, and so that output sent to a closed standard output fails (exit 2)
    instead of vanishing: /dev/null, opened read-only for output (writing fails)."""
    for descriptor in (0, 1, 2):
        try:
            os.fstat(descriptor)
        except OSError:
            with contextlib.suppress(OSError):
                mode = os.O_WRONLY if descriptor == 2 else os.O_RDONLY
                opened = os.open(os.devnull, mode)
                if opened != descriptor:
                    os.dup2(opened, descriptor)
                    os.close(opened)
    if sys.stdout is None:  # Python found it closed: writing to it must fail, not vanish
        with contextlib.suppress(OSError, ValueError):
            sys.stdout = open(1, "w", encoding="utf-8", closefd=False)  # noqa: SIM115


def _flush_standard_streams(code: int) -> int:
    """Flush what is left to write; the exit code, 2 if standard output failed."""
    for stream in (sys.stdout, sys.stderr):
        if stream is None:
            continue
        try:
            stream.flush()
        except BrokenPipeError:  # the reader went away (`| head`): not an error
            continue
        except OSError as error:
            if stream is sys.stdout:
                _say_cannot_write(error)
                code = max(code, EXIT_INPUT)
        except ValueError:  # closed
            continue
    return code


def _say(words: str) -> None:
    """A line on standard error, if it can be written."""
    with contextlib.suppress(OSError, ValueError):
        click.echo(words, err=True)


def _say_cannot_write(error: OSError) -> None:
    from indberet.i18n import message, resolve_language

    language = resolve_language(None)
    where = error.filename or message("output.stdout", language)
    reason = error.strerror or type(error).__name__
    _say("indberet: " + message("output.cannot_write", language, path=where, reason=reason))


def _out_of_memory() -> int:
    """Say that memory ran out (what the command built freed first); the exit code."""
    _RETAINED.clear()
    try:
        from indberet.i18n import message, resolve_language

        _say("indberet: " + message("cli.out_of_memory", resolve_language(None)))
    except MemoryError:  # pragma: no cover - not even for the message
        with contextlib.suppress(OSError):
            os.write(2, b"indberet: out of memory\n")
    return EXIT_INPUT


def _background_failed(failure: Any) -> None:
    """``threading.excepthook`` of the CLI: the only thread remembers a result in the
    cache, so its failure costs the cache, not the output; one line, no traceback."""
    if os.environ.get("INDBERET_DEBUG"):
        sys.__excepthook__(failure.exc_type, failure.exc_value, failure.exc_traceback)
        return
    from indberet.i18n import message, resolve_language

    error = f"{failure.exc_type.__name__}: {failure.exc_value}".rstrip(": ")
    _say("indberet: " + message("cli.background", resolve_language(None), error=error))


# Commands of other areas live in modules of their own and register on ``cli``.
from indberet.cli import check as cli_check  # noqa: E402, F401
from indberet.cli import history as cli_history  # noqa: E402, F401
from indberet.cli import impact as cli_impact  # noqa: E402, F401
from indberet.cli import importing as cli_importing  # noqa: E402, F401
from indberet.cli import report as cli_report  # noqa: E402, F401


def main(argv: list[str] | None = None, *, process_ends: bool = False) -> Any:
    """Run the CLI and turn every outcome into a documented exit code (``SystemExit``).

    Callers that go on after it (tests run the CLI in their process) get back the cycle
    collector as they had it, and what the command kept with :func:`retain` is freed;
    ``process_ends`` (:func:`run`) keeps that.
    """
    # One command is a short-lived process that builds millions of objects with no
    # cycles among them (a 100,000-field audit). The cycle collector would scan them again
    # and again, a quarter of the run time; reference counting frees what is dropped.
    from indberet.gcpause import no_cyclic_gc
    from indberet.run.memory import MB, NotEnoughMemory

    code: Any
    out_of_memory = False
    with no_cyclic_gc():
        try:
            code = cli.main(args=argv, prog_name="indberet", standalone_mode=False)
        except click.exceptions.Exit as stop:
            code = stop.exit_code
        except click.ClickException as error:
            error.show()
            code = error.exit_code
        except (click.Abort, KeyboardInterrupt):
            from indberet.cli.entry import exit_code, received, stopped_message

            _say("\n" + stopped_message(received()))
            code = exit_code(received())
        except BrokenPipeError:
            # The reader went away (`indberet ... | head`); that is not an error.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            code = EXIT_OK
        except SystemExit as stop:
            code = stop.code
        except MemoryError:
            out_of_memory = True  # said below, once what it held is freed
            code = EXIT_INPUT
        except NotEnoughMemory as error:
            from indberet.i18n import message, resolve_language

            figures = {"needed": str(-(-error.needed // MB)), "limit": str(error.limit // MB)}
            words = message("cli.memory_limit", resolve_language(None), **figures)
            _say("indberet: " + words)
            code = EXIT_INPUT
        except OSError as error:  # writing standard output: a full disk, a closed stream
            _say_cannot_write(error)
            code = EXIT_INPUT
        except Exception as error:
            if os.environ.get("INDBERET_DEBUG"):
                raise
            from indberet.i18n import message, resolve_language

            detail = f"{type(error).__name__}: {error}"
            words = message("cli.internal", resolve_language(None), error=detail)
            click.echo("indberet: " + words, err=True)
            code = EXIT_INTERNAL
        finally:
            storing = sys.modules.get("indberet.run.results")
            if storing is not None:  # a result being remembered: written before exit
                storing.finish_storing()
            if not process_ends:
                _RETAINED.clear()
        if out_of_memory:
            code = _out_of_memory()
    sys.exit(code if isinstance(code, int) else EXIT_OK)
