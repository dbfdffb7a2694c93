"""`indberet history` in every format: text with a chart for the terminal, Markdown,
JSON (schema ``history``) and a self-contained HTML page with SVG charts.

The content (trend sentence, notes, rows) is decided once here; each format lays it out.
Money is written per currency, never summed across currencies.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from html import escape
from typing import Any, Final

from indberet import __version__
from indberet.audit_model import Range
from indberet.history_model import FieldChange, History, Money, Point
from indberet.i18n import message
from indberet.render import common, jsontext, safe, svg
from indberet.render import markdown as md
from indberet.render import money as money_words
from indberet.render.html import CSP, STYLE

SPARKS: Final = "▁▂▃▄▅▆▇█"
ASCII_SPARKS: Final = "_.:-=+*#"
SHOWN_FIELDS: Final = 8  # fields named per commit among the top ones; the rest counted
CHART_WIDTH: Final = 60


# --- content shared by the formats --------------------------------------------------------


def _money(values: Money) -> dict[str, Range]:
    return dict(values)


def _date(point: Point) -> str:
    return point.commit.date[:10]


def _signed(value: float, lang: str, digits: int = 0) -> str:
    written = common.number(value, lang, digits)
    return f"+{written}" if round(value, digits) > 0 else written


def _signed_range(value: Range, lang: str, digits: int = 0) -> str:
    """A change: ``+120``, ``+120–300`` (both ends up), ``-120–300`` (both ends down),
    ``-5–+3`` (the ends differ in sign)."""
    low, high = round(value.low, digits), round(value.high, digits)
    if low >= 0 and high > 0:
        return "+" + common.span(value, lang, digits)
    if low < 0 and high < 0:
        least, most = sorted((-value.low, -value.high))
        return "-" + common.span(Range(least, most), lang, digits)
    return common.span(value, lang, digits, write=_signed)


def _money_cell(values: Money, lang: str, *, signed: bool = False) -> str:
    if not signed:
        return money_words.cell(_money(values), lang)
    return "; ".join(
        f"{_signed_range(value, lang)} {money_words.amount('', code, lang).strip()}"
        for code, value in values
    )


def _paths(history: History) -> str:
    return ", ".join(safe.path_text(path) for path in history.paths) or "."


def title(history: History, lang: str) -> str:
    return message("history.title", lang, paths=_paths(history))


def trend(history: History, lang: str) -> str:
    """One paragraph: how many commits, and fields and burden from the first to the last."""
    changes = [p for p in history.points if not p.start]
    if not changes:
        return message("history.none", lang, paths=_paths(history))
    first, last = history.points[0], history.points[-1]
    before = _before(first)
    range_words = message(
        "history.range", lang, commits=len(changes), first=_date(changes[0]), last=_date(last)
    )
    currencies = sorted({code for point in (first, last) for code, _ in point.money})
    zero = Range(0.0, 0.0)
    money = "; ".join(
        message(
            "history.money_trend",
            lang,
            first=money_words.amount(_money(before.money).get(code, zero), code, lang),
            last=money_words.amount(_money(last.money).get(code, zero), code, lang),
        )
        for code in currencies
    ) or money_words.amount(0.0, "DKK", lang)
    figures = message(
        "history.trend",
        lang,
        first=common.number(before.fields, lang),
        last=common.number(last.fields, lang),
        delta=_signed(last.fields - before.fields, lang),
        hours_first=common.span(before.hours, lang),
        hours_last=common.span(last.hours, lang),
        hours_delta=_signed_range(
            Range(last.hours.low - before.hours.low, last.hours.high - before.hours.high), lang
        ),
        money=money,
    )
    return f"{range_words}. {figures}"


class _Before:
    """The state before the history: the starting point, or nothing."""

    def __init__(self, fields: int, hours: Range, money: Money) -> None:
        self.fields, self.hours, self.money = fields, hours, money


def _before(first: Point) -> _Before:
    if first.start:
        return _Before(first.fields, first.hours, first.money)
    money = tuple(
        (code, Range(value.low - delta.low, value.high - delta.high))
        for code, value in first.money
        for delta in [_money(first.money_delta).get(code, Range(0.0, 0.0))]
    )
    hours = Range(
        first.hours.low - first.hours_delta.low, first.hours.high - first.hours_delta.high
    )
    return _Before(first.fields - first.fields_delta, hours, money)


def notes(history: History, lang: str) -> list[str]:
    """What the reader must know to read the figures right."""
    said: list[str] = []
    first = history.points[0] if history.points else None
    if history.shallow_boundary is not None:
        said.append(message("history.note.shallow", lang, commit=history.shallow_boundary[:10]))
    elif first is not None and first.start:
        said.append(
            message("history.note.start", lang, commit=first.commit.short, date=_date(first))
        )
    if history.merges:
        said.append(message("history.note.merges", lang, count=history.merges))
    for point in history.points:
        for old, new in point.renamed:
            said.append(
                message(
                    "history.note.renamed",
                    lang,
                    old=safe.path_text(old),
                    new=safe.path_text(new),
                    commit=point.commit.short,
                )
            )
        for path, problem in point.skipped:
            words = message(problem.key, lang, **problem.params)
            where = f"{problem.location.line}: " if problem.location.line else ""
            said.append(
                message(
                    "history.note.skipped",
                    lang,
                    path=safe.path_text(path),
                    commit=point.commit.short,
                    problem=f"{where}{problem.code} {words}",
                )
            )
    said.append(message("history.note.files", lang, profile=history.profile))
    return said


def _field_words(change: FieldChange, lang: str, *, signed: bool = False) -> str:
    hours = _signed_range(change.hours, lang) if signed else common.span(change.hours, lang)
    unit = message("history.chart.hours", lang)
    return f"{change.qualified_id} ({hours} {unit})"


def _fields_line(changes: Sequence[FieldChange], lang: str, *, signed: bool = False) -> str:
    shown = [_field_words(c, lang, signed=signed) for c in changes[:SHOWN_FIELDS]]
    rest = len(changes) - len(shown)
    if rest > 0:
        shown.append(message("history.more", lang, count=rest))
    return ", ".join(shown)


def _what_changed(point: Point, lang: str) -> list[tuple[str, str]]:
    """(word, fields) for the fields a commit added, removed and changed the burden of."""
    lines = []
    for key, changes, signed in (
        ("history.added", point.added, False),
        ("history.removed", point.removed, False),
        ("history.changed", point.changed, True),
    ):
        if changes:
            lines.append((message(key, lang), _fields_line(changes, lang, signed=signed)))
    return lines


def _top_line(point: Point, lang: str) -> str:
    """``+120 hours, +3 fields, +54,000 DKK``: what a commit added."""
    hours = _signed_range(point.hours_delta, lang)
    parts = [
        f"{hours} {message('history.chart.hours', lang)}",
        f"{_signed(point.fields_delta, lang)} {message('history.chart.fields', lang)}",
    ]
    moved = tuple((c, v) for c, v in point.money_delta if round(v.low) or round(v.high))
    money = _money_cell(moved, lang, signed=True)
    return ", ".join([*parts, money] if money else parts)


def _row(point: Point, lang: str) -> list[str]:
    return [
        point.commit.short,
        _date(point),
        common.number(point.fields, lang),
        "" if point.start else _signed(point.fields_delta, lang),
        common.span(point.hours, lang),
        "" if point.start else _signed_range(point.hours_delta, lang),
        _money_cell(point.money, lang),
        message("history.start_row", lang) if point.start else point.commit.subject,
    ]


def _header(lang: str) -> list[str]:
    keys = ("commit", "date", "fields", "fields_delta", "hours", "hours_delta", "money", "subject")
    return [message(f"history.col.{key}", lang) for key in keys]


_NUMERIC: Final = {2, 3, 4, 5, 6}


# --- the terminal ---------------------------------------------------------------------------


def sparkline(values: Sequence[float], *, unicode: bool = True, width: int = CHART_WIDTH) -> str:
    """The values as one line of bars, lowest to highest of them; more values than
    ``width`` are taken in groups, each shown by its last value (the state it ended in)."""
    if not values:
        return ""
    if len(values) > width:
        size = len(values) / width
        values = [values[min(len(values) - 1, int((n + 1) * size) - 1)] for n in range(width)]
    ramp = SPARKS if unicode else ASCII_SPARKS
    low, high = min(values), max(values)
    if high == low:
        return ramp[len(ramp) // 2] * len(values) if high else ramp[0] * len(values)
    top = len(ramp) - 1
    return "".join(ramp[round((v - low) / (high - low) * top)] for v in values)


def text(history: History, lang: str, *, unicode: bool = True, width: int = 100) -> str:
    """For the terminal and logs: trend, a chart, the top commits, every commit, notes."""
    lines = [safe.one_line(title(history, lang)), "", safe.one_line(trend(history, lang)), ""]
    points = history.points
    if points:
        chart = max(10, min(CHART_WIDTH, width - 40))
        arrow = "→" if unicode else "->"
        for key, values, shown in (
            ("history.chart.fields", [float(p.fields) for p in points], None),
            ("history.chart.hours", [p.hours.mid for p in points], None),
        ):
            first = common.number(values[0], lang) if shown is None else shown
            last = common.number(values[-1], lang)
            label = message(key, lang)
            line = sparkline(values, unicode=unicode, width=chart)
            lines.append(f"  {label:8} {line}  {first} {arrow} {last}")
        lines.append("")
    lines.append(message("history.top", lang))
    if not history.top:
        lines.append("  " + message("history.top_none", lang))
    for rank, point in enumerate(history.top, 1):
        head = (
            f"  {rank}. {point.commit.short} {_date(point)}  {_top_line(point, lang)}  "
            f"{point.commit.subject}"
        )
        lines.append(safe.one_line(head))
        for word, fields in _what_changed(point, lang):
            lines.append(safe.one_line(f"       {word}: {fields}"))
    if points:
        lines.append("")
        lines.append(message("history.commits", lang))
        rows = [_header(lang), *(_row(p, lang) for p in points)]
        lines.extend(_columns(rows, _NUMERIC))
    lines.append("")
    lines.append(message("history.notes", lang))
    lines.extend(safe.one_line(f"  - {note}") for note in notes(history, lang))
    return "\n".join(lines) + "\n"


def _columns(rows: list[list[str]], numeric: set[int]) -> list[str]:
    """Rows as aligned columns (the last one left as it is)."""
    cells = [[safe.one_line(cell) for cell in row] for row in rows]
    widths = [max(len(row[n]) for row in cells) for n in range(len(cells[0]) - 1)]
    out = []
    for row in cells:
        parts = [
            cell.rjust(widths[n]) if n in numeric else cell.ljust(widths[n])
            for n, cell in enumerate(row[:-1])
        ]
        out.append(("  " + "  ".join(parts) + "  " + row[-1]).rstrip())
    return out


# --- Markdown -------------------------------------------------------------------------------


def markdown(history: History, lang: str) -> str:
    parts = [f"# {md.escape(title(history, lang))}", "", md.escape(trend(history, lang)), ""]
    if history.points:
        values = [p.hours.mid for p in history.points]
        parts += [f"`{sparkline(values)}`", ""]
    parts += [f"## {md.escape(message('history.top', lang))}", ""]
    if not history.top:
        parts += [md.escape(message("history.top_none", lang)), ""]
    for rank, point in enumerate(history.top, 1):
        head = (
            f"{rank}. {md.code(point.commit.short)} {_date(point)}: "
            f"{md.escape(_top_line(point, lang))} — {md.escape(point.commit.subject)}"
        )
        parts.append(head)
        for word, fields in _what_changed(point, lang):
            parts.append(f"   - {md.escape(word)}: {md.escape(fields)}")
    parts += ["", f"## {md.escape(message('history.commits', lang))}", ""]
    parts.append(md.table(_header(lang), [_row(p, lang) for p in history.points], _NUMERIC))
    parts += ["", f"## {md.escape(message('history.notes', lang))}", ""]
    parts += [f"- {md.escape(note)}" for note in notes(history, lang)]
    return "\n".join(parts) + "\n"


# --- JSON -----------------------------------------------------------------------------------

SCHEMA_VERSION: Final = 1


def _range(value: Range) -> dict[str, float]:
    return {"low": value.low, "high": value.high}


def _money_object(values: Money) -> dict[str, dict[str, float]]:
    return {code: _range(value) for code, value in values}


def _change(change: FieldChange) -> dict[str, Any]:
    return {
        "field": change.qualified_id,
        "name": change.name,
        "hours": _range(change.hours),
        "money": _range(change.money),
        "currency": change.currency,
    }


def _point(point: Point, lang: str) -> dict[str, Any]:
    commit = point.commit
    return {
        "commit": commit.sha,
        "parents": list(commit.parents),
        "date": commit.date,
        "author": commit.author,
        "subject": commit.subject,
        "merge": commit.merge,
        "start": point.start,
        "fields": point.fields,
        "hours": _range(point.hours),
        "money": _money_object(point.money),
        "fields_delta": point.fields_delta,
        "hours_delta": _range(point.hours_delta),
        "money_delta": _money_object(point.money_delta),
        "added": [_change(c) for c in point.added],
        "removed": [_change(c) for c in point.removed],
        "changed": [_change(c) for c in point.changed],
        "renamed": [
            {"from": safe.path_text(old), "to": safe.path_text(new)} for old, new in point.renamed
        ],
        "skipped": [
            {
                "path": safe.path_text(path),
                "code": problem.code,
                "line": problem.location.line,
                "message": message(problem.key, lang, **problem.params),
            }
            for path, problem in point.skipped
        ],
    }


def document(history: History, lang: str) -> dict[str, Any]:
    """The JSON document (schema ``history``, ``indberet schema history``)."""
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "indberet", "version": __version__},
        "language": lang,
        "paths": [safe.path_text(path) for path in history.paths],
        "until": history.revision,
        "since": history.since,
        "profile": history.profile,
        "first_parent": True,
        "shallow_boundary": history.shallow_boundary,
        "merges": history.merges,
        "skipped": history.skipped,
        "trend": trend(history, lang),
        "top": [p.commit.sha for p in history.top],
        "points": [_point(p, lang) for p in history.points],
        "notes": notes(history, lang),
    }


def json_text(history: History, lang: str) -> str:
    return jsontext.dumps(document(history, lang))


# --- HTML -----------------------------------------------------------------------------------


def _e(value: object) -> str:
    return escape(safe.visible(str(value), keep="\t\n"), quote=True)


def _table(header: list[str], rows: list[list[str]], numeric: set[int], table_id: str) -> str:
    def cells(values: list[str], tag: str) -> str:
        return "".join(
            f'<{tag} class="num">{_e(v)}</{tag}>' if n in numeric else f"<{tag}>{_e(v)}</{tag}>"
            for n, v in enumerate(values)
        )

    body = "".join(f"<tr>{cells(row, 'td')}</tr>" for row in rows)
    return (
        f'<table id="{_e(table_id)}"><thead><tr>{cells(header, "th")}</tr></thead>'
        f"<tbody>{body}</tbody></table>"
    )


def _chart(
    history: History, lang: str, chart_id: str, key: str, value: Callable[[Point], float]
) -> str:
    marked = {p.commit.sha for p in history.top}
    steps = [
        svg.Step(
            value(p),
            f"{p.commit.short} {_date(p)}: {common.number(value(p), lang)} — {p.commit.subject}",
            p.commit.sha in marked,
        )
        for p in history.points
    ]
    largest = max((s.value for s in steps), default=0.0)
    return svg.trend_line(chart_id, message(key, lang), steps, "0", common.number(largest, lang))


def _hours_mid(point: Point) -> float:
    return point.hours.mid


def _field_count(point: Point) -> float:
    return float(point.fields)


def html(history: History, lang: str) -> str:
    """One self-contained page: the trend, two charts, the top commits, every commit."""
    heading = title(history, lang)
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{_e(lang)}">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta name="generator" content="indberet {_e(__version__)}">',
        f"<title>{_e(heading)}</title>",
        f"<style>{STYLE}</style>",
        "</head>",
        "<body>",
        f"<header><h1>{_e(heading)}</h1></header>",
        "<main>",
        f'<p class="headline" id="trend">{_e(trend(history, lang))}</p>',
    ]
    if history.points:
        parts.append('<section id="charts">')
        for chart_id, key, value in (
            ("chart-hours", "history.chart.title", _hours_mid),
            ("chart-fields", "history.chart.fields_title", _field_count),
        ):
            drawn = _chart(history, lang, chart_id, key, value)
            caption = _e(message(key, lang))
            parts.append(f"<figure>{drawn}<figcaption>{caption}</figcaption></figure>")
        parts.append("</section>")
    parts.append(f'<section id="top"><h2>{_e(message("history.top", lang))}</h2>')
    if not history.top:
        parts.append(f"<p>{_e(message('history.top_none', lang))}</p>")
    else:
        parts.append("<ol>")
        for point in history.top:
            short = _e(point.commit.short)
            parts.append(
                f'<li id="top-{short}"><span class="fid">{short}</span> '
                f"{_e(_date(point))}: {_e(_top_line(point, lang))} — {_e(point.commit.subject)}<ul>"
            )
            for word, fields in _what_changed(point, lang):
                parts.append(f"<li>{_e(word)}: {_e(fields)}</li>")
            parts.append("</ul></li>")
        parts.append("</ol>")
    parts.append("</section>")
    rows = [_row(p, lang) for p in history.points]
    parts.append(
        f'<section id="commits"><h2>{_e(message("history.commits", lang))}</h2>'
        f"{_table(_header(lang), rows, _NUMERIC, 'commit-table')}</section>"
    )
    items = "".join(f"<li>{_e(note)}</li>" for note in notes(history, lang))
    heading_notes = _e(message("history.notes", lang))
    parts.append(f'<section id="notes"><h2>{heading_notes}</h2><ul>{items}</ul></section>')
    parts.append(f"</main><footer>indberet {_e(__version__)}</footer></body></html>")
    return "\n".join(parts) + "\n"


RENDERERS: Final = {"text": text, "markdown": markdown, "json": json_text, "html": html}
