"""The audit as a rich table on a terminal: colour by verdict, grouped per set.

On narrow terminals the less essential columns are left out, so that names, verdicts and
reasons stay readable; ``--format table`` or ``json`` always carry every column.

Every text is given to rich as :class:`rich.text.Text`, never as a string rich would read
as console markup (``[link=...]`` would become a terminal hyperlink), and made one line
first (:func:`indberet.render.safe.one_line`): no escape sequence from the data reaches
the terminal.
"""

from __future__ import annotations

import io
import os

from indberet.audit_model import AuditReport
from indberet.core.money import currency_of, single_currency
from indberet.i18n import message
from indberet.render import common
from indberet.render.safe import one_line

VERDICT_STYLE = {
    "KEEP": "green",
    "REVIEW": "yellow",
    "MERGE": "magenta",
    "DERIVE": "cyan",
    "REMOVE": "red",
}
WIDE = 140
# Column indexes of common.field_row / common.summary_row kept on a narrow terminal.
NARROW_FIELD_COLUMNS = (0, 1, 2, 4, 7)
NARROW_SUMMARY_COLUMNS = (0, 1, 3, 6, 7)
NUMERIC_FIELD_COLUMNS = frozenset({2, 3, 4, 5})


def audit(report: AuditReport, lang: str, width: int | None = None) -> str:
    """Render for a terminal of ``width`` columns, with ANSI colours (unless NO_COLOR)."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    columns = width or WIDE
    wide = columns >= WIDE
    field_columns = tuple(range(8)) if wide else NARROW_FIELD_COLUMNS
    summary_columns = tuple(range(8)) if wide else NARROW_SUMMARY_COLUMNS
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=columns,
        force_terminal=True,
        highlight=False,
        no_color=bool(os.environ.get("NO_COLOR")),
    )

    def plain(words: str, style: str = "") -> Text:
        return Text(one_line(words), style=style)

    for set_audit in report.sets:
        header = common.field_header(lang, currency_of(set_audit.requirement_set))
        title = plain(common.set_heading(set_audit, lang), "table.title")
        table = Table(title=title, title_justify="left")
        for index in field_columns:
            table.add_column(
                plain(header[index]),
                justify="right" if index in NUMERIC_FIELD_COLUMNS else "left",
                no_wrap=index != 7,
                overflow="fold",
                ratio=1 if index == 7 else None,
            )
        for item in set_audit.fields:
            cells = common.field_row(item, lang)
            style = f"bold {VERDICT_STYLE[item.verdict]}"
            table.add_row(*(plain(cells[i], style if i == 1 else "") for i in field_columns))
        console.print(table)
    summary_title = plain(message("summary.title", lang), "table.title")
    summary = Table(title=summary_title, title_justify="left")
    titles = common.summary_header(lang, single_currency(report))
    for index in summary_columns:
        summary.add_column(
            plain(titles[index]), justify="left" if index == 0 else "right", no_wrap=True
        )
    rows = common.summary_rows(report, lang)
    for row in rows[:-1]:
        summary.add_row(*(plain(row[i]) for i in summary_columns))
    summary.add_row(*(plain(rows[-1][i]) for i in summary_columns), style="bold")
    console.print(summary)
    console.print(plain(common.result_sentence(report, lang), "bold"))
    console.print(plain(common.assumptions(report, lang)))
    note = common.illustrative_note(report, lang)
    if note:
        console.print(plain(note, "yellow"))
    return buffer.getvalue()
