"""Come with me: a client asking for a peer to go with them to a meeting or a place the first time.

The client's note is encrypted at rest with ``PEERAPP_DATA_KEY``; the meeting point is a spot at
or near the door (never a home address, which the rules refuse) and is shown to both sides.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from peerapp.extensions import UTCDateTime, db, utcnow
from peerapp.models.events import Event
from peerapp.models.meetings import Meeting
from peerapp.models.people import User
from peerapp.models.places import Place

COMPANION_STATUSES = ("open", "accepted", "cancelled", "expired")
#: how it went, the client's one optional tap afterwards
COMPANION_OUTCOMES = ("good", "okay", "hard", "did_not_go")


class CompanionRequest(db.Model):  # type: ignore[name-defined,misc]
    """One client's wish for company to one occurrence of a meeting (or a visit to a place)."""

    __tablename__ = "companion_request"
    __table_args__ = (
        sa.CheckConstraint(
            "status IN ('open', 'accepted', 'cancelled', 'expired')", name="companion_status"
        ),
        sa.UniqueConstraint("client_id", "idempotency_key", name="uq_companion_request_key"),
        # one live request per client and occurrence, also when two taps race
        sa.Index(
            "uq_companion_request_live",
            "client_id",
            "target",
            "starts_at",
            unique=True,
            sqlite_where=sa.text("status IN ('open', 'accepted')"),
            postgresql_where=sa.text("status IN ('open', 'accepted')"),
        ),
        sa.Index("ix_companion_request_status_starts", "status", "starts_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    client: Mapped[User] = relationship(foreign_keys=[client_id])
    peer_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    peer: Mapped[User | None] = relationship(foreign_keys=[peer_id])
    meeting_id: Mapped[int | None] = mapped_column(sa.ForeignKey("meeting.id", ondelete="CASCADE"))
    meeting: Mapped[Meeting | None] = relationship()
    place_id: Mapped[int | None] = mapped_column(sa.ForeignKey("place.id", ondelete="CASCADE"))
    place: Mapped[Place | None] = relationship()
    event_id: Mapped[int | None] = mapped_column(sa.ForeignKey("event.id", ondelete="CASCADE"))
    event: Mapped[Event | None] = relationship()
    #: "meeting:12", "place:3" or "event:5": what it is for, in one column the live index holds
    target: Mapped[str] = mapped_column(sa.String(40))
    #: copied from the meeting or place when asked, so peers' limits filter without joins
    fellowship: Mapped[str | None] = mapped_column(sa.String(40))
    region: Mapped[str | None] = mapped_column(sa.String(200))
    city: Mapped[str | None] = mapped_column(sa.String(200))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    meeting_point: Mapped[str] = mapped_column(sa.String(120))
    note: Mapped[bytes | None] = mapped_column(sa.LargeBinary)
    status: Mapped[str] = mapped_column(sa.String(10), default="open")
    idempotency_key: Mapped[str] = mapped_column(sa.String(255))
    body_digest: Mapped[str] = mapped_column(sa.String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: "client" or "peer"
    cancelled_by: Mapped[str | None] = mapped_column(sa.String(10))
    cancel_reason: Mapped[bytes | None] = mapped_column(sa.LargeBinary)
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    outcome: Mapped[str | None] = mapped_column(sa.String(20))
    outcome_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class CompanionPause(db.Model):  # type: ignore[name-defined,misc]
    """A peer who has paused offering to come along: no row, and they offer."""

    __tablename__ = "companion_pause"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="CASCADE"), unique=True
    )
    paused_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
