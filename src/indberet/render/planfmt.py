"""A pruning plan as a text table, JSON (schema ``plan``) or Markdown.

The cells and sentences are decided here once; the report renderers (HTML, XLSX) reuse
:func:`header`, :func:`rows` and :func:`conclusion`.
"""

from __future__ import annotations

from typing import Any

from indberet import jsontext
from indberet.audit_model import AuditReport
from indberet.i18n import message
from indberet.plan import Plan, Step, Target
from indberet.render import common
from indberet.render.jsonfmt import audit_header, burden_object

SCHEMA_VERSION = 1

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
)
NUMERIC = frozenset({0, 4, 5, 6, 7, 8, 9, 10})
# Usage lost per hour is a tiny number; per 1,000 hours it reads like the usage scores.
PER_HOURS = 1000


def header(lang: str) -> list[str]:
    """Column titles of the plan table."""
    return [message(key, lang) for key in COLUMNS]


def target_text(target: Target, lang: str) -> str:
    """The target in words: a share of fields by count, or hours or DKK saved a year."""
    if target.kind == "count":
        return message("plan.target.count", lang, share=_share(target.value, lang))
    if target.kind == "hours":
        return message("plan.target.hours", lang, hours=common.number(target.value, lang))
    return message("plan.target.dkk", lang, dkk=common.number(target.value, lang))


def _share(value: float, lang: str) -> str:
    """A target share as written: 44% without decimals, 44.5% with one."""
    whole = round(value * 100, 6).is_integer()
    if not whole:
        return common.percent(value, lang)
    words = common.number(value * 100, lang)
    return f"{words} %" if lang == "da" else f"{words}%"


def row(step: Step, plan: Plan, lang: str) -> list[str]:
    """Cells of one step, as text."""
    item = step.item
    ratio = step.usage_lost_per_hour
    return [
        str(step.rank),
        item.field.qualified_id,
        common.verdict_word(item.verdict, lang),
        common.verdict_word(step.action, lang),
        common.number(step.usage_lost, lang, 2),
        common.number(ratio * PER_HOURS, lang, 2) if ratio is not None else "–",
        common.span(item.burden.hours, lang),
        common.span(item.burden.dkk, lang),
        f"{step.fields_removed} ({common.percent(step.fields_removed / plan.fields_before, lang)})",
        f"{common.number(step.saved.hours.mid, lang)} "
        f"({common.percent(plan.burden_share(step.saved), lang)})",
        common.number(step.saved.dkk.mid, lang),
    ]


def rows(plan: Plan, lang: str) -> list[list[str]]:
    """Every step's cells."""
    return [row(step, plan, lang) for step in plan.steps]


def conclusion(plan: Plan, lang: str) -> str:
    """Plainly: reached after how many fields, or not reachable and how close it gets."""
    params = {
        "removed": plan.fields_removed,
        "before": plan.fields_before,
        "share": common.percent(plan.count_share, lang),
        "hours": common.number(plan.saved.hours.mid, lang),
        "dkk": common.number(plan.saved.dkk.mid, lang),
        "burden_share": common.percent(plan.burden_share(), lang),
    }
    if plan.reached and not plan.steps:
        return message("plan.already", lang)
    if plan.reached:
        return message("plan.reached", lang, **params)
    return message("plan.unreachable", lang, mandated=len(plan.mandated), **params)


def method(plan: Plan, lang: str) -> str:
    """How the plan chooses, in one paragraph."""
    return message(
        "plan.method", lang, mandated=len(plan.mandated), per=common.number(PER_HOURS, lang)
    )


def title(plan: Plan, lang: str) -> str:
    """``Plan: take 44% of the fields off the forms (by count)``."""
    return message("plan.title", lang, target=target_text(plan.target, lang))


def table(plan: Plan, report: AuditReport, lang: str) -> str:
    """The plan as plain text: title, method, the steps, the conclusion, the assumptions."""
    from tabulate import tabulate

    from indberet.render import text
    from indberet.render.safe import one_line

    parts = [one_line(title(plan, lang)), ""]
    if plan.steps:
        aligns = tuple("right" if i in NUMERIC else "left" for i in range(len(COLUMNS)))
        cells = text.rows(rows(plan, lang))
        parts.append(tabulate(cells, headers=header(lang), disable_numparse=True, colalign=aligns))
        parts.append("")
    parts.append(one_line(conclusion(plan, lang)))
    parts.append(one_line(method(plan, lang)))
    parts.append(one_line(common.assumptions(report, lang)))
    note = common.illustrative_note(report, lang)
    if note:
        parts.append(one_line(note))
    return "\n".join(parts) + "\n"


def markdown(plan: Plan, report: AuditReport, lang: str, *, level: int = 1) -> str:
    """The plan as Markdown; ``level`` is the heading level of its title."""
    from indberet.render.markdown import escape
    from indberet.render.markdown import table as md_table

    parts = [f"{'#' * level} {escape(title(plan, lang))}", ""]
    parts += [f"**{escape(conclusion(plan, lang))}**", ""]
    if plan.steps:
        parts += [md_table(header(lang), rows(plan, lang), set(NUMERIC)), ""]
    parts += [escape(method(plan, lang)), ""]
    if level == 1:
        parts += [escape(common.assumptions(report, lang)), ""]
        note = common.illustrative_note(report, lang)
        if note:
            parts += [f"> {escape(note)}", ""]
    return "\n".join(parts)


def _step_object(step: Step, plan: Plan) -> dict[str, Any]:
    item = step.item
    ratio = step.usage_lost_per_hour
    return {
        "rank": step.rank,
        "qualified_id": item.field.qualified_id,
        "set": item.field.set_id,
        "field": item.field.id,
        "name": item.field.name,
        "verdict": item.verdict,
        "action": step.action,
        "usage": round(item.usage, 4),
        "usage_lost": round(step.usage_lost, 4),
        "usage_lost_per_hour": round(ratio, 8) if ratio is not None else None,
        "burden": burden_object(item.burden, mid=True),
        "cumulative": {
            "fields_removed": step.fields_removed,
            "count_share": round(step.fields_removed / plan.fields_before, 4),
            "saved": burden_object(step.saved, mid=True),
            "burden_share": round(plan.burden_share(step.saved), 4),
        },
    }


def plan_object(plan: Plan, report: AuditReport, lang: str) -> dict[str, Any]:
    """The plan as a JSON object (schema ``plan``)."""
    return {
        **audit_header(report, lang, SCHEMA_VERSION),
        "illustrative": any(s.requirement_set.illustrative for s in report.sets),
        "target": {
            "kind": plan.target.kind,
            "value": plan.target.value,
            "text": target_text(plan.target, lang),
        },
        "reached": plan.reached,
        "conclusion": conclusion(plan, lang),
        "fields_before": plan.fields_before,
        "burden_before": burden_object(plan.burden_before, mid=True),
        "candidates": plan.candidates,
        "mandated": [item.field.qualified_id for item in plan.mandated],
        "result": {
            "fields_removed": plan.fields_removed,
            "count_share": round(plan.count_share, 4),
            "saved": burden_object(plan.saved, mid=True),
            "burden_share": round(plan.burden_share(), 4),
        },
        "steps": [_step_object(step, plan) for step in plan.steps],
    }


def as_json(plan: Plan, report: AuditReport, lang: str) -> str:
    """``indberet plan --format json``."""
    return jsontext.dumps(plan_object(plan, report, lang))
