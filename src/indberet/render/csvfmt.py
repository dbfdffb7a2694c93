"""The audit as CSV: one row per field, numbers as plain numbers, formulas neutralised.

Text cells keep their tabs and line feeds; every other control character, a carriage
return too, is written as an escape (:func:`indberet.render.safe.visible`). The csv
module quotes a cell that holds a character of the line terminator (a line feed here) and
no other line break, so a raw carriage return would reach the file unquoted and start a
new row in a reader that splits on it: none is left to do so.
"""

from __future__ import annotations

import csv
import io

from indberet.audit_model import AuditReport
from indberet.core import money
from indberet.render import common, safe

# The header of an audit of sets all in DKK; for other currencies, see :func:`header`.
HEADER = [
    "set",
    "field",
    "name",
    "aspect",
    "verdict",
    "usage",
    "duplication",
    "hours_low",
    "hours_high",
    "dkk_low",
    "dkk_high",
    "rules",
    "twin",
    "reason",
]


def inert(value: str) -> str:
    """A cell a spreadsheet will show as text, never run as a formula, with no control
    character but tab and line feed."""
    shown = safe.visible(value, keep="\t\n")
    return "'" + shown if safe.formula_like(shown) else shown


def header(report: AuditReport) -> list[str]:
    """The columns: money as ``dkk_low, dkk_high`` when every set is in DKK; otherwise
    ``money_low, money_high`` in each set's currency, followed by a ``currency`` column."""
    if _all_dkk(report):
        return HEADER
    at = HEADER.index("dkk_low")
    return [*HEADER[:at], "money_low", "money_high", "currency", *HEADER[at + 2 :]]


def _all_dkk(report: AuditReport) -> bool:
    return money.single_currency(report) == money.DEFAULT_CURRENCY


def audit(report: AuditReport, lang: str) -> str:
    """Every field of every set, in file order."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(header(report))
    all_dkk = _all_dkk(report)
    for set_audit in report.sets:
        currency = [] if all_dkk else [money.currency_of(set_audit.requirement_set)]
        for item in set_audit.fields:
            writer.writerow(
                [
                    inert(item.field.set_id),
                    inert(item.field.id),
                    inert(item.field.name),
                    item.field.aspect,
                    item.verdict,
                    f"{item.usage:.4f}",
                    f"{item.duplication:.4f}",
                    f"{item.burden.hours.low:.2f}",
                    f"{item.burden.hours.high:.2f}",
                    f"{item.burden.dkk.low:.2f}",
                    f"{item.burden.dkk.high:.2f}",
                    *currency,
                    " ".join(item.codes),
                    inert(item.twin or ""),
                    inert(common.reason(item, lang)),
                ]
            )
    return buffer.getvalue()
