"""Plain text output: diagnostics as ``path:line:col: CODE message`` lines with hints, and
the audit as plain tables (tabulate).

Each line and each cell is made one line (:func:`indberet.render.safe.one_line`): a line
break or control character from the data is shown as an escape, so that the data never
starts a line of its own (a CI log reads ``::error ...`` at the start of a line as a
command) nor sends a terminal an escape sequence. The lines of standard error are these.
"""

from __future__ import annotations

from indberet.audit_model import AuditReport
from indberet.core.money import currency_of, single_currency
from indberet.diagnostics import Diagnostic, Severity
from indberet.i18n import message, render
from indberet.model import LoadResult
from indberet.render import common
from indberet.render.safe import one_line


def diagnostic_line(diagnostic: Diagnostic, lang: str) -> str:
    """``path:line:col: CODE message`` for one diagnostic, as one line."""
    words = message(diagnostic.key, lang, **diagnostic.params)
    return one_line(f"{diagnostic.location}: {diagnostic.code} {words}")


def diagnostic_block(diagnostic: Diagnostic, lang: str) -> str:
    """The diagnostic line and, indented under it, its hint."""
    line = diagnostic_line(diagnostic, lang)
    hint = diagnostic.hint_text()
    if hint is None:
        return line
    return f"{line}\n    {one_line(message('hint.label', lang) + ': ' + render(hint, lang))}"


def rows(cells: list[list[str]]) -> list[list[str]]:
    """Table cells, each made one line."""
    return [[one_line(cell) for cell in row] for row in cells]


def validation(result: LoadResult, lang: str) -> str:
    """The report of ``indberet validate``: the problems, the summary, then any notes."""
    problems = [d for d in result.diagnostics if d.severity is not Severity.WARNING]
    notes = [d for d in result.diagnostics if d.severity is Severity.WARNING]
    blocks = [diagnostic_block(d, lang) for d in problems]
    blocks.append(validation_summary(result, lang))
    blocks.extend(diagnostic_block(d, lang) for d in notes)
    return "\n".join(blocks) + "\n"


def validation_summary(result: LoadResult, lang: str) -> str:
    """One line: ok with counts, or how many problems in how many files."""
    catalogue = result.catalogue
    problems = [d for d in result.diagnostics if d.severity is not Severity.WARNING]
    if catalogue is not None and not problems:
        return message(
            "validate.ok",
            lang,
            sets=len(catalogue.sets),
            fields=catalogue.field_count,
            registers=len(catalogue.registers),
            files=len(result.files),
        )
    if not problems:  # usage logs alone: no catalogue to count
        return message("validate.ok_files", lang, files=len(result.files))
    files_with_problems = len({d.location.path for d in problems})
    return message(
        "validate.problems",
        lang,
        errors=len(problems),
        files=files_with_problems,
        total=max(len(result.files), files_with_problems),
    )


def audit(report: AuditReport, lang: str) -> str:
    """The audit as plain text tables (for pipes, logs and ``--format table``)."""
    from tabulate import tabulate

    parts: list[str] = []
    for set_audit in report.sets:
        parts.append(one_line(common.set_heading(set_audit, lang)))
        field_rows = rows([common.field_row(item, lang) for item in set_audit.fields])
        parts.append(
            tabulate(
                field_rows,
                headers=common.field_header(lang, currency_of(set_audit.requirement_set)),
                disable_numparse=True,
                colalign=("left", "left", "right", "right", "right", "right", "left", "left"),
            )
        )
        parts.append("")
    parts.append(message("summary.title", lang))
    parts.append(
        tabulate(
            rows(common.summary_rows(report, lang)),
            headers=common.summary_header(lang, single_currency(report)),
            disable_numparse=True,
            colalign=("left", *["right"] * 7),
        )
    )
    parts.append("")
    parts.append(one_line(common.result_sentence(report, lang)))
    parts.append(one_line(common.assumptions(report, lang)))
    note = common.illustrative_note(report, lang)
    if note:
        parts.append(one_line(note))
    parts.extend(diagnostic_block(d, lang) for d in report.warnings)
    return "\n".join(parts) + "\n"
