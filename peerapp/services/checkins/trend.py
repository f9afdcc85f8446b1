"""Seeing progress: days with a check-in and the 30-day trend, and when to bring up help."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from peerapp.models.checkins import CheckIn
from peerapp.models.people import User
from peerapp.services.checkins.daily import between, today

TREND_DAYS = 30
#: craving at or above this brings up help, without alarm
CRAVING_HIGH = 7
#: mood at or below this three days running brings up help
MOOD_LOW = 2
MOOD_LOW_DAYS = 3


@dataclass(frozen=True)
class Progress:
    """What the person sees of the last days: kind numbers, never a broken streak."""

    days_checked_in: int
    days_in_window: int
    this_week: int
    trend: list[CheckIn]


def progress(user: User, until: date | None = None, days: int = TREND_DAYS) -> Progress:
    """Days with a check-in in the last ``days`` days (and this week), and the trend."""
    until = until or today()
    first = until - timedelta(days=days - 1)
    rows = between(user, first, until)
    week_start = until - timedelta(days=until.weekday())
    return Progress(
        days_checked_in=len(rows),
        days_in_window=days,
        this_week=sum(1 for row in rows if row.day >= week_start),
        trend=rows,
    )


def needs_support(user: User, until: date | None = None) -> bool:
    """Craving at 7 or more today, or mood at 2 or less three days running."""
    until = until or today()
    rows = {row.day: row for row in between(user, until - timedelta(days=MOOD_LOW_DAYS - 1), until)}
    latest = rows.get(until)
    if latest is not None and latest.craving is not None and latest.craving >= CRAVING_HIGH:
        return True
    low = [rows.get(until - timedelta(days=n)) for n in range(MOOD_LOW_DAYS)]
    return all(row is not None and row.mood is not None and row.mood <= MOOD_LOW for row in low)
