"""Money in the currency of each requirement set, never added across currencies.

A set's figures (its tariff, and so the money of every field's burden) are in its own
``currency``, DKK unless it says otherwise. A burden's ``dkk`` range holds the money in
that currency (the name is kept for compatibility). Totals over sets are summed per
currency; when all sets share one currency there is one total, as before.

The words are deferred :class:`~indberet.i18n.Text` values, so that domain code (the
findings of ``check``) and renderers write money the same way in both languages.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Final

from indberet.audit_model import AuditReport, Range, SetAudit
from indberet.i18n import Num, Text, text
from indberet.model import RequirementSet

DEFAULT_CURRENCY: Final = "DKK"

Amounts = dict[str, Range]
"""Money per currency code, in the order of the codes."""


def currency_of(requirement_set: RequirementSet) -> str:
    """The ISO 4217 code of the set's money."""
    return requirement_set.currency or DEFAULT_CURRENCY


def currencies(sets: Iterable[SetAudit]) -> tuple[str, ...]:
    """The distinct currencies of the audited sets, sorted by code."""
    return tuple(sorted({currency_of(s.requirement_set) for s in sets}))


def single_currency(report: AuditReport) -> str | None:
    """The one currency of every set of the report; None when there are several.

    A report without sets is in the default currency.
    """
    found = currencies(report.sets)
    if not found:
        return DEFAULT_CURRENCY
    return found[0] if len(found) == 1 else None


def currency_by_set(report: AuditReport) -> dict[str, str]:
    """Each set id's currency."""
    return {s.requirement_set.id: currency_of(s.requirement_set) for s in report.sets}


def totals(items: Iterable[tuple[str, Range]]) -> Amounts:
    """The ranges summed per currency, sorted by code."""
    summed: dict[str, tuple[float, float]] = {}
    for currency, value in items:
        low, high = summed.get(currency, (0.0, 0.0))
        summed[currency] = (low + value.low, high + value.high)
    return {code: Range(*summed[code]) for code in sorted(summed)}


def before(report: AuditReport) -> Amounts:
    """The money of all sets' burden today, per currency."""
    single = single_currency(report)
    if single is not None:  # the report's own total, to the last bit
        return {single: report.total.burden_before.dkk}
    return totals(
        (currency_of(s.requirement_set), s.reduction.burden_before.dkk) for s in report.sets
    )


def after(report: AuditReport) -> Amounts:
    """The money of all sets' burden after the verdicts, per currency."""
    single = single_currency(report)
    if single is not None:
        return {single: report.total.burden_after.dkk}
    return totals(
        (currency_of(s.requirement_set), s.reduction.burden_after.dkk) for s in report.sets
    )


def minus(first: Mapping[str, Range], second: Mapping[str, Range]) -> Amounts:
    """``first - second`` per currency, end by end (a currency missing on one side is 0)."""
    zero = Range(0.0, 0.0)
    return {
        code: Range(
            first.get(code, zero).low - second.get(code, zero).low,
            first.get(code, zero).high - second.get(code, zero).high,
        )
        for code in sorted(set(first) | set(second))
    }


def saved(report: AuditReport) -> Amounts:
    """The money saved a year by the verdicts, per currency."""
    return minus(before(report), after(report))


# --- words -------------------------------------------------------------------------------


def unit(currency: str) -> Text:
    """How the currency is written after an amount: DKK / kr., else its code."""
    if currency == DEFAULT_CURRENCY:
        return text("money.unit.dkk")
    return text("money.code", code=currency)


def unit_title(currency: str | None) -> Text:
    """The currency at the start of a column title (DKK / Kr.); mixed: a generic word."""
    if currency is None:
        return text("money.unit.mixed")
    if currency == DEFAULT_CURRENCY:
        return text("money.unit.dkk_title")
    return text("money.code", code=currency)


def figure(value: float | Range, digits: int = 0) -> Num | Text:
    """A number, or a range written ``low–high`` when its ends differ at ``digits``."""
    if not isinstance(value, Range):
        return Num(value, digits)
    if round(value.low, digits) == round(value.high, digits):
        return Num(value.low, digits)
    return text("money.range", low=Num(value.low, digits), high=Num(value.high, digits))


def amount(value: float | Range | str, currency: str, digits: int = 0) -> Text:
    """``1,234 DKK`` / ``1.234 kr.`` / ``1,234 GBP``; a string is taken as written."""
    written: str | Num | Text = value if isinstance(value, str) else figure(value, digits)
    return text("money.amount", amount=written, unit=unit(currency))


def listed(parts: Sequence[Text]) -> Text:
    """``a``, ``a and b``, ``a, b and c`` in the language."""
    if len(parts) == 1:
        return parts[0]
    if len(parts) == 2:
        return text("money.and", first=parts[0], second=parts[1])
    return text("money.comma", first=parts[0], rest=listed(parts[1:]))


def amounts(values: Mapping[str, float | Range | str], digits: int = 0) -> Text:
    """Money in one or more currencies, in a sentence: ``1,234 DKK and 56 GBP``."""
    return listed([amount(value, code, digits) for code, value in values.items()])


def mids(values: Mapping[str, Range]) -> dict[str, float]:
    """The midpoint of each currency's range."""
    return {code: value.mid for code, value in values.items()}


def saved_mids(report: AuditReport) -> dict[str, float]:
    """The money saved a year per currency, midpoints: before's minus after's."""
    first, then = before(report), after(report)
    zero = Range(0.0, 0.0)
    return {code: first[code].mid - then.get(code, zero).mid for code in first}


# --- figures for a headline: rounded the way people say them -----------------------------

_SCALES: Final = ((1e9, "approx.billion"), (1e6, "approx.million"))


def _step(value: float) -> float:
    """The rounding step that keeps two significant figures of ``value`` (1 below 100)."""
    size = abs(value)
    if size < 100:
        return 1.0
    return float(10 ** (math.floor(math.log10(size)) - 1))


def approximately(value: float | Range) -> Num | Text:
    """A figure for a headline, not a table: two significant figures, millions and
    billions in words, "about" only when rounding changed it — ``about 9.3 million``,
    ``ca. 670.000``, ``ca. 0,7–1,7 mio.``; ``31`` stays ``31``. Both ends of a range are
    rounded to the step of the larger, so that they read in one unit."""
    low, high = (value.low, value.high) if isinstance(value, Range) else (value, value)
    step = _step(max(abs(low), abs(high)))
    low_r, high_r = round(low / step) * step, round(high / step) * step
    changed = round(low) != low_r or round(high) != high_r
    key, unit = None, 1.0
    for limit, scale in _SCALES:
        if max(abs(low_r), abs(high_r)) >= limit:
            key, unit = scale, limit
            break
    digits = 0 if all((end / unit).is_integer() for end in (low_r, high_r)) else 1
    first, last = (Num(end / unit, digits) for end in (low_r, high_r))
    shown: Num | Text = first if low_r == high_r else text("money.range", low=first, high=last)
    if key is not None:
        shown = text(key, amount=shown)
    return text("approx.about", amount=shown) if changed else shown


def approximate_amounts(values: Mapping[str, float | Range]) -> Text:
    """Money per currency for a headline: ``about 9.3 million DKK and about 1.2 million GBP``."""
    return listed(
        [text("money.amount", amount=approximately(v), unit=unit(c)) for c, v in values.items()]
    )


def tariff(value: float, currency: str) -> Text:
    """``450 DKK/hour`` / ``28.50 GBP/hour``: decimals only when the tariff has some."""
    digits = 0 if float(value).is_integer() else 2
    return text("money.per_hour", amount=Num(value, digits), unit=unit(currency))
