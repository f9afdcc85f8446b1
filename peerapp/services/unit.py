"""The unit of work every operation writes in: begun as a write, committed whole, or rolled back."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.orm import Session

from peerapp.extensions import begin_write, commit_keeping_loaded, db


@contextmanager
def unit_of_work(*, keep_loaded: bool = False) -> Iterator[Session]:
    """Write inside the block; commit at its end, or roll everything back if it raises.

    ``keep_loaded`` keeps the written objects' values after the commit (no reload), for an
    operation that answers with exactly what it has just stored.
    """
    begin_write()
    session = db.session()
    try:
        yield session
    except BaseException:
        session.rollback()
        raise
    if keep_loaded:
        commit_keeping_loaded()
    else:
        session.commit()
