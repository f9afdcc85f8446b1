"""Whether the installation can serve: the health check's one question to the database."""

from __future__ import annotations

import sqlalchemy as sa

from peerapp.extensions import db


def database_answers() -> bool:
    """Make a round trip to the database; raises when it does not answer."""
    return db.session.execute(sa.select(1)).scalar_one() == 1
