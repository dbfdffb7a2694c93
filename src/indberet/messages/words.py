"""Messages for money, reporters, assumptions and the definition of a field (explain).

key -> (English, Danish). Merged into indberet.i18n.MESSAGES.
"""
# ruff: noqa: E501  (each sentence stays on one line, so it can be read and grepped)

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # --- money: each set in its own currency ----------------------------------------------
    "money.unit.dkk": ("DKK", "kr."),
    "money.unit.dkk_title": ("DKK", "Kr."),
    "money.unit.mixed": ("Money", "Beløb"),
    "money.code": ("{code}", "{code}"),
    "money.amount": ("{amount} {unit}", "{amount} {unit}"),
    "money.range": ("{low}–{high}", "{low}–{high}"),
    "money.and": ("{first} and {second}", "{first} og {second}"),
    "money.comma": ("{first}, {rest}", "{first}, {rest}"),
    "money.per_hour": ("{amount} {unit}/hour", "{amount} {unit}/time"),
    "money.tariff_one": ("tariff {rate}", "takst {rate}"),
    "money.tariffs": ("tariffs {rates}", "takster {rates}"),
    "money.tariff_of": ("{rate} ({sets})", "{rate} ({sets})"),
    "money.word.dkk": ("DKK", "kroner"),
    "money.word.mixed": ("money", "beløb"),
    "money.several": (
        "The statistics are in several currencies ({currencies}): money is totalled per currency and never added across currencies.",
        "Statistikkerne er opgjort i flere valutaer ({currencies}): beløb summeres pr. valuta og lægges aldrig sammen på tværs af valutaer.",
    ),
    "plan.error.target_currency": (
        "the statistics are in several currencies ({currencies}), so a money target (--target-dkk) has no single currency; give --target or --target-hours",
        "statistikkerne er opgjort i flere valutaer ({currencies}), så et mål i penge (--target-dkk) har ikke én valuta; angiv --target eller --target-hours",
    ),
    "report.xlsx.currency": ("Currency", "Valuta"),
    "report.xlsx.total_in": ("All sets, {currency}", "Alle sæt, {currency}"),
    # --- who reports ------------------------------------------------------------------------
    "reporters.default": ("the municipalities", "kommunerne"),
    "reporters.word_default": ("municipalities", "kommuner"),
    "reporters.the": ("the {words}", "indberetterne ({words})"),
    "reporters.count_default": ("reporters", "indberettere"),
    # --- what is assumed --------------------------------------------------------------------
    "assumed.note": (
        "Note: assumed, not from a source: {items}.",
        "Bemærk: antagelser, der ikke er hentet fra en kilde: {items}.",
    ),
    "assumed.report": (
        "Assumed, not from a source: {items}.",
        "Antagelser, der ikke er hentet fra en kilde: {items}.",
    ),
    "assumed.set_key": ("{key} ({sets})", "{key} ({sets})"),
    "assumed.every_field": ("{key} of every field ({sets})", "{key} for alle felter ({sets})"),
    "assumed.fields": ("{key} of {count} fields ({sets})", "{key} for {count} felter ({sets})"),
    "assumed.one_field": ("{key} of 1 field ({sets})", "{key} for 1 felt ({sets})"),
}
