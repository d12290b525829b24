"""Geometry of the server-drawn charts (inline SVG, drawn by templates/reports/_*_chart.html).

Charts are drawn on the server so they need no script and no third-party library; the page's
policy forbids both. Only numbers a table shows are drawn: a hidden count has no bar, only its
"<5" label, so a chart never gives away what its table hides.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from homeward.reports.figures import RepatriationPoint
from homeward.reports.tables import DisplayTable

LABEL_WIDTH = 170
BAR_AREA = 260
ROW_HEIGHT = 22
BAR_HEIGHT = 15
VALUE_GAP = 6
MIN_LABEL_GAP = 36


@dataclass(frozen=True)
class Bar:
    label: str
    text: str
    x: float
    y: float
    width: float
    height: float
    label_y: float
    value_x: float
    shown: bool


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    label_x: int
    bars: list[Bar]


def bar_chart(table: DisplayTable) -> BarChart:
    """Horizontal bars, one per row of ``table`` (subtotal rows left out), scaled to the largest."""
    rows = [r for r in table.rows if not r.is_subtotal]
    return bars([(r.label, r.last.value, r.last.text, r.last.shown) for r in rows])


def series_chart(series: Sequence[RepatriationPoint]) -> BarChart:
    """One bar per date of arrival."""
    return bars([(p.day.isoformat(), p.count, p.count_text, p.count_shown) for p in series])


def bars(rows: Sequence[tuple[str, int, str, bool]]) -> BarChart:
    """Bars for (label, value, text shown, whether the value is shown) rows."""
    largest = max((value for _l, value, _t, shown in rows if shown), default=0) or 1
    out = []
    for i, (label, value, text, shown) in enumerate(rows):
        width = BAR_AREA * value / largest if shown else 0.0
        y = i * ROW_HEIGHT + (ROW_HEIGHT - BAR_HEIGHT) / 2
        out.append(Bar(label=label, text=text, x=LABEL_WIDTH, y=round(y, 1), width=round(width, 1),
                       height=BAR_HEIGHT, label_y=round(y + BAR_HEIGHT - 3, 1),
                       value_x=round(LABEL_WIDTH + width + VALUE_GAP, 1), shown=shown))
    return BarChart(width=LABEL_WIDTH + BAR_AREA + 60, height=max(len(rows), 1) * ROW_HEIGHT,
                    label_x=LABEL_WIDTH - VALUE_GAP, bars=out)


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    label: str
    text: str
    labelled: bool


@dataclass(frozen=True)
class LineChart:
    width: int
    height: int
    points: list[Point]
    path: str
    axis_y: float
    left: float
    right: float
    top: float
    max_text: str
    first_label: str
    last_label: str


def cumulative_chart(series: Sequence[RepatriationPoint], width: int = 560, height: int = 220) -> LineChart | None:
    """A step line of the running total of children brought home, over time (shown totals only)."""
    shown = [p for p in series if p.cumulative_shown]
    if not shown:
        return None
    left, right, top, bottom = 50.0, width - 20.0, 15.0, height - 30.0
    first, last = shown[0].day, shown[-1].day
    span = max((last - first).days, 1)
    peak = max(p.cumulative for p in shown) or 1

    def x_of(day: dt.date) -> float:
        return round(left + (right - left) * (day - first).days / span, 1)

    def y_of(value: int) -> float:
        return round(bottom - (bottom - top) * value / peak, 1)

    points: list[Point] = []
    last_label_x = -1e9
    for i, p in enumerate(shown):
        x = x_of(p.day)
        # Label a point only where it has room, and always the last one (the total so far).
        room = x - last_label_x >= MIN_LABEL_GAP and (i == len(shown) - 1 or right - x >= MIN_LABEL_GAP)
        labelled = room or i == len(shown) - 1
        if labelled:
            last_label_x = x
        points.append(Point(x, y_of(p.cumulative), p.day.isoformat(), str(p.cumulative), labelled))
    # Steps: the total stays flat until the next arrival, then jumps.
    segments = [f"M {left} {bottom}", f"L {points[0].x} {bottom}", f"L {points[0].x} {points[0].y}"]
    for prev, cur in zip(points, points[1:], strict=False):
        segments.append(f"L {cur.x} {prev.y}")
        segments.append(f"L {cur.x} {cur.y}")
    return LineChart(width=width, height=height, points=points, path=" ".join(segments), axis_y=bottom,
                     left=left, right=right, top=top, max_text=str(peak), first_label=first.isoformat(),
                     last_label=last.isoformat())
