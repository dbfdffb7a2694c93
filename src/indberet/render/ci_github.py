"""``indberet check`` for GitHub Actions: workflow-command annotations and a Markdown summary.

Annotations (``::error file=...,line=...,col=...,title=...::message``) go to standard
output for the findings that fail or are new; GitHub shows only the first few of each
level per step, so :func:`summary` carries the full list, as Markdown for
``$GITHUB_STEP_SUMMARY`` (the CLI appends it there when the variable is set). The summary
is also ``--format markdown``, e.g. for a pull request comment.
"""

from __future__ import annotations

import os
from collections.abc import Iterable

from indberet.core.check import CheckResult, Finding
from indberet.diagnostics import Diagnostic
from indberet.i18n import message, render
from indberet.render import ci_common
from indberet.render import money as money_words
from indberet.render.common import span
from indberet.render.markdown import code, escape
from indberet.render.safe import one_line


def escape_data(value: str) -> str:
    """The message part of a workflow command."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    """A property value of a workflow command."""
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def command(
    level: str, text: str, *, path: str = "", line: int = 0, column: int = 0, title: str = ""
) -> str:
    """One workflow command: ``::LEVEL file=..,line=..,col=..,title=..::TEXT``.

    ``text`` may have line breaks of its own (:func:`lines`); the properties are each made
    one line (:func:`indberet.render.safe.one_line`).
    """
    properties: list[str] = []
    if path:
        properties.append(f"file={escape_property(one_line(repository_path(path)))}")
        if line > 0:
            properties.append(f"line={line}")
            if column > 0:
                properties.append(f"col={column}")
    if title:
        properties.append(f"title={escape_property(one_line(title))}")
    joined = " " + ",".join(properties) if properties else ""
    return f"::{level}{joined}::{escape_data(text)}"


def lines(*parts: str) -> str:
    """The text of an annotation: one line per part, each made one line, so that a line
    break in the data shows as ``\\n`` rather than starting a line of the message."""
    return "\n".join(one_line(part) for part in parts)


def repository_path(path: str) -> str:
    """A path as GitHub wants it: relative to the working directory (the workspace) if inside."""
    if os.path.isabs(path):
        relative = os.path.relpath(path)
        if not relative.startswith(os.pardir):
            return relative.replace(os.sep, "/")
    return path.replace(os.sep, "/")


def _level(finding: Finding) -> str:
    if finding.fails:
        return "error"
    return "notice" if finding.severity == "note" else "warning"


def annotation(finding: Finding, result: CheckResult, lang: str) -> str:
    """The annotation of one finding."""
    location = finding.location
    text = ci_common.finding_text(finding, lang)
    hint = ci_common.hint_text(finding, lang)
    if finding.in_base:
        text = f"{text} — {ci_common.where(finding, result, lang)}"
    text = lines(text, f"{message('hint.label', lang)}: {hint}") if hint else lines(text)
    in_file = location is not None and bool(location.path)
    return command(
        _level(finding),
        text,
        path=location.path if location and in_file else "",
        line=location.line if location and not finding.in_base else 0,
        column=location.column if location and not finding.in_base else 0,
        title=f"{finding.code} {ci_common.code_name(finding.code, lang)}",
    )


def diagnostic_annotation(diagnostic: Diagnostic, lang: str) -> str:
    """An input problem (invalid YAML, unknown key...) as an error annotation."""
    location = diagnostic.location
    text = message(diagnostic.key, lang, **diagnostic.params)
    hint = diagnostic.hint_text()
    if hint is not None:
        text = lines(text, f"{message('hint.label', lang)}: {render(hint, lang)}")
    else:
        text = lines(text)
    level = "warning" if diagnostic.severity.value == "warning" else "error"
    return command(
        level,
        text,
        path=location.path,
        line=location.line,
        column=location.column,
        title=diagnostic.code,
    )


def render_annotations(result: CheckResult, lang: str) -> str:
    """Annotations for the findings that fail or are new, then the outcome in plain words."""
    shown = [f for f in result.findings if f.fails] + [
        f
        for f in result.findings
        if not f.fails and f.new and not f.baselined and f.exemption is None
    ]
    commands = [annotation(f, result, lang) for f in shown]
    commands.append(one_line(ci_common.outcome(result, lang)))
    return "\n".join(commands) + "\n"


def summary(result: CheckResult, lang: str, *, step_summary: bool = False) -> str:
    """The whole result as Markdown: outcome, changes, burden, and every finding.

    Every text is escaped (:func:`indberet.render.markdown.escape`): a name or message
    from the data renders as text, never as HTML, a link or an image.

    ``step_summary``: for ``$GITHUB_STEP_SUMMARY``, saying that it lists what the capped
    annotations may not show.
    """
    title = escape(ci_common.title(result, lang))
    lines = [f"## {title}", "", escape(ci_common.outcome(result, lang)), ""]
    comparison = result.comparison
    if comparison is None:
        lines += [escape(message("check.no_base", lang)), ""]
    else:
        lines += [escape(ci_common.compared_with(comparison, lang)), ""]
        lines += [escape(ci_common.burden_sentence(comparison, lang)), ""]
        lines += [escape(ci_common.budget_sentence(result, lang)), ""]
        if comparison.fields:
            lines += [f"### {escape(message('ci.changes', lang))}", ""]
            columns = ("ci.col.change", "ci.col.field", "ci.col.hours", "ci.col.dkk")
            single = comparison.currency
            unit = money_words.unit_title(single, lang)
            lines.append(_row(escape(message(k, lang, unit=unit)) for k in columns))
            lines.append("| --- | --- | ---: | ---: |")
            for change in comparison.fields:
                hours = ci_common.change_burden(change)
                signed = change.kind == "changed"
                cells = [
                    message(f"ci.kind.{change.kind}", lang),
                    f"{code(change.qualified_id)} {escape(change.name)}",
                    ci_common.signed_span(hours, lang) if signed else span(hours, lang),
                    ci_common.change_money(change, lang, in_words=single is None),
                ]
                lines.append(_row([escape(cells[0]), cells[1], *map(escape, cells[2:])]))
            lines.append("")
    lines += [f"### {escape(message('ci.findings', lang))}", ""]
    if not result.findings:
        lines += [escape(message("check.no_findings", lang)), ""]
    else:
        lines += [escape(ci_common.counts(result, lang)), ""]
        header = (
            "ci.col.status",
            "ci.col.severity",
            "ci.col.code",
            "ci.col.where",
            "ci.col.message",
        )
        lines.append(_row(escape(message(k, lang)) for k in header))
        lines.append("| --- | --- | --- | --- | --- |")
        ordered = [f for f in result.findings if f.fails] + [
            f for f in result.findings if not f.fails
        ]
        for finding in ordered:
            status = escape(ci_common.status_word(finding, lang))
            cells = [
                f"**{status}**" if finding.fails else status,
                escape(ci_common.severity_word(finding.severity, lang)),
                escape(finding.code),
                code(ci_common.where(finding, result, lang)) if finding.location else "",
                escape(ci_common.finding_text(finding, lang)),
            ]
            lines.append(_row(cells))
        lines.append("")
        if step_summary:
            lines += [escape(message("ci.capped", lang, count=len(result.findings))), ""]
    lines += [escape(ci_common.assumptions(result, lang)), ""]
    return "\n".join(lines)


def _row(cells: Iterable[str]) -> str:
    """A table row of cells already escaped."""
    return "| " + " | ".join(cells) + " |"
