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
    """Bars grow from the labels: rightwards on a left-to-right page, leftwards (labels on the
    right) on a right-to-left one. The SVG is laid out left to right in both, so ``*_anchor``
    name the side of each text that sits at its x."""

    width: int
    height: int
    label_x: int
    bars: list[Bar]
    rtl: bool = False
    label_anchor: str = "end"
    value_anchor: str = "start"


def bar_chart(table: DisplayTable) -> BarChart:
    """Horizontal bars, one per row of ``table`` (subtotal rows left out), scaled to the largest."""
    rows = [r for r in table.rows if not r.is_subtotal]
    return bars([(r.label, r.last.value, r.last.text, r.last.shown) for r in rows])


def series_chart(series: Sequence[RepatriationPoint]) -> BarChart:
    """One bar per date of arrival."""
    return bars([(_day(p.day), p.count, p.count_text, p.count_shown) for p in series])


def _day(day: dt.date) -> str:
    """A date as a chart labels it: the active language's short form."""
    from django.utils.formats import date_format

    return date_format(day, "SHORT_DATE_FORMAT")


def _rtl(rtl: bool | None) -> bool:
    if rtl is not None:
        return rtl
    from django.utils.translation import get_language_bidi

    return bool(get_language_bidi())


def bars(rows: Sequence[tuple[str, int, str, bool]], rtl: bool | None = None) -> BarChart:
    """Bars for (label, value, text shown, whether the value is shown) rows; mirrored when ``rtl``
    (default: when the active language is written right to left)."""
    rtl = _rtl(rtl)
    total = LABEL_WIDTH + BAR_AREA + 60
    largest = max((value for _l, value, _t, shown in rows if shown), default=0) or 1
    out = []
    for i, (label, value, text, shown) in enumerate(rows):
        width = BAR_AREA * value / largest if shown else 0.0
        y = i * ROW_HEIGHT + (ROW_HEIGHT - BAR_HEIGHT) / 2
        if rtl:
            x, value_x = total - LABEL_WIDTH - width, total - LABEL_WIDTH - width - VALUE_GAP
        else:
            x, value_x = LABEL_WIDTH, LABEL_WIDTH + width + VALUE_GAP
        out.append(Bar(label=label, text=text, x=round(x, 1), y=round(y, 1), width=round(width, 1),
                       height=BAR_HEIGHT, label_y=round(y + BAR_HEIGHT - 3, 1),
                       value_x=round(value_x, 1), shown=shown))
    if rtl:
        return BarChart(width=total, height=max(len(rows), 1) * ROW_HEIGHT, label_x=total - LABEL_WIDTH + VALUE_GAP,
                        bars=out, rtl=True, label_anchor="start", value_anchor="end")
    return BarChart(width=total, height=max(len(rows), 1) * ROW_HEIGHT,
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
    rtl: bool = False

    @property
    def axis_x(self) -> float:
        """Where the vertical axis stands: on the left, or on the right in right-to-left."""
        return self.right if self.rtl else self.left

    @property
    def near(self) -> str:
        """The anchor of a text beside the axis, away from it ("end" on the left side)."""
        return "start" if self.rtl else "end"

    @property
    def far(self) -> str:
        return "end" if self.rtl else "start"

    @property
    def axis_dx(self) -> int:
        return 6 if self.rtl else -6

    @property
    def first_x(self) -> float:
        """Where time starts: the left end, or the right end in right-to-left."""
        return self.right if self.rtl else self.left

    @property
    def last_x(self) -> float:
        return self.left if self.rtl else self.right

    @property
    def point_dx(self) -> int:
        return 4 if self.rtl else -4


def cumulative_chart(series: Sequence[RepatriationPoint], width: int = 560, height: int = 220,
                     rtl: bool | None = None) -> LineChart | None:
    """A step line of the running total of children brought home, over time (shown totals only).

    Right to left (``rtl``, default: the active language's direction) mirrors it: time runs from
    the right, the axis stands on the right.
    """
    rtl = _rtl(rtl)
    shown = [p for p in series if p.cumulative_shown]
    if not shown:
        return None
    left, right, top, bottom = 50.0, width - 20.0, 15.0, height - 30.0
    if rtl:  # the axis and its figures need the wider margin, now on the right
        left, right = 20.0, width - 50.0
    first, last = shown[0].day, shown[-1].day
    span = max((last - first).days, 1)
    peak = max(p.cumulative for p in shown) or 1

    def x_of(day: dt.date) -> float:
        share = (day - first).days / span
        return round(right - (right - left) * share if rtl else left + (right - left) * share, 1)

    def y_of(value: int) -> float:
        return round(bottom - (bottom - top) * value / peak, 1)

    points: list[Point] = []
    last_label_x = -1e9
    for i, p in enumerate(shown):
        x = x_of(p.day)
        # Label a point only where it has room, and always the last one (the total so far).
        gone, ahead = (abs(x - last_label_x), x - left) if rtl else (x - last_label_x, right - x)
        room = gone >= MIN_LABEL_GAP and (i == len(shown) - 1 or ahead >= MIN_LABEL_GAP)
        labelled = room or i == len(shown) - 1
        if labelled:
            last_label_x = x
        points.append(Point(x, y_of(p.cumulative), _day(p.day), str(p.cumulative), labelled))
    # Steps: the total stays flat until the next arrival, then jumps.
    start = right if rtl else left
    segments = [f"M {start} {bottom}", f"L {points[0].x} {bottom}", f"L {points[0].x} {points[0].y}"]
    for prev, cur in zip(points, points[1:], strict=False):
        segments.append(f"L {cur.x} {prev.y}")
        segments.append(f"L {cur.x} {cur.y}")
    return LineChart(width=width, height=height, points=points, path=" ".join(segments), axis_y=bottom,
                     left=left, right=right, top=top, max_text=str(peak), first_label=_day(first),
                     last_label=_day(last), rtl=rtl)
