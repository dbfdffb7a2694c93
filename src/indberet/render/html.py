"""The pruning report as one self-contained HTML file.

No external CSS, script, font or image: the file works offline and as an e-mail
attachment, and its Content-Security-Policy forbids loading anything. Charts are inline
SVG (:mod:`indberet.render.svg`). Every text from the data goes through ``html.escape``,
control characters (which HTML does not allow) and bytes of a file name that is not UTF-8
shown as escapes first (:func:`indberet.render.safe.visible`).
A print stylesheet keeps tables readable on paper: headers repeat, rows do not split.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from html import escape

import indberet.render.report as content
from indberet.audit_model import VERDICTS, AuditReport, FieldAudit, SetAudit
from indberet.core import money
from indberet.core.plan import Plan
from indberet.i18n import message
from indberet.render import common, planfmt, safe, svg
from indberet.render import money as money_words

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"

STYLE = """
:root { --ink: #1a1a1a; --muted: #555; --line: #d0d0d0; --band: #f4f6f8; }
* { box-sizing: border-box; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial,
  sans-serif; color: var(--ink); margin: 0 auto; max-width: 1180px; padding: 24px;
  line-height: 1.45; font-size: 15px; background: #fff; }
h1 { font-size: 1.9em; margin: 0 0 4px; }
h2 { font-size: 1.35em; margin: 32px 0 10px; border-bottom: 2px solid var(--ink);
  padding-bottom: 4px; }
h3 { font-size: 1.1em; margin: 24px 0 6px; }
p, li { max-width: 72em; }
.subtitle { font-size: 1.1em; margin: 0; }
.meta, .facts, figcaption, .method { color: var(--muted); font-size: 0.92em; }
.illustrative { border: 2px solid #b26a00; background: #fff4e0; padding: 10px 14px;
  margin: 16px 0; font-weight: 600; }
.headline { font-size: 1.15em; font-weight: 600; }
.kpis { display: flex; flex-wrap: wrap; gap: 12px; margin: 12px 0; }
.kpi { flex: 1 1 200px; border: 1px solid var(--line); border-radius: 6px; padding: 10px 14px;
  background: var(--band); }
.kpi-label { font-size: 0.9em; color: var(--muted); }
.kpi-value { font-size: 1.8em; font-weight: 700; font-variant-numeric: tabular-nums; }
.kpi-detail { font-size: 0.9em; }
nav ol { columns: 2; margin: 0; }
a { color: #0d47a1; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 16px; font-size: 0.9em; }
th, td { border-bottom: 1px solid var(--line); padding: 4px 6px; text-align: left;
  vertical-align: top; }
thead th { background: var(--band); border-bottom: 2px solid var(--ink); }
th.num { text-align: right; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tfoot td { font-weight: 700; border-top: 2px solid var(--ink); }
.fid { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace;
  font-size: 0.95em; }
.fname { display: block; color: var(--muted); }
.evidence { margin: 0; padding-left: 1.1em; color: var(--muted); font-size: 0.95em; }
.badge { display: inline-block; padding: 1px 6px; border-radius: 3px; font-weight: 700;
  font-size: 0.85em; color: #fff; white-space: nowrap; }
.v-KEEP { background: #2e7d32; } .v-REVIEW { background: #f9a825; color: #000; }
.v-MERGE { background: #7b1fa2; } .v-DERIVE { background: #00838f; }
.v-REMOVE { background: #c62828; }
tr.leaves td { background: #fdf3f3; }
figure { margin: 12px 0 20px; }
svg.chart { width: 100%; max-width: 760px; height: auto; display: block; }
svg.chart text { fill: var(--ink); }
footer { margin-top: 32px; color: var(--muted); font-size: 0.85em; border-top: 1px solid
  var(--line); padding-top: 8px; }
@page { size: A4; margin: 14mm 12mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; }
  nav { display: none; }
  table { font-size: 8.5pt; }
  h2 { break-after: avoid; page-break-after: avoid; }
  h3 { break-after: avoid; page-break-after: avoid; }
  section.set, figure, .kpis { break-inside: avoid-page; }
  thead { display: table-header-group; }
  tr, .kpi { break-inside: avoid; page-break-inside: avoid; }
  .badge, .kpi, .illustrative, tr.leaves td, thead th { -webkit-print-color-adjust: exact;
    print-color-adjust: exact; }
  a { color: inherit; text-decoration: none; }
}
"""


def _e(value: object) -> str:
    return escape(safe.visible(str(value), keep="\t\n"), quote=True)


def _table(
    header: list[str],
    rows: list[list[str]],
    numeric: set[int],
    *,
    table_id: str = "",
    footer: list[str] | None = None,
    row_classes: list[str] | None = None,
) -> str:
    """A table of text cells; every cell is escaped here."""

    def cells(values: list[str], tag: str) -> str:
        return "".join(
            f'<{tag} class="num">{_e(v)}</{tag}>' if i in numeric else f"<{tag}>{_e(v)}</{tag}>"
            for i, v in enumerate(values)
        )

    ident = f' id="{_e(table_id)}"' if table_id else ""
    parts = [f"<table{ident}><thead><tr>{cells(header, 'th')}</tr></thead><tbody>"]
    for index, values in enumerate(rows):
        css = row_classes[index] if row_classes else ""
        parts.append(f'<tr class="{_e(css)}">' if css else "<tr>")
        parts.append(cells(values, "td") + "</tr>")
    parts.append("</tbody>")
    if footer is not None:
        parts.append(f"<tfoot><tr>{cells(footer, 'td')}</tr></tfoot>")
    parts.append("</table>")
    return "".join(parts)


def _badge(verdict: str, lang: str) -> str:
    return f'<span class="badge v-{_e(verdict)}">{_e(common.verdict_word(verdict, lang))}</span>'


def _key_figures(report: AuditReport, lang: str) -> str:
    parts = ['<div class="kpis">']
    for figure in content.key_figures(report, lang):
        parts.append(
            f'<div class="kpi" id="kpi-{_e(figure.key)}" data-value="{figure.value:.2f}">'
            f'<div class="kpi-label">{_e(figure.label)}</div>'
            f'<div class="kpi-value">{_e(figure.shown)}</div>'
            f'<div class="kpi-detail">{_e(figure.detail)}</div></div>'
        )
    parts.append("</div>")
    return "".join(parts)


def _charts(report: AuditReport, lang: str) -> str:
    pairs = [
        svg.Pair(
            s.requirement_set.id,
            s.reduction.burden_before.hours.mid,
            s.reduction.burden_after.hours.mid,
            common.number(s.reduction.burden_before.hours.mid, lang),
            common.number(s.reduction.burden_after.hours.mid, lang),
        )
        for s in report.sets
    ]
    burden = svg.paired_bars(
        "chart-burden",
        message("report.chart.burden", lang),
        pairs,
        (message("report.chart.before", lang), message("report.chart.after", lang)),
    )
    words: dict[str, str] = {v: common.verdict_word(v, lang) for v in VERDICTS}
    stacks = [
        svg.Stack(set_id, [(v, counts.get(v, 0)) for v in VERDICTS])
        for set_id, counts in content.verdict_counts(report)
    ]
    verdicts = svg.stacked_bars(
        "chart-verdicts", message("report.chart.verdicts", lang), stacks, words
    )
    caption = message(
        "report.chart.burden_caption", lang, reporters=content.reporters(report, lang)
    )
    return (
        f"<figure>{burden}<figcaption>{_e(caption)}</figcaption></figure>"
        f"<figure>{verdicts}<figcaption>{_e(message('report.chart.verdicts_caption', lang))}"
        f"</figcaption></figure>"
    )


def _summary(report: AuditReport, lang: str) -> str:
    rows = common.summary_rows(report, lang)
    total = rows.pop()
    return _table(
        common.summary_header(lang, money.single_currency(report)),
        rows,
        set(range(1, 8)),
        table_id="summary-table",
        footer=total,
    )


def _field_row(item: FieldAudit, lang: str) -> str:
    evidence = "".join(f"<li>{_e(line)}</li>" for line in content.evidence(item, lang))
    css = ' class="leaves"' if item.verdict in ("REMOVE", "DERIVE", "MERGE") else ""
    return (
        f'<tr{css} id="field-{_e(item.field.qualified_id)}">'
        f'<td><span class="fid">{_e(item.field.id)}</span>'
        f'<span class="fname">{_e(item.field.name)}</span></td>'
        f"<td>{_badge(item.verdict, lang)}</td>"
        f"<td>{_e(common.reason(item, lang))}</td>"
        f'<td><ul class="evidence">{evidence}</ul></td>'
        f'<td class="num">{_e(common.span(item.burden.hours, lang))}</td>'
        f'<td class="num">{_e(common.span(item.burden.dkk, lang))}</td></tr>'
    )


def _set_section(set_audit: SetAudit, lang: str) -> str:
    rs = set_audit.requirement_set
    header = [
        message("col.field", lang),
        message("col.verdict", lang),
        message("col.reason", lang),
        message("report.col.evidence", lang),
        message("col.hours", lang),
        message("col.dkk", lang, unit=money_words.unit_title(money.currency_of(rs), lang)),
    ]
    head = "".join(
        f'<th class="num">{_e(h)}</th>' if i >= 4 else f"<th>{_e(h)}</th>"
        for i, h in enumerate(header)
    )
    facts = "".join(f"<li>{_e(fact)}</li>" for fact in content.set_facts(set_audit, lang))
    outcome = content.set_outcome(set_audit, lang)
    rows = "".join(_field_row(item, lang) for item in set_audit.fields)
    return (
        f'<section class="set" id="set-{_e(rs.id)}">'
        f"<h3>{_e(common.set_heading(set_audit, lang))}</h3>"
        f'<ul class="facts">{facts}</ul><p>{_e(outcome)}</p>'
        f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></section>"
    )


# The plan's columns that fit a printed A4 page. The audit's verdict shows in the action
# cell where the plan goes further than the audit; per-field DKK is in the
# table, Markdown and Excel formats.
_PLAN_COLUMNS = (0, 1, 3, 4, 5, 6, 8, 9, 10, 11)


def _plan_table(plan: Plan, report: AuditReport, lang: str) -> str:
    header = planfmt.header(lang, report)
    head = "".join(
        f'<th class="num">{_e(header[i])}</th>'
        if i in planfmt.NUMERIC
        else f"<th>{_e(header[i])}</th>"
        for i in _PLAN_COLUMNS
    )
    rows = []
    for step, cells in zip(plan.steps, planfmt.rows(plan, lang, report), strict=True):
        field = step.item.field
        action = cells[3] if step.item.verdict == step.action else f"{cells[2]} → {cells[3]}"
        numbers = "".join(f'<td class="num">{_e(cells[i])}</td>' for i in (4, 5, 6, 8, 9, 10))
        rows.append(
            f'<tr><td class="num">{_e(cells[0])}</td>'
            f'<td><span class="fid">{_e(field.id)}</span>'
            f'<span class="fname">{_e(field.set_id)}</span></td>'
            f"<td>{_e(action)}</td>{numbers}<td>{_e(cells[11])}</td></tr>"
        )
    return (
        f'<table id="plan-table"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def _plan(document: content.PruningReport, lang: str) -> str:
    plan = document.plan
    assert plan is not None
    audit = document.audit
    table = _plan_table(plan, audit, lang) if plan.steps else ""
    return (
        f'<section id="plan"><h2>{_e(planfmt.title(plan, lang, audit))}</h2>'
        f'<p class="headline" id="plan-conclusion">{_e(planfmt.conclusion(plan, lang, audit))}'
        f'</p>{table}<p class="method">{_e(planfmt.method(plan, lang, audit))}</p></section>'
    )


def _impact(document: content.PruningReport, lang: str) -> str:
    """Who loses what under the report's plan: the users of the fields it takes off."""
    from indberet.core.impact import for_plan
    from indberet.render import impactfmt

    assert document.plan is not None
    found = for_plan(document.audit, document.plan)
    words = "".join(f"<li>{_e(line)}</li>" for line in impactfmt.plain_words(found, lang))
    losing = ["leaves" if consumer.lost else "" for consumer in found.consumers]
    table = _table(
        impactfmt.consumer_header(lang),
        impactfmt.consumer_rows(found, lang),
        set(),
        table_id="impact-table",
        row_classes=losing,
    )
    return (
        f'<section id="impact"><h2>{_e(message("impact.section", lang))}</h2>'
        f'<p class="headline" id="impact-summary">{_e(impactfmt.summary(found, lang))}</p>'
        f'<ul id="impact-statements">{words}</ul>{table if found.consumers else ""}'
        f'<p class="method">{_e(message("impact.method", lang))}</p></section>'
    )


def report(document: content.PruningReport, lang: str) -> str:
    """The whole report as one HTML page."""
    return "".join(_lines(document, lang))


def report_bytes(document: content.PruningReport, lang: str) -> bytes:
    """The page of :func:`report` in UTF-8, made a piece at a time: the page never exists
    whole as text (a report of 100,000 fields is 70 MB of UTF-8, twice that as text)."""
    buffer = io.BytesIO()
    for line in _lines(document, lang):
        buffer.write(line.encode("utf-8"))
    return buffer.getvalue()


def _lines(document: content.PruningReport, lang: str) -> Iterator[str]:
    """The page, a line (each with its line feed) at a time."""
    for part in _parts(document, lang):
        yield part + "\n"


def _parts(document: content.PruningReport, lang: str) -> Iterator[str]:
    """The page's parts, in order: a line feed goes after each."""
    audit = document.audit
    sections = [
        ("summary", message("report.section.summary", lang)),
        ("assumptions", message("report.section.assumptions", lang)),
        ("charts", message("report.section.charts", lang)),
        ("by-set", message("report.section.by_set", lang)),
    ]
    if document.plan is not None:
        sections.append(("plan", message("report.section.plan", lang)))
        sections.append(("impact", message("impact.section", lang)))
    sections.append(("fields", message("report.section.fields", lang)))
    toc = "".join(f'<li><a href="#{key}">{_e(label)}</a></li>' for key, label in sections)
    note = content.illustrative_note(audit, lang)
    assumptions = "".join(f"<li>{_e(line)}</li>" for line in content.assumptions(audit, lang))
    yield from [
        "<!DOCTYPE html>",
        f'<html lang="{_e(lang)}">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta name="generator" content="indberet {_e(document.version)}">',
        f"<title>{_e(content.title(lang))}</title>",
        f"<style>{STYLE}</style>",
        "</head>",
        "<body>",
        f"<header><h1>{_e(content.title(lang))}</h1>",
        f'<p class="subtitle">{_e(content.subtitle(audit, lang))}</p>',
        f'<p class="meta">{_e(content.generated_by(document, lang))}</p></header>',
    ]
    if note:
        yield f'<p class="illustrative" role="note" id="illustrative">{_e(note)}</p>'
    yield from [
        f"<nav><h2>{_e(message('report.section.contents', lang))}</h2><ol>{toc}</ol></nav>",
        '<main><section id="summary">',
        f"<h2>{_e(sections[0][1])}</h2>",
        f'<p class="headline" id="headline">{_e(common.result_sentence(audit, lang))}</p>',
        _key_figures(audit, lang),
        "</section>",
        f'<section id="assumptions"><h2>{_e(sections[1][1])}</h2><ul>{assumptions}</ul></section>',
        f'<section id="charts"><h2>{_e(sections[2][1])}</h2>{_charts(audit, lang)}</section>',
        f'<section id="by-set"><h2>{_e(sections[3][1])}</h2>{_summary(audit, lang)}</section>',
    ]
    if document.plan is not None:
        yield _plan(document, lang)
        yield _impact(document, lang)
    yield f'<section id="fields"><h2>{_e(message("report.section.fields", lang))}</h2>'
    intro = message("report.fields_intro", lang, reporters=content.reporters(audit, lang))
    yield f"<p>{_e(intro)}</p>"
    for set_audit in audit.sets:
        yield _set_section(set_audit, lang)
    yield "</section></main>"
    yield f"<footer>{_e(content.generated_by(document, lang))}"
    if note:
        yield f" {_e(note)}"
    yield "</footer></body></html>"
