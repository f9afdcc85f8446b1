"""Importing a feed: read it, check every record, and apply it to one source's meetings at once.

Meetings are keyed by their source and their id in that source. A re-import updates the
meetings whose record changed, leaves identical ones alone (``Meeting.source_digest``), creates
new ones, archives those that left the feed (or that the feed now rejects, such as TSML's
``inactive``) and brings back archived ones that return. A meeting a peer corrected here is never
overwritten: when its record changes, the feed's values are kept as a conflict for a peer to
settle (``peerapp.services.meetings.edits``). The whole import is one transaction: if anything
fails half-way, nothing is written.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from peerapp.extensions import db, utcnow
from peerapp.models import FeedConflict, FeedSource, Meeting
from peerapp.services.meetings.describe import (
    MeetingFields,
    SlugBook,
    apply_meeting_fields,
    insert_meetings,
)
from peerapp.services.meetings.edits import record_conflict
from peerapp.services.meetings.feeds.bmlt import parse_bmlt
from peerapp.services.meetings.feeds.meeting_guide import parse_meeting_guide
from peerapp.services.meetings.feeds.records import FeedOptions, ParsedFeed, Rejection
from peerapp.services.meetings.feeds.source import (
    SOURCE_NAME_MAX,
    FeedError,
    decode_json,
    default_source_name,
    detect_format,
    guess_fellowship,
    is_url,
    read_source,
)
from peerapp.services.unit import unit_of_work

log = logging.getLogger(__name__)

LOCATION_MAX = 2000


@dataclass
class ImportReport:
    """What an import did, in the counts the command prints."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    #: meetings corrected here whose feed record changed: kept as they are, for a peer to settle
    conflicts: int = 0
    errors: list[Rejection] = field(default_factory=list)

    @property
    def rejected(self) -> int:
        """How many feed records were not imported."""
        return len(self.errors)

    def as_dict(self) -> dict[str, Any]:
        """``{"created","updated","unchanged","removed","rejected","conflicts","errors"}``."""
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "removed": self.removed,
            "rejected": self.rejected,
            "conflicts": self.conflicts,
            "errors": [error.as_dict() for error in self.errors],
        }


def _parse(found: str, meetings: list[Any], formats: list[Any], options: FeedOptions) -> ParsedFeed:
    """Check every record of a feed whose format is known."""
    if found == "bmlt":
        return parse_bmlt(meetings, formats, options)
    return parse_meeting_guide(meetings, options)


def parse_feed(
    data: Any, options: FeedOptions, feed_format: str | None = None
) -> tuple[str, ParsedFeed]:
    """The format of a decoded feed and its records, each checked or rejected with a reason."""
    found, meetings, formats = detect_format(data, feed_format)
    return found, _parse(found, meetings, formats, options)


def _source(name: str, location: str, feed_format: str) -> FeedSource:
    """The feed source called ``name``, created on its first import."""
    source = db.session.scalar(sa.select(FeedSource).where(FeedSource.name == name))
    if source is None:
        source = FeedSource(name=name)
        db.session.add(source)
    source.location = location[:LOCATION_MAX]
    source.format = feed_format
    db.session.flush()
    return source


def apply_feed(
    parsed: ParsedFeed, *, source_name: str, location: str, feed_format: str, is_demo: bool = False
) -> ImportReport:
    """Bring one source's meetings in line with a parsed feed, in one write transaction."""
    if not source_name.strip() or len(source_name) > SOURCE_NAME_MAX:
        raise FeedError(f"a source name must be 1-{SOURCE_NAME_MAX} characters long")
    report = ImportReport(errors=list(parsed.rejections))
    with unit_of_work():
        now = utcnow()
        source = _source(source_name, location, feed_format)
        existing = {
            meeting.external_slug: meeting
            for meeting in db.session.scalars(
                sa.select(Meeting)
                .where(Meeting.source_id == source.id)
                .options(selectinload(Meeting.location))
            )
        }
        conflicts = {
            conflict.meeting_id: conflict
            for conflict in db.session.scalars(
                sa.select(FeedConflict).join(Meeting).where(Meeting.source_id == source.id)
            )
        }
        slugs = SlugBook()
        new: list[tuple[MeetingFields, str, dict[str, Any]]] = []
        for record in parsed.records:
            meeting = existing.pop(record.external_slug, None)
            digest = record.digest
            if meeting is not None:
                meeting.group_name = record.group  # the feed's alone: never a conflict
            if meeting is None:
                columns = {
                    "source_id": source.id,
                    "external_slug": record.external_slug,
                    "is_demo": is_demo,
                    "source_digest": digest,
                    "imported_at": now,
                    "group_name": record.group,
                }
                new.append((record.fields, record.slug_hint, columns))
                report.created += 1
                continue
            if meeting.source_digest == digest and (
                meeting.archived_at is None or meeting.locally_edited_at is not None
            ):
                # the feed is as last imported (a meeting archived here stays archived)
                pending = conflicts.pop(meeting.id, None)
                if pending is not None:
                    db.session.delete(pending)  # the feed went back to what we had settled
                report.unchanged += 1
                continue
            if meeting.locally_edited_at is not None:
                # corrected here: never overwritten silently, the feed's values wait for a peer
                relisted = meeting.archived_at is not None
                record_conflict(meeting, record.fields, digest, relisted, conflicts)
                report.conflicts += 1
                continue
            apply_meeting_fields(meeting, record.fields)
            meeting.archived_at = None
            report.updated += 1
            meeting.source_digest = digest
            meeting.imported_at = now
        insert_meetings(new, slugs)
        for meeting in existing.values():
            if meeting.archived_at is None:
                meeting.archived_at = now
                report.removed += 1
                if meeting.locally_edited_at is not None:
                    meeting.source_digest = None  # should it come back, a peer decides
        source.last_imported_at = now
    log.info(
        "feed %s imported: %d created, %d updated, %d unchanged, %d removed, %d rejected, "
        "%d conflicts",
        source_name,
        report.created,
        report.updated,
        report.unchanged,
        report.removed,
        report.rejected,
        report.conflicts,
    )
    return report


def feed_options(
    source_name: str,
    hints: tuple[str, ...] = (),
    *,
    fellowship: str | None = None,
    timezone: str | None = None,
) -> FeedOptions:
    """The feed-wide choices: ``--fellowship`` and ``--timezone``, and the fellowship default.

    Records that name no fellowship take the one the source's name or URL speaks of
    (al-anon, nar-anon, na, aa); failing that, BMLT feeds are NA's and Meeting Guide feeds AA's.
    """
    default = guess_fellowship(source_name, *hints)
    return FeedOptions(fellowship=fellowship, default_fellowship=default, timezone=timezone)


def import_meetings(
    source: str,
    *,
    feed_format: str | None = None,
    source_name: str | None = None,
    timezone: str | None = None,
    fellowship: str | None = None,
) -> ImportReport:
    """Import a Meeting Guide or BMLT feed from a file or URL (``FeedError`` if unreadable).

    The feed is fetched and checked before the database is touched, so an unreadable feed
    writes nothing.
    """
    data = decode_json(read_source(source))
    name = source_name or default_source_name(source)
    hints = (source,) if is_url(source) else (Path(source).name,)
    found, meetings, formats = detect_format(data, feed_format)
    options = feed_options(name, hints, fellowship=fellowship, timezone=timezone)
    parsed = _parse(found, meetings, formats, options)
    location = source if is_url(source) else str(Path(source).expanduser().resolve())
    return apply_feed(parsed, source_name=name, location=location, feed_format=found)


def import_records(
    records: list[dict[str, Any]],
    *,
    source_name: str,
    location: str = "",
    fellowship: str | None = None,
    timezone: str | None = None,
    is_demo: bool = False,
) -> ImportReport:
    """Import Meeting Guide records made in this process (the demo data, for one)."""
    options = feed_options(source_name, fellowship=fellowship, timezone=timezone)
    parsed = parse_meeting_guide(records, options)
    return apply_feed(
        parsed,
        source_name=source_name,
        location=location or source_name,
        feed_format="meeting-guide",
        is_demo=is_demo,
    )
