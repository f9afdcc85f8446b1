"""Sober places (rusfrie møteplasser), their weekly opening hours and dated exceptions."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from peerapp.extensions import UTCDateTime, db, utcnow

#: what a sober place is: café, activity centre, sport, volunteer group (naloxone hand-out points
#: moved to help services; the table's constraint still names them for old databases)
PLACE_KINDS = ("cafe", "activity_centre", "sport", "volunteer")


class Place(db.Model):  # type: ignore[name-defined,misc]
    """A sober place people can go to, with where it is and how to reach it."""

    __tablename__ = "place"
    __table_args__ = (
        sa.CheckConstraint(
            "kind IN ('cafe', 'activity_centre', 'sport', 'volunteer', 'naloxone')", name="kind"
        ),
        sa.Index("ix_place_geocell", "geocell"),
        sa.Index("ix_place_lat_lng", "latitude", "longitude"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(300))
    kind: Mapped[str] = mapped_column(sa.String(40))
    description: Mapped[str | None] = mapped_column(sa.Text)
    phone: Mapped[str | None] = mapped_column(sa.String(100))
    url: Mapped[str | None] = mapped_column(sa.String(1000))
    venue: Mapped[str | None] = mapped_column(sa.String(300))
    address: Mapped[str | None] = mapped_column(sa.String(500))
    city: Mapped[str | None] = mapped_column(sa.String(200))
    postal_code: Mapped[str | None] = mapped_column(sa.String(20))
    region: Mapped[str | None] = mapped_column(sa.String(200))
    country: Mapped[str | None] = mapped_column(sa.String(100))
    latitude: Mapped[float] = mapped_column(sa.Float)
    longitude: Mapped[float] = mapped_column(sa.Float)
    #: the coarse grid cell of the coordinates (see ``peerapp.models.meetings.geocell``)
    geocell: Mapped[int] = mapped_column(sa.Integer)
    verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    verified_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    is_demo: Mapped[bool] = mapped_column(sa.Boolean, default=False)

    hours: Mapped[list[PlaceHours]] = relationship(
        back_populates="place",
        cascade="all, delete-orphan",
        order_by="(PlaceHours.day, PlaceHours.opens)",
    )
    exceptions: Mapped[list[PlaceException]] = relationship(
        back_populates="place", cascade="all, delete-orphan", order_by="PlaceException.on_date"
    )


class PlaceHours(db.Model):  # type: ignore[name-defined,misc]
    """One weekly range: open on ``day`` (0 = Sunday) from ``opens`` to ``closes``, in minutes.

    ``week_start``/``week_end`` are minutes after Sunday 00:00 on Oslo's clock, so that the "open
    now" filter is a comparison in the database (``week_end`` passes 10080 into Sunday).
    """

    __tablename__ = "place_hours"
    __table_args__ = (
        sa.CheckConstraint("day >= 0 AND day <= 6", name="day_range"),
        sa.CheckConstraint("opens >= 0 AND opens < 1440", name="opens_range"),
        sa.CheckConstraint("closes > 0 AND closes <= 1440", name="closes_range"),
        sa.Index("ix_place_hours_place_week", "place_id", "week_start", "week_end"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    place_id: Mapped[int] = mapped_column(sa.ForeignKey("place.id", ondelete="CASCADE"))
    day: Mapped[int] = mapped_column(sa.SmallInteger)
    opens: Mapped[int] = mapped_column(sa.SmallInteger)
    closes: Mapped[int] = mapped_column(sa.SmallInteger)
    week_start: Mapped[int] = mapped_column(sa.Integer)
    week_end: Mapped[int] = mapped_column(sa.Integer)

    place: Mapped[Place] = relationship(back_populates="hours")


class PlaceException(db.Model):  # type: ignore[name-defined,misc]
    """A date with other hours than the week's: closed (no times) or open ``opens``-``closes``."""

    __tablename__ = "place_exception"
    __table_args__ = (
        sa.UniqueConstraint("place_id", "on_date", name="uq_place_exception_place_on_date"),
        sa.CheckConstraint(
            "(opens IS NULL AND closes IS NULL) OR (opens IS NOT NULL AND closes IS NOT NULL)",
            name="times_together",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    place_id: Mapped[int] = mapped_column(sa.ForeignKey("place.id", ondelete="CASCADE"))
    on_date: Mapped[date] = mapped_column(sa.Date, index=True)
    opens: Mapped[int | None] = mapped_column(sa.SmallInteger)
    closes: Mapped[int | None] = mapped_column(sa.SmallInteger)

    place: Mapped[Place] = relationship(back_populates="exceptions")
