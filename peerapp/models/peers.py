"""Peer workers people can talk to: their public profiles, contact requests, and the thread.

A profile shows only while its peer has it switched on and not paused. A contact request's
message, phone number and every reply are encrypted at rest with ``PEERAPP_DATA_KEY``.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from peerapp.extensions import UTCDateTime, db, utcnow
from peerapp.models.people import User

CHANNELS = ("phone", "sms", "in_app")
CONTACT_STATUSES = ("open", "answered", "closed")


class PeerProfile(db.Model):  # type: ignore[name-defined,misc]
    """What a peer worker tells about themselves, shown at ``/peers`` while switched on."""

    __tablename__ = "peer_profile"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="CASCADE"), unique=True
    )
    user: Mapped[User] = relationship()
    display_name: Mapped[str] = mapped_column(sa.String(80))
    #: language codes, such as ["nb", "en"]
    languages: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    regions: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    #: fellowship codes from the vocabulary
    fellowships: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    availability: Mapped[str] = mapped_column(sa.String(200), default="")
    about: Mapped[str] = mapped_column(sa.String(1000), default="")
    #: shown at all (the peer's choice)
    visible: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    #: taking no new requests for now
    paused: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    #: the peer says they talk with relatives too (shown at ``/relatives``)
    talks_with_relatives: Mapped[bool] = mapped_column(
        sa.Boolean, default=False, server_default=sa.false()
    )
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ContactRequest(db.Model):  # type: ignore[name-defined,misc]
    """A client asking a peer to get in touch, and how."""

    __tablename__ = "contact_request"
    __table_args__ = (
        sa.CheckConstraint("channel IN ('phone', 'sms', 'in_app')", name="channel"),
        sa.CheckConstraint("status IN ('open', 'answered', 'closed')", name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    client: Mapped[User | None] = relationship(foreign_keys=[client_id])
    peer_id: Mapped[int] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    peer: Mapped[User] = relationship(foreign_keys=[peer_id])
    channel: Mapped[str] = mapped_column(sa.String(10))
    phone: Mapped[bytes | None] = mapped_column(sa.LargeBinary)
    message: Mapped[bytes] = mapped_column(sa.LargeBinary)
    status: Mapped[str] = mapped_column(sa.String(10), default="open")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    replies: Mapped[list[ContactReply]] = relationship(
        back_populates="request", order_by="ContactReply.id", cascade="all, delete-orphan"
    )


class ContactReply(db.Model):  # type: ignore[name-defined,misc]
    """One message in the in-app thread between a client and a peer."""

    __tablename__ = "contact_reply"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(
        sa.ForeignKey("contact_request.id", ondelete="CASCADE"), index=True
    )
    request: Mapped[ContactRequest] = relationship(back_populates="replies")
    author_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )
    body: Mapped[bytes] = mapped_column(sa.LargeBinary)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class PeerBlock(db.Model):  # type: ignore[name-defined,misc]
    """A client who does not want to hear from (or see) a peer again."""

    __tablename__ = "peer_block"
    __table_args__ = (
        sa.UniqueConstraint("client_id", "peer_id", name="uq_peer_block_client_peer"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    peer_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id", ondelete="CASCADE"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class AbuseReport(db.Model):  # type: ignore[name-defined,misc]
    """A peer telling an admin that a contact request was abusive."""

    __tablename__ = "abuse_report"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("contact_request.id", ondelete="SET NULL")
    )
    reporter_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )
    reason: Mapped[bytes] = mapped_column(sa.LargeBinary)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    handled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
