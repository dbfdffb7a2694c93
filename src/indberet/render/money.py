"""Money, reporters and assumptions in words, for every renderer.

Each set's money is in its own currency (:mod:`indberet.core.money`); a total over sets is one
figure when they share a currency and one figure per currency when they do not. What the
reporters are called comes from the sets (``reporters_called``), else "the municipalities".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from indberet.audit_model import AuditReport, Range, SetAudit
from indberet.core import assumed, money
from indberet.i18n import Joined, Text, message, render, text
from indberet.model import RequirementSet


def unit_title(currency: str | None, lang: str) -> str:
    """The currency as the start of a column title: DKK / Kr. / GBP; mixed: Money / Beløb."""
    return render(money.unit_title(currency), lang)


def amount(value: float | Range | str, currency: str, lang: str, digits: int = 0) -> str:
    """``1,234 DKK`` / ``1.234 kr.`` / ``1,234–2,000 GBP``."""
    return render(money.amount(value, currency, digits), lang)


def amounts(values: Mapping[str, float | Range | str], lang: str, digits: int = 0) -> str:
    """Money per currency in a sentence: ``1,234 DKK and 56 GBP``."""
    if not values:
        return amount(0.0, money.DEFAULT_CURRENCY, lang, digits)
    return render(money.amounts(values, digits), lang)


def cell(values: Mapping[str, float | Range], lang: str, digits: int = 0) -> str:
    """Money per currency in a table cell: ``1,234 DKK; 56 GBP``."""
    parts = tuple(money.amount(value, code, digits) for code, value in values.items())
    return render(Joined(parts), lang) if parts else ""


def word(currency: str | None, lang: str) -> str:
    """What money is called in running text: DKK / kroner, GBP, money / beløb."""
    if currency is None:
        return message("money.word.mixed", lang)
    if currency == money.DEFAULT_CURRENCY:
        return message("money.word.dkk", lang)
    return currency


def full_stop(sentence: str) -> str:
    """The sentence with a full stop, not a second one after ``kr.``."""
    return sentence if sentence.endswith(".") else sentence + "."


def tariffs(report: AuditReport, lang: str) -> str:
    """``tariff 450 DKK/hour``, or each set's tariff and currency when they differ."""
    rates: dict[tuple[float, str], list[str]] = {}
    for set_audit in report.sets:
        currency = money.currency_of(set_audit.requirement_set)
        rates.setdefault((set_audit.tariff_dkk, currency), []).append(set_audit.requirement_set.id)
    if len(rates) <= 1:
        value, currency = next(iter(rates), (report.tariff_dkk, money.DEFAULT_CURRENCY))
        return message("money.tariff_one", lang, rate=money.tariff(value, currency))
    parts = [
        message("money.tariff_of", lang, rate=money.tariff(value, currency), sets=", ".join(ids))
        for (value, currency), ids in rates.items()
    ]
    return message("money.tariffs", lang, rates=", ".join(parts))


def several_currencies(report: AuditReport, lang: str) -> str | None:
    """Why there is no single money total, when the sets are in several currencies."""
    found = money.currencies(report.sets)
    if len(found) < 2:
        return None
    return message("money.several", lang, currencies=", ".join(found))


def reporters(sets: Iterable[RequirementSet], lang: str) -> str:
    """Who bears the burden: the municipalities, or what the sets call their reporters."""
    words: list[Text] = []
    seen: set[str | None] = set()
    for requirement_set in sets:
        called = requirement_set.reporters_called
        if called in seen:
            continue
        seen.add(called)
        words.append(text("money.code", code=called) if called else text("reporters.word_default"))
    if all(called is None for called in seen):
        return message("reporters.default", lang)
    return message("reporters.the", lang, words=money.listed(words))


def reporters_word(requirement_set: RequirementSet, lang: str) -> str:
    """What one set's reporters are called after a count: reporters, or its own word."""
    return requirement_set.reporters_called or message("reporters.count_default", lang)


def assumed_items(sets: Sequence[RequirementSet], lang: str) -> str | None:
    """``reports_per_year (ssda903); minutes of every field (ssda903, afcars)``, or None."""
    found = assumed.items(sets)
    return render(Joined(tuple(found)), lang) if found else None


def illustrative_sets(sets: Iterable[SetAudit]) -> list[str]:
    """Ids of the sets that call themselves illustrative and name no assumption."""
    return [
        s.requirement_set.id
        for s in sets
        if s.requirement_set.illustrative and not assumed.says_assumed(s.requirement_set)
    ]
