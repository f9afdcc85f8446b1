"""Keeping listings true: which listings a peer worker may look after, and feed conflicts."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from peerapp.extensions import UTCDateTime, db, utcnow
from peerapp.models.meetings import Meeting
from peerapp.models.people import User


class StewardLimit(db.Model):  # type: ignore[name-defined,misc]
    """The regions and fellowships a peer worker may edit listings of (set by an admin).

    An empty list does not limit: a peer limited to fellowships only may edit those fellowships'
    meetings in every region. A peer without a row may edit every listing.
    """

    __tablename__ = "steward_limit"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="CASCADE"), unique=True
    )
    user: Mapped[User] = relationship()
    #: region or town names, such as ["Vestland", "Bergen"], compared case-insensitively
    regions: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    #: fellowship codes from the vocabulary
    fellowships: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class FeedConflict(db.Model):  # type: ignore[name-defined,misc]
    """A re-import that met a meeting a peer had corrected here: what the feed says now.

    The meeting keeps the local values until a peer accepts the feed's version or keeps ours.
    """

    __tablename__ = "feed_conflict"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        sa.ForeignKey("meeting.id", ondelete="CASCADE"), unique=True
    )
    meeting: Mapped[Meeting] = relationship()
    #: the feed's values in the shape the API writes them (name, day, time, location, ...)
    incoming: Mapped[dict[str, Any]] = mapped_column(sa.JSON)
    #: the digest of the feed record, stored as the meeting's once the conflict is settled
    digest: Mapped[str] = mapped_column(sa.String(64))
    #: whether the feed lists the meeting again after it was archived here
    relisted: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    detected_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ListingReport(db.Model):  # type: ignore[name-defined,misc]
    """Someone (no account needed) told the stewards that a listing is wrong.

    Generic over listings: ``listing_kind`` is ``meeting``, ``place`` or (later) ``service``, and
    ``listing_id`` its id, so no foreign key; a report of a deleted listing is simply never shown.
    The free text comes from the public and is not private: stored as given (as text).
    """

    __tablename__ = "listing_report"
    __table_args__ = (
        sa.Index("ix_listing_report_open", "listing_kind", "listing_id", "settled_at"),
        sa.CheckConstraint("reason IN ('moved', 'time_changed', 'other')", name="reason"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    listing_kind: Mapped[str] = mapped_column(sa.String(20))
    listing_id: Mapped[int] = mapped_column(sa.Integer)
    #: ``moved`` (no longer meets here), ``time_changed`` or ``other``
    reason: Mapped[str] = mapped_column(sa.String(20))
    text: Mapped[str | None] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    settled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    settled_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )
    #: ``fixed`` or ``not_a_problem``
    outcome: Mapped[str | None] = mapped_column(sa.String(20))
