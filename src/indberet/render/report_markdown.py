"""The pruning report as Markdown, for wikis and pull requests.

The same content as the HTML report but charts; everything from the data is escaped by
:func:`indberet.render.markdown.escape`, so it renders as text, never as HTML or links.
"""

from __future__ import annotations

import indberet.render.report as content
from indberet.audit_model import REMOVING
from indberet.core import money
from indberet.i18n import message
from indberet.render import common, planfmt
from indberet.render import money as money_words
from indberet.render.markdown import escape, table


def report(document: content.PruningReport, lang: str) -> str:
    """The whole report: headline, assumptions, summary, plan, field by field."""
    audit = document.audit
    parts = [f"# {escape(content.title(lang))}", ""]
    parts += [escape(content.subtitle(audit, lang)), ""]
    parts += [f"*{escape(content.generated_by(document, lang))}*", ""]
    note = content.illustrative_note(audit, lang)
    if note:
        parts += [f"> **{escape(note)}**", ""]

    parts += [f"## {escape(message('report.section.summary', lang))}", ""]
    parts += [f"**{escape(common.result_sentence(audit, lang))}**", ""]
    for figure in content.key_figures(audit, lang):
        detail = f" ({escape(figure.detail)})" if figure.detail else ""
        parts.append(f"- {escape(figure.label)}: **{escape(figure.shown)}**{detail}")
    parts.append("")

    parts += [f"## {escape(message('report.section.assumptions', lang))}", ""]
    parts += [f"- {escape(line)}" for line in content.assumptions(audit, lang)]
    parts.append("")

    parts += [f"## {escape(message('report.section.by_set', lang))}", ""]
    rows = common.summary_rows(audit, lang)
    summary_header = common.summary_header(lang, money.single_currency(audit))
    parts += [table(summary_header, rows, set(range(1, 8))), ""]

    if document.plan is not None:
        parts.append(planfmt.markdown(document.plan, audit, lang, level=2))
        parts.append(_impact(document, lang))

    parts += [f"## {escape(message('report.section.fields', lang))}", ""]
    # Markdown has no shading: the verdict of a field that leaves the forms is in bold
    intro = message("report.fields_intro_markdown", lang, reporters=content.reporters(audit, lang))
    parts += [escape(intro), ""]
    for set_audit in audit.sets:
        unit = money_words.unit_title(money.currency_of(set_audit.requirement_set), lang)
        header = [
            message("col.field", lang),
            message("col.name", lang),
            message("col.verdict", lang),
            message("col.reason", lang),
            message("report.col.evidence", lang),
            message("col.hours", lang),
            message("col.dkk", lang, unit=unit),
        ]
        parts += [f"### {escape(common.set_heading(set_audit, lang))}", ""]
        parts += [f"- {escape(fact)}" for fact in content.set_facts(set_audit, lang)]
        parts += ["", escape(content.set_outcome(set_audit, lang)), ""]
        field_rows = [
            [
                item.field.id,
                item.field.name,
                common.verdict_word(item.verdict, lang),
                common.reason(item, lang),
                "; ".join(content.evidence(item, lang)),
                common.span(item.burden.hours, lang),
                common.span(item.burden.dkk, lang),
            ]
            for item in set_audit.fields
        ]
        leaving = frozenset(
            (number, 2) for number, item in enumerate(set_audit.fields) if item.verdict in REMOVING
        )
        parts += [table(header, field_rows, {5, 6}, leaving), ""]
    return "\n".join(parts)


def _impact(document: content.PruningReport, lang: str) -> str:
    """Who loses what under the report's plan, as a section of its own."""
    from indberet.core.impact import for_plan
    from indberet.render import impactfmt

    assert document.plan is not None
    found = for_plan(document.audit, document.plan)
    return impactfmt.markdown(found, document.audit, lang, level=2)
