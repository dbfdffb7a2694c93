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
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import indberet.render.report as content
from indberet.audit_model import AuditReport, Range, SetAudit
from indberet.core import money
from indberet.i18n import message
from indberet.render import common, planfmt, safe
from indberet.render import money as money_words

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

_SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\]")

COUNT = "0"
SHARE = "0.0%"
AMOUNT = "#,##0"
SCORE = "0.00"
WIDE = 60


def _text(value: str) -> str:
    """Text a worksheet can hold: tab and line feed kept, other controls as escapes."""
    return safe.visible(value, keep="\t\n")


def _put(
    ws: Worksheet, row: int, column: int, value: Any, number_format: str | None = None
) -> None:
    """Write one cell: numbers as numbers, text always as inert text."""
    cell = ws.cell(row=row, column=column)
    if isinstance(value, str):
        clean = _text(value)
        cell.value = clean
        cell.data_type = "s"  # openpyxl would take "=..." for a formula and "#N/A" for an error
        if safe.formula_like(clean):
            cell.quotePrefix = True
    else:
        cell.value = value
        if number_format is not None:
            cell.number_format = number_format


def _title(ws: Worksheet, lines: Sequence[str]) -> int:
    """The sheet's title (large), headline (bold) and any further lines on top; returns the
    row of the table's header, one blank row below."""
    from openpyxl.styles import Font

    fonts = [Font(bold=True, size=14), Font(bold=True)]
    for row, line in enumerate(lines, start=1):
        _put(ws, row, 1, line)
        ws.cell(row=row, column=1).font = fonts[row - 1] if row <= len(fonts) else Font(italic=True)
    return len(lines) + 2


def _header(ws: Worksheet, titles: Sequence[str], widths: Sequence[int], row: int = 1) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill

    fill = PatternFill("solid", fgColor="E8ECF0")
    for column, title in enumerate(titles, start=1):
        _put(ws, row, column, title)
        cell = ws.cell(row=row, column=column)
        cell.font = Font(bold=True)
        cell.fill = fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for column, width in enumerate(widths, start=1):
        from openpyxl.utils import get_column_letter

        ws.column_dimensions[get_column_letter(column)].width = width


def _column_header(
    ws: Worksheet, columns: Sequence[tuple[str, int, str | None]], unit: str, lang: str, row: int
) -> list[str | None]:
    """The header row of a table of ``columns`` (message key, width, number format) at
    ``row``; the number formats of its columns."""
    _header(
        ws,
        [message(key, lang, unit=unit) for key, _, _ in columns],
        [w for _, w, _ in columns],
        row,
    )
    return [fmt for _, _, fmt in columns]


def _finish(ws: Worksheet, columns: int, header: int, last_row: int, frozen: int) -> None:
    """Freeze the header and the first ``frozen`` columns, filter the table, and set up
    printing: landscape A4 fitted to the width, the header repeated on every page."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.properties import PageSetupProperties

    ws.freeze_panes = f"{get_column_letter(frozen + 1)}{header + 1}"
    ws.auto_filter.ref = f"A{header}:{get_column_letter(columns)}{max(last_row, header)}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages down as it takes
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_title_rows = f"{header}:{header}"
    ws.print_title_cols = f"A:{get_column_letter(frozen)}"
    footer = ws.oddFooter  # openpyxl makes one for every sheet
    if footer is not None:
        footer.left.text = "&A"  # the sheet's name
        footer.right.text = "&P/&N"  # page of pages


def _notes(ws: Worksheet, row: int, lines: Sequence[str]) -> int:
    """Sentences under a table, one per row in column A; returns the next free row."""
    from openpyxl.styles import Font

    for line in lines:
        _put(ws, row, 1, line)
        ws.cell(row=row, column=1).font = Font(italic=True)
        row += 1
    return row


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


def _summary_sheet(ws: Worksheet, document: content.PruningReport, lang: str) -> None:
    """One row per statistic and a total; with several currencies, a currency column and
    a total per currency instead of one money total."""
    from openpyxl.styles import Font

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
    header = _title(ws, top)
    formats = _column_header(ws, columns, unit, lang, header)
    row = header + 1
    for set_audit in audit.sets:
        values = _summary_values(
            set_audit.requirement_set.id, set_audit.requirement_set.name, set_audit.reduction
        )
        if single is None:
            values.append(money.currency_of(set_audit.requirement_set))
        for column, (value, fmt) in enumerate(zip(values, formats, strict=True), start=1):
            _put(ws, row, column, value, fmt)
        row += 1
    last_data_row = row - 1
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
        for column, (value, fmt) in enumerate(zip(values, formats, strict=True), start=1):
            _put(ws, row, column, value, fmt)
            ws.cell(row=row, column=column).font = Font(bold=True)
        row += 1
    _finish(ws, len(columns), header, last_data_row, 2)
    lines = [message("report.section.assumptions", lang), *content.assumptions(audit, lang)]
    _notes(ws, row + 1, lines)


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


def _set_sheet(ws: Worksheet, set_audit: SetAudit, lang: str) -> None:
    unit = money_words.unit_title(money.currency_of(set_audit.requirement_set), lang)
    header = _title(ws, [common.set_heading(set_audit, lang), content.set_outcome(set_audit, lang)])
    _header(
        ws,
        [message(key, lang, unit=unit) for key, _, _ in FIELD_COLUMNS],
        [w for _, w, _ in FIELD_COLUMNS],
        header,
    )
    formats = [fmt for _, _, fmt in FIELD_COLUMNS]
    row = header + 1
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
        for column, (value, fmt) in enumerate(zip(values, formats, strict=True), start=1):
            _put(ws, row, column, value, fmt)
        row += 1
    _finish(ws, len(FIELD_COLUMNS), header, row - 1, 1)
    _notes(ws, row + 1, content.set_facts(set_audit, lang))


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


def _plan_sheet(ws: Worksheet, document: content.PruningReport, lang: str) -> None:
    plan = document.plan
    assert plan is not None
    audit = document.audit
    single = money.single_currency(audit)
    columns = PLAN_COLUMNS if single is not None else (*PLAN_COLUMNS, CURRENCY_COLUMN)
    unit = money_words.unit_title(single, lang)
    header = _title(ws, [planfmt.title(plan, lang, audit), planfmt.conclusion(plan, lang, audit)])
    formats = _column_header(ws, columns, unit, lang, header)
    currency = money.currency_by_set(audit)
    cumulative = planfmt.cumulative_money(plan, audit)
    row = header + 1
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
        for column, (value, fmt) in enumerate(zip(values, formats, strict=True), start=1):
            _put(ws, row, column, value, fmt)
        row += 1
    _finish(ws, len(columns), header, row - 1, 2)
    _notes(ws, row + 1, [planfmt.method(plan, lang, audit)])


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


def _impact_sheet(ws: Worksheet, document: content.PruningReport, lang: str) -> None:
    """Who loses what under the plan: a row per user and leaving field it uses."""
    from indberet.core.impact import for_plan
    from indberet.render import impactfmt

    plan = document.plan
    assert plan is not None
    found = for_plan(document.audit, plan)
    top = [impactfmt.title(found, lang, document.audit), impactfmt.summary(found, lang)]
    header = _title(ws, top)
    formats = _column_header(ws, IMPACT_COLUMNS, "", lang, header)
    row = header + 1
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
        for column, (value, fmt) in enumerate(zip(values, formats, strict=True), start=1):
            _put(ws, row, column, value, fmt)
        row += 1
    _finish(ws, len(IMPACT_COLUMNS), header, row - 1, 2)
    lines = [*impactfmt.plain_words(found, lang), message("impact.method", lang)]
    _notes(ws, row + 1, lines)


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
    from openpyxl import Workbook

    audit = document.audit
    workbook = Workbook()
    summary = workbook.active
    assert summary is not None
    summary.title = message("report.xlsx.sheet.summary", lang)
    reserved = [summary.title]
    _summary_sheet(summary, document, lang)
    if document.plan is not None:
        plan_sheet = workbook.create_sheet(message("report.xlsx.sheet.plan", lang))
        reserved.append(plan_sheet.title)
        _plan_sheet(plan_sheet, document, lang)
        impact_sheet = workbook.create_sheet(message("impact.section", lang))
        reserved.append(impact_sheet.title)
        _impact_sheet(impact_sheet, document, lang)
    for name, set_audit in zip(_sheet_names(audit, reserved), audit.sets, strict=True):
        _set_sheet(workbook.create_sheet(name), set_audit, lang)
    workbook.properties.title = _text(content.title(lang))
    workbook.properties.creator = f"indberet {document.version}"
    workbook.properties.language = lang
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
