"""A client's plan for leaving treatment: the crisis plan, appointments after discharge, the
people around them and what they picked near home.

Made together with clinic staff at discharge (the hand-over) and owned by the client. Every
piece of free text (the crisis plan, what/with whom/where of an appointment, a contact's name,
phone and how they help) is sealed with ``PEERAPP_DATA_KEY``; only times, roles and ids are plain.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from peerapp.extensions import UTCDateTime, db, utcnow

#: the roles a person in "my people" can have, in the order they are offered
CONTACT_ROLES = ("coordinator", "gp", "nav", "responsibility_group", "peer", "family", "other")
#: what can be saved "near home" from the finders
SAVED_KINDS = ("meeting", "place", "peer", "service")


class Plan(db.Model):  # type: ignore[name-defined,misc]
    """A client's one plan: the sealed crisis plan and the version edits are checked against."""

    __tablename__ = "plan"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="CASCADE"), unique=True
    )
    #: the crisis plan as sealed JSON: {warning_signs, coping, distractions, safer, people,
    #: professionals}
    crisis_plan: Mapped[bytes | None] = mapped_column(sa.LargeBinary)
    #: raised by every change to any part, so that two people editing at once are noticed
    version: Mapped[int] = mapped_column(sa.Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )


class PlanAppointment(db.Model):  # type: ignore[name-defined,misc]
    """An appointment after discharge, reminded the evening before and two hours before."""

    __tablename__ = "plan_appointment"
    __table_args__ = (sa.Index("ix_plan_appointment_starts_at", "starts_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    #: sealed JSON: {what, with_whom, where}
    details: Mapped[bytes] = mapped_column(sa.LargeBinary)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    evening_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    soon_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class PlanContact(db.Model):  # type: ignore[name-defined,misc]
    """A named person in "my people", with their role around the client."""

    __tablename__ = "plan_contact"
    __table_args__ = (
        sa.CheckConstraint(
            "role IN ('coordinator', 'gp', 'nav', 'responsibility_group', 'peer', 'family',"
            " 'other')",
            name="role",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[str] = mapped_column(sa.String(30))
    #: sealed JSON: {name, phone, how}
    details: Mapped[bytes] = mapped_column(sa.LargeBinary)
    position: Mapped[int] = mapped_column(sa.Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class PlanSaved(db.Model):  # type: ignore[name-defined,misc]
    """A meeting, sober place, peer or help service saved "near home"."""

    __tablename__ = "plan_saved"
    __table_args__ = (
        sa.UniqueConstraint("user_id", "kind", "item_id", name="uq_plan_saved_item"),
        sa.CheckConstraint("kind IN ('meeting', 'place', 'peer', 'service')", name="kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(sa.String(10))
    item_id: Mapped[int] = mapped_column(sa.Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class PlanKey(db.Model):  # type: ignore[name-defined,misc]
    """An ``Idempotency-Key`` that changed a plan: a replay changes nothing and answers the same."""

    __tablename__ = "plan_key"
    __table_args__ = (sa.UniqueConstraint("user_id", "key", name="uq_plan_key_user_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    key: Mapped[str] = mapped_column(sa.String(255))
    body_hash: Mapped[str] = mapped_column(sa.String(64))
    #: what the request made (an appointment's id), to answer a replay with it
    result_id: Mapped[int | None] = mapped_column(sa.Integer)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
