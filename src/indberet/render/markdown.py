"""The audit as Markdown, for wikis and pull requests. Everything from the data is escaped."""

from __future__ import annotations

import re

from indberet.audit_model import AuditReport
from indberet.i18n import message
from indberet.render import common

_SPECIAL = re.compile(r"([\\`*_\[\]|~#!])")


def escape(value: str) -> str:
    """Make text inert in Markdown: no raw HTML, no emphasis, links or table breaks; one line."""
    flat = " ".join(value.split())
    flat = flat.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _SPECIAL.sub(r"\\\1", flat)


def table(header: list[str], rows: list[list[str]], numeric: set[int]) -> str:
    """A pipe table with right-aligned numeric columns."""
    lines = ["| " + " | ".join(escape(h) for h in header) + " |"]
    lines.append(
        "| " + " | ".join("---:" if i in numeric else "---" for i in range(len(header))) + " |"
    )
    lines += ["| " + " | ".join(escape(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def audit(report: AuditReport, lang: str) -> str:
    """The audit: summary first, then one section per set."""
    parts = [f"# {escape(message('summary.title', lang))}", ""]
    note = common.illustrative_note(report, lang)
    if note:
        parts += [f"> {escape(note)}", ""]
    parts += [f"**{escape(common.result_sentence(report, lang))}**", ""]
    parts += [escape(common.assumptions(report, lang)), ""]
    summary = table(
        common.summary_header(lang), common.summary_rows(report, lang), set(range(1, 8))
    )
    parts += [summary, ""]
    for set_audit in report.sets:
        parts += [f"## {escape(common.set_heading(set_audit, lang))}", ""]
        rows = [common.field_row(item, lang) for item in set_audit.fields]
        parts += [table(common.field_header(lang), rows, {2, 3, 4, 5}), ""]
    return "\n".join(parts)
