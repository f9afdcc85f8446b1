"""The 30-day trend of mood, craving and sleep, laid out for an SVG drawn on the server (the
check-in page, a peer's conversation and a clinic's client page all draw it).

Each series has its own line style (solid, dashed, dotted) and label, so colour is never the only
difference; the page also shows the same figures as a table. Days without a check-in leave a gap.
The template ``checkin/_trend.html`` draws what :func:`trend_chart` lays out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from peerapp.words import LazyString, _l

if TYPE_CHECKING:
    from peerapp.models.checkins import CheckIn

WIDTH, HEIGHT, PAD = 620, 220, 30
DAYS = 30


@dataclass(frozen=True)
class Series:
    """One line: the field it draws, its scale and how it looks."""

    field: str
    name: LazyString
    top: float
    dash: str
    colour: str


SERIES = (
    Series("mood", _l("Mood (1–5)"), 5, "", "#0b5566"),
    Series("craving", _l("Craving (0–10)"), 10, "8 5", "#a61b1b"),
    Series("sleep_hours", _l("Sleep (hours)"), 12, "2 4", "#1d5e35"),
)


@dataclass(frozen=True)
class Line:
    """A series as drawn: its path, its points and its look."""

    series: Series
    path: str
    points: list[tuple[float, float]]


@dataclass(frozen=True)
class Chart:
    """Everything the template needs to draw the trend."""

    width: int
    height: int
    pad: int
    first: date
    until: date
    days: list[date]
    rows: dict[date, CheckIn]
    lines: list[Line]


def _x(index: int) -> float:
    return round(PAD + index * (WIDTH - 2 * PAD) / (DAYS - 1), 1)


def _y(value: float, top: float) -> float:
    share = max(0.0, min(1.0, value / top))
    return round(HEIGHT - PAD - share * (HEIGHT - 2 * PAD), 1)


def _path(values: list[float | None], top: float) -> str:
    parts, pen_down = [], False
    for index, value in enumerate(values):
        if value is None:
            pen_down = False
            continue
        parts.append(f"{'L' if pen_down else 'M'}{_x(index)} {_y(value, top)}")
        pen_down = True
    return " ".join(parts)


def trend_chart(rows: list[CheckIn], until: date) -> Chart:
    """The last 30 days up to ``until`` laid out as lines."""
    first = until - timedelta(days=DAYS - 1)
    by_day = {row.day: row for row in rows}
    days = [first + timedelta(days=n) for n in range(DAYS)]
    lines = []
    for series in SERIES:
        values = [getattr(by_day[d], series.field) if d in by_day else None for d in days]
        points = [(_x(i), _y(v, series.top)) for i, v in enumerate(values) if v is not None]
        lines.append(Line(series, _path(values, series.top), points))
    return Chart(WIDTH, HEIGHT, PAD, first, until, days, by_day, lines)


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
