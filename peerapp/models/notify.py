"""Web push subscriptions and the transactional outbox of notifications."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from peerapp.extensions import UTCDateTime, db, utcnow
from peerapp.models.people import User

#: Outbox states: waiting to be sent, delivered, or given up on (dead) or dropped (no receiver).
OUTBOX_STATES = ("pending", "sent", "dead", "dropped")


class PushSubscription(db.Model):  # type: ignore[name-defined,misc]
    """A browser's Web Push subscription for one user."""

    __tablename__ = "push_subscription"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    user: Mapped[User] = relationship()
    #: SHA-256 of the endpoint URL, unique, since the URL itself is too long to index everywhere
    endpoint_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    endpoint: Mapped[str] = mapped_column(sa.Text)
    p256dh: Mapped[str] = mapped_column(sa.String(200))
    auth: Mapped[str] = mapped_column(sa.String(100))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class OutboxMessage(db.Model):  # type: ignore[name-defined,misc]
    """A notification written in the same transaction as the event it tells about.

    ``peerapp worker`` delivers it at least once; ``dedupe_key`` makes writing it idempotent and
    travels with the message so that receivers can recognise a repeat.
    """

    __tablename__ = "outbox_message"
    __table_args__ = (
        sa.Index("ix_outbox_message_due", "status", "next_attempt_at"),
        sa.CheckConstraint("channel IN ('push', 'email')", name="channel"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    dedupe_key: Mapped[str] = mapped_column(sa.String(200), unique=True)
    channel: Mapped[str] = mapped_column(sa.String(10))
    #: what to say: the name of a message template (for example ``password_changed``)
    kind: Mapped[str] = mapped_column(sa.String(60))
    user_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    subscription_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("push_subscription.id", ondelete="SET NULL"), index=True
    )
    email: Mapped[str | None] = mapped_column(sa.String(254))
    language: Mapped[str] = mapped_column(sa.String(5), default="nb")
    #: the template's parameters; never private text such as notes or messages
    payload: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    status: Mapped[str] = mapped_column(sa.String(10), default="pending")
    attempts: Mapped[int] = mapped_column(sa.Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(sa.String(300))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
