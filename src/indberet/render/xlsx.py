"""The pruning report as an Excel workbook (openpyxl), for negotiators who work in Excel.

A summary sheet, a plan sheet when there is a plan, and one sheet per statistic. Each
sheet starts with its title and headline, then the table, then its notes. Figures are real
numbers with number formats; the header row is frozen, has an autofilter and repeats on
every printed page; every sheet prints landscape on A4, fitted to the page's width, with
the sheet's name and page numbers in the footer.
Text from the data can never become a formula (or an error value): every text cell is
written as a string, and one that a spreadsheet would read as a formula (also after
leading blanks) is marked with a quote prefix, so that it stays text even after the cell is
edited. Control characters but tab and line feed, and the characters XML cannot hold
(U+FFFE, U+FFFF, lone surrogates), are written as escapes (``\\x0b``): openpyxl would
refuse some and write others into a file Excel cannot open.
openpyxl (in write-only mode) writes the workbook, its styles and every sheet's settings;
the rows are written here as the XML openpyxl writes for them, to a temporary file as
they are made, and put into the sheets' parts when the workbook is saved (:class:`_Rows`):
a report of 100,000 fields never holds a cell object per cell, and takes seconds, not
minutes.
"""

from __future__ import annotations

import datetime
import io
import math
import re
from collections.abc import Callable, Sequence
from typing import IO, TYPE_CHECKING, Any

import indberet.render.report as content
from indberet.audit_model import AuditReport, Range, SetAudit
from indberet.core import money
from indberet.i18n import message
from indberet.render import common, planfmt, safe
from indberet.render import money as money_words

if TYPE_CHECKING:
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet as Worksheet

Columns = Sequence[tuple[str, int, str | None]]  # message key, width, number format

_SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\]")

COUNT = "0"
SHARE = "0.0%"
AMOUNT = "#,##0"
SCORE = "0.00"
WIDE = 60


def _text(value: str) -> str:
    """Text a worksheet can hold: tab and line feed kept, other controls as escapes."""
    return safe.visible(value, keep="\t\n")


# How a cell looks besides its number format: the sheet's title, its headline (both on top),
# a further line on top or a note under the table, the table's header, a total row.
TITLE, HEADLINE, NOTE, HEADER, TOTAL = "title", "headline", "note", "header", "total"


class _Out:
    """Where the rows of every sheet go: ``spool``, a temporary file the sheets share,
    one after the other; and the workbook's cell styles, each registered with openpyxl
    (which writes the workbook's styles) once."""

    def __init__(self, ws: Worksheet, spool: IO[bytes]) -> None:
        self.ws = ws  # any sheet of the workbook
        self.spool = spool
        self.styles: dict[tuple[str | None, str | None, bool], str] = {}

    def style(self, number_format: str | None, look: str | None, quote: bool) -> str:
        """The `` s="..."`` of a cell in these styles ("" for none)."""
        key = (number_format, look, quote)
        known = self.styles.get(key)
        if known is None:
            from openpyxl.cell import WriteOnlyCell

            cell = WriteOnlyCell(self.ws)
            if number_format is not None:
                cell.number_format = number_format
            _look(cell, look)
            if quote:
                cell.quotePrefix = True
            known = f' s="{cell.style_id}"' if cell.has_style else ""
            self.styles[key] = known
        return known


def _look(cell: Any, look: str | None) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill

    if look == TITLE:
        cell.font = Font(bold=True, size=14)
    elif look in (HEADLINE, TOTAL):
        cell.font = Font(bold=True)
    elif look == NOTE:
        cell.font = Font(italic=True)
    elif look == HEADER:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="E8ECF0")
        cell.alignment = Alignment(wrap_text=True, vertical="top")


class _Rows:
    """The rows of a sheet, written here as the sheet's XML to the spool of ``out`` and
    put into the saved workbook by :func:`_spliced`.

    openpyxl writes a cell at a time through ElementTree, which took minutes for a report
    of 100,000 fields; these rows are the same XML made with string formatting. Cells are
    as openpyxl writes them: text as an inline string (quote-prefixed when a spreadsheet
    would read it as a formula), numbers and dates as numbers in their column's format.
    """

    def __init__(self, out: _Out, formats: Sequence[str | None]) -> None:
        self.out = out
        self.formats = formats
        self.row = 1

    def append(
        self,
        values: Sequence[Any],
        look: str | None = None,
        formats: Sequence[str | None] | None = None,
    ) -> None:
        """A row of ``values``, each in its column's number format (or ``formats``)."""
        style = self.out.style
        row = self.row
        parts = [f'<row r="{row}">']
        columns = self.formats if formats is None else formats
        if len(values) > min(len(columns), len(_LETTERS)):
            raise ValueError(f"{len(values)} values for {len(columns)} columns")
        for letter, value, fmt in zip(_LETTERS, values, columns, strict=False):
            where = f"{letter}{row}"
            if isinstance(value, str):
                text = _text(value)[:_MAX_TEXT]
                parts.append(_text_cell(where, style(None, look, safe.formula_like(text)), text))
            elif value is None:
                empty = style(fmt, look, False)
                if empty:
                    parts.append(f'<c r="{where}"{empty}/>')
            else:
                number = _number(value)
                parts.append(f'<c r="{where}"{style(fmt, look, False)} t="n"><v>{number}</v></c>')
        parts.append("</row>")
        self.out.spool.write("".join(parts).encode("utf-8"))
        self.row += 1

    def skip(self) -> None:
        """A blank row."""
        self.row += 1

    def notes(self, lines: Sequence[str]) -> None:
        """Sentences under a table, after a blank row, one per row in column A."""
        self.skip()
        for line in lines:
            self.append([line], NOTE, _TEXT)


_MAX_TEXT = 32767  # characters a cell holds; openpyxl cuts longer text there too
_LETTERS = [chr(ord("A") + n) for n in range(26)]  # columns a table may have
_TEXT: list[str | None] = [None] * len(_LETTERS)  # text in every column


def _text_cell(where: str, style: str, text: str) -> str:
    """A text cell as openpyxl writes it: an inline string, its spaces kept when it has
    blanks at either end."""
    if not text:
        return f'<c r="{where}"{style} t="inlineStr"/>'
    space = ' xml:space="preserve"' if text.strip() and text != text.strip() else ""
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return f'<c r="{where}"{style} t="inlineStr"><is><t{space}>{escaped}</t></is></c>'


def _number(value: Any) -> str:
    """A number (or a date, as its serial day) as openpyxl writes it."""
    kind = type(value)
    if kind is float:
        return f"{value:.16g}" if math.isfinite(value) else ""
    if kind is int:
        return f"{value:.16g}"
    if isinstance(value, datetime.date):
        from openpyxl.utils.datetime import to_excel

        convert: Any = to_excel  # untyped
        return _number(convert(value))
    raise TypeError(f"not a number: {value!r}")


def _spliced(saved: bytes, spool: IO[bytes], spans: dict[str, tuple[int, int]]) -> bytes:
    """The workbook openpyxl ``saved`` with the rows :class:`_Rows` wrote to ``spool`` put
    into their sheets: ``spans`` maps the path of a sheet's part to where its rows are."""
    import zipfile

    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(saved)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            data = source.read(info)
            span = spans.get(info.filename)
            if span is None:
                target.writestr(info, data)
                continue
            head, end, tail = data.partition(b"</sheetData>")
            if not end:
                raise ValueError(f"no sheetData in {info.filename}")
            with target.open(info, "w") as part:
                part.write(head)
                start, stop = span
                spool.seek(start)
                while start < stop:
                    chunk = spool.read(min(_CHUNK, stop - start))
                    part.write(chunk)
                    start += len(chunk)
                part.write(end + tail)
    return out.getvalue()


_CHUNK = 1 << 20


def _table(
    ws: Worksheet,
    lines: Sequence[str],
    columns: Columns,
    frozen: int,
    titles: Sequence[str],
    out: _Out,
) -> tuple[_Rows, int]:
    """Start the sheet of a table of ``columns`` (see :func:`_start`) with its title
    (large), headline (bold) and any further lines on top, a blank row, and the table's
    header row of ``titles`` (bold, on a fill, wrapped); the rows of the sheet, for the
    table's rows next, and the row of the header."""
    header = len(lines) + 2
    _start(ws, columns, header, frozen)
    rows = _Rows(out, [fmt for _, _, fmt in columns])
    looks = [TITLE, HEADLINE]
    for row, line in enumerate(lines):
        rows.append([line], looks[row] if row < len(looks) else NOTE, _TEXT)
    rows.skip()
    rows.append(titles, HEADER, _TEXT)
    return rows, header


def _titles(columns: Columns, unit: str, lang: str) -> list[str]:
    """The header of a table of ``columns`` (message key, width, number format)."""
    return [message(key, lang, unit=unit) for key, _, _ in columns]


def _start(ws: Worksheet, columns: Columns, header: int, frozen: int) -> None:
    """The column widths, the header and the first ``frozen`` columns frozen, and the page
    fitted to the width (a write-only sheet takes these before any row of its own)."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.properties import PageSetupProperties

    sheet: Any = ws  # a write-only sheet has these too; its type stubs do not list them
    for column, (_, width, _) in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    ws.freeze_panes = f"{get_column_letter(frozen + 1)}{header + 1}"
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)


def _finish(ws: Worksheet, columns: int, header: int, last_row: int, frozen: int) -> None:
    """Filter the table and set up printing: landscape A4 fitted to the width, the header
    repeated on every page (the rest is set by :func:`_start`)."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.worksheet import Worksheet as Sheet

    sheet: Any = ws  # a write-only sheet has these too; its type stubs do not list them
    sheet.auto_filter.ref = f"A{header}:{get_column_letter(columns)}{max(last_row, header)}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = Sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0  # as many pages down as it takes
    ws.print_title_rows = f"{header}:{header}"
    ws.print_title_cols = f"A:{get_column_letter(frozen)}"
    footer = ws.oddFooter  # openpyxl makes one for every sheet
    if footer is not None:
        footer.left.text = "&A"  # the sheet's name
        footer.right.text = "&P/&N"  # page of pages


def _saved(before: Range, after: Range) -> Range:
    return Range(before.low - after.low, before.high - after.high)


SUMMARY_COLUMNS = (
    ("col.set", 18, None),
    ("col.name", 40, None),
    ("col.fields_before", 9, COUNT),
    ("col.fields_after", 9, COUNT),
    ("col.removed", 9, COUNT),
    ("report.xlsx.removed_share", 10, SHARE),
    ("report.xlsx.hours_before_low", 13, AMOUNT),
    ("report.xlsx.hours_before_high", 13, AMOUNT),
    ("report.xlsx.hours_after_low", 13, AMOUNT),
    ("report.xlsx.hours_after_high", 13, AMOUNT),
    ("report.xlsx.hours_saved_low", 13, AMOUNT),
    ("report.xlsx.hours_saved_high", 13, AMOUNT),
    ("report.xlsx.burden_share", 10, SHARE),
    ("report.xlsx.dkk_before_low", 15, AMOUNT),
    ("report.xlsx.dkk_before_high", 15, AMOUNT),
    ("report.xlsx.dkk_saved_low", 15, AMOUNT),
    ("report.xlsx.dkk_saved_high", 15, AMOUNT),
)


def _summary_values(label: str, name: str, value: Any) -> list[Any]:
    before, after = value.burden_before, value.burden_after
    hours_saved = _saved(before.hours, after.hours)
    dkk_saved = _saved(before.dkk, after.dkk)
    return [
        label,
        name,
        value.fields_before,
        value.fields_after,
        value.fields_removed,
        value.count_share,
        before.hours.low,
        before.hours.high,
        after.hours.low,
        after.hours.high,
        hours_saved.low,
        hours_saved.high,
        value.burden_share,
        before.dkk.low,
        before.dkk.high,
        dkk_saved.low,
        dkk_saved.high,
    ]


# Where the money columns of the summary start (0-based), and the currency column's title.
_SUMMARY_MONEY = 13
CURRENCY_COLUMN = ("report.xlsx.currency", 9, None)


def _summary_sheet(ws: Worksheet, document: content.PruningReport, lang: str, out: _Out) -> _Rows:
    """One row per statistic and a total; with several currencies, a currency column and
    a total per currency instead of one money total."""
    audit = document.audit
    single = money.single_currency(audit)
    columns = SUMMARY_COLUMNS if single is not None else (*SUMMARY_COLUMNS, CURRENCY_COLUMN)
    unit = money_words.unit_title(single, lang)
    top = [
        content.title(lang),
        common.result_sentence(audit, lang),
        content.generated_by(document, lang),
    ]
    note = content.illustrative_note(audit, lang)
    if note:
        top.append(note)
    rows, header = _table(ws, top, columns, 2, _titles(columns, unit, lang), out)
    for set_audit in audit.sets:
        values = _summary_values(
            set_audit.requirement_set.id, set_audit.requirement_set.name, set_audit.reduction
        )
        if single is None:
            values.append(money.currency_of(set_audit.requirement_set))
        rows.append(values)
    last_data_row = header + len(audit.sets)
    totals = [_summary_values(message("summary.total", lang), "", audit.total)]
    if single is None:  # money is not added across currencies: a total row per currency
        totals[0][_SUMMARY_MONEY:] = [None] * (len(columns) - _SUMMARY_MONEY)
        before, after = money.before(audit), money.after(audit)
        for code, value in before.items():
            gone = _saved(value, after[code])
            label = message("report.xlsx.total_in", lang, currency=code)
            cells: list[Any] = [label, "", *[None] * (_SUMMARY_MONEY - 2)]
            totals.append([*cells, value.low, value.high, gone.low, gone.high, code])
    for values in totals:
        rows.append(values, TOTAL)
    _finish(ws, len(columns), header, last_data_row, 2)
    lines = [message("report.section.assumptions", lang), *content.assumptions(audit, lang)]
    rows.notes(lines)
    return rows


FIELD_COLUMNS = (
    ("col.field", 28, None),
    ("col.name", 36, None),
    ("col.verdict", 11, None),
    ("col.usage", 8, SCORE),
    ("col.duplication", 8, SCORE),
    ("report.xlsx.hours_low", 12, AMOUNT),
    ("report.xlsx.hours_high", 12, AMOUNT),
    ("report.xlsx.dkk_low", 13, AMOUNT),
    ("report.xlsx.dkk_high", 13, AMOUNT),
    ("col.rules", 14, None),
    ("report.xlsx.twin", 24, None),
    ("report.xlsx.mandated_by", 30, None),
    ("col.reason", WIDE, None),
    ("report.col.evidence", WIDE, None),
)


def _set_sheet(ws: Worksheet, set_audit: SetAudit, lang: str, out: _Out) -> _Rows:
    unit = money_words.unit_title(money.currency_of(set_audit.requirement_set), lang)
    top = [common.set_heading(set_audit, lang), content.set_outcome(set_audit, lang)]
    rows, header = _table(ws, top, FIELD_COLUMNS, 1, _titles(FIELD_COLUMNS, unit, lang), out)
    for item in set_audit.fields:
        values: list[Any] = [
            item.field.id,
            item.field.name,
            common.verdict_word(item.verdict, lang),
            item.usage,
            item.duplication,
            item.burden.hours.low,
            item.burden.hours.high,
            item.burden.dkk.low,
            item.burden.dkk.high,
            ", ".join(item.codes),
            item.twin or "",
            item.field.mandated_by or "",
            common.reason(item, lang),
            "; ".join(content.evidence(item, lang)),
        ]
        rows.append(values)
    _finish(ws, len(FIELD_COLUMNS), header, header + len(set_audit.fields), 1)
    rows.notes(content.set_facts(set_audit, lang))
    return rows


PLAN_COLUMNS = (
    ("plan.col.rank", 6, COUNT),
    ("col.field", 36, None),
    ("col.verdict", 11, None),
    ("plan.col.action", 11, None),
    ("plan.col.usage_lost", 10, SCORE),
    ("plan.col.per_hours", 12, SCORE),
    ("report.xlsx.hours_low", 12, AMOUNT),
    ("report.xlsx.hours_high", 12, AMOUNT),
    ("report.xlsx.dkk_low", 13, AMOUNT),
    ("report.xlsx.dkk_high", 13, AMOUNT),
    ("plan.col.cum_fields", 12, COUNT),
    ("report.xlsx.cum_share", 12, SHARE),
    ("plan.col.cum_hours", 14, AMOUNT),
    ("report.xlsx.cum_burden_share", 12, SHARE),
    ("plan.col.cum_dkk", 15, AMOUNT),
    ("plan.col.note", 40, None),
)


def _plan_sheet(ws: Worksheet, document: content.PruningReport, lang: str, out: _Out) -> _Rows:
    plan = document.plan
    assert plan is not None
    audit = document.audit
    single = money.single_currency(audit)
    columns = PLAN_COLUMNS if single is not None else (*PLAN_COLUMNS, CURRENCY_COLUMN)
    unit = money_words.unit_title(single, lang)
    top = [planfmt.title(plan, lang, audit), planfmt.conclusion(plan, lang, audit)]
    rows, header = _table(ws, top, columns, 2, _titles(columns, unit, lang), out)
    currency = money.currency_by_set(audit)
    cumulative = planfmt.cumulative_money(plan, audit)
    for step, saved in zip(plan.steps, cumulative, strict=True):
        item = step.item
        ratio = step.usage_lost_per_hour
        burden = step.burden  # what the step saves: a derivable share, with follow-ups
        values: list[Any] = [
            step.rank,
            planfmt.label(item),
            common.verdict_word(item.verdict, lang),
            common.verdict_word(step.action, lang),
            step.usage_lost,
            ratio * planfmt.PER_HOURS if ratio is not None else "",
            burden.hours.low,
            burden.hours.high,
            burden.dkk.low,
            burden.dkk.high,
            step.fields_removed,
            step.fields_removed / plan.fields_before,
            step.saved.hours.mid,
            plan.burden_share(step.saved),
            step.saved.dkk.mid if single is not None else money_words.cell(money.mids(saved), lang),
            "; ".join(planfmt.notes(step, lang)),
        ]
        if single is None:
            values.append(currency[item.field.set_id])
        rows.append(values)
    _finish(ws, len(columns), header, header + len(plan.steps), 2)
    rows.notes([planfmt.method(plan, lang, audit)])
    return rows


IMPACT_COLUMNS = (
    ("impact.col.consumer", 28, None),
    ("impact.col.product", 44, None),
    ("impact.col.kind", 14, None),
    ("col.field", 36, None),
    ("col.name", 36, None),
    ("impact.col.effect", 20, None),
    ("impact.col.last_used", 12, "yyyy-mm-dd"),
    ("impact.col.note", WIDE, None),
)


def _impact_sheet(ws: Worksheet, document: content.PruningReport, lang: str, out: _Out) -> _Rows:
    """Who loses what under the plan: a row per user and leaving field it uses."""
    from indberet.core.impact import for_plan
    from indberet.render import impactfmt

    plan = document.plan
    assert plan is not None
    found = for_plan(document.audit, plan)
    top = [impactfmt.title(found, lang, document.audit), impactfmt.summary(found, lang)]
    titles = _titles(IMPACT_COLUMNS, "", lang)
    rows, header = _table(ws, top, IMPACT_COLUMNS, 2, titles, out)
    last_row = header
    for consumer, loss in impactfmt.loss_rows(found):
        leaving = loss.leaving
        values: list[Any] = [
            consumer.consumer,
            consumer.product or "",
            impactfmt.kind_word(loss.kind, lang),
            leaving.qualified_id,
            leaving.name,
            impactfmt.effect_word(leaving, lang),
            loss.last_used if loss.last_used is not None else message("impact.ongoing", lang),
            "; ".join(impactfmt.field_notes(leaving, lang)),
        ]
        rows.append(values)
        last_row += 1
    _finish(ws, len(IMPACT_COLUMNS), header, last_row, 2)
    lines = [*impactfmt.plain_words(found, lang), message("impact.method", lang)]
    rows.notes(lines)
    return rows


def _sheet_names(audit: AuditReport, reserved: Sequence[str]) -> list[str]:
    """A valid, unique (ignoring case, as Excel does) sheet name per statistic."""
    taken = {name.lower() for name in reserved}
    names = []
    for set_audit in audit.sets:
        base = _SHEET_NAME_BAD.sub("_", set_audit.requirement_set.id)[:31] or "_"
        name, n = base, 2
        while name.lower() in taken:
            suffix = f"-{n}"
            name, n = base[: 31 - len(suffix)] + suffix, n + 1
        taken.add(name.lower())
        names.append(name)
    return names


def report(document: content.PruningReport, lang: str) -> bytes:
    """The workbook as bytes."""
    import tempfile

    with tempfile.TemporaryFile() as spool:
        return _workbook(document, lang, spool)


def _workbook(document: content.PruningReport, lang: str, spool: IO[bytes]) -> bytes:
    """The workbook, the rows of its sheets written through ``spool``."""
    from openpyxl import Workbook

    audit = document.audit
    workbook = Workbook(write_only=True)
    spans: list[tuple[Worksheet, int, int]] = []
    out: _Out | None = None

    def sheet(title: str, write: Callable[..., _Rows], what: object) -> str:
        nonlocal out
        ws = workbook.create_sheet(title)
        out = out or _Out(ws, spool)
        start = spool.tell()
        write(ws, what, lang, out)
        spans.append((ws, start, spool.tell()))
        name: str = ws.title
        return name

    reserved = [sheet(message("report.xlsx.sheet.summary", lang), _summary_sheet, document)]
    if document.plan is not None:
        reserved.append(sheet(message("report.xlsx.sheet.plan", lang), _plan_sheet, document))
        reserved.append(sheet(message("impact.section", lang), _impact_sheet, document))
    for name, set_audit in zip(_sheet_names(audit, reserved), audit.sets, strict=True):
        sheet(name, _set_sheet, set_audit)
    workbook.properties.title = _text(content.title(lang))
    workbook.properties.creator = f"indberet {document.version}"
    workbook.properties.language = lang
    buffer = io.BytesIO()
    workbook.save(buffer)  # which numbers the sheets' parts
    parts = {ws.path.lstrip("/"): (start, stop) for ws, start, stop in spans}
    return _spliced(buffer.getvalue(), spool, parts)
