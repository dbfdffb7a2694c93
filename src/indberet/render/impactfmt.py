"""Who loses what (``indberet impact``) as a text table, JSON (schema ``impact``) or Markdown.

The cells and sentences are decided here once; the report renderers (HTML, XLSX) reuse
:func:`consumer_header`, :func:`consumer_rows`, :func:`loss_rows` and the sentences.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from indberet.audit_model import AuditReport
from indberet.core.impact import Consumer, Duty, Impact, Leaving, Loss
from indberet.i18n import message
from indberet.render import common, jsontext, planfmt
from indberet.render.jsonfmt import audit_header

SCHEMA_VERSION = 1

CONSUMER_COLUMNS = (
    "impact.col.consumer",
    "impact.col.product",
    "impact.col.kind",
    "impact.col.loses",
    "impact.col.keeps",
    "impact.col.last_used",
)
FIELD_COLUMNS = (
    "col.field",
    "col.verdict",
    "plan.col.action",
    "impact.col.effect",
    "impact.col.users",
    "impact.col.note",
)
FIELD_NUMERIC = frozenset({4})


# --- words -------------------------------------------------------------------------------


def title(impact: Impact, lang: str, report: AuditReport) -> str:
    """What the impact is of: named fields, a plan, or the audit's proposals."""
    if impact.selection == "plan" and impact.plan is not None:
        target = planfmt.target_text(impact.plan.target, lang, report)
        return message("impact.title.plan", lang, target=target)
    if impact.selection == "fields":
        return message("impact.title.fields", lang, count=len(impact.requested))
    return message("impact.title.audit", lang)


def summary(impact: Impact, lang: str) -> str:
    """How many fields leave, how many with their data, and how many users lose data."""
    if not impact.leaving:
        return message("impact.none", lang)
    lost = len(impact.lost)
    kept = len(impact.leaving) - lost
    words = message("impact.summary.fields", lang, fields=len(impact.leaving), lost=lost)
    if kept:
        words += message("impact.summary.kept", lang, kept=kept)
    users = message(
        "impact.summary.users", lang, losing=len(impact.losing), users=len(impact.consumers)
    )
    return f"{words}. {users}" if impact.consumers else f"{words}."


def names(items: Sequence[str], lang: str) -> str:
    """Field names quoted and listed: “A”, “B” and “C”."""
    return _and([message("impact.quote", lang, name=item) for item in items], lang)


def who(consumer: Consumer) -> str:
    """The product with its consumer, or the consumer alone."""
    if consumer.product:
        return f"{consumer.product} ({consumer.consumer})"
    return consumer.consumer


def kind_word(kind: str, lang: str) -> str:
    return message(f"use.kind.{kind}", lang)


def _kept_name(loss: Loss, lang: str) -> str:
    leaving = loss.leaving
    source = leaving.source
    if leaving.effect == "merged":
        how = message("impact.keeps.merged", lang, source=source or "")
    elif source:
        how = message("impact.keeps.derived", lang, source=source)
    else:
        how = message("impact.keeps.derived_unnamed", lang)
    if leaving.share < 1:
        share = common.percent(leaving.share, lang)
        how = message("impact.keeps.part", lang, how=how, share=share)
    return f"{message('impact.quote', lang, name=leaving.name)} ({how})"


def _unique(losses: Sequence[Loss]) -> list[Loss]:
    """One loss per field, in order."""
    seen: set[str] = set()
    found = []
    for loss in losses:
        if loss.leaving.qualified_id not in seen:
            seen.add(loss.leaving.qualified_id)
            found.append(loss)
    return found


def statements(consumer: Consumer, lang: str) -> list[str]:
    """What the user loses, plainly: a publication's dimensions, another use's fields; and
    what it still gets though it is no longer asked."""
    found = []
    for kind in consumer.kinds:
        lost = _unique([loss for loss in consumer.lost if loss.kind == kind])
        if not lost:
            continue
        listed = names([loss.leaving.name for loss in lost], lang)
        recent = recency(lost, lang)
        if kind == "publication":
            found.append(
                message(
                    "impact.loses.publication",
                    lang,
                    who=who(consumer),
                    count=len(lost),
                    names=listed,
                    recent=recent,
                )
            )
        else:
            found.append(
                message(
                    "impact.loses.other",
                    lang,
                    who=who(consumer),
                    names=listed,
                    kind=kind_word(kind, lang),
                    recent=recent,
                )
            )
    kept = _unique(consumer.kept)
    if kept:
        listed = _and([_kept_name(loss, lang) for loss in kept], lang)
        found.append(message("impact.keeps", lang, who=who(consumer), names=listed))
    return found


def recency(losses: Sequence[Loss], lang: str) -> str:
    """How recent these uses are: ongoing, or the latest date recorded."""
    if any(loss.ongoing for loss in losses):
        return message("impact.recent.ongoing", lang)
    dates = [loss.last_used for loss in losses if loss.last_used is not None]
    if not dates:
        return message("impact.recent.unknown", lang)
    return message("impact.recent.last", lang, date=max(dates).isoformat())


def _and(items: Sequence[str], lang: str) -> str:
    """``A, B and C`` in the language."""
    if len(items) <= 1:
        return "".join(items)
    return message("impact.and", lang, items=", ".join(items[:-1]), last=items[-1])


def duty_text(duty: Duty, lang: str) -> str:
    """A provision naming leaving fields, and what it takes to drop them."""
    listed = names([item.name for item in duty.fields], lang)
    return message(
        "impact.duty", lang, provision=duty.provision, names=listed, count=len(duty.fields)
    )


def unused_text(impact: Impact, lang: str) -> str | None:
    """The leaving fields no use is recorded of, or None."""
    if not impact.unused:
        return None
    return message("impact.unused", lang, names=names([i.name for i in impact.unused], lang))


def plain_words(impact: Impact, lang: str) -> list[str]:
    """Every user's sentences, then the legal duties, then the fields no one uses."""
    found = [line for consumer in impact.consumers for line in statements(consumer, lang)]
    found += [duty_text(duty, lang) for duty in impact.duties]
    unused = unused_text(impact, lang)
    if unused:
        found.append(unused)
    return found


def last_used(consumer: Consumer, lang: str) -> str:
    """``ongoing``, or the latest date a leaving field was used, or a dash."""
    if consumer.ongoing:
        return message("impact.ongoing", lang)
    latest = consumer.last_used
    return latest.isoformat() if latest is not None else "–"


def label(leaving: Leaving) -> str:
    return planfmt.label(leaving.item)


# --- tables ------------------------------------------------------------------------------


def consumer_header(lang: str) -> list[str]:
    return [message(key, lang) for key in CONSUMER_COLUMNS]


def consumer_row(consumer: Consumer, lang: str) -> list[str]:
    """Cells of one user: who, what kinds of use, what it loses and still gets, how recent."""
    lost = _unique(consumer.lost)
    kept = _unique(consumer.kept)
    return [
        consumer.consumer,
        consumer.product or "",
        ", ".join(kind_word(kind, lang) for kind in consumer.kinds),
        ", ".join(label(loss.leaving) for loss in lost),
        ", ".join(label(loss.leaving) for loss in kept),
        last_used(consumer, lang),
    ]


def consumer_rows(impact: Impact, lang: str) -> list[list[str]]:
    return [consumer_row(consumer, lang) for consumer in impact.consumers]


def effect_word(leaving: Leaving, lang: str) -> str:
    return message(f"impact.effect.{leaving.effect}", lang)


def field_notes(leaving: Leaving, lang: str) -> list[str]:
    """What a reader must know about a leaving field beyond its effect."""
    found = []
    if leaving.follows:
        found.append(message("impact.note.follows", lang, gate=leaving.follows))
    if leaving.share < 1:
        share = common.percent(leaving.share, lang)
        found.append(message("impact.note.partly", lang, share=share))
    if leaving.item.field.mandated_by:
        provision = leaving.item.field.mandated_by
        found.append(message("impact.note.mandated", lang, provision=provision))
    if leaving.data_lost and leaving.item.field.is_identifier:
        found.append(message("impact.note.identifier", lang))
    return found


def users(impact: Impact) -> dict[str, int]:
    """Per leaving field (``set.field``), how many users use it."""
    counts = dict.fromkeys((item.qualified_id for item in impact.leaving), 0)
    for consumer in impact.consumers:
        for key in {loss.leaving.qualified_id for loss in consumer.losses}:
            counts[key] += 1
    return counts


def field_header(lang: str) -> list[str]:
    return [message(key, lang) for key in FIELD_COLUMNS]


def field_rows(impact: Impact, lang: str) -> list[list[str]]:
    counts = users(impact)
    return [
        [
            label(leaving),
            common.verdict_word(leaving.item.verdict, lang),
            common.verdict_word(leaving.action, lang),
            effect_word(leaving, lang),
            str(counts[leaving.qualified_id]),
            "; ".join(field_notes(leaving, lang)),
        ]
        for leaving in impact.leaving
    ]


def loss_rows(impact: Impact) -> list[tuple[Consumer, Loss]]:
    """One row per user and leaving field it uses (and kind of use), for spreadsheets."""
    return [(consumer, loss) for consumer in impact.consumers for loss in consumer.losses]


# --- formats -----------------------------------------------------------------------------


def table(impact: Impact, report: AuditReport, lang: str) -> str:
    """Plain text: title, summary, plain words, the users, the fields, the method."""
    from tabulate import tabulate

    from indberet.render import text
    from indberet.render.safe import one_line

    parts = [one_line(title(impact, lang, report)), ""]
    if impact.plan is not None:
        parts += [one_line(planfmt.conclusion(impact.plan, lang, report)), ""]
    parts += [one_line(summary(impact, lang)), ""]
    words = plain_words(impact, lang)
    if words:
        parts.append(message("impact.plain", lang))
        parts += [f"  - {one_line(line)}" for line in words]
        parts.append("")
    if impact.consumers:
        parts.append(
            tabulate(
                text.rows(consumer_rows(impact, lang)),
                headers=consumer_header(lang),
                disable_numparse=True,
            )
        )
        parts.append("")
    if impact.leaving:
        parts.append(message("impact.fields", lang))
        aligns = tuple("right" if i in FIELD_NUMERIC else "left" for i in range(6))
        parts.append(
            tabulate(
                text.rows(field_rows(impact, lang)),
                headers=field_header(lang),
                disable_numparse=True,
                colalign=aligns,
            )
        )
        parts.append("")
    parts.append(one_line(message("impact.method", lang)))
    parts.append(one_line(common.assumptions(report, lang)))
    note = common.illustrative_note(report, lang)
    if note:
        parts.append(one_line(note))
    return "\n".join(parts) + "\n"


def markdown(impact: Impact, report: AuditReport, lang: str, *, level: int = 1) -> str:
    """Markdown; ``level`` is the heading level of its title."""
    from indberet.render.markdown import escape
    from indberet.render.markdown import table as md_table

    parts = [f"{'#' * level} {escape(title(impact, lang, report))}", ""]
    if impact.plan is not None and level == 1:  # in a report, the plan has said it
        parts += [escape(planfmt.conclusion(impact.plan, lang, report)), ""]
    parts += [f"**{escape(summary(impact, lang))}**", ""]
    parts += [f"- {escape(line)}" for line in plain_words(impact, lang)]
    parts.append("")
    if impact.consumers:
        parts += [md_table(consumer_header(lang), consumer_rows(impact, lang), set()), ""]
    if impact.leaving:
        parts += [f"{'#' * (level + 1)} {escape(message('impact.fields', lang).rstrip(':'))}"]
        parts += ["", md_table(field_header(lang), field_rows(impact, lang), set(FIELD_NUMERIC))]
        parts.append("")
    parts += [escape(message("impact.method", lang)), ""]
    if level == 1:
        parts += [escape(common.assumptions(report, lang)), ""]
        note = common.illustrative_note(report, lang)
        if note:
            parts += [f"> {escape(note)}", ""]
    return "\n".join(parts)


def _leaving_object(leaving: Leaving, used: int, lang: str) -> dict[str, Any]:
    field = leaving.item.field
    return {
        "qualified_id": field.qualified_id,
        "set": field.set_id,
        "field": field.id,
        "name": field.name,
        "verdict": leaving.item.verdict,
        "action": leaving.action,
        "effect": leaving.effect,
        "data_lost": leaving.data_lost,
        "source": leaving.source,
        "follows": leaving.follows,
        "share": round(leaving.share, 4),
        "mandated_by": field.mandated_by,
        "identifier": field.is_identifier,
        "users": used,
        "notes": field_notes(leaving, lang),
    }


def _loss_object(loss: Loss) -> dict[str, Any]:
    return {
        "qualified_id": loss.leaving.qualified_id,
        "name": loss.leaving.name,
        "kind": loss.kind,
        "effect": loss.leaving.effect,
        "last_used": loss.last_used.isoformat() if loss.last_used else None,
        "ongoing": loss.ongoing,
    }


def _consumer_object(consumer: Consumer, lang: str) -> dict[str, Any]:
    latest = consumer.last_used
    return {
        "consumer": consumer.consumer,
        "product": consumer.product,
        "kinds": list(consumer.kinds),
        "loses_data": bool(consumer.lost),
        "last_used": latest.isoformat() if latest is not None else None,
        "ongoing": consumer.ongoing,
        "statements": statements(consumer, lang),
        "loses": [_loss_object(loss) for loss in consumer.lost],
        "keeps": [_loss_object(loss) for loss in consumer.kept],
    }


def _selection_object(impact: Impact, report: AuditReport, lang: str) -> dict[str, Any]:
    plan = impact.plan
    return {
        "kind": impact.selection,
        "fields": list(impact.requested),
        "plan": None
        if plan is None
        else {
            "target": planfmt.target_text(plan.target, lang, report),
            "reached": plan.reached,
            "fields_removed": plan.fields_removed,
            "fields_before": plan.fields_before,
            "conclusion": planfmt.conclusion(plan, lang, report),
        },
    }


def _impact_head(impact: Impact, report: AuditReport, lang: str) -> dict[str, Any]:
    """The impact object with its ``fields`` list still empty."""
    return {
        **audit_header(report, lang, SCHEMA_VERSION),
        "illustrative": any(s.requirement_set.illustrative for s in report.sets),
        "title": title(impact, lang, report),
        "selection": _selection_object(impact, report, lang),
        "summary": {
            "text": summary(impact, lang),
            "fields": len(impact.leaving),
            "data_lost": impact.count("lost"),
            "derived": impact.count("derived"),
            "merged": impact.count("merged"),
            "users": len(impact.consumers),
            "users_losing_data": len(impact.losing),
            "legal_duties": len(impact.duties),
            "unused": len(impact.unused),
        },
        "fields": [],
        "users": [_consumer_object(consumer, lang) for consumer in impact.consumers],
        "legal_duties": [
            {
                "provision": duty.provision,
                "fields": [item.qualified_id for item in duty.fields],
                "statement": duty_text(duty, lang),
            }
            for duty in impact.duties
        ],
        "unused": [item.qualified_id for item in impact.unused],
    }


def impact_object(impact: Impact, report: AuditReport, lang: str) -> dict[str, Any]:
    """Who loses what as a JSON object (schema ``impact``)."""
    counts = users(impact)
    document = _impact_head(impact, report, lang)
    document["fields"] = [
        _leaving_object(leaving, counts[leaving.qualified_id], lang) for leaving in impact.leaving
    ]
    return document


def as_json(impact: Impact, report: AuditReport, lang: str) -> bytes:
    """``indberet impact --format json``, as UTF-8: the object of each leaving field is
    written as soon as it is made (at 100,000 fields the objects of all of them at once
    took the command past 1 GiB)."""
    counts = users(impact)
    return jsontext.dumps_utf8_listing(
        _impact_head(impact, report, lang),
        "fields",
        impact.leaving,
        lambda leaving: _leaving_object(leaving, counts[leaving.qualified_id], lang),
    )
