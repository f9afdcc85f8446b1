"""Meetings as iCalendar: one recurring event per meeting, in the meeting's own time zone.

The page's "Add to calendar" file and any published calendar feed are built here, so they never
disagree. Callers pass the public URL of each meeting (no request globals in services).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import date, datetime, time, timedelta

import sqlalchemy as sa
from icalendar import Alarm, Calendar, Event, vDuration, vGeo, vRecur
from sqlalchemy.orm import selectinload

from peerapp.extensions import db, utcnow
from peerapp.models import Meeting
from peerapp.services.meetings import recurrence
from peerapp.services.meetings.reminders import check_lead
from peerapp.services.meetings.vocabulary import FELLOWSHIPS, type_label
from peerapp.services.meetings.when import moment_of as recurrence_moment
from peerapp.services.meetings.when import next_start
from peerapp.services.meetings.zones import zone_definition

PRODID = "-//Peerapp//Meetings//EN"
#: iCalendar's two-letter weekday codes, indexed by our day number (0 = Sunday)
ICAL_DAYS = ("SU", "MO", "TU", "WE", "TH", "FR", "SA")
#: how far ahead a time zone definition without yearly rules reaches (see ``zones.py``)
ZONE_YEARS = 15
_BREAKS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def one_line(text: str) -> str:
    """Text for a one-line property (name, place): line breaks and control characters as spaces.

    Names are kept to one line when written; a feed or an old row may still hold a break, and a
    calendar file must not split on it.
    """
    return " ".join(_BREAKS.sub(" ", text).split())


def meeting_uid(meeting: Meeting, host: str) -> str:
    """A UID that stays the same for this meeting on this installation (``slug@host``)."""
    return f"{meeting.slug}@{host}"


def meeting_location_text(meeting: Meeting) -> str:
    """The venue and address in one line, as calendars show a location."""
    loc = meeting.location
    if loc is None:
        return ""
    town = " ".join(part for part in (loc.postal_code, loc.city) if part)
    parts = (loc.name, loc.address, town)
    return ", ".join(dict.fromkeys(part for part in parts if part))


def _description(meeting: Meeting, url: str) -> str:
    """What a person wants to read in the calendar entry: fellowship, types, how to join."""
    lines = []
    fellowship = FELLOWSHIPS.get(meeting.fellowship)
    lines.append(str(fellowship.name) if fellowship else meeting.fellowship)
    if meeting.types:
        lines.append(", ".join(type_label(code) for code in meeting.types))
    if meeting.attendance_option in ("online", "hybrid"):
        if meeting.conference_url:
            lines.append(meeting.conference_url)
        if meeting.conference_phone:
            lines.append(meeting.conference_phone)
    if meeting.notes:
        lines.append(meeting.notes)
    lines.append(url)
    return "\n\n".join(lines)


def _repeat(event: Event, meeting: Meeting, start: datetime, now: datetime) -> None:
    """How the event repeats: weekly, or by the meeting's rule, with its exceptions.

    A single RRULE is written as it is stored, with an EXDATE for each cancelled date and an
    EXDATE plus an RDATE for a meeting moved once; a list of dates becomes RDATEs of the dates to
    come (``recurrence.HORIZON_DAYS`` ahead). Exceptions before ``start`` are left out.
    """
    if not recurrence.is_irregular(meeting):
        event.add("rrule", {"freq": "weekly", "byday": ICAL_DAYS[meeting.day]})
        return
    rule = meeting.recurrence
    if rule and "\n" not in rule and ":" not in rule:
        event.add("rrule", vRecur.from_ical(rule))
    elif rule is None:
        event.add("rrule", {"freq": "weekly", "byday": ICAL_DAYS[meeting.day]})
    else:
        later = recurrence.occurrences_between(meeting, start, start + timedelta(days=400))
        dates = [o.start for o in later if o.start != start]
        if dates:
            event.add("rdate", dates)
        return
    zone = start.tzinfo
    for entry in recurrence.exceptions_of(meeting):
        when = date.fromisoformat(entry["date"])
        original = datetime.combine(when, meeting.time, zone)
        if original < start and when != start.date():
            continue
        if "time" not in entry:
            event.add("exdate", original)
            continue
        moved = datetime.combine(when, time.fromisoformat(entry["time"]), zone)
        if moved != original:
            if original != start:
                event.add("exdate", original)
            if moved != start:
                event.add("rdate", moved)


def meeting_event(meeting: Meeting, *, url: str, host: str, now: datetime | None = None) -> Event:
    """A VEVENT for ``meeting`` that repeats as it does (weekly, or by its rule), starting at its
    current or next occurrence."""
    now = now or utcnow()
    moment = recurrence_moment(meeting, now)
    start = (
        moment.starts_at
        if moment is not None
        else next_start(meeting.day, meeting.time, meeting.timezone, now)
    )
    event = Event()
    event.add("uid", meeting_uid(meeting, host))
    event.add("dtstamp", now)
    event.add("last-modified", meeting.updated_at)
    event.add("summary", one_line(meeting.name))
    event.add("dtstart", start)
    event.add("dtend", start + timedelta(minutes=meeting.duration_minutes))
    _repeat(event, meeting, start, now)
    location = meeting_location_text(meeting)
    if meeting.attendance_option == "online" and meeting.conference_url:
        location = meeting.conference_url
    if location:
        event.add("location", one_line(location))
    loc = meeting.location
    if loc is not None and loc.latitude is not None and loc.longitude is not None:
        event.add("geo", vGeo((loc.latitude, loc.longitude)))
    event.add("url", url)
    event.add("description", _description(meeting, url))
    return event


def meetings_calendar(
    meetings: Iterable[Meeting],
    *,
    url_for_meeting: Callable[[Meeting], str],
    host: str,
    name: str | None = None,
    now: datetime | None = None,
) -> Calendar:
    """A calendar holding a weekly event per meeting, with the VTIMEZONEs they refer to."""
    now = now or utcnow()
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if name:
        calendar.add("x-wr-calname", name)
    for meeting in meetings:
        url = url_for_meeting(meeting)
        calendar.add_component(meeting_event(meeting, url=url, host=host, now=now))
    today = now.date()
    for tzid in sorted(calendar.get_missing_tzids()):
        calendar.add_component(
            zone_definition(
                tzid,
                first_date=today - timedelta(days=7),
                last_date=date(today.year + ZONE_YEARS, 1, 1),
            )
        )
    return calendar


def meeting_ics(
    meeting: Meeting,
    *,
    url: str,
    host: str,
    now: datetime | None = None,
    remind_minutes: int | None = None,
) -> bytes:
    """The ``.ics`` file of one meeting; with ``remind_minutes`` (one of ``REMINDER_LEADS``) each
    occurrence carries an alarm that long before it starts."""
    if remind_minutes is not None:
        check_lead(remind_minutes)
    calendar = meetings_calendar(
        [meeting],
        url_for_meeting=lambda _meeting: url,
        host=host,
        name=one_line(meeting.name),
        now=now,
    )
    if remind_minutes is not None:
        for event in calendar.walk("VEVENT"):
            event.add_component(_alarm(meeting, remind_minutes))
    return calendar.to_ical()


def _alarm(meeting: Meeting, minutes: int) -> Alarm:
    """A VALARM that shows the meeting's name ``minutes`` before each occurrence."""
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", meeting.name)
    alarm.add("trigger", -timedelta(minutes=minutes))
    return alarm


#: how often a subscribed calendar should fetch the feed again
FEED_REFRESH = timedelta(hours=12)
#: the most meetings one feed of saved meetings names
MAX_SAVED = 100


def listed_meetings(ids: Iterable[int]) -> list[Meeting]:
    """The listed (not archived) meetings among ``ids``, in the order given; unknown ones are
    left out, so that a phone's saved list with a meeting since archived still works."""
    wanted = list(dict.fromkeys(ids))[:MAX_SAVED]
    if not wanted:
        return []
    found = {
        meeting.id: meeting
        for meeting in db.session.scalars(
            sa.select(Meeting)
            .where(Meeting.id.in_(wanted), Meeting.archived_at.is_(None))
            .options(selectinload(Meeting.location))
        )
    }
    return [found[meeting_id] for meeting_id in wanted if meeting_id in found]


def feed_ics(
    meetings: Iterable[Meeting],
    *,
    url_for_meeting: Callable[[Meeting], str],
    host: str,
    name: str,
    now: datetime | None = None,
) -> bytes:
    """A calendar to subscribe to (``webcal:``): the meetings as weekly events, with how often
    calendar apps should fetch it again."""
    calendar = meetings_calendar(
        meetings, url_for_meeting=url_for_meeting, host=host, name=one_line(name), now=now
    )
    calendar.add("refresh-interval", FEED_REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", vDuration(FEED_REFRESH))
    return calendar.to_ical()
