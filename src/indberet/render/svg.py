"""Charts as inline SVG, built by hand: no script, no external reference, every text escaped.

Two charts serve the pruning report: burden per statistic before and after (paired bars)
and verdicts per statistic (100% stacked bars). Callers pass the words already written in
the reader's language; this module only draws.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape as _html_escape

from indberet.render.safe import visible

WIDTH = 760
LABEL_WIDTH = 170
VALUE_WIDTH = 110
BAR_AREA = WIDTH - LABEL_WIDTH - VALUE_WIDTH
FONT = 12

BEFORE_COLOUR = "#9e9e9e"
AFTER_COLOUR = "#1565c0"
VERDICT_COLOURS = {
    "KEEP": "#2e7d32",
    "REVIEW": "#f9a825",
    "MERGE": "#7b1fa2",
    "DERIVE": "#00838f",
    "REMOVE": "#c62828",
}
_DARK_TEXT = {"REVIEW"}  # segments light enough to need dark text


def escape(words: str) -> str:
    """Text for SVG: control characters as escapes (:func:`visible`), markup escaped."""
    return _html_escape(visible(words, keep="\t\n"))


def _text(x: float, y: float, words: str, *, anchor: str = "start", **extra: str) -> str:
    attrs = "".join(f' {name.replace("_", "-")}="{escape(value)}"' for name, value in extra.items())
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{FONT}"{attrs}>'
        f"{escape(words)}</text>"
    )


def _rect(x: float, y: float, width: float, height: float, fill: str, tip: str = "") -> str:
    title = f"<title>{escape(tip)}</title>" if tip else ""
    return (
        f'<rect x="{x:.1f}" y="{y:.1f}" width="{max(width, 0.0):.1f}" height="{height:.1f}" '
        f'fill="{fill}">{title}</rect>'
    )


def _svg(chart_id: str, title: str, height: float, body: list[str]) -> str:
    return (
        f'<svg class="chart" id="{escape(chart_id)}" viewBox="0 0 {WIDTH} {height:.0f}" '
        f'role="img" aria-labelledby="{escape(chart_id)}-title">'
        f'<title id="{escape(chart_id)}-title">{escape(title)}</title>' + "".join(body) + "</svg>"
    )


@dataclass(frozen=True)
class Pair:
    """One statistic's bars: before and after, with the words to show beside them."""

    label: str
    before: float
    after: float
    before_text: str
    after_text: str


def paired_bars(chart_id: str, title: str, pairs: Sequence[Pair], legend: tuple[str, str]) -> str:
    """Horizontal bars, before (grey) over after (blue), one group per statistic."""
    top = 30.0
    group = 46.0
    bar = 16.0
    height = top + group * len(pairs) + 10
    scale = max((max(p.before, p.after) for p in pairs), default=0.0)
    per_unit = BAR_AREA / scale if scale > 0 else 0.0
    body = [
        _rect(LABEL_WIDTH, 8, 12, 12, BEFORE_COLOUR),
        _text(LABEL_WIDTH + 18, 18, legend[0]),
        _rect(LABEL_WIDTH + 150, 8, 12, 12, AFTER_COLOUR),
        _text(LABEL_WIDTH + 168, 18, legend[1]),
    ]
    for index, pair in enumerate(pairs):
        y = top + index * group
        body.append(_text(LABEL_WIDTH - 8, y + bar + 5, pair.label, anchor="end"))
        for offset, value, words, colour, legend_word in (
            (0.0, pair.before, pair.before_text, BEFORE_COLOUR, legend[0]),
            (bar + 3, pair.after, pair.after_text, AFTER_COLOUR, legend[1]),
        ):
            width = value * per_unit
            body.append(
                _rect(
                    LABEL_WIDTH,
                    y + offset,
                    width,
                    bar,
                    colour,
                    f"{pair.label}: {legend_word} {words}",
                )
            )
            body.append(_text(LABEL_WIDTH + width + 6, y + offset + bar - 4, words))
    return _svg(chart_id, title, height, body)


@dataclass(frozen=True)
class Stack:
    """One statistic's verdicts: the count of fields for each verdict, in drawing order."""

    label: str
    counts: Sequence[tuple[str, int]]  # (verdict code, count)


def stacked_bars(
    chart_id: str, title: str, stacks: Sequence[Stack], words: Mapping[str, str]
) -> str:
    """100% stacked horizontal bars of verdicts per statistic, with a legend under them."""
    top = 10.0
    row = 34.0
    bar = 22.0
    legend_y = top + row * len(stacks) + 10
    height = legend_y + 24
    body: list[str] = []
    for index, stack in enumerate(stacks):
        y = top + index * row
        body.append(_text(LABEL_WIDTH - 8, y + bar - 6, stack.label, anchor="end"))
        total = sum(count for _, count in stack.counts)
        x = float(LABEL_WIDTH)
        for verdict, count in stack.counts:
            if count <= 0 or total <= 0:
                continue
            width = (BAR_AREA + VALUE_WIDTH - 10) * count / total
            tip = f"{stack.label}: {words[verdict]} {count}"
            body.append(_rect(x, y, width, bar, VERDICT_COLOURS[verdict], tip))
            if width >= 18:
                colour = "#000000" if verdict in _DARK_TEXT else "#ffffff"
                body.append(
                    _text(x + width / 2, y + bar - 7, str(count), anchor="middle", fill=colour)
                )
            x += width
    x = float(LABEL_WIDTH)
    for verdict, colour in VERDICT_COLOURS.items():
        body.append(_rect(x, legend_y, 12, 12, colour))
        body.append(_text(x + 16, legend_y + 10, words[verdict]))
        x += 24 + 8 * len(words[verdict]) + 12
    return _svg(chart_id, title, height, body)


@dataclass(frozen=True)
class Step:
    """One point of a trend: its value, the words to show for it, and whether to mark it."""

    value: float
    tip: str
    marked: bool = False


LINE_COLOUR = "#1565c0"
MARK_COLOUR = "#c62828"


def trend_line(
    chart_id: str, title: str, steps: Sequence[Step], low_text: str, high_text: str
) -> str:
    """A line through the steps, left to right in order, from 0 up to the largest value;
    a marked step is a larger red dot. Every dot has its words as a tooltip."""
    top, plot = 12.0, 180.0
    left, right = 90.0, WIDTH - 20.0
    height = top + plot + 24
    largest = max((step.value for step in steps), default=0.0)
    per_unit = plot / largest if largest > 0 else 0.0
    span = (right - left) / max(len(steps) - 1, 1)
    body = [
        f'<line x1="{left}" y1="{top + plot}" x2="{right}" y2="{top + plot}" stroke="#9e9e9e"/>',
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + plot}" stroke="#9e9e9e"/>',
        _text(left - 6, top + 8, high_text, anchor="end"),
        _text(left - 6, top + plot, low_text, anchor="end"),
    ]
    places = [
        (left + index * span, top + plot - step.value * per_unit)
        for index, step in enumerate(steps)
    ]
    if len(places) > 1:
        line = " ".join(f"{x:.1f},{y:.1f}" for x, y in places)
        body.append(
            f'<polyline points="{line}" fill="none" stroke="{LINE_COLOUR}" stroke-width="2"/>'
        )
    dots = len(steps) <= 400  # beyond that a dot per commit is only ink
    for (x, y), step in zip(places, steps, strict=True):
        if step.marked or dots:
            colour, radius = (MARK_COLOUR, 5.0) if step.marked else (LINE_COLOUR, 2.5)
            body.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{radius}" fill="{colour}">'
                f"<title>{escape(step.tip)}</title></circle>"
            )
    return _svg(chart_id, title, height, body)
