"""The trend's charts: one per measure, each on its own scale, a gap for a day without a check-in,
and text that stays readable on a phone."""

from __future__ import annotations

from datetime import date, timedelta
from types import SimpleNamespace
from typing import Any

from peerapp import charts

UNTIL = date(2026, 12, 3)


def row(back: int, **figures: Any) -> Any:
    """A check-in ``back`` days before ``UNTIL`` (only what the charts read)."""
    values = {"mood": None, "craving": None, "sleep_hours": None} | figures
    return SimpleNamespace(day=UNTIL - timedelta(days=back), **values)


def panel(chart: charts.Chart, field: str) -> charts.Panel:
    return next(p for p in chart.panels if p.series.field == field)


def test_one_chart_per_measure_each_on_its_own_scale():
    chart = charts.trend_chart([row(0, mood=5, craving=10, sleep_hours=12)], UNTIL)
    assert [p.series.field for p in chart.panels] == ["mood", "craving", "sleep_hours"]
    # the top of each scale is the top of its own chart, whatever the numbers
    tops = {p.series.field: p.points[0][1] for p in chart.panels}
    assert len(set(tops.values())) == 1
    assert all(p.ticks[-1][1] == tops[p.series.field] for p in chart.panels)
    # and each scale is labelled with its own numbers
    assert [value for value, _y in panel(chart, "mood").ticks] == [1, 3, 5]
    assert [value for value, _y in panel(chart, "craving").ticks] == [0, 5, 10]
    assert [value for value, _y in panel(chart, "sleep_hours").ticks] == [0, 6, 12]


def test_the_lowest_figure_sits_on_the_axis_and_a_day_without_a_check_in_is_a_gap():
    chart = charts.trend_chart([row(2, mood=1), row(0, mood=3)], UNTIL)
    mood = panel(chart, "mood")
    assert mood.points[0][1] == mood.ticks[0][1]  # mood 1 on the bottom line
    assert mood.path.count("M") == 2 and "L" not in mood.path  # yesterday left empty
    assert panel(chart, "craving").points == []
    assert chart.first == UNTIL - timedelta(days=29) and len(chart.days) == 30


def test_text_is_at_least_12_px_where_a_chart_is_as_wide_as_on_a_360_px_phone():
    # on a 360 px phone a chart is the page's width less its margins: at least 296 px
    assert charts.TEXT * 296 / charts.WIDTH >= 12
