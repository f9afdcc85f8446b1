"""What an event may hold: a title, a start and an end (the end after the start), an RRULE for a
recurring one, a place or a link, and a few short texts; and its occurrences in a stretch of time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dateutil.rrule import rrule, rrulestr

from peerapp.models.events import Event
from peerapp.services.stewardship import listings
from peerapp.words import _

TITLE_MAX = 120
DESCRIPTION_MAX = 2000
SHORT_MAX = 300
ORGANISER_MAX = 200
RECURRENCE_MAX = 500
DEFAULT_ZONE = "Europe/Oslo"
#: how often an event may recur at most: daily, weekly or monthly, never by the hour
FREQUENCIES = ("DAILY", "WEEKLY", "MONTHLY")
#: the longest an event may last
LONGEST = timedelta(days=3)
FIELDS = {
    "title",
    "starts_at",
    "ends_at",
    "timezone",
    "recurrence",
    "location",
    "online_url",
    "description",
    "for_whom",
    "signup",
    "organiser",
}


def _moment(value: Any, name: str, errors: dict[str, str]) -> datetime | None:
    if isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value.strip())
        except ValueError:
            moment = None
        if moment is not None and moment.tzinfo is not None:
            return moment
    errors[name] = _("Give a date and time with its offset, such as 2026-12-03T19:00+01:00.")
    return None


def _zone(value: Any, errors: dict[str, str]) -> str:
    if value is None:
        return DEFAULT_ZONE
    try:
        if isinstance(value, str) and value:
            ZoneInfo(value)
            return value
    except (ZoneInfoNotFoundError, ValueError):
        pass
    errors["timezone"] = _("Give a time zone such as Europe/Oslo.")
    return DEFAULT_ZONE


def read_recurrence(
    value: Any, starts_local: datetime | None, errors: dict[str, str]
) -> str | None:
    """An RRULE (with or without "RRULE:"), daily, weekly or monthly; ``None`` for a one-off."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if not isinstance(value, str) or len(value) > RECURRENCE_MAX:
        errors["recurrence"] = _("Give the repetition as an RRULE, such as FREQ=WEEKLY;BYDAY=TU.")
        return None
    text = value.strip()
    if text.upper().startswith("RRULE:"):
        text = text[len("RRULE:") :]
    try:
        rule = rrulestr(f"RRULE:{text}", dtstart=starts_local or datetime(2026, 1, 1))
    except (ValueError, TypeError, KeyError, IndexError):
        rule = None
    frequency = dict(part.split("=", 1) for part in text.upper().split(";") if "=" in part).get(
        "FREQ"
    )
    if not isinstance(rule, rrule) or frequency not in FREQUENCIES:
        errors["recurrence"] = _("Give the repetition as an RRULE, such as FREQ=WEEKLY;BYDAY=TU.")
        return None
    return text


@dataclass(frozen=True)
class EventFields:
    """An event as read from what a peer sent, every field checked."""

    values: dict[str, Any]


def read_event(body: dict[str, Any], current: Event | None = None) -> EventFields:
    """The fields ``body`` sends, checked (all of them when adding); ``ValidationError`` names
    every bad one. Lists and the location are replaced whole."""
    from peerapp.services.errors import ValidationError

    errors: dict[str, str] = {}
    listings.unknown_fields(body, FIELDS, errors)
    adding = current is None
    values: dict[str, Any] = {}
    if adding or "title" in body:
        values["title"] = listings.read_text(body, "title", TITLE_MAX, errors, required=True)
    for name, limit in (
        ("description", DESCRIPTION_MAX),
        ("for_whom", SHORT_MAX),
        ("signup", SHORT_MAX),
        ("organiser", ORGANISER_MAX),
    ):
        if adding or name in body:
            values[name] = listings.read_text(body, name, limit, errors) or ""
    zone = _zone(body.get("timezone"), errors) if "timezone" in body or adding else None
    zone = zone or (current.timezone if current else DEFAULT_ZONE)
    values["timezone"] = zone
    starts = ends = None
    if adding or "starts_at" in body or "ends_at" in body:
        starts = _moment(body.get("starts_at"), "starts_at", errors)
        ends = _moment(body.get("ends_at"), "ends_at", errors)
        if starts is not None and ends is not None:
            if ends <= starts:
                errors["ends_at"] = _("The event must end after it starts.")
            elif ends - starts > LONGEST:
                errors["ends_at"] = _("An event can last at most three days.")
            else:
                tz = ZoneInfo(zone)
                values["starts_local"] = starts.astimezone(tz).replace(tzinfo=None)
                values["ends_local"] = ends.astimezone(tz).replace(tzinfo=None)
    if adding or "recurrence" in body:
        first = values.get("starts_local") or (current.starts_local if current else None)
        values["recurrence"] = read_recurrence(body.get("recurrence"), first, errors)
    online = current.online_url if current else None
    if adding or "online_url" in body:
        online = listings.web_url(
            listings.read_text(body, "online_url", 1000, errors), "online_url", errors
        )
        values["online_url"] = online
    has_place = current is not None and current.latitude is not None
    if "location" in body and body["location"] is not None:
        location = listings.read_location(body["location"], errors)
        values.update(
            place_name=location.get("name"),
            address=location.get("address"),
            city=location.get("city"),
            region=location.get("region"),
            latitude=location.get("latitude"),
            longitude=location.get("longitude"),
        )
        has_place = True
    elif "location" in body:
        values.update(
            place_name=None, address=None, city=None, region=None, latitude=None, longitude=None
        )
        has_place = False
    if not has_place and not online and "location" not in errors:
        errors["location"] = _("Give a place, or a link for an event online.")
    if errors:
        raise ValidationError(errors)
    return EventFields(values)


def _rule(event: Event) -> Any:
    if not event.recurrence:
        return None
    return rrulestr(f"RRULE:{event.recurrence}", dtstart=event.starts_local)


def occurrences(event: Event, start: datetime, end: datetime, limit: int = 50) -> list[datetime]:
    """The event's starts (aware, in its zone) from ``start`` up to ``end`` (aware instants);
    an occurrence under way at ``start`` counts."""
    tz = ZoneInfo(event.timezone)
    length = event.ends_local - event.starts_local
    low = (start.astimezone(tz) - length).replace(tzinfo=None)
    high = end.astimezone(tz).replace(tzinfo=None)
    rule = _rule(event)
    if rule is None:
        starts = [event.starts_local] if low < event.starts_local <= high else []
    else:
        starts = []
        for moment in rule.xafter(low, inc=False):
            if moment > high or len(starts) >= limit:
                break
            starts.append(moment)
    return [moment.replace(tzinfo=tz) for moment in starts]


def next_start(event: Event, now: datetime) -> datetime | None:
    """The start of the next occurrence (or the one under way), or ``None`` when it is over."""
    found = occurrences(event, now, now + timedelta(days=400), limit=1)
    return found[0] if found else None


def duration(event: Event) -> timedelta:
    """How long each occurrence lasts."""
    return event.ends_local - event.starts_local


def first_start(event: Event) -> datetime:
    """The first occurrence's start, aware, in UTC."""
    return event.starts_local.replace(tzinfo=ZoneInfo(event.timezone)).astimezone(UTC)


def day_bounds(on: date, zone: str = DEFAULT_ZONE) -> tuple[datetime, datetime]:
    """The first and last instant of a day in ``zone``."""
    tz = ZoneInfo(zone)
    return datetime.combine(on, time.min, tz), datetime.combine(on, time.max, tz)


def wall_clock(day: str, at: str, zone: str = DEFAULT_ZONE) -> str | None:
    """A form's day (YYYY-MM-DD) and time (HH:MM) in ``zone`` as ISO 8601 with its offset."""
    try:
        moment = datetime.combine(date.fromisoformat(day), time.fromisoformat(at), ZoneInfo(zone))
    except ValueError:
        return None
    return moment.isoformat()
