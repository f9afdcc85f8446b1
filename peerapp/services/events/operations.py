"""What people do to events, each one operation the pages and the API share: add, correct (with
the same 409 as places when someone saved meanwhile), "still true today", archive; the finder by
date, distance and words; and the stale-first list peers keep true."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from peerapp.extensions import db, utcnow
from peerapp.models.events import Event
from peerapp.models.people import User
from peerapp.services.errors import NotAllowed, NotFound, ValidationError
from peerapp.services.events import rules
from peerapp.services.geo import haversine_km
from peerapp.services.privacy import audit
from peerapp.services.stewardship import limits, listings
from peerapp.services.text import fold
from peerapp.services.unit import unit_of_work
from peerapp.words import _

#: who may add and keep events
WRITERS = ("peer", "admin", "municipal")
#: how far the finder looks by default: this week
DEFAULT_DAYS = 7
LONGEST_SEARCH_DAYS = 92
MAX_RADIUS_KM = 500


def _not_found() -> NotFound:
    return NotFound(_("We could not find that event."))


def _check_writer(actor: User, region: str | None = None, city: str | None = None) -> None:
    if actor.role not in WRITERS:
        raise NotAllowed
    limits.check(actor, None, region, city)


def find_listed_event(event_id: int) -> Event:
    """The event, if it is listed; ``NotFound`` when there is none or it was archived."""
    event = db.session.get(Event, event_id)
    if event is None or event.archived_at is not None:
        raise _not_found()
    return event


def _snapshot(event: Event) -> dict[str, Any]:
    return {
        "title": event.title,
        "starts_local": event.starts_local.isoformat() if event.starts_local else None,
        "ends_local": event.ends_local.isoformat() if event.ends_local else None,
        "timezone": event.timezone,
        "recurrence": event.recurrence,
        "place_name": event.place_name,
        "address": event.address,
        "city": event.city,
        "region": event.region,
        "latitude": event.latitude,
        "longitude": event.longitude,
        "online_url": event.online_url,
        "description": event.description,
        "for_whom": event.for_whom,
        "signup": event.signup,
        "organiser": event.organiser,
    }


def add_event(actor: User, body: dict[str, Any], now: datetime | None = None) -> Event:
    """Add an event from what was sent (the API's shape), audited; counted as checked today."""
    fields = rules.read_event(body)
    _check_writer(actor, fields.values.get("region"), fields.values.get("city"))
    moment = now or utcnow()
    with unit_of_work(keep_loaded=True) as session:
        event = Event(
            **fields.values,
            created_by_id=actor.id,
            created_at=moment,
            updated_at=moment,
            verified_at=moment,
            verified_by_id=actor.id,
        )
        session.add(event)
        session.flush()
        audit.record(
            actor,
            "event.create",
            object_type="event",
            object_id=event.id,
            changes=listings.changes({}, _snapshot(event)),
        )
    return event


def correct_event(
    actor: User,
    event_id: int,
    body: dict[str, Any],
    *,
    expected_version: listings.Version = None,
    now: datetime | None = None,
) -> Event:
    """Change the fields ``body`` sends, audited with before and after; ``Conflict`` when
    someone saved the event after ``expected_version``."""
    moment = now or utcnow()
    with unit_of_work(keep_loaded=True):
        event = find_listed_event(event_id)
        listings.check_version(event, expected_version)
        _check_writer(actor, event.region, event.city)
        fields = rules.read_event(body, current=event)
        before = _snapshot(event)
        for name, value in fields.values.items():
            setattr(event, name, value)
        if event.ends_local <= event.starts_local:
            raise ValidationError({"ends_at": _("The event must end after it starts.")})
        _check_writer(actor, event.region, event.city)
        event.updated_at = moment
        audit.record(
            actor,
            "event.update",
            object_type="event",
            object_id=event.id,
            changes=listings.changes(before, _snapshot(event)),
        )
    return event


def verify_event(actor: User, event_id: int, now: datetime | None = None) -> Event:
    """The event is still true today, says ``actor``; audited."""
    with unit_of_work():
        event = find_listed_event(event_id)
        _check_writer(actor, event.region, event.city)
        listings.verify(actor, event, "event", now)
    return event


def archive_event(actor: User, event_id: int, now: datetime | None = None) -> Event:
    """Take the event out of the finder and off its page."""
    with unit_of_work():
        event = db.session.get(Event, event_id)
        if event is None:
            raise _not_found()
        _check_writer(actor, event.region, event.city)
        listings.archive(actor, event, "event", now)
    return event


@dataclass(frozen=True)
class EventSearch:
    """What the finder looks for: a stretch of days, maybe near a point, maybe with words."""

    first_day: date
    last_day: date
    q: str = ""
    latitude: float | None = None
    longitude: float | None = None
    radius_km: float = 25.0


@dataclass(frozen=True)
class FoundEvent:
    """An event in the finder, with its next start in the stretch and how far away it is."""

    event: Event
    next_start: datetime
    starts: list[datetime]
    distance_km: float | None


def read_search(
    first: Any, last: Any, q: Any, lat: Any, lng: Any, radius: Any, today: date
) -> EventSearch:
    """The finder's query string read: days as YYYY-MM-DD (this week by default), a point and a
    radius in km; ``ValidationError`` names each bad value."""
    errors: dict[str, str] = {}

    def day(value: Any, name: str, default: date) -> date:
        if value in (None, ""):
            return default
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            errors[name] = _("Give a date as YYYY-MM-DD.")
            return default

    def number(value: Any, name: str, low: float, high: float) -> float | None:
        if value in (None, ""):
            return None
        try:
            found = float(value)
        except (TypeError, ValueError):
            found = None
        if found is None or not low <= found <= high:
            errors[name] = _("Must be a number between %(low)s and %(high)s.", low=low, high=high)
            return None
        return found

    first_day = day(first, "from", today)
    last_day = day(last, "to", first_day + timedelta(days=DEFAULT_DAYS - 1))
    if last_day < first_day:
        errors["to"] = _("The last day must not be before the first.")
    elif (last_day - first_day).days > LONGEST_SEARCH_DAYS:
        errors["to"] = _("Look at most %(num)d days ahead at a time.", num=LONGEST_SEARCH_DAYS)
    latitude = number(lat, "lat", -90, 90)
    longitude = number(lng, "lng", -180, 180)
    radius_km = number(radius, "radius_km", 1, MAX_RADIUS_KM)
    if (latitude is None) != (longitude is None) and not errors:
        errors["lat"] = _("Give both lat and lng, or neither.")
    text = q.strip()[:100] if isinstance(q, str) else ""
    if errors:
        raise ValidationError(errors)
    return EventSearch(first_day, last_day, text, latitude, longitude, radius_km or 25.0)


def search_events(search: EventSearch, now: datetime | None = None) -> list[FoundEvent]:
    """Listed events with an occurrence in the stretch (an online one whatever the distance),
    soonest first."""
    now = now or utcnow()
    start = max(rules.day_bounds(search.first_day)[0], now)
    end = rules.day_bounds(search.last_day)[1]
    words = fold(search.q).split()
    found: list[FoundEvent] = []
    for event in db.session.scalars(sa.select(Event).where(Event.archived_at.is_(None))):
        if words:
            text = fold(
                " ".join(
                    (
                        event.title,
                        event.description,
                        event.for_whom,
                        event.city or "",
                        event.place_name or "",
                        event.organiser,
                    )
                )
            )
            if not all(word in text for word in words):
                continue
        distance = None
        if search.latitude is not None and search.longitude is not None:
            if event.latitude is not None and event.longitude is not None:
                distance = haversine_km(
                    search.latitude, search.longitude, event.latitude, event.longitude
                )
                if distance > search.radius_km:
                    continue
            elif not event.online_url:
                continue
        starts = rules.occurrences(event, start, end)
        if starts:
            found.append(FoundEvent(event, starts[0], starts, distance))
    return sorted(found, key=lambda item: (item.next_start, item.event.id))


def event_page(event_id: int, now: datetime | None = None) -> FoundEvent:
    """One listed event with its next few starts (up to four weeks ahead)."""
    event = find_listed_event(event_id)
    now = now or utcnow()
    starts = rules.occurrences(event, now, now + timedelta(days=28), limit=4)
    upcoming = starts[0] if starts else rules.next_start(event, now)
    return FoundEvent(event, upcoming or rules.first_start(event), starts, None)


def tended_events(actor: User, now: datetime | None = None) -> list[Event]:
    """The listed events a peer may keep: never checked first, then the longest unchecked."""
    if actor.role not in WRITERS:
        raise NotAllowed
    events = [
        event
        for event in db.session.scalars(sa.select(Event).where(Event.archived_at.is_(None)))
        if _may_keep(actor, event)
    ]
    return sorted(
        events, key=lambda e: (e.verified_at is not None, e.verified_at or e.created_at, e.id)
    )


def _may_keep(actor: User, event: Event) -> bool:
    try:
        limits.check(actor, None, event.region, event.city)
    except NotAllowed:
        return False
    return True


def coming_this_week(count: int = 3, now: datetime | None = None) -> list[FoundEvent]:
    """The next few events this week, for a client's home."""
    now = now or utcnow()
    first = now.astimezone(ZoneInfo(rules.DEFAULT_ZONE)).date()
    search = EventSearch(first, first + timedelta(days=DEFAULT_DAYS - 1))
    return search_events(search, now)[:count]
