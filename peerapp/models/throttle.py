"""Counters of failed sign-in attempts, shared by every worker when there is no Redis."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from peerapp.extensions import UTCDateTime, db


class ThrottleCounter(db.Model):  # type: ignore[name-defined,misc]
    """Failures counted for one key (an account, an address, a device) in one time window.

    The key is a hash, so the table holds no username or address in clear.
    """

    __tablename__ = "throttle_counter"

    key: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    hits: Mapped[int] = mapped_column(sa.Integer)
    window_ends_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
