"""The audit log: who read or changed a client's personal data, and who was refused."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from peerapp.extensions import UTCDateTime, db, utcnow
from peerapp.models.clinics import Clinic


class AuditEvent(db.Model):  # type: ignore[name-defined,misc]
    """One read or change of personal data by someone other than its owner.

    Who acted is kept as a snapshot (username, role, clinic) so the row stays true after the
    account changes or is deleted. It never holds the data itself, only what kind of data it was.
    """

    __tablename__ = "audit_event"
    __table_args__ = (sa.Index("ix_audit_event_subject_at", "subject_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    actor_username: Mapped[str | None] = mapped_column(sa.String(40))
    actor_role: Mapped[str] = mapped_column(sa.String(10))
    actor_clinic_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("clinic.id", ondelete="SET NULL")
    )
    actor_clinic: Mapped[Clinic | None] = relationship()
    subject_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )
    action: Mapped[str] = mapped_column(sa.String(60))
    object_type: Mapped[str | None] = mapped_column(sa.String(40))
    object_id: Mapped[str | None] = mapped_column(sa.String(60))
    allowed: Mapped[bool] = mapped_column(sa.Boolean, default=True)
    #: before/after of a change, where it says what changed without copying private text
    changes: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON)
