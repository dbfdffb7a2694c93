"""Words and numbers shared by the audit renderers: columns, cells, summaries.

Each format module lays these out its own way; the content is decided here once.
"""

from __future__ import annotations

from collections.abc import Callable

from indberet.audit_model import AuditReport, FieldAudit, Group, Range, Reduction, SetAudit
from indberet.core import money
from indberet.i18n import Num, message, render
from indberet.render import money as money_words


def number(value: float, lang: str, digits: int = 0) -> str:
    """A number with the language's separators."""
    return Num(value, digits).render(lang)


def percent(share: float, lang: str) -> str:
    """A share as a percentage with one decimal."""
    return f"{Num(share * 100, 1).render(lang)} %" if lang == "da" else f"{share * 100:.1f}%"


def span(
    value: Range, lang: str, digits: int = 0, write: Callable[[float, str, int], str] = number
) -> str:
    """A range as ``low–high``, or one number when exact; each end written by ``write``."""
    low = write(value.low, lang, digits)
    if round(value.low, digits) == round(value.high, digits):
        return low
    return f"{low}–{write(value.high, lang, digits)}"


def verdict_word(verdict: str, lang: str) -> str:
    """The verdict in the language (KEEP / BEHOLD)."""
    return message(f"verdict.{verdict}", lang)


def reason(item: FieldAudit, lang: str) -> str:
    """The reason sentence for a field, capitalised, with its group of near-duplicates
    when it is in one."""
    words = render_reason(item, lang)
    if item.group is not None:
        words += "; " + group_phrase(item, lang)
    return words[:1].upper() + words[1:]


def group_phrase(item: FieldAudit, lang: str) -> str:
    """Where a field in a group of near-duplicates stands: the group's size, its sets, and
    the member that stays."""
    group = item.group
    assert group is not None
    key = "audit.group_kept" if group.kept == item.field.qualified_id else "audit.group"
    return message(key, lang, size=group.size, sets=group.sets, kept=group.kept)


def render_reason(item: FieldAudit, lang: str) -> str:
    """The reason, as rendered."""
    return render(item.reason, lang)


class Reasons:
    """:func:`reason` of many fields in one language, the phrase of a group of
    near-duplicates written once for its kept member and once for the others (a group is
    one object, shared by its members). Holds the groups it met until it is let go: one
    per rendering of a report."""

    __slots__ = ("_groups", "_lang")

    def __init__(self, lang: str) -> None:
        self._lang = lang
        self._groups: dict[tuple[int, bool], tuple[Group, str]] = {}

    def __call__(self, item: FieldAudit) -> str:
        """The reason sentence of ``item``, as :func:`reason` writes it."""
        words = render(item.reason, self._lang)
        group = item.group
        if group is not None:
            words += "; " + self._group_phrase(item, group)
        return words[:1].upper() + words[1:]

    def _group_phrase(self, item: FieldAudit, group: Group) -> str:
        key = (id(group), group.kept == item.field.qualified_id)
        known = self._groups.get(key)
        if known is not None and known[0] is group:
            return known[1]
        written = group_phrase(item, self._lang)
        self._groups[key] = (group, written)  # held, so its id is not another's while here
        return written


FIELD_COLUMNS = (
    "col.field",
    "col.verdict",
    "col.usage",
    "col.duplication",
    "col.hours",
    "col.dkk",
    "col.rules",
    "col.reason",
)


def field_header(lang: str, currency: str = money.DEFAULT_CURRENCY) -> list[str]:
    """Column titles of the per-field table of a set in ``currency``."""
    unit = money_words.unit_title(currency, lang)
    return [message(key, lang, unit=unit) for key in FIELD_COLUMNS]


def field_row(item: FieldAudit, lang: str) -> list[str]:
    """Cells of one field's row, as text."""
    return [
        item.field.id,
        verdict_word(item.verdict, lang),
        number(item.usage, lang, 2),
        number(item.duplication, lang, 2),
        span(item.burden.hours, lang),
        span(item.burden.dkk, lang),
        ", ".join(item.codes),
        reason(item, lang),
    ]


SUMMARY_COLUMNS = (
    "col.set",
    "col.fields_before",
    "col.fields_after",
    "col.removed",
    "col.hours_before",
    "col.hours_after",
    "col.hours_saved",
    "col.dkk_saved",
)


def summary_header(lang: str, currency: str | None = money.DEFAULT_CURRENCY) -> list[str]:
    """Column titles of the reduction summary; ``currency`` None: the sets' are mixed."""
    unit = money_words.unit_title(currency, lang)
    return [message(key, lang, unit=unit) for key in SUMMARY_COLUMNS]


def summary_row(
    label: str, value: Reduction, lang: str, money_cell: str | None = None
) -> list[str]:
    """Cells of one summary row; ``money_cell`` replaces the plain money saved."""
    saved_hours = Range(
        value.burden_before.hours.low - value.burden_after.hours.low,
        value.burden_before.hours.high - value.burden_after.hours.high,
    )
    saved_dkk = Range(
        value.burden_before.dkk.low - value.burden_after.dkk.low,
        value.burden_before.dkk.high - value.burden_after.dkk.high,
    )
    return [
        label,
        str(value.fields_before),
        str(value.fields_after),
        f"{value.fields_removed} ({percent(value.count_share, lang)})",
        span(value.burden_before.hours, lang),
        span(value.burden_after.hours, lang),
        f"{span(saved_hours, lang)} ({percent(value.burden_share, lang)})",
        span(saved_dkk, lang) if money_cell is None else money_cell,
    ]


def summary_rows(report: AuditReport, lang: str) -> list[list[str]]:
    """One row per set and one for all sets (with the money per currency when mixed)."""
    if money.single_currency(report) is not None:
        rows = [summary_row(s.requirement_set.id, s.reduction, lang) for s in report.sets]
        rows.append(summary_row(message("summary.total", lang), report.total, lang))
        return rows
    rows = []
    for set_audit in report.sets:
        value = set_audit.reduction
        gone = Range(
            value.burden_before.dkk.low - value.burden_after.dkk.low,
            value.burden_before.dkk.high - value.burden_after.dkk.high,
        )
        cell = money_words.amount(gone, money.currency_of(set_audit.requirement_set), lang)
        rows.append(summary_row(set_audit.requirement_set.id, value, lang, cell))
    total = money_words.cell(money.saved(report), lang)
    rows.append(summary_row(message("summary.total", lang), report.total, lang, total))
    return rows


def set_heading(set_audit: SetAudit, lang: str) -> str:
    """``id — name: N fields``."""
    requirement_set = set_audit.requirement_set
    return message(
        "audit.heading",
        lang,
        set=requirement_set.id,
        name=requirement_set.name,
        fields=len(set_audit.fields),
    )


def assumptions(report: AuditReport, lang: str) -> str:
    """The as-of date, profile and tariffs the figures rest on (and the currencies)."""
    line = message(
        "audit.assumptions",
        lang,
        as_of=report.as_of.isoformat(),
        profile=report.profile,
        tariff=money_words.tariffs(report, lang),
    )
    several = money_words.several_currencies(report, lang)
    return f"{line} {several}" if several else line


def result_sentence(report: AuditReport, lang: str) -> str:
    """The headline: how many fields go and what that saves, in round figures ("about
    21,000 hours and about 9.3 million DKK"); the exact figures are in the tables."""
    total = report.total
    saved_hours = total.burden_before.hours.mid - total.burden_after.hours.mid
    return message(
        "audit.result",
        lang,
        removed=total.fields_removed,
        before=total.fields_before,
        share=percent(total.count_share, lang),
        hours=money.approximately(saved_hours),
        money=money.approximate_amounts(money.saved_mids(report)),
        burden_share=percent(total.burden_share, lang),
    )


def illustrative_note(
    report: AuditReport,
    lang: str,
    *,
    illustrative: str = "audit.illustrative",
    assumed_alone: str = "assumed.note",
) -> str | None:
    """A warning when some sets are illustrative data, saying what they assume when they do.

    Sets that name their assumptions (``assumed:``) are listed key by key; sets that only
    call themselves illustrative get the general sentence. ``illustrative`` and
    ``assumed_alone`` are the message keys (the report words it its own way).
    """
    notes = []
    names = money_words.illustrative_sets(report.sets)
    if names:
        notes.append(message(illustrative, lang, sets=", ".join(names)))
    items = money_words.assumed_items([s.requirement_set for s in report.sets], lang)
    if items:
        notes.append(message("assumed.report" if notes else assumed_alone, lang, items=items))
    return " ".join(notes) or None
