"""Peers keeping meetings true: saving what they send whole or not at all, verifying, archiving,
and settling conflicts between a local correction and a re-imported feed. Every change is
written to the audit log with before and after."""

from __future__ import annotations

import datetime as dt
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from peerapp.extensions import db, utcnow
from peerapp.models import Meeting
from peerapp.models.people import User
from peerapp.models.stewardship import FeedConflict
from peerapp.services.meetings.describe import (
    LocationFields,
    MeetingFields,
    apply_meeting_fields,
    create_meeting,
    hhmm,
)
from peerapp.services.meetings.recurrence import exceptions_of
from peerapp.services.privacy import audit
from peerapp.services.stewardship import listings

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
        recurrence=meeting.recurrence,
        recurrence_start=meeting.recurrence_start,
        exceptions=exceptions_of(meeting),
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
        "recurrence": fields.recurrence,
        "recurrence_start": (
            fields.recurrence_start.isoformat() if fields.recurrence_start else None
        ),
        "exceptions": list(fields.exceptions),
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
        recurrence=values.get("recurrence"),
        recurrence_start=(
            dt.date.fromisoformat(values["recurrence_start"])
            if values.get("recurrence_start")
            else None
        ),
        exceptions=list(values.get("exceptions") or []),
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
