"""Charts right to left: labels on the right, bars growing leftwards, the axis on the right, and
every coordinate written with a dot whatever the language's decimal separator."""

from __future__ import annotations

import datetime as dt
import re

from django.template.loader import render_to_string
from django.utils import translation

from homeward.reports.charts import bars, cumulative_chart
from homeward.reports.figures import RepatriationPoint

ROWS = [("جمهورية الشيشان", 12, "12", True), ("جمهورية داغستان", 5, "5", True), ("مقاطعة موسكو", 2, "<5", False)]


def _series() -> list[RepatriationPoint]:
    days = [dt.date(2018, 12, 30), dt.date(2019, 2, 10), dt.date(2019, 7, 19)]
    counts, total = [30, 27, 14], 0
    out = []
    for day, n in zip(days, counts, strict=True):
        total += n
        out.append(RepatriationPoint(day, n, total, str(n), str(total), True, True))
    return out


def test_right_to_left_bars_grow_leftwards_from_labels_on_the_right() -> None:
    ltr, rtl = bars(ROWS, rtl=False), bars(ROWS, rtl=True)
    assert rtl.width == ltr.width and rtl.label_anchor == "start" and rtl.value_anchor == "end"
    for a, b in zip(ltr.bars, rtl.bars, strict=True):
        assert b.width == a.width
        assert abs((b.x + b.width) - (ltr.width - a.x)) < 0.2  # mirrored: the bar ends where the labels start
        assert b.value_x < b.x <= rtl.label_x
    assert rtl.label_x > rtl.width / 2 > ltr.label_x


def test_right_to_left_line_chart_has_its_axis_on_the_right_and_time_running_leftwards() -> None:
    ltr, rtl = cumulative_chart(_series(), rtl=False), cumulative_chart(_series(), rtl=True)
    assert ltr is not None and rtl is not None
    assert rtl.axis_x == rtl.right and ltr.axis_x == ltr.left
    assert [p.x for p in rtl.points] == sorted((p.x for p in rtl.points), reverse=True)
    assert [round(rtl.width - p.x, 1) for p in rtl.points] == [p.x for p in ltr.points]


def test_charts_render_with_dots_in_russian_and_mirrored_in_arabic() -> None:
    with translation.override("ru"):
        chart = bars([("Чеченская Республика", 7, "7", True), ("Москва", 3, "3", True)])
        svg = render_to_string("reports/_bar_chart.html", {"chart": chart, "title": "т"})
        assert not re.search(r'(x|y|width|height)="\d+,\d', svg)
        assert svg.count("<rect") == 2
    with translation.override("ar"):
        chart = bars(ROWS)
        svg = render_to_string("reports/_bar_chart.html", {"chart": chart, "title": "ع"})
        assert chart.rtl and 'data-direction="rtl"' in svg and 'direction="ltr"' in svg
        assert svg.count("<rect") == 2  # the hidden count draws no bar
        line = cumulative_chart(_series())
        assert line is not None and line.rtl and line.first_label == "30/12/2018"
