"""Peers keeping meetings true: reading what they send, saving it whole or not at all,
verifying, archiving, and settling conflicts between a local correction and a re-imported feed.
Every change is written to the audit log with before and after."""

from __future__ import annotations

import datetime as dt
import re
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _

from peerapp.errors import ValidationError
from peerapp.extensions import db, utcnow
from peerapp.models import Meeting
from peerapp.models.people import User
from peerapp.models.stewardship import FeedConflict
from peerapp.services.meetings.describe import (
    DEFAULT_TIMEZONE,
    LocationFields,
    MeetingFields,
    apply_meeting_fields,
    check_meeting_fields,
    create_meeting,
    hhmm,
    is_valid_timezone,
)
from peerapp.services.meetings.vocabulary import ATTENDANCE_OPTIONS, FELLOWSHIPS, MEETING_TYPES
from peerapp.services.privacy import audit
from peerapp.services.stewardship import listings

TEXT_LIMITS = {
    "name": 300,
    "conference_url": 1000,
    "conference_phone": 100,
    "notes": 5000,
    "timezone": 64,
}
WRITABLE = {
    *TEXT_LIMITS,
    "fellowship",
    "day",
    "time",
    "end_time",
    "types",
    "attendance_option",
    "location",
}
_CLOCK = re.compile(r"^([01][0-9]|2[0-3]):([0-5][0-9])$")
#: a new meeting without an end lasts this long
DEFAULT_MINUTES = 60


# --- reading what a peer sends ----------------------------------------------------------------


def _fellowship(value: Any, errors: dict[str, str]) -> str | None:
    if isinstance(value, str) and value in FELLOWSHIPS:
        return value
    errors["fellowship"] = _(
        "Unknown fellowship: %(code)s. Use one of: %(codes)s.",
        code=str(value)[:40],
        codes=", ".join(FELLOWSHIPS),
    )
    return None


def _day(value: Any, errors: dict[str, str]) -> int | None:
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 6:
        return value
    errors["day"] = _("Choose a day from 0 (Sunday) to 6 (Saturday).")
    return None


def _clock(value: Any, name: str, errors: dict[str, str]) -> dt.time | None:
    found = _CLOCK.match(value.strip()) if isinstance(value, str) else None
    if found is None:
        errors[name] = _("Give the time as HH:MM, such as 19:00.")
        return None
    return dt.time(int(found[1]), int(found[2]))


def _types(value: Any, errors: dict[str, str]) -> list[str] | None:
    if not isinstance(value, list) or not all(isinstance(code, str) for code in value):
        errors["types"] = _("Give the types as a list of Meeting Guide codes.")
        return None
    unknown = [code for code in value if code not in MEETING_TYPES]
    if unknown:
        errors["types"] = _("Unknown type code: %(codes)s.", codes=", ".join(unknown)[:100])
        return None
    if "O" in value and "C" in value:
        errors["types"] = _("A meeting is open (O) or closed (C), not both.")
        return None
    return list(dict.fromkeys(value))


def _attendance(value: Any, errors: dict[str, str]) -> str | None:
    if value in ATTENDANCE_OPTIONS:
        return str(value)
    errors["attendance_option"] = _("Choose in person, online or hybrid.")
    return None


def _later(start: dt.time, minutes: int) -> dt.time:
    total = (start.hour * 60 + start.minute + minutes) % 1440
    return dt.time(total // 60, total % 60)


def read_meeting(body: dict[str, Any], current: Meeting | None = None) -> MeetingFields:
    """The fields of a new meeting, or of ``current`` with what ``body`` changes (a PATCH).

    Raises ``ValidationError`` naming every bad field, before anything is changed.
    """
    errors: dict[str, str] = {}
    base = fields_of(current) if current is not None else None
    listings.unknown_fields(body, WRITABLE, errors)

    def pick(name: str, reader: Any, default: Any = None) -> Any:
        if name in body:
            return reader(body[name])
        if base is not None:
            return getattr(base, name)
        return default

    def text(name: str, required: bool = False) -> Any:
        return pick(
            name,
            lambda _v: listings.read_text(body, name, TEXT_LIMITS[name], errors, required),
            None,
        )

    name = text("name", required=True)
    if base is None and "name" not in body:
        errors["name"] = _("This field is required.")
    fellowship = pick("fellowship", lambda v: _fellowship(v, errors))
    if base is None and "fellowship" not in body:
        _fellowship(None, errors)
    day = pick("day", lambda v: _day(v, errors))
    if base is None and "day" not in body:
        _day(None, errors)
    start = pick("time", lambda v: _clock(v, "time", errors))
    if base is None and "time" not in body:
        _clock(None, "time", errors)
    end = pick("end_time", lambda v: _clock(v, "end_time", errors))
    if end is None and start is not None and "end_time" not in body:
        end = _later(start, DEFAULT_MINUTES)
    zone = text("timezone") or DEFAULT_TIMEZONE
    if "timezone" not in errors and not is_valid_timezone(zone):
        errors["timezone"] = _("Unknown time zone: %(zone)s.", zone=zone[:64])
    types = pick("types", lambda v: _types(v, errors), [])
    attendance = pick("attendance_option", lambda v: _attendance(v, errors), "in_person")
    conference_url = text("conference_url")
    if "conference_url" in body:
        conference_url = listings.web_url(conference_url, "conference_url", errors)
    conference_phone = text("conference_phone")
    notes = text("notes")
    location = _location(body, base, attendance, errors)
    if start is not None and end is not None and start == end:
        errors["end_time"] = _("The meeting must end at another time than it starts.")
    if attendance in ("online", "hybrid") and not (conference_url or conference_phone):
        errors.setdefault(
            "conference_url",
            _("An online or hybrid meeting needs a link or a phone number to join."),
        )
    if errors:
        raise ValidationError(errors)
    fields = MeetingFields(
        name=name,
        fellowship=fellowship,
        day=day,
        time=start,
        end_time=end,
        timezone=zone,
        types=types or [],
        attendance_option=attendance,
        conference_url=conference_url,
        conference_phone=conference_phone,
        notes=notes,
        location=location,
    )
    if reasons := check_meeting_fields(fields):
        raise ValidationError({"body": "; ".join(reasons)})
    return fields


def _location(
    body: dict[str, Any], base: MeetingFields | None, attendance: Any, errors: dict[str, str]
) -> LocationFields:
    """Where the meeting is: needed unless it is online only."""
    if base is not None and "location" not in body:
        return base.location
    raw = body.get("location")
    empty = raw is None or (isinstance(raw, dict) and not any(raw.values()))
    if empty and attendance == "online":
        return LocationFields()
    if base is not None and isinstance(raw, dict):
        raw = {**location_snapshot(base.location), **raw}
    if raw is None:
        errors["location"] = _("A meeting held in person needs an address.")
        return LocationFields()
    read = listings.read_location(raw, errors)
    return LocationFields(
        name=read.get("name"),
        address=read.get("address"),
        city=read.get("city"),
        postal_code=read.get("postal_code"),
        region=read.get("region"),
        country=read.get("country"),
        latitude=read.get("latitude"),
        longitude=read.get("longitude"),
    )


# --- the stored meeting, and what the audit log compares ---------------------------------------


def fields_of(meeting: Meeting) -> MeetingFields:
    """A stored meeting's fields."""
    loc = meeting.location
    return MeetingFields(
        name=meeting.name,
        fellowship=meeting.fellowship,
        day=meeting.day,
        time=meeting.time,
        end_time=meeting.end_time,
        timezone=meeting.timezone,
        types=meeting.types,
        attendance_option=meeting.attendance_option,
        conference_url=meeting.conference_url,
        conference_phone=meeting.conference_phone,
        notes=meeting.notes,
        location=LocationFields(
            name=loc.name,
            address=loc.address,
            city=loc.city,
            postal_code=loc.postal_code,
            region=loc.region,
            country=loc.country,
            latitude=loc.latitude,
            longitude=loc.longitude,
            approximate=loc.approximate,
        )
        if loc is not None
        else LocationFields(),
    )


def location_snapshot(loc: LocationFields) -> dict[str, Any]:
    """A location as the API writes it."""
    return {
        "name": loc.name,
        "address": loc.address,
        "city": loc.city,
        "postal_code": loc.postal_code,
        "region": loc.region,
        "country": loc.country,
        "latitude": loc.latitude,
        "longitude": loc.longitude,
    }


def snapshot(fields: MeetingFields) -> dict[str, Any]:
    """The fields as the API writes them: what the audit log and a feed conflict keep."""
    return {
        "name": fields.name,
        "fellowship": fields.fellowship,
        "day": fields.day,
        "time": hhmm(fields.time),
        "end_time": hhmm(fields.end_time),
        "timezone": fields.timezone,
        "types": list(fields.types),
        "attendance_option": fields.attendance_option,
        "conference_url": fields.conference_url,
        "conference_phone": fields.conference_phone,
        "notes": fields.notes,
        "location": location_snapshot(fields.location),
    }


def from_snapshot(values: dict[str, Any], approximate: bool = False) -> MeetingFields:
    """Fields from a snapshot (a feed's values, checked when they were imported)."""
    loc = values.get("location") or {}
    return MeetingFields(
        name=values["name"],
        fellowship=values["fellowship"],
        day=values["day"],
        time=dt.time.fromisoformat(values["time"]),
        end_time=dt.time.fromisoformat(values["end_time"]),
        timezone=values["timezone"],
        types=list(values.get("types") or []),
        attendance_option=values["attendance_option"],
        conference_url=values.get("conference_url"),
        conference_phone=values.get("conference_phone"),
        notes=values.get("notes"),
        location=LocationFields(**loc, approximate=approximate),
    )


# --- a peer's changes ----------------------------------------------------------------------------


def create_by_peer(actor: User, fields: MeetingFields, now: datetime | None = None) -> Meeting:
    """Add a meeting (the caller commits); audited as ``meeting.create``.

    The peer who adds a meeting has just checked it: it counts as verified by them.
    """
    moment = now or utcnow()
    meeting = create_meeting(fields)
    meeting.verified_at, meeting.verified_by_id = moment, actor.id
    db.session.flush()
    audit.record(
        actor,
        "meeting.create",
        object_type="meeting",
        object_id=meeting.id,
        changes=listings.changes({}, snapshot(fields)),
    )
    return meeting


def update_by_peer(
    actor: User, meeting: Meeting, fields: MeetingFields, now: datetime | None = None
) -> dict[str, list[Any]]:
    """Change a meeting to ``fields``; audited with before/after of each changed field.

    An imported meeting remembers that it was corrected here, so a re-import keeps our values.
    """
    changes = listings.changes(snapshot(fields_of(meeting)), snapshot(fields))
    if not changes:
        return changes
    apply_meeting_fields(meeting, fields)
    if meeting.source_id is not None:
        meeting.locally_edited_at = now or utcnow()
    audit.record(
        actor, "meeting.update", object_type="meeting", object_id=meeting.id, changes=changes
    )
    return changes


def verify(actor: User, meeting: Meeting, now: datetime | None = None) -> None:
    """The meeting is still true today, says ``actor``."""
    listings.verify(actor, meeting, "meeting", now)


def archive(actor: User, meeting: Meeting, now: datetime | None = None) -> None:
    """Take the meeting out of search; an imported one stays archived through re-imports."""
    moment = now or utcnow()
    if listings.archive(actor, meeting, "meeting", moment) and meeting.source_id is not None:
        meeting.locally_edited_at = moment


# --- conflicts with a re-imported feed ----------------------------------------------------------


def conflict_of(meeting: Meeting) -> FeedConflict | None:
    """What the feed says now about a meeting corrected here, if it differs."""
    return db.session.scalar(sa.select(FeedConflict).where(FeedConflict.meeting_id == meeting.id))


def record_conflict(
    meeting: Meeting,
    incoming: MeetingFields,
    digest: str,
    relisted: bool,
    known: dict[int, FeedConflict] | None = None,
) -> None:
    """Keep the feed's new values beside the local ones, for a peer to settle (no audit: nothing
    about the listing changes). ``known``: the source's pending conflicts by meeting, read once."""
    found = known.get(meeting.id) if known is not None else conflict_of(meeting)
    conflict = found or FeedConflict(meeting_id=meeting.id)
    conflict.incoming = {**snapshot(incoming), "approximate": incoming.location.approximate}
    conflict.digest = digest
    conflict.relisted = relisted
    conflict.detected_at = utcnow()
    db.session.add(conflict)


def differences(meeting: Meeting, conflict: FeedConflict) -> dict[str, list[Any]]:
    """``{field: [ours, the feed's]}`` for each field the feed would change."""
    incoming = {k: v for k, v in conflict.incoming.items() if k != "approximate"}
    found = listings.changes(snapshot(fields_of(meeting)), incoming)
    if conflict.relisted and meeting.archived_at is not None:
        found["archived_at"] = [listings.iso(meeting.archived_at), None]
    return found


def accept_feed(actor: User, meeting: Meeting, now: datetime | None = None) -> bool:
    """Take the feed's version: our correction gives way; audited. ``False`` if no conflict."""
    conflict = conflict_of(meeting)
    if conflict is None:
        return False
    changes = differences(meeting, conflict)
    approximate = bool(conflict.incoming.get("approximate"))
    incoming = {k: v for k, v in conflict.incoming.items() if k != "approximate"}
    apply_meeting_fields(meeting, from_snapshot(incoming, approximate))
    if conflict.relisted:
        meeting.archived_at = None
    meeting.source_digest = conflict.digest
    meeting.imported_at = now or utcnow()
    meeting.locally_edited_at = None
    db.session.delete(conflict)
    audit.record(
        actor, "meeting.accept_feed", object_type="meeting", object_id=meeting.id, changes=changes
    )
    return True


def keep_local(actor: User, meeting: Meeting) -> bool:
    """Keep our correction: this version of the feed record is settled; audited."""
    conflict = conflict_of(meeting)
    if conflict is None:
        return False
    declined = differences(meeting, conflict)
    meeting.source_digest = conflict.digest
    db.session.delete(conflict)
    audit.record(
        actor,
        "meeting.keep_local",
        object_type="meeting",
        object_id=meeting.id,
        changes={"declined": declined},
    )
    return True
