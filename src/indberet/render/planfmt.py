"""A pruning plan as a text table, JSON (schema ``plan``) or Markdown.

The cells and sentences are decided here once; the report renderers (HTML, XLSX) reuse
:func:`header`, :func:`rows` and :func:`conclusion`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from indberet.audit_model import AuditReport, FieldAudit, Range
from indberet.core import money
from indberet.core.plan import Cut, Held, Hint, Plan, Step, Target
from indberet.i18n import message
from indberet.render import common, jsontext
from indberet.render import money as money_words
from indberet.render.jsonfmt import amounts_object, audit_header, burden_object

# 2: a step may cut a gate with its follow-ups and a share of a partly derivable field;
# the options, identifiers, held gates, hints and rounding of the target are stated.
SCHEMA_VERSION = 2

COLUMNS = (
    "plan.col.rank",
    "col.field",
    "col.verdict",
    "plan.col.action",
    "plan.col.usage_lost",
    "plan.col.per_hours",
    "col.hours",
    "col.dkk",
    "plan.col.cum_fields",
    "plan.col.cum_hours",
    "plan.col.cum_dkk",
    "plan.col.note",
)
NUMERIC = frozenset({0, 4, 5, 6, 7, 8, 9, 10})
# Usage lost per hour is a tiny number; per 1,000 hours it reads like the usage scores.
PER_HOURS = 1000


def header(lang: str, report: AuditReport) -> list[str]:
    """Column titles of the plan table: money in the sets' currency, or mixed."""
    unit = money_words.unit_title(money.single_currency(report), lang)
    return [message(key, lang, unit=unit) for key in COLUMNS]


def target_currency(report: AuditReport) -> str:
    """The currency of a money target: the sets' one currency.

    The commands refuse a money target for sets in several currencies before planning.
    """
    currency = money.single_currency(report)
    if currency is None:
        raise ValueError("a money target needs sets in one currency")
    return currency


def target_text(target: Target, lang: str, report: AuditReport) -> str:
    """The target in words: a share of fields by count, or hours or money saved a year."""
    if target.kind == "count":
        return message("plan.target.count", lang, share=_share(target.value, lang))
    if target.kind == "hours":
        return message("plan.target.hours", lang, hours=common.number(target.value, lang))
    amount = money_words.amount(target.value, target_currency(report), lang)
    return message("plan.target.dkk", lang, money=amount)


def cumulative_money(plan: Plan, report: AuditReport) -> list[dict[str, Range]]:
    """After each step, the money saved so far per currency (one entry when all share one)."""
    single = money.single_currency(report)
    if single is not None:
        return [{single: step.saved.dkk} for step in plan.steps]
    currency = money.currency_by_set(report)
    running: dict[str, Range] = {code: Range(0.0, 0.0) for code in money.currencies(report.sets)}
    found = []
    for step in plan.steps:
        for cut in step.cuts or ():
            code = currency[cut.item.field.set_id]
            running[code] = running[code] + cut.burden.dkk
        found.append(dict(running))
    return found


def saved_money(plan: Plan, report: AuditReport) -> dict[str, Range]:
    """The money the whole plan saves a year, per currency."""
    steps = cumulative_money(plan, report)
    if steps:
        return steps[-1]
    codes = money.currencies(report.sets) or (money.DEFAULT_CURRENCY,)
    return {code: Range(0.0, 0.0) for code in codes}


def _share(value: float, lang: str) -> str:
    """A target share as written: 44% without decimals, 44.5% with one."""
    whole = round(value * 100, 6).is_integer()
    if not whole:
        return common.percent(value, lang)
    words = common.number(value * 100, lang)
    return f"{words} %" if lang == "da" else f"{words}%"


def label(item: FieldAudit) -> str:
    """A field as people know it: its name, with its id."""
    return f"{item.field.name} ({item.field.qualified_id})"


def notes(step: Step, lang: str) -> list[str]:
    """What a reader must know about a step beyond its figures, one phrase each."""
    found = []
    keep = step.against_audit
    if keep:
        fields = ", ".join(item.field.qualified_id for item in keep)
        found.append(message("plan.note.against_audit", lang, fields=fields))
    if step.share < 1:
        found.append(message("plan.note.partly", lang, share=common.percent(step.share, lang)))
    if step.follow_ups:
        fields = ", ".join(label(cut.item) for cut in step.follow_ups)
        found.append(message("plan.note.follow_ups", lang, fields=fields))
    if step.still_asked:
        fields = ", ".join(label(item) for item in step.still_asked)
        found.append(message("plan.note.still_asked", lang, fields=fields))
    return found


@dataclass(frozen=True)
class MixedMoney:
    """A step's money when the sets are in several currencies."""

    currency: str  # the field's set's
    saved: dict[str, Range]  # cumulative, per currency


def row(step: Step, plan: Plan, lang: str, mixed: MixedMoney | None = None) -> list[str]:
    """Cells of one step, as text; money and hours are what the step saves. With
    ``mixed`` (sets in several currencies) the money cells name their currency: the
    field's own, and the cumulative saving per currency."""
    item = step.item
    ratio = step.usage_lost_per_hour
    burden = step.burden
    return [
        str(step.rank),
        label(item),
        common.verdict_word(item.verdict, lang),
        common.verdict_word(step.action, lang),
        common.number(step.usage_lost, lang, 2),
        common.number(ratio * PER_HOURS, lang, 2) if ratio is not None else "–",
        common.span(burden.hours, lang),
        common.span(burden.dkk, lang)
        if mixed is None
        else money_words.amount(burden.dkk, mixed.currency, lang),
        f"{step.fields_removed} ({common.percent(step.fields_removed / plan.fields_before, lang)})",
        f"{common.number(step.saved.hours.mid, lang)} "
        f"({common.percent(plan.burden_share(step.saved), lang)})",
        common.number(step.saved.dkk.mid, lang)
        if mixed is None
        else money_words.cell(money.mids(mixed.saved), lang),
        "; ".join(notes(step, lang)),
    ]


def rows(plan: Plan, lang: str, report: AuditReport) -> list[list[str]]:
    """Every step's cells."""
    if money.single_currency(report) is not None:
        return [row(step, plan, lang) for step in plan.steps]
    currency = money.currency_by_set(report)
    return [
        row(step, plan, lang, MixedMoney(currency[step.item.field.set_id], saved))
        for step, saved in zip(plan.steps, cumulative_money(plan, report), strict=True)
    ]


def conclusion(plan: Plan, lang: str, report: AuditReport) -> str:
    """Plainly: reached after how many fields, or not reachable, how close it gets and
    which option would add candidates; what the plan cuts against the audit, and why a
    question it may cut stays."""
    params = {
        "removed": plan.fields_removed,
        "before": plan.fields_before,
        "share": common.percent(plan.count_share, lang),
        "hours": common.number(plan.saved.hours.mid, lang),
        "money": money_words.amounts(money.mids(saved_money(plan, report)), lang),
        "burden_share": common.percent(plan.burden_share(), lang),
    }
    if plan.reached and not plan.steps:
        sentences = [message("plan.already", lang)]
    elif plan.reached:
        sentences = [message("plan.reached", lang, **params)]
        if plan.by_rounding:
            sentences.append(rounding(plan, lang))
    else:
        sentences = [
            message(
                "plan.unreachable",
                lang,
                mandated=len(plan.mandated),
                identifiers=len(plan.identifiers),
                **params,
            )
        ]
    keep = plan.against_audit
    if keep:
        fields = ", ".join(item.field.qualified_id for item in keep)
        sentences.append(message("plan.against_audit", lang, count=len(keep), fields=fields))
    sentences += [held_text(held, lang) for held in plan.held]
    if not plan.reached:
        sentences += [hint_text(hint, lang) for hint in plan.hints]
        if not plan.hints:
            sentences.append(message("plan.hint.none", lang))
    return " ".join(sentences)


def rounding(plan: Plan, lang: str) -> str:
    """Why a share a little below the target meets it: the target's precision."""
    target = plan.target
    decimals = target.decimals or 0
    short = (target.value - plan.count_share) * 100
    digits = decimals + 1
    while round(short, digits) == 0 and digits < 6:
        digits += 1
    precision = (
        message("plan.precision.whole", lang)
        if decimals == 0
        else message("plan.precision.decimals", lang, decimals=decimals)
    )
    return message(
        "plan.rounded",
        lang,
        share=common.percent(plan.count_share, lang),
        target=_share(target.value, lang),
        precision=precision,
        short=common.number(short, lang, digits),
    )


def held_text(held: Held, lang: str) -> str:
    """Why a field the plan may cut stays: follow-up questions that cannot go."""
    fields = ", ".join(
        f"{label(item)} ({message(f'plan.blocked.{why}', lang)})" for item, why in held.blocked
    )
    return message("plan.held", lang, field=label(held.item), fields=fields)


OPTION_FLAGS: dict[str, str] = {"review": "--include-review", "keep": "--include-keep"}


def hint_text(hint: Hint, lang: str) -> str:
    """Which option would add candidates, and whether the target would then be reached."""
    options = " ".join(OPTION_FLAGS[option] for option in hint.options)
    key = "plan.hint.reaches" if hint.reaches else "plan.hint.short"
    return message(key, lang, options=options, adds=hint.adds)


def method(plan: Plan, lang: str, report: AuditReport) -> str:
    """How the plan chooses, in one paragraph."""
    extra = ""
    if plan.options.include_review:
        extra += message("plan.method.review", lang)
    if plan.options.include_keep:
        extra += message("plan.method.keep", lang)
    return message(
        "plan.method",
        lang,
        mandated=len(plan.mandated),
        identifiers=len(plan.identifiers),
        per=common.number(PER_HOURS, lang),
        extra=extra,
        money=money_words.word(money.single_currency(report), lang),
    )


def title(plan: Plan, lang: str, report: AuditReport) -> str:
    """``Plan: take 44% of the fields off the forms (by count)``."""
    return message("plan.title", lang, target=target_text(plan.target, lang, report))


def table(plan: Plan, report: AuditReport, lang: str) -> str:
    """The plan as plain text: title, method, the steps, the conclusion, the assumptions."""
    from tabulate import tabulate

    from indberet.render import text
    from indberet.render.safe import one_line

    parts = [one_line(title(plan, lang, report)), ""]
    if plan.steps:
        aligns = tuple("right" if i in NUMERIC else "left" for i in range(len(COLUMNS)))
        cells = text.rows(rows(plan, lang, report))
        parts.append(
            tabulate(cells, headers=header(lang, report), disable_numparse=True, colalign=aligns)
        )
        parts.append("")
    parts.append(one_line(conclusion(plan, lang, report)))
    parts.append(one_line(method(plan, lang, report)))
    parts.append(one_line(common.assumptions(report, lang)))
    note = common.illustrative_note(report, lang)
    if note:
        parts.append(one_line(note))
    return "\n".join(parts) + "\n"


def markdown(plan: Plan, report: AuditReport, lang: str, *, level: int = 1) -> str:
    """The plan as Markdown; ``level`` is the heading level of its title."""
    from indberet.render.markdown import escape
    from indberet.render.markdown import table as md_table

    parts = [f"{'#' * level} {escape(title(plan, lang, report))}", ""]
    parts += [f"**{escape(conclusion(plan, lang, report))}**", ""]
    if plan.steps:
        parts += [md_table(header(lang, report), rows(plan, lang, report), set(NUMERIC)), ""]
    parts += [escape(method(plan, lang, report)), ""]
    if level == 1:
        parts += [escape(common.assumptions(report, lang)), ""]
        note = common.illustrative_note(report, lang)
        if note:
            parts += [f"> {escape(note)}", ""]
    return "\n".join(parts)


def _cut_object(cut: Cut) -> dict[str, Any]:
    item = cut.item
    return {
        "qualified_id": item.field.qualified_id,
        "name": item.field.name,
        "verdict": item.verdict,
        "action": cut.action,
        "usage_lost": round(cut.usage_lost, 4),
        "saved_share": round(cut.share, 4),
        "removed": cut.removed,
        "burden": burden_object(cut.burden, mid=True),
    }


def _step_object(
    step: Step, plan: Plan, lang: str, saved: dict[str, Range], one: bool
) -> dict[str, Any]:
    item = step.item
    ratio = step.usage_lost_per_hour
    return {
        "rank": step.rank,
        "qualified_id": item.field.qualified_id,
        "set": item.field.set_id,
        "field": item.field.id,
        "name": item.field.name,
        "label": label(item),
        "verdict": item.verdict,
        "action": step.action,
        "against_audit": [keep.field.qualified_id for keep in step.against_audit],
        "usage": round(item.usage, 4),
        "usage_lost": round(step.usage_lost, 4),
        "usage_lost_per_hour": round(ratio, 8) if ratio is not None else None,
        "saved_share": round(step.share, 4),
        "removed": step.removed,
        "burden": burden_object(step.burden, mid=True),
        "follow_ups": [_cut_object(cut) for cut in step.follow_ups],
        "still_asked": [item.field.qualified_id for item in step.still_asked],
        "notes": notes(step, lang),
        "cumulative": {
            "fields_removed": step.fields_removed,
            "count_share": round(step.fields_removed / plan.fields_before, 4),
            "saved": burden_object(step.saved, mid=True, one_currency=one),
            "money_saved": amounts_object(saved, mid=True),
            "burden_share": round(plan.burden_share(step.saved), 4),
        },
    }


def _held_object(held: Held) -> dict[str, Any]:
    return {
        "qualified_id": held.item.field.qualified_id,
        "follow_ups": [
            {"qualified_id": item.field.qualified_id, "why": why} for item, why in held.blocked
        ],
    }


def plan_object(plan: Plan, report: AuditReport, lang: str) -> dict[str, Any]:
    """The plan as a JSON object (schema ``plan``).

    Money is in the sets' currency (``currency``); with several, the ``dkk`` totals are
    null and the money is given per currency only (``money_before``, ``money_saved``).
    """
    one = money.single_currency(report) is not None
    cumulative = cumulative_money(plan, report)
    return {
        **audit_header(report, lang, SCHEMA_VERSION),
        "illustrative": any(s.requirement_set.illustrative for s in report.sets),
        "target": {
            "kind": plan.target.kind,
            "value": plan.target.value,
            "decimals": plan.target.decimals,
            "text": target_text(plan.target, lang, report),
        },
        "options": {
            "include_review": plan.options.include_review,
            "include_keep": plan.options.include_keep,
        },
        "reached": plan.reached,
        "by_rounding": plan.by_rounding,
        "conclusion": conclusion(plan, lang, report),
        "fields_before": plan.fields_before,
        "burden_before": burden_object(plan.burden_before, mid=True, one_currency=one),
        "money_before": amounts_object(money.before(report), mid=True),
        "candidates": plan.candidates,
        "mandated": [item.field.qualified_id for item in plan.mandated],
        "identifiers": [item.field.qualified_id for item in plan.identifiers],
        "against_audit": [item.field.qualified_id for item in plan.against_audit],
        "held": [_held_object(held) for held in plan.held],
        "hints": [
            {
                "options": [OPTION_FLAGS[o] for o in hint.options],
                "adds": hint.adds,
                "reaches": hint.reaches,
            }
            for hint in plan.hints
        ],
        "result": {
            "fields_removed": plan.fields_removed,
            "count_share": round(plan.count_share, 4),
            "saved": burden_object(plan.saved, mid=True, one_currency=one),
            "money_saved": amounts_object(saved_money(plan, report), mid=True),
            "burden_share": round(plan.burden_share(), 4),
        },
        "steps": [
            _step_object(step, plan, lang, saved, one)
            for step, saved in zip(plan.steps, cumulative, strict=True)
        ],
    }


def as_json(plan: Plan, report: AuditReport, lang: str) -> str:
    """``indberet plan --format json``."""
    return jsontext.dumps(plan_object(plan, report, lang))
