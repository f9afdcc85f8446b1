"""Treatment clinics: the places clients return to and staff work at."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from peerapp.extensions import UTCDateTime, db, utcnow


class Clinic(db.Model):  # type: ignore[name-defined,misc]
    """A TSB clinic with its contact details and how fast it promises to answer."""

    __tablename__ = "clinic"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(60), unique=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    phone: Mapped[str | None] = mapped_column(sa.String(40))
    email: Mapped[str | None] = mapped_column(sa.String(254))
    address: Mapped[str | None] = mapped_column(sa.String(500))
    response_hours: Mapped[int] = mapped_column(sa.Integer, default=4)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
