"""Working days in Norway: Monday to Friday, less the public holidays (the ``holidays`` library)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

OSLO = ZoneInfo("Europe/Oslo")


@lru_cache(maxsize=8)
def _public_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("NO", years=year))


def is_working_day(day: date) -> bool:
    """Monday to Friday and not a Norwegian public holiday (such as 17 May or Easter Monday)."""
    return day.weekday() < 5 and day not in _public_holidays(day.year)


def after_working_days(start: datetime, days: int) -> datetime:
    """The same clock time in Norway ``days`` working days after ``start``.

    Sent on a Monday at 10:00, two working days end on Wednesday at 10:00; sent on a Saturday,
    on Tuesday; sent the day before Easter, on the Wednesday after Easter Monday.
    """
    local = start.astimezone(OSLO)
    day = local.date()
    counted = 0
    while counted < days:
        day += timedelta(days=1)
        if is_working_day(day):
            counted += 1
    return datetime.combine(day, local.timetz().replace(tzinfo=None), OSLO)
