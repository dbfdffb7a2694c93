"""The audit as CSV: one row per field, numbers as plain numbers, formulas neutralised."""

from __future__ import annotations

import csv
import io

from indberet.audit_model import AuditReport
from indberet.render import common

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")

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
    """A cell a spreadsheet will show as text, never run as a formula."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def audit(report: AuditReport, lang: str) -> str:
    """Every field of every set, in file order."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(HEADER)
    for set_audit in report.sets:
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
                    " ".join(item.codes),
                    inert(item.twin or ""),
                    inert(common.reason(item, lang)),
                ]
            )
    return buffer.getvalue()
