"""The municipality in the chain: municipalities, the hand-over a clinic sends one at discharge,
and clients' requests to be enrolled by a clinic they have no code from."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from peerapp.extensions import UTCDateTime, db, utcnow
from peerapp.models.clinics import Clinic

if TYPE_CHECKING:
    from peerapp.models.people import User

#: an enrolment request's statuses: waiting for the clinic, then accepted or declined
ENROLMENT_REQUEST_STATUSES = ("open", "accepted", "declined")


class Municipality(db.Model):  # type: ignore[name-defined,misc]
    """A Norwegian municipality by its four-digit number, with where its hand-overs are e-mailed."""

    __tablename__ = "municipality"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(sa.String(4), unique=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    email: Mapped[str | None] = mapped_column(sa.String(254))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Handover(db.Model):  # type: ignore[name-defined,misc]
    """A client's hand-over from the clinic to the municipality that follows them up at home.

    Staff record the discharge date and the municipality; it is sent only while the client's
    consent is in force, and the municipality's coordinators can read it only then.
    """

    __tablename__ = "handover"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    client: Mapped[User] = relationship(foreign_keys=[client_id])
    clinic_id: Mapped[int] = mapped_column(sa.ForeignKey("clinic.id", ondelete="CASCADE"))
    clinic: Mapped[Clinic] = relationship()
    municipality_id: Mapped[int] = mapped_column(
        sa.ForeignKey("municipality.id", ondelete="CASCADE"), index=True
    )
    municipality: Mapped[Municipality] = relationship()
    discharge_date: Mapped[date] = mapped_column(sa.Date)
    recorded_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: the client said yes to this municipality reading it; withdrawn ends that at once
    consent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    consent_withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: first sent to the municipality (recorded and consented); the two working days count from it
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    confirmed_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )
    confirmed_by_label: Mapped[str | None] = mapped_column(sa.String(80))
    first_appointment_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: where the first appointment is (sealed with the data key)
    first_appointment_place: Mapped[bytes | None] = mapped_column(sa.LargeBinary)
    #: when two working days passed without confirmation and the clinic was told
    escalated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    @property
    def consent_in_force(self) -> bool:
        return self.consent_at is not None and self.consent_withdrawn_at is None


class EnrolmentRequest(db.Model):  # type: ignore[name-defined,misc]
    """A client with no code asking a clinic on Peerapp to enrol them."""

    __tablename__ = "enrolment_request"
    __table_args__ = (
        sa.UniqueConstraint("client_id", "idempotency_key", name="uq_enrolment_request_key"),
        sa.CheckConstraint("status IN ('open', 'accepted', 'declined')", name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    client_label: Mapped[str] = mapped_column(sa.String(80))
    clinic_id: Mapped[int] = mapped_column(
        sa.ForeignKey("clinic.id", ondelete="CASCADE"), index=True
    )
    clinic: Mapped[Clinic] = relationship()
    idempotency_key: Mapped[str] = mapped_column(sa.String(255))
    status: Mapped[str] = mapped_column(sa.String(10), default="open", index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )
    #: why the clinic said no, for the client to read (sealed)
    decline_reason: Mapped[bytes | None] = mapped_column(sa.LargeBinary)
    agreement_kind: Mapped[str | None] = mapped_column(sa.String(20))
