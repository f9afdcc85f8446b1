"""Creating and describing meetings: one place for the rules every writer and reader shares."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from peerapp.extensions import db, utcnow
from peerapp.models import FeedSource, Location, Meeting
from peerapp.models.meetings import coordinate_columns, schedule_columns, types_column
from peerapp.services.meetings.recurrence import RecurrenceError, exceptions_of, normalise_rule
from peerapp.services.meetings.vocabulary import ATTENDANCE_OPTIONS, FELLOWSHIPS
from peerapp.services.stewardship.listings import is_stale
from peerapp.services.text import fold

DEFAULT_TIMEZONE = "Europe/Oslo"
#: the largest id an integer column holds: larger ids cannot exist (and PostgreSQL refuses them)
MAX_ID = 2**31 - 1


@dataclass
class LocationFields:
    """Where a meeting is held, as given by a person or a feed."""

    name: str | None = None
    address: str | None = None
    city: str | None = None
    postal_code: str | None = None
    region: str | None = None
    country: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    approximate: bool = False


@dataclass
class MeetingFields:
    """A meeting's own fields, already checked (see ``check_meeting_fields``)."""

    name: str
    fellowship: str
    day: int
    time: dt.time
    end_time: dt.time
    timezone: str = DEFAULT_TIMEZONE
    types: list[str] = field(default_factory=list)
    attendance_option: str = "in_person"
    conference_url: str | None = None
    conference_phone: str | None = None
    notes: str | None = None
    location: LocationFields = field(default_factory=LocationFields)
    #: when not weekly: the stored rule and its first date (see ``recurrence.normalise_rule``)
    recurrence: str | None = None
    recurrence_start: dt.date | None = None
    #: cancelled dates (``{"date"}``) and one-off moves (``{"date", "time"}``)
    exceptions: list[dict[str, str]] = field(default_factory=list)


@lru_cache(maxsize=1024)
def is_valid_timezone(name: str) -> bool:
    """Whether ``name`` is an IANA time zone this machine knows."""
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def check_meeting_fields(fields: MeetingFields) -> list[str]:
    """Reasons (in English, for logs and feed reports) why these fields cannot be saved."""
    reasons = []
    if not fields.name.strip():
        reasons.append("name is empty")
    if fields.fellowship not in FELLOWSHIPS:
        reasons.append(f"unknown fellowship {fields.fellowship!r}")
    if not 0 <= fields.day <= 6:
        reasons.append(f"day {fields.day} is not 0-6")
    if not is_valid_timezone(fields.timezone):
        reasons.append(f"unknown time zone {fields.timezone!r}")
    if fields.attendance_option not in ATTENDANCE_OPTIONS:
        reasons.append(f"unknown attendance option {fields.attendance_option!r}")
    if fields.attendance_option in ("online", "hybrid") and not (
        fields.conference_url or fields.conference_phone
    ):
        reasons.append("an online or hybrid meeting needs a conference URL or phone")
    loc = fields.location
    if (loc.latitude is None) != (loc.longitude is None):
        reasons.append("latitude and longitude come together")
    if loc.latitude is not None and not -90 <= loc.latitude <= 90:
        reasons.append("latitude out of range")
    if loc.longitude is not None and not -180 <= loc.longitude <= 180:
        reasons.append("longitude out of range")
    if fields.attendance_option != "online" and loc.latitude is None and not loc.address:
        reasons.append("an in-person meeting needs an address or coordinates")
    if fields.recurrence is not None:
        try:
            normalise_rule(
                fields.recurrence, fields.day, fields.recurrence_start or utcnow().date()
            )
        except RecurrenceError as error:
            reasons.append(f"recurrence: {error}")
    return reasons


def slugify(text: str) -> str:
    """A URL-friendly slug made from ``text``."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")[:80] or "meeting"


class SlugBook:
    """The slugs already taken, read once, so that a whole feed gets unique slugs cheaply."""

    def __init__(self) -> None:
        self.taken: set[str] = set(db.session.scalars(sa.select(Meeting.slug)))

    def claim(self, base: str) -> str:
        """``base``, or ``base-2``, ``base-3``... whichever is free; it is then taken."""
        slug, n = base, 1
        while slug in self.taken:
            n += 1
            slug = f"{base}-{n}"
        self.taken.add(slug)
        return slug


def location_values(fields: LocationFields) -> dict[str, Any]:
    """The stored columns of a location."""
    return {
        "name": fields.name,
        "address": fields.address,
        "city": fields.city,
        "postal_code": fields.postal_code,
        "region": fields.region,
        "country": fields.country,
        "approximate": fields.approximate,
        **coordinate_columns(fields.latitude, fields.longitude),
    }


def meeting_values(fields: MeetingFields) -> dict[str, Any]:
    """The stored columns of a meeting, with what is derived for search."""
    loc = fields.location
    place = (fields.name, loc.name, loc.address, loc.city, loc.region)
    return {
        "name": fields.name.strip(),
        "fellowship": fields.fellowship,
        **schedule_columns(fields.day, fields.time, fields.end_time),
        "timezone": fields.timezone,
        "types_text": types_column(fields.types),
        "attendance_option": fields.attendance_option,
        "conference_url": fields.conference_url,
        "conference_phone": fields.conference_phone,
        "notes": fields.notes,
        "search_text": fold(" ".join(p for p in place if p)),
        "recurrence": fields.recurrence,
        "recurrence_start": fields.recurrence_start if fields.recurrence else None,
        "exceptions_text": json.dumps(fields.exceptions) if fields.exceptions else None,
        "irregular": bool(fields.recurrence or fields.exceptions),
        **coordinate_columns(loc.latitude, loc.longitude),
        "updated_at": utcnow(),
    }


def apply_meeting_fields(
    meeting: Meeting,
    fields: MeetingFields,
    slug_hint: str | None = None,
    slugs: SlugBook | None = None,
) -> Meeting:
    """Copy checked fields onto a meeting (new or existing) and derive what is stored for search."""
    for name, value in meeting_values(fields).items():
        setattr(meeting, name, value)
    location = meeting.location or Location()
    for name, value in location_values(fields.location).items():
        setattr(location, name, value)
    meeting.location = location
    if not meeting.slug:
        meeting.slug = (slugs or SlugBook()).claim(slugify(slug_hint or fields.name))
    return meeting


def insert_meetings(new: list[tuple[MeetingFields, str, dict[str, Any]]], slugs: SlugBook) -> None:
    """Insert many new meetings at once: ``(fields, slug hint, other columns)`` each.

    Two multi-row statements instead of one ORM object pair per meeting: a large feed imports in
    a fraction of the time, with exactly the columns ``apply_meeting_fields`` would set.
    """
    if not new:
        return
    location_ids = db.session.scalars(
        sa.insert(Location).returning(Location.id, sort_by_parameter_order=True),
        [location_values(fields.location) for fields, _, _ in new],
    ).all()
    now = utcnow()
    rows = [
        {
            **meeting_values(fields),
            **columns,
            "location_id": location_id,
            "slug": slugs.claim(slugify(hint or fields.name)),
            "created_at": now,
        }
        for (fields, hint, columns), location_id in zip(new, location_ids, strict=True)
    ]
    db.session.execute(sa.insert(Meeting), rows)


def create_meeting(
    fields: MeetingFields,
    *,
    source: FeedSource | None = None,
    external_slug: str | None = None,
    is_demo: bool = False,
) -> Meeting:
    """Add a new meeting to the session (the caller commits)."""
    meeting = Meeting(source=source, external_slug=external_slug, is_demo=is_demo)
    apply_meeting_fields(meeting, fields, slug_hint=external_slug or fields.name)
    if source is not None:
        meeting.imported_at = utcnow()
    db.session.add(meeting)
    return meeting


def find_meeting(meeting_id: int) -> Meeting | None:
    """The meeting with this id, archived or not, with its location; ``None`` if there is none."""
    if not 0 < meeting_id <= MAX_ID:
        return None
    return db.session.scalar(
        sa.select(Meeting).where(Meeting.id == meeting_id).options(selectinload(Meeting.location))
    )


def hhmm(value: dt.time) -> str:
    """A wall-clock time as ``HH:MM``."""
    return f"{value.hour:02d}:{value.minute:02d}"


def meeting_core(meeting: Meeting) -> dict[str, Any]:
    """The fields our API and the Meeting Guide feed share, named and written alike."""
    return {
        "slug": meeting.slug,
        "name": meeting.name,
        "fellowship": meeting.fellowship,
        "day": meeting.day,
        "time": hhmm(meeting.time),
        "end_time": hhmm(meeting.end_time),
        "timezone": meeting.timezone,
        "types": meeting.types,
        "attendance_option": meeting.attendance_option,
        "conference_url": meeting.conference_url,
        "conference_phone": meeting.conference_phone,
        "notes": meeting.notes,
    }


def meeting_to_api(
    meeting: Meeting, distance_km: float | None = None, *, link: Callable[[int], str]
) -> dict[str, Any]:
    """The public JSON shape of a meeting (API.md, "Meeting"); ``link`` gives its page."""
    loc = meeting.location
    body: dict[str, Any] = {
        "id": meeting.id,
        **meeting_core(meeting),
        "location": {
            "name": loc.name if loc else None,
            "address": loc.address if loc else None,
            "city": loc.city if loc else None,
            "postal_code": loc.postal_code if loc else None,
            "region": loc.region if loc else None,
            "country": loc.country if loc else None,
            "latitude": loc.latitude if loc else None,
            "longitude": loc.longitude if loc else None,
        },
        "updated": meeting.updated_at.isoformat(),
        "verified_at": meeting.verified_at.isoformat() if meeting.verified_at else None,
        "stale": is_stale(meeting),
        "url": link(meeting.id),
    }
    if distance_km is not None:
        body["distance_km"] = round(distance_km, 2)
    if meeting.recurrence:
        body["recurrence"] = meeting.recurrence
        if meeting.recurrence_start is not None:
            body["recurrence_start"] = meeting.recurrence_start.isoformat()
    if meeting.exceptions_text:
        body["exceptions"] = exceptions_of(meeting)
    return body
