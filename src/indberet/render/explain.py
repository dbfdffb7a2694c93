"""``indberet explain``: one field's verdict, rule by rule, for people and machines.

The text is for a terminal: each line is made one line (:func:`safe.one_line`), so that
no escape sequence from the data (clear screen, window title) reaches it and no line
break in a name starts a line of its own.
"""

from __future__ import annotations

import json
from typing import Any

from indberet.audit_model import AuditReport, FieldAudit
from indberet.core.money import currency_of
from indberet.core.rules import RULES
from indberet.i18n import Num, message, render
from indberet.model import RequirementSet
from indberet.render import common, definition, jsontext, safe
from indberet.render import money as money_words


def as_text(item: FieldAudit, report: AuditReport, lang: str) -> str:
    """A readable account of every rule's inputs, threshold and outcome."""
    field = item.field
    requirement_set = _set_of(item, report)
    lines = [
        message("explain.title", lang, field=field.qualified_id, name=field.name),
        f"  {field.location}" if field.location else "",
        message(
            "explain.verdict",
            lang,
            verdict=common.verdict_word(item.verdict, lang),
            reason=common.reason(item, lang),
        ),
        message(
            "explain.scores",
            lang,
            usage=Num(item.usage),
            duplication=Num(item.duplication),
            hours=common.span(item.burden.hours, lang, 1),
            money=money_words.amount(item.burden.dkk, currency_of(requirement_set), lang),
        ),
        common.assumptions(report, lang),
        "",
    ]
    said = definition.lines(field, requirement_set, lang)
    if said:
        lines.append(message("explain.definition", lang))
        lines += [f"  - {line}" if not line.startswith(" ") else line for line in said]
        lines.append("")
    uses = item.uses or field.used_by  # with the usage logs' uses, as the rules saw them
    if uses:
        lines.append(message("explain.uses", lang))
        for use in uses:
            when = (
                message("explain.use_last", lang, date=use.last_used.isoformat())
                if use.last_used
                else message("explain.use_current", lang)
            )
            product = f" ({use.product})" if use.product else ""
            words = message(
                "explain.use",
                lang,
                kind=message(f"use.kind.{use.kind}", lang),
                consumer=use.consumer,
                product=product,
                when=when,
            )
            lines.append(f"  - {words}")
    else:
        lines.append(message("explain.no_uses", lang))
    lines += ["", message("explain.rules", lang)]
    results = {r.code: r for r in item.results}
    for rule in RULES:
        title = message(f"rule.name.{rule.CODE}", lang)
        result = results.get(rule.CODE)
        if result is None:
            off = message("explain.off", lang, profile=report.profile)
            lines.append(f"  {rule.CODE} {title}: {off}")
            continue
        outcome = message("explain.fired" if result.fired else "explain.not_fired", lang)
        threshold = (
            f"; {message('explain.threshold', lang, threshold=Num(result.threshold))}"
            if result.threshold is not None
            else ""
        )
        proposal = f" -> {common.verdict_word(result.proposal, lang)}" if result.proposal else ""
        lines.append(f"  {rule.CODE} {title}: {outcome}{proposal}{threshold}")
        lines.append(f"      {render(result.reason, lang)}")
        inputs = ", ".join(f"{k}={_show(v)}" for k, v in result.inputs.items())
        lines.append(f"      {message('explain.inputs', lang)}: {inputs}")
    return "\n".join(safe.one_line(line) for line in lines) + "\n"


def _show(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _set_of(item: FieldAudit, report: AuditReport) -> RequirementSet:
    return next(s.requirement_set for s in report.sets if s.requirement_set.id == item.field.set_id)


def as_json(item: FieldAudit, report: AuditReport, lang: str) -> str:
    """The same account as JSON."""
    from indberet.render.jsonfmt import SCHEMA_VERSION, field_object

    results = {r.code: r for r in item.results}
    document = {
        "schema_version": SCHEMA_VERSION,
        "as_of": report.as_of.isoformat(),
        "profile": report.profile,
        "currency": currency_of(_set_of(item, report)),
        "field": field_object(item, lang),
        "definition": definition.as_object(item.field, _set_of(item, report)),
        "rules": [
            {
                "code": rule.CODE,
                "name": rule.NAME,
                "enabled": rule.CODE in results,
                "fired": results[rule.CODE].fired if rule.CODE in results else False,
                "proposal": results[rule.CODE].proposal if rule.CODE in results else None,
                "threshold": results[rule.CODE].threshold if rule.CODE in results else None,
                "inputs": dict(results[rule.CODE].inputs) if rule.CODE in results else {},
                "reason": render(results[rule.CODE].reason, lang) if rule.CODE in results else None,
            }
            for rule in RULES
        ],
    }
    return jsontext.dumps(document)
