"""A client's choice about the first three months after discharge on their home: keep the weekly
line after the three months are over, or not show it at all."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from peerapp.extensions import UTCDateTime, db, utcnow

#: what a client can choose; no row means "show it for the first three months"
FIRST_MONTHS_CHOICES = ("keep", "hide")


class FirstMonthsChoice(db.Model):  # type: ignore[name-defined,misc]
    """One client's choice; erased with the account."""

    __tablename__ = "first_months_choice"
    __table_args__ = (sa.CheckConstraint("choice IN ('keep', 'hide')", name="choice"),)

    client_id: Mapped[int] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True
    )
    choice: Mapped[str] = mapped_column(sa.String(4))
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
