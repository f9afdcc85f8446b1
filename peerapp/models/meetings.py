"""Meetings, where they are held, and the feeds they were imported from."""

from __future__ import annotations

import datetime as dt
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from peerapp.extensions import UTCDateTime, db, utcnow

#: Grid size in degrees of the coarse cell index used to prefilter distance searches.
GEOCELL_DEGREES = 0.25
MINUTES_PER_WEEK = 7 * 24 * 60


def geocell(latitude: float, longitude: float) -> int:
    """The integer id of the grid cell a coordinate falls in (see ``GEOCELL_DEGREES``)."""
    row = int((latitude + 90.0) // GEOCELL_DEGREES)
    col = int((longitude + 180.0) // GEOCELL_DEGREES) % int(360 / GEOCELL_DEGREES)
    return row * 10_000 + col


def coordinate_columns(latitude: float | None, longitude: float | None) -> dict[str, Any]:
    """The stored coordinate columns of a location, with the grid cell that indexes them."""
    has_point = latitude is not None and longitude is not None
    cell = geocell(latitude, longitude) if has_point else None  # type: ignore[arg-type]
    return {"latitude": latitude, "longitude": longitude, "geocell": cell}


def schedule_columns(day: int, start: dt.time, end: dt.time) -> dict[str, Any]:
    """Day and times, and the derived week minute and duration (past midnight allowed)."""
    start_min = start.hour * 60 + start.minute
    end_min = end.hour * 60 + end.minute
    return {
        "day": day,
        "time": start,
        "end_time": end,
        "week_minute": day * 1440 + start_min,
        "duration_minutes": (end_min - start_min) % 1440 or 1440,
    }


def types_column(codes: list[str]) -> str:
    """Type codes stored as ",O,EN,X," so that "has every type" is one LIKE per code."""
    return "," + "".join(f"{code}," for code in dict.fromkeys(codes))


class FeedSource(db.Model):  # type: ignore[name-defined,misc]
    """A Meeting Guide or BMLT feed that meetings were imported from."""

    __tablename__ = "feed_source"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200), unique=True)
    location: Mapped[str] = mapped_column(sa.String(2000))
    format: Mapped[str] = mapped_column(sa.String(20))
    last_imported_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    meetings: Mapped[list[Meeting]] = relationship(back_populates="source")


class Location(db.Model):  # type: ignore[name-defined,misc]
    """A place where meetings are held (a venue, or only a town when ``approximate``)."""

    __tablename__ = "location"
    __table_args__ = (
        sa.Index("ix_location_geocell", "geocell"),
        sa.Index("ix_location_lat_lng", "latitude", "longitude"),
        # a search by region finds its meetings from the region's postal codes
        sa.Index("ix_location_postal_code", "postal_code"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str | None] = mapped_column(sa.String(300))
    address: Mapped[str | None] = mapped_column(sa.String(500))
    city: Mapped[str | None] = mapped_column(sa.String(200))
    postal_code: Mapped[str | None] = mapped_column(sa.String(20))
    region: Mapped[str | None] = mapped_column(sa.String(200))
    country: Mapped[str | None] = mapped_column(sa.String(100))
    latitude: Mapped[float | None] = mapped_column(sa.Float)
    longitude: Mapped[float | None] = mapped_column(sa.Float)
    geocell: Mapped[int | None] = mapped_column(sa.Integer)
    approximate: Mapped[bool] = mapped_column(sa.Boolean, default=False)

    meetings: Mapped[list[Meeting]] = relationship(back_populates="location")

    def set_coordinates(self, latitude: float | None, longitude: float | None) -> None:
        """Set the coordinates and the grid cell that indexes them."""
        for name, value in coordinate_columns(latitude, longitude).items():
            setattr(self, name, value)


class Meeting(db.Model):  # type: ignore[name-defined,misc]
    """A recurring weekly meeting of a fellowship, held in person, online or both."""

    __tablename__ = "meeting"
    __table_args__ = (
        sa.UniqueConstraint("source_id", "external_slug", name="uq_meeting_source_external"),
        sa.CheckConstraint("day >= 0 AND day <= 6", name="day_range"),
        sa.CheckConstraint(
            "attendance_option IN ('in_person', 'online', 'hybrid')", name="attendance"
        ),
        sa.Index("ix_meeting_week_minute", "week_minute"),
        # a distance search reads only this index: the count and the nearest page never touch
        # the rows, so a city with 10,000 meetings in the circle stays fast
        sa.Index(
            "ix_meeting_near",
            "geocell",
            "latitude",
            "longitude",
            "archived_at",
            "irregular",
            "fellowship",
            "day",
            "week_minute",
            "duration_minutes",
            "attendance_option",
            "timezone",
            "types_text",
        ),
        # an online-only search (no point) reads the online and hybrid meetings from here
        sa.Index(
            "ix_meeting_attendance",
            "attendance_option",
            "archived_at",
            "irregular",
            "week_minute",
            "duration_minutes",
            "timezone",
            "fellowship",
            "day",
            "types_text",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(200), unique=True)
    name: Mapped[str] = mapped_column(sa.String(300))
    fellowship: Mapped[str] = mapped_column(sa.String(40))
    day: Mapped[int] = mapped_column(sa.SmallInteger)
    time: Mapped[dt.time] = mapped_column(sa.Time)
    end_time: Mapped[dt.time] = mapped_column(sa.Time)
    timezone: Mapped[str] = mapped_column(sa.String(64), index=True)
    #: minutes since Sunday 00:00 local time, and the length: the "now" filters work on these
    week_minute: Mapped[int] = mapped_column(sa.Integer)
    duration_minutes: Mapped[int] = mapped_column(sa.Integer)
    #: Meeting Guide type codes, stored as ",O,EN,X," so that "has every type" is a LIKE per code
    types_text: Mapped[str] = mapped_column(sa.String(500), default=",")
    attendance_option: Mapped[str] = mapped_column(sa.String(20), default="in_person")
    conference_url: Mapped[str | None] = mapped_column(sa.String(1000))
    conference_phone: Mapped[str | None] = mapped_column(sa.String(100))
    notes: Mapped[str | None] = mapped_column(sa.Text)
    #: case-folded name, venue and address, for free-text search on every backend
    search_text: Mapped[str] = mapped_column(sa.Text, default="")
    #: an RFC 5545 rule when the meeting is not weekly (``FREQ=MONTHLY;BYDAY=1SU``, or ``RRULE``/
    #: ``RDATE`` lines), counted from ``recurrence_start``; none: every week on ``day``
    recurrence: Mapped[str | None] = mapped_column(sa.String(1000))
    recurrence_start: Mapped[dt.date | None] = mapped_column(sa.Date)
    #: JSON list of exceptions: ``{"date"}`` cancelled, ``{"date", "time"}`` moved once
    exceptions_text: Mapped[str | None] = mapped_column(sa.Text)
    #: whether ``recurrence`` or ``exceptions_text`` is set: the search then asks the rule
    irregular: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    #: the location's coordinates and grid cell, copied here for the search index
    latitude: Mapped[float | None] = mapped_column(sa.Float)
    longitude: Mapped[float | None] = mapped_column(sa.Float)
    geocell: Mapped[int | None] = mapped_column(sa.Integer)

    location_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("location.id", ondelete="SET NULL"), index=True
    )
    location: Mapped[Location | None] = relationship(back_populates="meetings")

    source_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("feed_source.id", ondelete="SET NULL"), index=True
    )
    source: Mapped[FeedSource | None] = relationship(back_populates="meetings")
    external_slug: Mapped[str | None] = mapped_column(sa.String(300))
    #: the group that holds the meeting, as its feed names it (feeds only: not edited here)
    group_name: Mapped[str | None] = mapped_column(sa.String(300))
    #: a hash of the source record as last imported: an unchanged record is left alone
    source_digest: Mapped[str | None] = mapped_column(sa.String(64))
    imported_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    verified_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )
    #: when a peer last changed an imported meeting here: a re-import then keeps our values
    locally_edited_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: not indexed on purpose: nearly every row matches, and an index here lures the planner away
    #: from the location index that makes distance searches follow the neighbourhood
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    is_demo: Mapped[bool] = mapped_column(sa.Boolean, default=False)

    @property
    def types(self) -> list[str]:
        """The Meeting Guide type codes of this meeting, in stored order."""
        return [code for code in self.types_text.split(",") if code]

    @types.setter
    def types(self, codes: list[str]) -> None:
        self.types_text = types_column(codes)

    def set_schedule(self, day: int, start: dt.time, end: dt.time) -> None:
        """Set day and times, and the derived week minute and duration (past midnight allowed)."""
        for name, value in schedule_columns(day, start, end).items():
            setattr(self, name, value)


class MeetingReminder(db.Model):  # type: ignore[name-defined,misc]
    """A signed-in person's "remind me" before one occurrence of a meeting, sent by push."""

    __tablename__ = "meeting_reminder"
    __table_args__ = (
        sa.UniqueConstraint("user_id", "meeting_id", "starts_at", name="uq_meeting_reminder_once"),
        sa.Index("ix_meeting_reminder_due", "sent_at", "remind_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    meeting_id: Mapped[int] = mapped_column(sa.ForeignKey("meeting.id", ondelete="CASCADE"))
    meeting: Mapped[Meeting] = relationship()
    #: the occurrence it is for, and when to send (``lead_minutes`` before it), both in UTC
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    lead_minutes: Mapped[int] = mapped_column(sa.Integer)
    remind_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
