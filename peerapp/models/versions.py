"""Tokens that change whenever a kind of data changes, so a process can keep a copy in memory.

The meeting search keeps every listed meeting's search columns in memory (``services/meetings/
snapshot.py``). Database triggers, made by the migration that made this table, give the row
``meetings`` a new random token whenever a meeting is written or a location's postal code
changes, on any connection and from any process: at that statement on SQLite, at commit on
PostgreSQL. A migration that rebuilds the ``meeting`` or ``location`` table (SQLite's batch mode
copies it) must make those triggers again.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from peerapp.extensions import db

#: the name of the meetings' token
MEETINGS = "meetings"


class DataVersion(db.Model):  # type: ignore[name-defined,misc]
    """A named token; a new one means the data it names has changed."""

    __tablename__ = "data_version"

    name: Mapped[str] = mapped_column(sa.String(40), primary_key=True)
    token: Mapped[str] = mapped_column(sa.String(64))
