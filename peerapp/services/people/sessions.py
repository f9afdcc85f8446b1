"""Server-side sessions: a random token in the cookie, its hash and last use in the database."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from peerapp.extensions import db, utcnow
from peerapp.models.people import User, UserSession
from peerapp.services.unit import unit_of_work

#: How long a session may sit unused. Clients keep their own phone signed in for a month;
#: peers hold other people's messages and get a day; staff, coordinators and admins two hours.
IDLE_TIMEOUT = {
    "client": timedelta(days=30),
    "peer": timedelta(hours=24),
    "clinic": timedelta(hours=2),
    "admin": timedelta(hours=2),
    "municipal": timedelta(hours=2),
    "relative": timedelta(days=30),
}
#: Staff sessions also end after a working day, however busy.
ABSOLUTE_TIMEOUT = {
    "clinic": timedelta(hours=12),
    "admin": timedelta(hours=12),
    "municipal": timedelta(hours=12),
}
#: last use is written at most this often, so that reading a page rarely writes
TOUCH_EVERY = timedelta(minutes=1)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("ascii", "ignore")).hexdigest()


def start_session(user: User) -> str:
    """Open a new session for ``user`` and return its token (for the cookie only)."""
    token = secrets.token_urlsafe(32)
    db.session.add(UserSession(token_hash=_hash(token), user_id=user.id))
    return token


def is_expired(session_row: UserSession, now: datetime) -> bool:
    """Whether the session has been idle too long, or lived too long, for its user's role."""
    role = session_row.user.role
    if now - session_row.last_seen_at > IDLE_TIMEOUT[role]:
        return True
    limit = ABSOLUTE_TIMEOUT.get(role)
    return limit is not None and now - session_row.created_at > limit


def load_session(token: str) -> UserSession | None:
    """The live session for a cookie token; an expired one is deleted and ``None`` returned."""
    if not token or len(token) > 100:
        return None
    row = db.session.scalar(
        sa.select(UserSession)
        .options(joinedload(UserSession.user))  # one round trip for the session and its user
        .where(UserSession.token_hash == _hash(token))
    )
    if row is None or not row.user.is_active:
        return None
    now = utcnow()
    if is_expired(row, now):
        with unit_of_work():
            db.session.execute(sa.delete(UserSession).where(UserSession.id == row.id))
        return None
    if now - row.last_seen_at > TOUCH_EVERY:
        with unit_of_work():
            db.session.execute(
                sa.update(UserSession).where(UserSession.id == row.id).values(last_seen_at=now)
            )
    return row


def end_session(token: str) -> None:
    """End one session on the server, so its cookie no longer works anywhere."""
    db.session.execute(sa.delete(UserSession).where(UserSession.token_hash == _hash(token)))


def end_all_sessions(user: User, keep_token: str | None = None) -> int:
    """End every session of ``user`` (but ``keep_token``'s); the number ended."""
    query = sa.delete(UserSession).where(UserSession.user_id == user.id)
    if keep_token:
        query = query.where(UserSession.token_hash != _hash(keep_token))
    return db.session.execute(query).rowcount or 0  # type: ignore[attr-defined]
