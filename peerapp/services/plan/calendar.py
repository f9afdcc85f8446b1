"""A plan's appointment as iCalendar: one event in Norway's time, with the zone's definition
(the same VTIMEZONE code as meetings) and alarms the evening before and two hours before."""

from __future__ import annotations

from datetime import date, timedelta

from icalendar import Alarm, Calendar, Event

from peerapp.extensions import utcnow
from peerapp.services.meetings.calendar import ZONE_YEARS, one_line
from peerapp.services.meetings.zones import zone_definition
from peerapp.services.plan import reminders
from peerapp.services.plan.store import Appointment

PRODID = "-//Peerapp//Plan//EN"
#: an appointment's length when nothing says otherwise
DEFAULT_LENGTH = timedelta(hours=1)


def appointment_ics(appointment: Appointment, *, client_id: int, host: str, url: str) -> bytes:
    """The ``.ics`` file of one appointment."""
    now = utcnow()
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    event = Event()
    event.add("uid", f"plan-{client_id}-appointment-{appointment.id}@{host}")
    event.add("dtstamp", now)
    summary = " – ".join(part for part in (appointment.what, appointment.with_whom) if part)
    event.add("summary", one_line(summary))
    event.add("dtstart", appointment.starts_at)
    event.add("dtend", appointment.starts_at + DEFAULT_LENGTH)
    if appointment.where:
        event.add("location", one_line(appointment.where))
    event.add("url", url)
    for before in (
        appointment.starts_at - reminders.evening_before(appointment.starts_at),
        reminders.SOON,
    ):
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", one_line(appointment.what))
        alarm.add("trigger", -before)
        event.add_component(alarm)
    calendar.add_component(event)
    today = now.date()
    for tzid in sorted(calendar.get_missing_tzids()):
        calendar.add_component(
            zone_definition(
                tzid,
                first_date=min(today, appointment.starts_at.date()) - timedelta(days=7),
                last_date=date(today.year + ZONE_YEARS, 1, 1),
            )
        )
    return calendar.to_ical()
