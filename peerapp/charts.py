"""The 30-day trend of mood, craving and sleep, laid out for SVG drawn on the server (the
check-in's progress page, a peer's conversation and a clinic's client page all draw it).

One small chart per measure, each with its own scale and a labelled axis, so that no line is read
against another's numbers. The charts are drawn 320 units wide, about their size on a phone, so
that their 13-unit text is at least 12 px at 360 px; the page also shows the same figures as a
table. Days without a check-in leave a gap. The template ``checkin/_trend.html`` draws what
:func:`trend_chart` lays out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from peerapp.words import LazyString, _l

if TYPE_CHECKING:
    from peerapp.models.checkins import CheckIn

#: one chart's size, and its margins: the scale on the left, the days below
WIDTH, HEIGHT = 320, 120
LEFT, RIGHT, TOP, BOTTOM = 30, 12, 10, 24
#: the text size in the charts' own units (at least 12 px where a chart is 296 px or wider)
TEXT = 13
DAYS = 30


@dataclass(frozen=True)
class Series:
    """One measure: the field it draws, its scale and its marks, and how it looks."""

    field: str
    name: LazyString
    low: float
    top: float
    ticks: tuple[float, ...]
    colour: str


SERIES = (
    Series("mood", _l("Mood (1–5)"), 1, 5, (1, 3, 5), "#0b5566"),
    Series("craving", _l("Craving (0–10)"), 0, 10, (0, 5, 10), "#a61b1b"),
    Series("sleep_hours", _l("Sleep (hours)"), 0, 12, (0, 6, 12), "#1d5e35"),
)


@dataclass(frozen=True)
class Panel:
    """One measure as drawn: its line, its points and the marks of its scale (value, y)."""

    series: Series
    path: str
    points: list[tuple[float, float]]
    ticks: list[tuple[float, float]]


@dataclass(frozen=True)
class Chart:
    """Everything the template needs to draw the trend: one panel per measure."""

    width: int
    height: int
    left: int
    right: int
    bottom: int
    text: int
    first: date
    until: date
    days: list[date]
    rows: dict[date, CheckIn]
    panels: list[Panel]


def _x(index: int) -> float:
    return round(LEFT + index * (WIDTH - LEFT - RIGHT) / (DAYS - 1), 1)


def _y(value: float, series: Series) -> float:
    share = max(0.0, min(1.0, (value - series.low) / (series.top - series.low)))
    return round(HEIGHT - BOTTOM - share * (HEIGHT - TOP - BOTTOM), 1)


def _path(values: list[float | None], series: Series) -> str:
    parts, pen_down = [], False
    for index, value in enumerate(values):
        if value is None:
            pen_down = False
            continue
        parts.append(f"{'L' if pen_down else 'M'}{_x(index)} {_y(value, series)}")
        pen_down = True
    return " ".join(parts)


def trend_chart(rows: list[CheckIn], until: date) -> Chart:
    """The last 30 days up to ``until`` laid out as one small chart per measure."""
    first = until - timedelta(days=DAYS - 1)
    by_day = {row.day: row for row in rows}
    days = [first + timedelta(days=n) for n in range(DAYS)]
    panels = []
    for series in SERIES:
        values = [getattr(by_day[d], series.field) if d in by_day else None for d in days]
        points = [(_x(i), _y(v, series)) for i, v in enumerate(values) if v is not None]
        ticks = [(tick, _y(tick, series)) for tick in series.ticks]
        panels.append(Panel(series, _path(values, series), points, ticks))
    return Chart(WIDTH, HEIGHT, LEFT, RIGHT, BOTTOM, TEXT, first, until, days, by_day, panels)


@dataclass(frozen=True)
class Month:
    """A calendar month as weeks from Monday, with the days that have a check-in."""

    first: date
    weeks: list[list[date | None]]
    checked: set[date]


def month_calendar(days_checked: set[date], today: date) -> Month:
    """The month of ``today`` laid out Monday to Sunday."""
    first = today.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    cells: list[date | None] = [None] * first.weekday()
    cells += [first + timedelta(days=n) for n in range((following - first).days)]
    cells += [None] * (-len(cells) % 7)
    weeks = [cells[i : i + 7] for i in range(0, len(cells), 7)]
    return Month(first, weeks, {d for d in days_checked if d.month == first.month})
