"""Things to do this week: events, once or recurring (an RRULE), in a place or online.

Times are kept as wall-clock times in the event's IANA zone, so a weekly walk at 18:00 stays at
18:00 across a change of summer time; the occurrences are expanded from the RRULE when asked.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from peerapp.extensions import UTCDateTime, db, utcnow


class Event(db.Model):  # type: ignore[name-defined,misc]
    """A walk, a café evening, training, a course or a volunteer day, by anyone who offers it."""

    __tablename__ = "event"
    __table_args__ = (sa.CheckConstraint("ends_local > starts_local", name="event_ends_after"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    #: who it is for, in the organiser's words ("everyone", "women", "newly out of treatment")
    for_whom: Mapped[str] = mapped_column(sa.String(300), default="")
    #: how to sign up, when one must ("" when one just comes)
    signup: Mapped[str] = mapped_column(sa.String(300), default="")
    organiser: Mapped[str] = mapped_column(sa.String(200), default="")
    #: the first occurrence's wall-clock start and end in ``timezone``
    starts_local: Mapped[datetime] = mapped_column(sa.DateTime)
    ends_local: Mapped[datetime] = mapped_column(sa.DateTime)
    timezone: Mapped[str] = mapped_column(sa.String(64), default="Europe/Oslo")
    #: an RFC 5545 RRULE without the "RRULE:" prefix, such as "FREQ=WEEKLY;BYDAY=TU"; none: once
    recurrence: Mapped[str | None] = mapped_column(sa.String(500))
    place_name: Mapped[str | None] = mapped_column(sa.String(300))
    address: Mapped[str | None] = mapped_column(sa.String(500))
    city: Mapped[str | None] = mapped_column(sa.String(200))
    region: Mapped[str | None] = mapped_column(sa.String(200))
    latitude: Mapped[float | None] = mapped_column(sa.Float)
    longitude: Mapped[float | None] = mapped_column(sa.Float)
    online_url: Mapped[str | None] = mapped_column(sa.String(1000))
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )
    verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    verified_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
