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
    "approx.about": ("about {amount}", "ca. {amount}"),
    "approx.million": ("{amount} million", "{amount} mio."),
    "approx.billion": ("{amount} billion", "{amount} mia."),
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
    "report.xlsx.total_in": ("All sets, {currency}", "I alt, {currency}"),
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
    "assumed.fields": (
        "{key} of {count} {count:field|fields} ({sets})",
        "{key} for {count} {count:felt|felter} ({sets})",
    ),
    # --- explain: what the definition says -------------------------------------------------
    "explain.definition": ("Definition:", "Definition:"),
    "explain.def.record": (
        "Record: {name} ({id}), {per_report} per report, {count} a year",
        "Post: {name} ({id}), {per_report} pr. indberetning, {count} om året",
    ),
    "explain.def.record_own": (
        "Record: {name} ({id}), {count} a year (its own population)",
        "Post: {name} ({id}), {count} om året (egen population)",
    ),
    "explain.def.subject": ("Whose attribute: {subject}", "Vedrører: {subject}"),
    "explain.def.subject_set": (
        "Whose attribute: {subject} (the set's)",
        "Vedrører: {subject} (kravsættets)",
    ),
    "explain.def.identifier_role": (
        "Identifier: a join key (role: identifier)",
        "Identifikator: en nøgle til at koble oplysninger (role: identifier)",
    ),
    "explain.def.identifier_type": (
        "Identifier: a join key (type: {type})",
        "Identifikator: en nøgle til at koble oplysninger (type: {type})",
    ),
    "explain.def.asked_when": (
        "Asked only when {field} has a value",
        "Spørges kun, når {field} er udfyldt",
    ),
    "explain.def.asked_when_values": (
        "Asked only when {field} is {values}",
        "Spørges kun, når {field} er {values}",
    ),
    "explain.def.or": ("{first} or {second}", "{first} eller {second}"),
    "explain.def.multiple": (
        "Multi-select: several values may be given",
        "Flere svar: der kan angives flere værdier",
    ),
    "explain.def.multiple_count": (
        "Multi-select: {count} {count:value|values} per report on average",
        "Flere svar: i gennemsnit {count} {count:værdi|værdier} pr. indberetning",
    ),
    "explain.def.values_per_report": (
        "{count} {count:value|values} per report on average",
        "I gennemsnit {count} {count:værdi|værdier} pr. indberetning",
    ),
    "explain.def.derivable": ("Derivable from: {sources}", "Kan udledes af: {sources}"),
    "explain.def.share": ("{source} ({share} of cases)", "{source} ({share} af sagerne)"),
    "explain.def.code_list": ("Code list: {parts}", "Kodeliste: {parts}"),
    "explain.def.version": ("version {version}", "version {version}"),
    "explain.def.valid_from": ("valid from {date}", "gyldig fra {date}"),
    "explain.def.valid_until": ("valid until {date}", "gyldig til {date}"),
    "explain.def.codes": ("Codes with labels or dates:", "Koder med tekst eller datoer:"),
    "explain.def.source": ("Source: {source}", "Kilde: {source}"),
    "explain.def.accessed": ("accessed {date}", "hentet {date}"),
    "explain.def.assumed": (
        "Assumed, not from a source: {keys}",
        "Antagelser, der ikke er hentet fra en kilde: {keys}",
    ),
    "explain.def.assumed_field": ("{keys} (the field)", "{keys} (feltet)"),
    "explain.def.assumed_set": ("{keys} (the set)", "{keys} (kravsættet)"),
    "explain.def.researched": (
        "Uses were looked for ({origin})",
        "Brugen er undersøgt ({origin})",
    ),
    "explain.def.not_researched": (
        "Uses were not looked for ({origin})",
        "Brugen er ikke undersøgt ({origin})",
    ),
    "explain.def.origin.field": ("the field says so", "feltet angiver det"),
    "explain.def.origin.set": ("the set says so", "kravsættet angiver det"),
    "explain.def.origin.some_use": (
        "by default, as a field of the set records a use",
        "som standard, fordi et felt i kravsættet har registreret brug",
    ),
    "explain.def.origin.no_use": (
        "by default, as no field of the set records a use",
        "som standard, fordi intet felt i kravsættet har registreret brug",
    ),
}
