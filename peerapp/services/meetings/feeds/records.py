"""The checked record every feed format is read into, and the report of records left out."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from peerapp.models import Location, Meeting
from peerapp.services.meetings.describe import MeetingFields, check_meeting_fields

#: Bump when the way records are normalised changes, so the next import refreshes every meeting.
DIGEST_VERSION = "3"


class RecordError(ValueError):
    """One feed record cannot be imported; the message is the reason reported for it."""


@dataclass
class FeedOptions:
    """Choices made for a whole feed by the person importing it."""

    #: ``--fellowship``: overrides whatever the records say
    fellowship: str | None = None
    #: the fellowship the source's name or URL speaks of, for records that name none
    default_fellowship: str | None = None
    #: ``--timezone``: for records that carry no ``timezone`` of their own
    timezone: str | None = None


@dataclass
class FeedRecord:
    """One meeting read from a feed, checked and ready to be written."""

    index: int
    external_slug: str
    fields: MeetingFields
    #: what our own public slug is made from (a readable external slug, else the name)
    slug_hint: str
    #: the group that holds the meeting, when the feed names one: kept as the feed says it,
    #: outside the digest (peers do not edit it, so it never makes a conflict)
    group: str | None = None

    @property
    def digest(self) -> str:
        """A hash of the normalised fields: equal digests mean nothing to update."""
        # the dataclass repr names every field, nested location included, in a fixed order
        return hashlib.sha256(f"{DIGEST_VERSION}:{self.fields!r}".encode()).hexdigest()


@dataclass
class Rejection:
    """A feed record that was not imported, and why."""

    index: int
    id: str | None
    reason: str

    def as_dict(self) -> dict[str, Any]:
        """The shape reported on the command line: ``{"index", "id", "reason"}``."""
        return {"index": self.index, "id": self.id, "reason": self.reason}


@dataclass
class ParsedFeed:
    """A feed split into records to import and records rejected with a reason."""

    records: list[FeedRecord] = field(default_factory=list)
    rejections: list[Rejection] = field(default_factory=list)
    #: external id -> index of the record that first used it
    _seen: dict[str, int] = field(default_factory=dict, init=False, repr=False)

    def add(self, record: FeedRecord) -> None:
        """Keep a record, unless an earlier record of the feed already used its external id."""
        first = self._seen.setdefault(record.external_slug, record.index)
        if first != record.index:
            reason = f"duplicate id (first at index {first})"
            self.reject(record.index, record.external_slug, reason)
            return
        self.records.append(record)

    def reject(self, index: int, record_id: str | None, reason: str) -> None:
        """Report a record as not imported."""
        self.rejections.append(Rejection(index, record_id, reason))


def _too_long(fields: MeetingFields, external_slug: str) -> list[str]:
    """Values longer than their database column (PostgreSQL would refuse the whole import)."""
    meeting, location = Meeting.__table__.c, Location.__table__.c
    loc = fields.location
    checks: list[tuple[str, str | None, Any]] = [
        ("id", external_slug, meeting.external_slug),
        ("name", fields.name, meeting.name),
        ("timezone", fields.timezone, meeting.timezone),
        ("conference_url", fields.conference_url, meeting.conference_url),
        ("conference_phone", fields.conference_phone, meeting.conference_phone),
        ("types", "," + ",".join(fields.types) + ",", meeting.types_text),
        ("location", loc.name, location.name),
        ("address", loc.address, location.address),
        ("city", loc.city, location.city),
        ("postal_code", loc.postal_code, location.postal_code),
        ("region", loc.region, location.region),
        ("country", loc.country, location.country),
    ]
    return [
        f"{name} is longer than {column.type.length} characters"
        for name, value, column in checks
        if value is not None and len(value) > column.type.length
    ]


def checked(
    index: int, external_slug: str, fields: MeetingFields, group: str | None = None
) -> FeedRecord:
    """The record when its fields pass the shared meeting checks, else ``RecordError``; a
    ``group`` longer than its column is cut."""
    reasons = check_meeting_fields(fields) + _too_long(fields, external_slug)
    if reasons:
        raise RecordError("; ".join(reasons))
    readable = any(c.isalpha() for c in external_slug)
    hint = external_slug if readable else fields.name
    kept = group[: Meeting.__table__.c.group_name.type.length] if group else None
    return FeedRecord(index, external_slug, fields, hint, kept)
