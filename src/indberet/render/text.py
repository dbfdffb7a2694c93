"""Plain text output: diagnostics as ``path:line:col: CODE message`` lines with hints, and
the audit as plain tables (tabulate)."""

from __future__ import annotations

from indberet.audit_model import AuditReport
from indberet.diagnostics import Diagnostic
from indberet.i18n import message, render
from indberet.loading import LoadResult
from indberet.render import common


def diagnostic_line(diagnostic: Diagnostic, lang: str) -> str:
    """``path:line:col: CODE message`` for one diagnostic."""
    words = message(diagnostic.key, lang, **diagnostic.params)
    return f"{diagnostic.location}: {diagnostic.code} {words}"


def diagnostic_block(diagnostic: Diagnostic, lang: str) -> str:
    """The diagnostic line and, indented under it, its hint."""
    line = diagnostic_line(diagnostic, lang)
    hint = diagnostic.hint_text()
    if hint is None:
        return line
    return f"{line}\n    {message('hint.label', lang)}: {render(hint, lang)}"


def validation(result: LoadResult, lang: str) -> str:
    """The report of ``indberet validate``."""
    blocks = [diagnostic_block(d, lang) for d in result.diagnostics]
    blocks.append(validation_summary(result, lang))
    return "\n".join(blocks) + "\n"


def validation_summary(result: LoadResult, lang: str) -> str:
    """One line: ok with counts, or how many problems in how many files."""
    catalogue = result.catalogue
    if catalogue is not None and not result.diagnostics:
        return message(
            "validate.ok",
            lang,
            sets=len(catalogue.sets),
            fields=catalogue.field_count,
            registers=len(catalogue.registers),
            files=len(result.files),
        )
    files_with_problems = len({d.location.path for d in result.diagnostics})
    return message(
        "validate.problem" if len(result.diagnostics) == 1 else "validate.problems",
        lang,
        errors=len(result.diagnostics),
        files=files_with_problems,
        total=max(len(result.files), files_with_problems),
    )


def audit(report: AuditReport, lang: str) -> str:
    """The audit as plain text tables (for pipes, logs and ``--format table``)."""
    from tabulate import tabulate

    parts: list[str] = []
    for set_audit in report.sets:
        parts.append(common.set_heading(set_audit, lang))
        rows = [common.field_row(item, lang) for item in set_audit.fields]
        parts.append(
            tabulate(
                rows,
                headers=common.field_header(lang),
                disable_numparse=True,
                colalign=("left", "left", "right", "right", "right", "right", "left", "left"),
            )
        )
        parts.append("")
    parts.append(message("summary.title", lang))
    parts.append(
        tabulate(
            common.summary_rows(report, lang),
            headers=common.summary_header(lang),
            disable_numparse=True,
            colalign=("left", *["right"] * 7),
        )
    )
    parts.append("")
    parts.append(common.result_sentence(report, lang))
    parts.append(common.assumptions(report, lang))
    note = common.illustrative_note(report, lang)
    if note:
        parts.append(note)
    parts.extend(diagnostic_block(d, lang) for d in report.warnings)
    return "\n".join(parts) + "\n"
