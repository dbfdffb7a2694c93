"""The audit as Markdown, for wikis and pull requests. Everything from the data is escaped."""

from __future__ import annotations

import re

from indberet.audit_model import AuditReport
from indberet.core.money import currency_of, single_currency
from indberet.i18n import message
from indberet.render import common, safe

# Every character that starts Markdown syntax mid-line (CommonMark and GitHub's dialect:
# emphasis, code, links, images, tables, strikethrough, math), escaped with a backslash.
_SPECIAL = re.compile(r"([\\`*_\[\]|~#!$])")  # no link or image without [ ]
# What starts a block at the beginning of a line: a list item, a setext underline.
_BLOCK_MARK = re.compile(r"^[-+=]")
_ORDERED_ITEM = re.compile(r"^(\d{1,9})\.(?=\s|$)")


def escape(value: str) -> str:
    """Make text inert in Markdown: no raw HTML, no emphasis, links, images or table breaks;
    one line, with control characters shown as escapes (:func:`safe.visible`)."""
    flat = " ".join(safe.visible(value, keep="\t\n").split())
    flat = flat.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    flat = _SPECIAL.sub(r"\\\1", flat)
    flat = _BLOCK_MARK.sub(r"\\\g<0>", flat)
    return _ORDERED_ITEM.sub(r"\1\\.", flat)


def code(value: str) -> str:
    """``value`` as inline code that no backtick in it can end, safe in a table cell."""
    shown = safe.one_line(value).replace("|", "\\|")
    fence = "`" * (max((len(run) for run in re.findall("`+", shown)), default=0) + 1)
    return f"{fence} {shown} {fence}" if "`" in shown else f"{fence}{shown}{fence}"


def table(
    header: list[str],
    rows: list[list[str]],
    numeric: set[int],
    strong: frozenset[tuple[int, int]] = frozenset(),
) -> str:
    """A pipe table with right-aligned numeric columns; the cells at (row, column) in
    ``strong`` in bold (escaped all the same)."""
    lines = ["| " + " | ".join(escape(h) for h in header) + " |"]
    lines.append(
        "| " + " | ".join("---:" if i in numeric else "---" for i in range(len(header))) + " |"
    )
    for r, row in enumerate(rows):
        cells = [
            f"**{escape(cell)}**" if (r, c) in strong and cell else escape(cell)
            for c, cell in enumerate(row)
        ]
        lines.append("| " + " | ".join(cells) + " |")
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
        common.summary_header(lang, single_currency(report)),
        common.summary_rows(report, lang),
        set(range(1, 8)),
    )
    parts += [summary, ""]
    for set_audit in report.sets:
        parts += [f"## {escape(common.set_heading(set_audit, lang))}", ""]
        rows = [common.field_row(item, lang) for item in set_audit.fields]
        header = common.field_header(lang, currency_of(set_audit.requirement_set))
        parts += [table(header, rows, {2, 3, 4, 5}), ""]
    return "\n".join(parts)
