"""What a field's definition says beyond its name and minutes, for ``indberet explain``.

The record it belongs to and how often that occurs, whose attribute it is, whether it is
an identifier, when it is asked, multi-select, derivation shares, the code list and its
dated codes, its source, what is assumed, and whether its uses were looked for. Text
lines for people (only what the definition says, so a plain field adds nothing) and one
JSON object for machines (every key, null when not given).
"""

from __future__ import annotations

from typing import Any

from indberet.core import scoring
from indberet.i18n import Num, message
from indberet.model import Code, Field, RequirementSet, Source
from indberet.render import common


def researched(item: Field, requirement_set: RequirementSet) -> tuple[bool, str]:
    """Whether the field's uses were looked for, and who says so (field, set or default)."""
    if item.uses_researched is not None:
        return item.uses_researched, "field"
    if requirement_set.uses_researched is not None:
        return requirement_set.uses_researched, "set"
    some_use = any(f.used_by for f in requirement_set.fields)
    return some_use, "some_use" if some_use else "no_use"


def subject(item: Field, requirement_set: RequirementSet) -> tuple[str | None, str]:
    """Whose attribute the field is, and who says so (field, set, or neither)."""
    if item.subject is not None:
        return item.subject, "field"
    if requirement_set.subject is not None:
        return requirement_set.subject, "set"
    return None, "default"


def record_occurrences(item: Field, requirement_set: RequirementSet) -> float | None:
    """How many times a year the field's record occurs, all reporters; None without one."""
    kind = requirement_set.record_kind(item.record)
    if kind is None:
        return None
    if kind.reports_per_year is not None:
        return kind.reports_per_year
    return requirement_set.reports_per_year * (kind.per_report or 1.0)


def source_of(item: Field, requirement_set: RequirementSet) -> Source | str | None:
    """The field's source: a set-level source when its id is one, else its own text."""
    if item.source is None:
        return None
    found = next((s for s in requirement_set.sources if s.id == item.source), None)
    return found or item.source


def lines(item: Field, requirement_set: RequirementSet, lang: str) -> list[str]:
    """What the definition says, one line each; empty for a field of the plain format."""
    found: list[str] = []
    kind = requirement_set.record_kind(item.record)
    count = record_occurrences(item, requirement_set)
    if kind is not None and count is not None:
        if kind.reports_per_year is not None:
            found.append(
                message(
                    "explain.def.record_own",
                    lang,
                    name=kind.name,
                    id=kind.id,
                    count=common.number(count, lang),
                )
            )
        else:
            found.append(
                message(
                    "explain.def.record",
                    lang,
                    name=kind.name,
                    id=kind.id,
                    per_report=Num(kind.per_report or 1.0, _digits(kind.per_report or 1.0)),
                    count=common.number(count, lang),
                )
            )
    whose, origin = subject(item, requirement_set)
    if whose is not None:
        key = "explain.def.subject" if origin == "field" else "explain.def.subject_set"
        found.append(message(key, lang, subject=whose))
    if item.role == "identifier":
        found.append(message("explain.def.identifier_role", lang))
    elif item.is_identifier:
        found.append(message("explain.def.identifier_type", lang, type=item.type))
    if item.asked_when is not None:
        gate = item.asked_when
        if gate.values:
            found.append(
                message(
                    "explain.def.asked_when_values",
                    lang,
                    field=gate.field,
                    values=_either(list(gate.values), lang),
                )
            )
        else:
            found.append(message("explain.def.asked_when", lang, field=gate.field))
    if item.multiple or item.values_per_report is not None:
        per = item.values_per_report
        if item.multiple and per is None:
            found.append(message("explain.def.multiple", lang))
        elif item.multiple and per is not None:
            found.append(message("explain.def.multiple_count", lang, count=Num(per, _digits(per))))
        elif per is not None:
            found.append(
                message("explain.def.values_per_report", lang, count=Num(per, _digits(per)))
            )
    if item.derivable_shares:
        sources = ", ".join(
            message("explain.def.share", lang, source=ref, share=common.percent(share, lang))
            if share < 1
            else ref
            for ref, share in zip(item.derivable_from, item.derivable_shares, strict=True)
        )
        found.append(message("explain.def.derivable", lang, sources=sources))
    if item.code_list is not None:
        listed = item.code_list
        parts = [listed.name] if listed.name else []
        if listed.version:
            parts.append(message("explain.def.version", lang, version=listed.version))
        if listed.valid_from:
            parts.append(
                message("explain.def.valid_from", lang, date=listed.valid_from.isoformat())
            )
        if parts:
            found.append(message("explain.def.code_list", lang, parts=", ".join(parts)))
    described = [code for code in item.code_entries if _described(code)]
    if described:
        found.append(message("explain.def.codes", lang))
        found += [f"    - {_code_line(code, lang)}" for code in described]
    source = source_of(item, requirement_set)
    if source is not None:
        found.append(message("explain.def.source", lang, source=_source_text(source, lang)))
    if item.assumed:
        found.append(
            message("explain.def.assumed", lang, keys=_assumed(item, requirement_set, lang))
        )
    looked, origin = researched(item, requirement_set)
    if origin != "some_use":  # said explicitly, or not looked for: worth saying
        key = "explain.def.researched" if looked else "explain.def.not_researched"
        found.append(message(key, lang, origin=message(f"explain.def.origin.{origin}", lang)))
    return found


def as_object(item: Field, requirement_set: RequirementSet) -> dict[str, Any]:
    """Every key of the definition as JSON: null (or empty) when not given."""
    kind = requirement_set.record_kind(item.record)
    whose, whose_origin = subject(item, requirement_set)
    looked, looked_origin = researched(item, requirement_set)
    source = source_of(item, requirement_set)
    shares = item.derivable_shares or tuple(1.0 for _ in item.derivable_from)
    listed = item.code_list
    return {
        "currency": requirement_set.currency,
        "reporters_called": requirement_set.reporters_called,
        "record": (
            {
                "id": kind.id,
                "name": kind.name,
                "per_report": kind.per_report,
                "reports_per_year": kind.reports_per_year,
                "occurrences_per_year": record_occurrences(item, requirement_set),
            }
            if kind is not None
            else None
        ),
        "occurrences_per_year": scoring.occurrences(item, requirement_set),
        "subject": whose,
        "subject_from": whose_origin,
        "identifier": item.is_identifier,
        "role": item.role,
        "asked_when": (
            {"field": item.asked_when.field, "values": list(item.asked_when.values)}
            if item.asked_when is not None
            else None
        ),
        "multiple": item.multiple,
        "values_per_report": item.values_per_report,
        "derivable_from": [
            {"source": ref, "share": share}
            for ref, share in zip(item.derivable_from, shares, strict=True)
        ],
        "code_list": (
            {
                "name": listed.name,
                "version": listed.version,
                "valid_from": listed.valid_from.isoformat() if listed.valid_from else None,
            }
            if listed is not None
            else None
        ),
        "codes": [
            {
                "code": code.code,
                "label": code.label,
                "valid_from": code.valid_from.isoformat() if code.valid_from else None,
                "valid_until": code.valid_until.isoformat() if code.valid_until else None,
            }
            for code in item.code_entries
        ],
        "source": _source_object(source),
        "assumed": list(item.assumed),
        "uses_researched": looked,
        "uses_researched_from": looked_origin,
    }


def _digits(value: float) -> int:
    """Decimals to write an average with: none for 2, one for 2.1, two for 1.65."""
    if float(value).is_integer():
        return 0
    return 1 if round(value, 1) == value else 2


def _assumed(item: Field, requirement_set: RequirementSet, lang: str) -> str:
    """``applies_to (the field); reports_per_year, minutes (the set)``."""
    own = [key for key in item.assumed if key not in requirement_set.assumed]
    parts = []
    if own:
        parts.append(message("explain.def.assumed_field", lang, keys=", ".join(own)))
    if requirement_set.assumed:
        keys = ", ".join(requirement_set.assumed)
        parts.append(message("explain.def.assumed_set", lang, keys=keys))
    return "; ".join(parts)


def _either(values: list[str], lang: str) -> str:
    if len(values) == 1:
        return values[0]
    return message("explain.def.or", lang, first=", ".join(values[:-1]), second=values[-1])


def _described(code: Code) -> bool:
    return code.label is not None or code.valid_from is not None or code.valid_until is not None


def _code_line(code: Code, lang: str) -> str:
    parts = [code.code + (f" {code.label}" if code.label else "")]
    if code.valid_from:
        parts.append(message("explain.def.valid_from", lang, date=code.valid_from.isoformat()))
    if code.valid_until:
        parts.append(message("explain.def.valid_until", lang, date=code.valid_until.isoformat()))
    return ", ".join(parts)


def _source_text(source: Source | str, lang: str) -> str:
    if isinstance(source, str):
        return source
    parts = [source.title]
    if source.url:
        parts.append(source.url)
    if source.accessed:
        parts.append(message("explain.def.accessed", lang, date=source.accessed.isoformat()))
    return ", ".join(parts)


def _source_object(source: Source | str | None) -> dict[str, Any] | None:
    if source is None:
        return None
    if isinstance(source, str):
        return {"id": None, "title": None, "url": None, "accessed": None, "text": source}
    return {
        "id": source.id,
        "title": source.title,
        "url": source.url,
        "accessed": source.accessed.isoformat() if source.accessed else None,
        "text": None,
    }
