"""Help services in the municipality (NAV, housing, low-threshold, LAR, dental care...): who runs
them, where they are, their phones, their weekly hours with dated exceptions and holidays, who
may use them and how to get in."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from peerapp.extensions import UTCDateTime, db, utcnow

#: what a help service is, in the product's words (labels in services/helpservices/describe.py)
SERVICE_CATEGORIES = (
    "nav_office",
    "housing",
    "low_threshold_day_centre",
    "lar_dispensing",
    "mental_health_quick_help",
    "dental_care",
    "debt_advice",
    "emergency_room",
    "work_training",
    "relatives_support",
    "naloxone_harm_reduction",
)
#: how to get in: walk in, book a time, or either
ACCESS_MODES = ("drop_in", "appointment", "both")
#: what it costs the person
COSTS = ("free", "paid")


class HelpOrganisation(db.Model):  # type: ignore[name-defined,misc]
    """Who runs help services: a municipality, NAV, a health trust, a foundation."""

    __tablename__ = "help_organisation"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: the identifier shared with other directories (HSDS ``organization.id``)
    uid: Mapped[str] = mapped_column(sa.String(36), unique=True)
    name: Mapped[str] = mapped_column(sa.String(300))
    description: Mapped[str | None] = mapped_column(sa.Text)
    url: Mapped[str | None] = mapped_column(sa.String(1000))
    email: Mapped[str | None] = mapped_column(sa.String(300))


class HelpService(db.Model):  # type: ignore[name-defined,misc]
    """One help service at one place, with its hours and how to get in."""

    __tablename__ = "help_service"
    __table_args__ = (
        sa.CheckConstraint(
            "category IN (" + ", ".join(f"'{code}'" for code in SERVICE_CATEGORIES) + ")",
            name="category",
        ),
        sa.CheckConstraint("access IN ('drop_in', 'appointment', 'both')", name="access"),
        sa.CheckConstraint("cost IN ('free', 'paid')", name="cost"),
        sa.Index("ix_help_service_geocell", "geocell"),
        sa.Index("ix_help_service_lat_lng", "latitude", "longitude"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: the identifier shared with other directories (HSDS ``service.id``)
    uid: Mapped[str] = mapped_column(sa.String(36), unique=True)
    organisation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("help_organisation.id", ondelete="SET NULL"), index=True
    )
    name: Mapped[str] = mapped_column(sa.String(300))
    category: Mapped[str] = mapped_column(sa.String(40), index=True)
    description: Mapped[str | None] = mapped_column(sa.Text)
    url: Mapped[str | None] = mapped_column(sa.String(1000))
    email: Mapped[str | None] = mapped_column(sa.String(300))
    #: who may use it (for example "Adults registered in Bergen")
    eligibility: Mapped[str | None] = mapped_column(sa.Text)
    access: Mapped[str] = mapped_column(sa.String(20), default="drop_in")
    referral_required: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    cost: Mapped[str] = mapped_column(sa.String(10), default="free")
    cost_note: Mapped[str | None] = mapped_column(sa.String(1000))
    #: ISO 639-1 codes of the languages spoken
    languages: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    accessibility: Mapped[str | None] = mapped_column(sa.String(1000))
    #: closed on Norway's public holidays, whatever the week says
    closed_on_holidays: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    venue: Mapped[str | None] = mapped_column(sa.String(300))
    address: Mapped[str | None] = mapped_column(sa.String(500))
    city: Mapped[str | None] = mapped_column(sa.String(200))
    postal_code: Mapped[str | None] = mapped_column(sa.String(20))
    municipality: Mapped[str | None] = mapped_column(sa.String(200), index=True)
    region: Mapped[str | None] = mapped_column(sa.String(200))
    country: Mapped[str | None] = mapped_column(sa.String(100))
    latitude: Mapped[float] = mapped_column(sa.Float)
    longitude: Mapped[float] = mapped_column(sa.Float)
    #: the coarse grid cell of the coordinates (see ``peerapp.models.meetings.geocell``)
    geocell: Mapped[int] = mapped_column(sa.Integer)
    #: name, organisation, town, municipality and category words folded (``services.text.fold``),
    #: so that a text search matches Tromsø for "tromso" on every database
    search_text: Mapped[str] = mapped_column(sa.Text, default="")
    #: the sober place this service was before naloxone points moved here (old links follow it)
    former_place_id: Mapped[int | None] = mapped_column(sa.Integer, unique=True)
    verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    verified_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    is_demo: Mapped[bool] = mapped_column(sa.Boolean, default=False)

    organisation: Mapped[HelpOrganisation | None] = relationship()
    phones: Mapped[list[HelpServicePhone]] = relationship(
        back_populates="service", cascade="all, delete-orphan", order_by="HelpServicePhone.id"
    )
    hours: Mapped[list[HelpServiceHours]] = relationship(
        back_populates="service",
        cascade="all, delete-orphan",
        order_by="(HelpServiceHours.day, HelpServiceHours.opens)",
    )
    exceptions: Mapped[list[HelpServiceException]] = relationship(
        back_populates="service",
        cascade="all, delete-orphan",
        order_by="HelpServiceException.on_date",
    )


class HelpServicePhone(db.Model):  # type: ignore[name-defined,misc]
    """A number to call, with what it is for ("Reception", "After hours")."""

    __tablename__ = "help_service_phone"

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(
        sa.ForeignKey("help_service.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[str] = mapped_column(sa.String(100))
    description: Mapped[str | None] = mapped_column(sa.String(300))

    service: Mapped[HelpService] = relationship(back_populates="phones")


class HelpServiceHours(db.Model):  # type: ignore[name-defined,misc]
    """One weekly range, as ``PlaceHours``: ``day`` (0 = Sunday), ``opens``/``closes`` in minutes,
    ``week_start``/``week_end`` in minutes after Sunday 00:00 on Oslo's clock."""

    __tablename__ = "help_service_hours"
    __table_args__ = (
        sa.CheckConstraint("day >= 0 AND day <= 6", name="day_range"),
        sa.CheckConstraint("opens >= 0 AND opens < 1440", name="opens_range"),
        sa.CheckConstraint("closes > 0 AND closes <= 1440", name="closes_range"),
        sa.Index("ix_help_service_hours_service_week", "service_id", "week_start", "week_end"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(sa.ForeignKey("help_service.id", ondelete="CASCADE"))
    day: Mapped[int] = mapped_column(sa.SmallInteger)
    opens: Mapped[int] = mapped_column(sa.SmallInteger)
    closes: Mapped[int] = mapped_column(sa.SmallInteger)
    week_start: Mapped[int] = mapped_column(sa.Integer)
    week_end: Mapped[int] = mapped_column(sa.Integer)

    service: Mapped[HelpService] = relationship(back_populates="hours")


class HelpServiceException(db.Model):  # type: ignore[name-defined,misc]
    """A date with other hours than the week's: closed (no times) or open ``opens``-``closes``."""

    __tablename__ = "help_service_exception"
    __table_args__ = (
        sa.UniqueConstraint(
            "service_id", "on_date", name="uq_help_service_exception_service_on_date"
        ),
        sa.CheckConstraint(
            "(opens IS NULL AND closes IS NULL) OR (opens IS NOT NULL AND closes IS NOT NULL)",
            name="times_together",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(sa.ForeignKey("help_service.id", ondelete="CASCADE"))
    on_date: Mapped[date] = mapped_column(sa.Date, index=True)
    opens: Mapped[int | None] = mapped_column(sa.SmallInteger)
    closes: Mapped[int | None] = mapped_column(sa.SmallInteger)

    service: Mapped[HelpService] = relationship(back_populates="exceptions")
