"""Events as iCalendar: each with its RRULE, in its own time zone, so calendars repeat it."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, vGeo, vRecur
from icalendar import Event as CalendarEvent

from peerapp.extensions import utcnow
from peerapp.models.events import Event
from peerapp.services.meetings.calendar import ZONE_YEARS, one_line
from peerapp.services.meetings.zones import zone_definition

PRODID = "-//Peerapp//Events//EN"


def _location_text(event: Event) -> str:
    parts = (event.place_name, event.address, event.city)
    return ", ".join(dict.fromkeys(part for part in parts if part))


def calendar_event(event: Event, *, url: str, host: str, now: datetime) -> CalendarEvent:
    """A VEVENT for ``event``, repeating by its RRULE."""
    tz = ZoneInfo(event.timezone)
    item = CalendarEvent()
    item.add("uid", f"event-{event.id}@{host}")
    item.add("dtstamp", now)
    item.add("last-modified", event.updated_at)
    item.add("summary", one_line(event.title))
    item.add("dtstart", event.starts_local.replace(tzinfo=tz))
    item.add("dtend", event.ends_local.replace(tzinfo=tz))
    if event.recurrence:
        item.add("rrule", vRecur.from_ical(event.recurrence))
    location = _location_text(event) or event.online_url or ""
    if location:
        item.add("location", one_line(location))
    if event.latitude is not None and event.longitude is not None:
        item.add("geo", vGeo((event.latitude, event.longitude)))
    item.add("url", url)
    lines = [text for text in (event.description, event.for_whom, event.signup) if text]
    if event.online_url:
        lines.append(event.online_url)
    lines.append(url)
    item.add("description", "\n\n".join(lines))
    return item


def events_ics(
    events: Iterable[Event],
    *,
    url_for_event: Callable[[int], str],
    host: str,
    name: str,
    now: datetime | None = None,
) -> bytes:
    """A calendar file with these events and the time zones they refer to."""
    now = now or utcnow()
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", one_line(name))
    for event in events:
        calendar.add_component(
            calendar_event(event, url=url_for_event(event.id), host=host, now=now)
        )
    today = now.date()
    for tzid in sorted(calendar.get_missing_tzids()):
        calendar.add_component(
            zone_definition(
                tzid,
                first_date=today - timedelta(days=7),
                last_date=date(today.year + ZONE_YEARS, 1, 1),
            )
        )
    return calendar.to_ical()
