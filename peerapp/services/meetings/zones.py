"""Time zone definitions for calendar files, in the RRULE form every calendar client reads.

A VTIMEZONE written as lists of RDATEs (what ``icalendar`` derives from the tz database) is
misread by Mozilla's ical.js, the parser behind Thunderbird and many web calendars: a weekly
Tuesday 20:00 Oslo meeting moves to 21:00 after the end of March. The usual form, as tzurl.org
and Thunderbird write it, states each change of summer time once as a yearly rule
(``RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU``). This module derives that form from the tz
database, and keeps the RDATE form only for a zone whose changes follow no yearly rule.
"""

from __future__ import annotations

import calendar as month_lengths
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
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


def _changes_in(zone: ZoneInfo, year: int) -> list[_Change]:
    """The changes of offset in ``year``, found hour by hour and then to the minute."""
    changes = []
    moment = datetime(year, 1, 1, tzinfo=UTC)
    end = datetime(year + 1, 1, 1, tzinfo=UTC)
    before = moment.astimezone(zone).utcoffset()
    while moment < end:
        later = moment + timedelta(hours=1)
        after = later.astimezone(zone).utcoffset()
        if after != before and before is not None and after is not None:
            exact = moment
            while (exact + timedelta(minutes=1)).astimezone(zone).utcoffset() == before:
                exact += timedelta(minutes=1)
            exact += timedelta(minutes=1)
            local = exact.astimezone(zone)
            changes.append(
                _Change(
                    local=(exact + before).replace(tzinfo=None),
                    offset_from=before,
                    offset_to=after,
                    name=local.tzname() or "",
                    daylight=bool(local.dst()),
                )
            )
        moment, before = later, after
    return changes


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
    changes = _changes_in(zone, first_year)
    component = Timezone()
    component.add("tzid", tzid)
    component.add("x-lic-location", tzid)
    if not changes:
        if any(_changes_in(zone, year) for year in range(first_year + 1, first_year + 3)):
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
            expected = [c for c in _changes_in(zone, year) if c.daylight == change.daylight]
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


def zone_definition(tzid: str, first_date: date, last_date: date) -> Timezone:
    """The VTIMEZONE for ``tzid``: yearly rules where the zone has them, else dated changes."""
    return rrule_timezone(tzid, first_date.year) or Timezone.from_tzid(
        tzid, first_date=first_date, last_date=last_date
    )
