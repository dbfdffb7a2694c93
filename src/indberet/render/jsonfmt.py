"""JSON output, versioned by ``schema_version`` and stably ordered."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

from indberet import __version__
from indberet.audit_model import AuditReport, Burden, FieldAudit, Range, Reduction, SetAudit
from indberet.core import money
from indberet.diagnostics import Diagnostic
from indberet.i18n import message, render
from indberet.model import LoadResult
from indberet.render import common, jsontext

SCHEMA_VERSION = 1


def diagnostic_object(diagnostic: Diagnostic, lang: str) -> dict[str, Any]:
    """One diagnostic as a JSON object."""
    hint = diagnostic.hint_text()
    loc = diagnostic.location
    return {
        "path": loc.path,
        "line": loc.line,
        "column": loc.column,
        "code": diagnostic.code,
        "severity": diagnostic.severity.value,
        "message": message(diagnostic.key, lang, **diagnostic.params),
        "hint": render(hint, lang) if hint else None,
    }


def validation(result: LoadResult, lang: str) -> str:
    """The report of ``indberet validate --format json``."""
    catalogue = result.catalogue
    document = {
        "schema_version": SCHEMA_VERSION,
        "valid": not result.diagnostics,  # no catalogue without a problem, or logs alone
        "files": result.files,
        "summary": {
            "sets": len(catalogue.sets) if catalogue else None,
            "fields": catalogue.field_count if catalogue else None,
            "registers": len(catalogue.registers) if catalogue else None,
            "problems": len(result.diagnostics),
        },
        "diagnostics": [diagnostic_object(d, lang) for d in result.diagnostics],
    }
    return jsontext.dumps(document)


def range_object(value: Range, *, mid: bool = False) -> dict[str, float]:
    """A range as ``{"low", "high"}`` (and ``"mid"``), rounded to two decimals."""
    written = {"low": round(value.low, 2), "high": round(value.high, 2)}
    if mid:
        written["mid"] = round(value.mid, 2)
    return written


def burden_object(
    value: Burden, *, mid: bool = False, one_currency: bool = True
) -> dict[str, dict[str, float] | None]:
    """A burden as ``{"hours": range, "dkk": range}``.

    ``dkk`` is the money in the currency of the set(s) (the key's name is kept for
    compatibility); null for a total over sets in several currencies, which is not added.
    """
    return {
        "hours": range_object(value.hours, mid=mid),
        "dkk": range_object(value.dkk, mid=mid) if one_currency else None,
    }


def amounts_object(values: dict[str, Range], *, mid: bool = False) -> dict[str, dict[str, float]]:
    """Money per currency code: ``{"DKK": range, "GBP": range}``."""
    return {code: range_object(value, mid=mid) for code, value in values.items()}


def audit_header(report: AuditReport, lang: str, schema_version: int) -> dict[str, Any]:
    """The first members of every document made from an audit (audit, plan)."""
    return {
        "schema_version": schema_version,
        "tool": {"name": "indberet", "version": __version__},
        "as_of": report.as_of.isoformat(),
        "profile": report.profile,
        "tariff_dkk": report.tariff_dkk,
        "currency": money.single_currency(report),
        "language": lang,
    }


def _reduction(value: Reduction, *, one_currency: bool = True) -> dict[str, Any]:
    return {
        "fields_before": value.fields_before,
        "fields_after": value.fields_after,
        "fields_removed": value.fields_removed,
        "count_share": round(value.count_share, 4),
        "burden_before": burden_object(value.burden_before, one_currency=one_currency),
        "burden_after": burden_object(value.burden_after, one_currency=one_currency),
        "burden_share": round(value.burden_share, 4),
        "verdicts": dict(value.verdicts),
    }


def field_object(item: FieldAudit, lang: str) -> dict[str, Any]:
    """One audited field as a JSON object.

    ``revision`` (a field named by law: what the next revision of the provision could do)
    and ``remaining`` (the share of the burden that stays, for a field derived in part of
    the cases) are there only when they say something, and ``group`` (the near-duplicates
    the field is one of) only for a field in such a group.
    """
    return _field_object(item, common.Reasons(lang))


def _field_object(item: FieldAudit, reason: common.Reasons) -> dict[str, Any]:
    """:func:`field_object`, its reason written by ``reason`` (one for all fields of a
    report); the members as :func:`burden_object` and :func:`range_object` write them."""
    field = item.field
    hours, money = item.burden.hours, item.burden.dkk
    location = field.location
    found: dict[str, Any] = {
        "id": field.id,
        "qualified_id": field.qualified_id,
        "name": field.name,
        "aspect": field.aspect,
        "mandated_by": field.mandated_by,
        "verdict": item.verdict,
        "reason": reason(item),
        "rules": list(item.codes),
        "twin": item.twin,
        "usage": round(item.usage, 4),
        "duplication": round(item.duplication, 4),
        "burden": {
            "hours": {"low": round(hours.low, 2), "high": round(hours.high, 2)},
            "dkk": {"low": round(money.low, 2), "high": round(money.high, 2)},
        },
        "location": str(location) if location else None,
    }
    group = item.group
    if group is not None:
        found["group"] = {
            "id": group.id,
            "size": group.size,
            "sets": group.sets,
            "kept": group.kept,
        }
    if item.revision is not None:
        found["revision"] = item.revision
    remaining = item.remaining
    if 0.0 < remaining < 1.0:
        found["remaining"] = round(remaining, 4)
    return found


def audit(report: AuditReport, lang: str) -> str:
    """The audit as JSON (schema: ``indberet schema report``)."""
    return jsontext.dumps(_audit_document(report, lang))


def audit_utf8(report: AuditReport, lang: str, spans: list[tuple[int, int]] | None = None) -> bytes:
    """:func:`audit` encoded as UTF-8: what the CLI writes, without a text copy of a large
    report on the way. ``spans``, when given, gets where each set's text (:func:`set_text`)
    starts and ends in it (none when the text could not be made so)."""
    document = _audit_document(report, lang, with_sets=False)
    reason = common.Reasons(lang)
    return jsontext.dumps_utf8_listing(
        document, "sets", report.sets, lambda s: _set_object(s, lang, reason), spans
    )


def set_text(audited: SetAudit, lang: str) -> bytes:
    """One set's text as :func:`audit_utf8` writes it in the list of sets (raises where
    orjson cannot write it)."""
    return jsontext.item_text(_set_object(audited, lang))


def field_text(item: FieldAudit, reason: common.Reasons) -> bytes:
    """One field's text as :func:`audit_utf8` writes it in its set's list of fields."""
    return jsontext.item_text(_field_object(item, reason), 8)


_FIELD_START = b"\n        {\n"  # a field's "{" on a line of its own: nothing else is so
_FIELD_END = b"\n        }"
_NO_FIELDS = b'"fields": []\n    }'


def field_texts(text: bytes) -> list[bytes]:
    """The texts of the fields in a set's ``text`` (:func:`set_text`), in order."""
    found: list[bytes] = []
    at = text.find(_FIELD_START)
    while at >= 0:
        start = at + len(_FIELD_START) - 2
        end = text.index(_FIELD_END, start) + len(_FIELD_END)
        found.append(text[start:end])
        at = text.find(_FIELD_START, end)
    return found


def set_text_of(audited: SetAudit, lang: str, fields: Sequence[bytes]) -> bytes:
    """:func:`set_text` of ``audited`` with its fields' texts given (:func:`field_text`, or
    :func:`field_texts` of an earlier text), not made from its fields."""
    head = jsontext.item_text(_set_object(dataclasses.replace(audited, fields=()), lang))
    if not fields:
        return head
    if not head.endswith(_NO_FIELDS):  # pragma: no cover - the fields are the last member
        raise ValueError("a set's fields are not its last member")
    listed = b",\n        ".join(fields)
    return head[: -len(_NO_FIELDS)] + b'"fields": [\n        ' + listed + b"\n      ]\n    }"


def audit_utf8_spliced(
    report: AuditReport,
    lang: str,
    texts: list[bytes],
    spans: list[tuple[int, int]] | None = None,
) -> bytes:
    """:func:`audit_utf8` of ``report`` (and its ``spans``) with the sets' texts given
    (:func:`set_text`, one per set of the report, in order); only the rest is made from
    ``report``."""
    document = _audit_document(report, lang, with_sets=False)
    return jsontext.dumps_utf8_spliced(document, "sets", texts, spans)


def _audit_document(report: AuditReport, lang: str, *, with_sets: bool = True) -> dict[str, Any]:
    after, saved = money.after(report), money.saved(report)
    reason = common.Reasons(lang)
    document = {
        **audit_header(report, lang, SCHEMA_VERSION),
        "files": list(report.files),
        "usage_log": report.usage_log,
        "illustrative": any(s.requirement_set.illustrative for s in report.sets),
        "summary": _reduction(report.total, one_currency=money.single_currency(report) is not None),
        "money_by_currency": {
            code: {
                "before": range_object(before),
                "after": range_object(after[code]),
                "saved": range_object(saved[code]),
            }
            for code, before in money.before(report).items()
        },
        "sets": [_set_object(s, lang, reason) for s in report.sets] if with_sets else [],
        "warnings": [diagnostic_object(d, lang) for d in report.warnings],
    }
    return document


def _set_object(
    audited: SetAudit, lang: str, reason: common.Reasons | None = None
) -> dict[str, Any]:
    requirement_set = audited.requirement_set
    reason = reason if reason is not None else common.Reasons(lang)
    return {
        "id": requirement_set.id,
        "name": requirement_set.name,
        "illustrative": requirement_set.illustrative,
        "tariff_dkk": audited.tariff_dkk,
        "currency": money.currency_of(requirement_set),
        "reports_per_year": requirement_set.reports_per_year,
        "summary": _reduction(audited.reduction),
        "fields": [_field_object(item, reason) for item in audited.fields],
    }
