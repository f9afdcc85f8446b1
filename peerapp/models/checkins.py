"""Daily structure: the day's plan and the evening check, and consent to keep them.

One :class:`CheckIn` per person per day, edited rather than duplicated. The private note is
encrypted at rest with ``PEERAPP_DATA_KEY``; the figures are plain so trends can be drawn.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from peerapp.extensions import UTCDateTime, db, utcnow

#: what a person can consent to: keeping check-ins at all (needed before the first), and
#: letting their clinic, or the peers they talk to, see the figures (never the note)
CONSENT_SCOPES = ("checkins", "share_clinic", "share_peer")


class Consent(db.Model):  # type: ignore[name-defined,misc]
    """A person's consent to one kind of processing, and when it was given or withdrawn."""

    __tablename__ = "consent"
    __table_args__ = (sa.UniqueConstraint("user_id", "scope", name="uq_consent_user_scope"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    scope: Mapped[str] = mapped_column(sa.String(30))
    given_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class CheckIn(db.Model):  # type: ignore[name-defined,misc]
    """One day: the plan made in the morning and how it went in the evening."""

    __tablename__ = "checkin"
    __table_args__ = (
        sa.UniqueConstraint("user_id", "day", name="uq_checkin_user_day"),
        sa.CheckConstraint("mood IS NULL OR mood BETWEEN 1 AND 5", name="mood"),
        sa.CheckConstraint("craving IS NULL OR craving BETWEEN 0 AND 10", name="craving"),
        sa.CheckConstraint(
            "sleep_hours IS NULL OR (sleep_hours >= 0 AND sleep_hours <= 24)", name="sleep"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    #: the person's own day in Europe/Oslo
    day: Mapped[date] = mapped_column(sa.Date)
    mood: Mapped[int | None] = mapped_column(sa.SmallInteger)
    craving: Mapped[int | None] = mapped_column(sa.SmallInteger)
    sleep_hours: Mapped[float | None] = mapped_column(sa.Float)
    #: the day's anchors: [{"label": ..., "time": "HH:MM" or null}]
    plan: Mapped[list[dict[str, Any]]] = mapped_column(sa.JSON, default=list)
    #: labels of the anchors that got done
    done: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    note: Mapped[bytes | None] = mapped_column(sa.LargeBinary)
    #: the key of the last request that wrote it, so an offline queue can replay safely
    idempotency_key: Mapped[str | None] = mapped_column(sa.String(255))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class CheckInKey(db.Model):  # type: ignore[name-defined,misc]
    """An ``Idempotency-Key`` that wrote a check-in: a replay returns the check-in unchanged."""

    __tablename__ = "checkin_key"
    __table_args__ = (sa.UniqueConstraint("user_id", "key", name="uq_checkin_key_user_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    key: Mapped[str] = mapped_column(sa.String(255))
    body_hash: Mapped[str] = mapped_column(sa.String(64))
    checkin_id: Mapped[int] = mapped_column(sa.ForeignKey("checkin.id", ondelete="CASCADE"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


#: the reminders a person can set for their day
REMINDER_KINDS = ("morning", "evening")


class Reminder(db.Model):  # type: ignore[name-defined,misc]
    """A daily reminder at a wall-clock time in Norway (so it follows summer time)."""

    __tablename__ = "reminder"
    __table_args__ = (
        sa.UniqueConstraint("user_id", "kind", name="uq_reminder_user_kind"),
        sa.CheckConstraint("kind IN ('morning', 'evening')", name="kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(sa.String(10))
    #: "HH:MM" in Europe/Oslo
    at: Mapped[str] = mapped_column(sa.String(5))
    #: the last day (in Norway) it was sent, so that it goes once a day, also when clocks go back
    last_sent_on: Mapped[date | None] = mapped_column(sa.Date)


class SoberPeriod(db.Model):  # type: ignore[name-defined,misc]
    """A stretch of sober days the person counts; pausing ends it, and the history stays."""

    __tablename__ = "sober_period"
    __table_args__ = (
        # one stretch counting at a time, also when two presses race
        sa.Index(
            "uq_sober_period_counting",
            "user_id",
            unique=True,
            sqlite_where=sa.text("ended_on IS NULL"),
            postgresql_where=sa.text("ended_on IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    started_on: Mapped[date] = mapped_column(sa.Date)
    #: the last day of the stretch; NULL while it is counting
    ended_on: Mapped[date | None] = mapped_column(sa.Date)
