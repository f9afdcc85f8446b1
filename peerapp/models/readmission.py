"""The way back to the clinic: return agreements made at discharge, and readmission requests.

An :class:`Enrolment` is made by staff at discharge; its one-time code links a client's account
to the clinic, and it records the agreement both sides see. A :class:`ReadmissionRequest` is the
one tap; its :class:`ReadmissionEvent` rows are the timeline. Free text a person writes (the
message, the callback number, staff notes) is encrypted at rest with ``PEERAPP_DATA_KEY``.
"""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from peerapp.extensions import UTCDateTime, db, utcnow
from peerapp.models.clinics import Clinic
from peerapp.models.people import User

#: plain fast return, or user-controlled admission ("brukerstyrt innleggelse") with limits
AGREEMENT_KINDS = ("fast_return", "user_controlled")
#: a request's statuses, in the order staff move it along; the last three end it
STATUSES = ("sent", "received", "contacted", "offered", "admitted", "declined", "withdrawn")
OPEN_STATUSES = ("sent", "received", "contacted", "offered")


class Enrolment(db.Model):  # type: ignore[name-defined,misc]
    """A return agreement, and the one-time code that links a client's account to it."""

    __tablename__ = "enrolment"
    __table_args__ = (
        sa.CheckConstraint("kind IN ('fast_return', 'user_controlled')", name="kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    clinic_id: Mapped[int] = mapped_column(
        sa.ForeignKey("clinic.id", ondelete="CASCADE"), index=True
    )
    clinic: Mapped[Clinic] = relationship()
    #: SHA-256 of the normalised code; the code itself is shown once to staff
    code_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    client_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    client: Mapped[User | None] = relationship(foreign_keys=[client_id])
    kind: Mapped[str] = mapped_column(sa.String(20), default="fast_return")
    max_stay_days: Mapped[int | None] = mapped_column(sa.Integer)
    min_days_between: Mapped[int | None] = mapped_column(sa.Integer)
    valid_until: Mapped[date | None] = mapped_column(sa.Date)
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: the clinic's own reference for the client (sealed), seen only by the clinic's staff
    reference: Mapped[bytes | None] = mapped_column(sa.LargeBinary)


class ReadmissionRequest(db.Model):  # type: ignore[name-defined,misc]
    """One request to come back to the clinic, kept by the clinic even if the account goes."""

    __tablename__ = "readmission_request"
    __table_args__ = (
        # the same key never makes a second request for the same person
        sa.UniqueConstraint("client_id", "idempotency_key", name="uq_readmission_key"),
        sa.CheckConstraint(
            "status IN ('sent', 'received', 'contacted', 'offered', 'admitted', 'declined',"
            " 'withdrawn')",
            name="status",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    clinic_id: Mapped[int] = mapped_column(sa.ForeignKey("clinic.id"), index=True)
    clinic: Mapped[Clinic] = relationship()
    client_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    client: Mapped[User | None] = relationship(foreign_keys=[client_id])
    #: the client's pseudonym when they asked: the clinic's record outlives the account
    client_label: Mapped[str] = mapped_column(sa.String(80))
    #: the client's id while the request is open, else NULL: unique, so one open request each
    open_client_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL"), unique=True
    )
    idempotency_key: Mapped[str] = mapped_column(sa.String(255))
    #: SHA-256 of the body sent with the key, to refuse the key reused for something else
    body_hash: Mapped[str] = mapped_column(sa.String(64))
    agreement_kind: Mapped[str] = mapped_column(sa.String(20), default="fast_return")
    status: Mapped[str] = mapped_column(sa.String(20), default="sent", index=True)
    message: Mapped[bytes | None] = mapped_column(sa.LargeBinary)
    callback_phone: Mapped[bytes | None] = mapped_column(sa.LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    received_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    contacted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    admission_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: when the response-time target passed without contact and staff were told again
    escalated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    events: Mapped[list[ReadmissionEvent]] = relationship(
        back_populates="request", order_by="ReadmissionEvent.id", cascade="all, delete-orphan"
    )

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class ReadmissionEvent(db.Model):  # type: ignore[name-defined,misc]
    """One step on a request's timeline: who moved it to which status, and when."""

    __tablename__ = "readmission_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(
        sa.ForeignKey("readmission_request.id", ondelete="CASCADE"), index=True
    )
    request: Mapped[ReadmissionRequest] = relationship(back_populates="events")
    status: Mapped[str] = mapped_column(sa.String(20))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )
    actor_role: Mapped[str] = mapped_column(sa.String(20))
    #: the staff member's or client's name at the time, so the timeline survives the account
    actor_label: Mapped[str | None] = mapped_column(sa.String(80))
    note: Mapped[bytes | None] = mapped_column(sa.LargeBinary)
    admission_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class ReadmissionKey(db.Model):  # type: ignore[name-defined,misc]
    """Every ``Idempotency-Key`` a client's taps came with, and the request it was answered with:
    a key sent again always gets the same answer, also one that found an open request."""

    __tablename__ = "readmission_key"
    __table_args__ = (
        sa.UniqueConstraint("client_id", "key", name="uq_readmission_key_client_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    key: Mapped[str] = mapped_column(sa.String(255))
    body_hash: Mapped[str] = mapped_column(sa.String(64))
    request_id: Mapped[int] = mapped_column(
        sa.ForeignKey("readmission_request.id", ondelete="CASCADE")
    )
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
