"""Time zone definitions for calendar files, in the RRULE form every calendar client reads.

A VTIMEZONE written as lists of RDATEs (what ``icalendar`` derives from the tz database) is
misread by Mozilla's ical.js, the parser behind Thunderbird and many web calendars: a weekly
Tuesday 20:00 Oslo meeting moves to 21:00 after the end of March. The usual form, as tzurl.org
and Thunderbird write it, states each change of summer time once as a yearly rule
(``RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU``). This module derives that form from the tz
database; a zone whose changes follow no yearly rule (Morocco's, around Ramadan) gets each
change of the coming years as an observance of its own.
"""

from __future__ import annotations

import calendar as month_lengths
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from icalendar import Timezone, TimezoneDaylight, TimezoneStandard

#: iCalendar's two-letter weekday codes, indexed by Python's ``weekday()`` (0 = Monday)
_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
#: how many years the yearly rule must match the tz database before we trust it
_YEARS_CHECKED = 10


@dataclass(frozen=True)
class _Change:
    """One change of offset: the wall-clock time it happens at (before it) and the offsets."""

    local: datetime
    offset_from: timedelta
    offset_to: timedelta
    name: str
    daylight: bool


@lru_cache(maxsize=512)
def _changes_in(tzid: str, year: int) -> tuple[_Change, ...]:
    """The changes of offset in ``year``: found day by day, then to the minute."""
    zone = ZoneInfo(tzid)
    changes = []
    day = datetime(year, 1, 1, tzinfo=UTC)
    end = datetime(year + 1, 1, 1, tzinfo=UTC)
    while day < end:
        moment, next_day = day, day + timedelta(days=1)
        before = moment.astimezone(zone).utcoffset()
        while before != next_day.astimezone(zone).utcoffset() and before is not None:
            # the first minute of the next offset in this day: by the hour, then by the minute
            for step in (timedelta(hours=1), timedelta(minutes=1)):
                while (moment + step).astimezone(zone).utcoffset() == before:
                    moment += step
            moment += timedelta(minutes=1)
            local = moment.astimezone(zone)
            after = local.utcoffset()
            assert after is not None
            changes.append(
                _Change(
                    local=(moment + before).replace(tzinfo=None),
                    offset_from=before,
                    offset_to=after,
                    name=local.tzname() or "",
                    daylight=bool(local.dst()),
                )
            )
            before = after
        day = next_day
    return tuple(changes)


def _yearly_rule(change: _Change) -> tuple[int, str]:
    """``(month, BYDAY)`` naming the change's day as the n-th or last weekday of its month."""
    day = change.local.date()
    weekday = _WEEKDAYS[day.weekday()]
    if day.day + 7 > month_lengths.monthrange(day.year, day.month)[1]:
        return day.month, f"-1{weekday}"
    return day.month, f"{(day.day - 1) // 7 + 1}{weekday}"


def _rule_day(year: int, month: int, byday: str) -> date:
    """The date in ``year`` that ``BYMONTH=month;BYDAY=byday`` names."""
    weekday = _WEEKDAYS.index(byday[-2:])
    nth = int(byday[:-2])
    if nth > 0:
        first = date(year, month, 1)
        return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))
    last = date(year, month, month_lengths.monthrange(year, month)[1])
    return last - timedelta(days=(last.weekday() - weekday) % 7)


def _offset_text(offset: timedelta) -> str:
    """``+0100`` from an offset."""
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"{sign}{abs(minutes) // 60:02d}{abs(minutes) % 60:02d}"


def rrule_timezone(tzid: str, first_year: int) -> Timezone | None:
    """The VTIMEZONE of ``tzid`` as yearly rules, or ``None`` when its changes of summer time
    follow no yearly rule from ``first_year`` on."""
    zone = ZoneInfo(tzid)
    changes = _changes_in(tzid, first_year)
    component = Timezone()
    component.add("tzid", tzid)
    component.add("x-lic-location", tzid)
    if not changes:
        if any(_changes_in(tzid, year) for year in range(first_year + 1, first_year + 3)):
            return None
        offset = datetime(first_year, 1, 1, tzinfo=UTC).astimezone(zone)
        standard = TimezoneStandard()
        standard.add("tzoffsetfrom", offset.utcoffset())
        standard.add("tzoffsetto", offset.utcoffset())
        standard.add("tzname", offset.tzname() or tzid)
        standard.add("dtstart", datetime(1970, 1, 1))
        component.add_component(standard)
        return component
    if len(changes) != 2:
        return None
    for change in changes:
        month, byday = _yearly_rule(change)
        for year in range(first_year + 1, first_year + _YEARS_CHECKED):
            expected = [c for c in _changes_in(tzid, year) if c.daylight == change.daylight]
            if len(expected) != 1 or expected[0].local != datetime.combine(
                _rule_day(year, month, byday), change.local.time()
            ):
                return None
            if expected[0].offset_to != change.offset_to:
                return None
        part = TimezoneDaylight() if change.daylight else TimezoneStandard()
        part.add("tzoffsetfrom", change.offset_from)
        part.add("tzoffsetto", change.offset_to)
        part.add("tzname", change.name)
        # from 1970, as tzurl.org and Thunderbird write it: the rule holds for any event date
        part.add("dtstart", datetime.combine(_rule_day(1970, month, byday), change.local.time()))
        part.add("rrule", {"freq": "yearly", "bymonth": month, "byday": byday})
        component.add_component(part)
    return component


def dated_timezone(tzid: str, first_date: date, last_date: date) -> Timezone:
    """The VTIMEZONE of ``tzid`` as one observance per change of offset between the two dates.

    Each change is its own STANDARD or DAYLIGHT with only a DTSTART, a form ical.js reads right
    (unlike lists of RDATEs).
    """
    zone = ZoneInfo(tzid)
    start = datetime.combine(first_date, datetime.min.time(), UTC).astimezone(zone)
    offset = start.utcoffset()
    first = _Change(
        local=start.replace(tzinfo=None, second=0, microsecond=0),
        offset_from=offset or timedelta(0),
        offset_to=offset or timedelta(0),
        name=start.tzname() or tzid,
        daylight=bool(start.dst()),
    )
    changes = [first] + [
        change
        for year in range(first_date.year, last_date.year + 1)
        for change in _changes_in(tzid, year)
        if first.local < change.local <= datetime.combine(last_date, datetime.min.time())
    ]
    component = Timezone()
    component.add("tzid", tzid)
    component.add("x-lic-location", tzid)
    for change in changes:
        part = TimezoneDaylight() if change.daylight else TimezoneStandard()
        part.add("tzoffsetfrom", change.offset_from)
        part.add("tzoffsetto", change.offset_to)
        part.add("tzname", change.name)
        part.add("dtstart", change.local)
        component.add_component(part)
    return component


def zone_definition(tzid: str, first_date: date, last_date: date) -> Timezone:
    """The VTIMEZONE for ``tzid``: yearly rules where the zone has them, else dated changes."""
    return rrule_timezone(tzid, first_date.year) or dated_timezone(tzid, first_date, last_date)
