"""The half-way state between a right password and the second factor.

It is kept in the session cookie encrypted with the data key and valid for five minutes, so the
cookie never shows whose login is pending.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import session

from peerapp.services.people import accounts
from peerapp.services.privacy import crypto

if TYPE_CHECKING:
    from peerapp.models.people import User

PENDING_SECONDS = 300
_KEY = "pending_login"


def remember(user: User, purpose: str, next_url: str | None) -> None:
    """Note that ``user`` gave the right password and must now pass ``purpose``."""
    session[_KEY] = crypto.encrypt(f"{user.id}|{purpose}|{next_url or ''}").decode("ascii")


def recall(purpose: str) -> tuple[User, str | None] | None:
    """The user half-way through ``purpose``, and where to go after, if still valid."""
    sealed = session.get(_KEY)
    if not isinstance(sealed, str):
        return None
    plain = crypto.decrypt(sealed.encode("ascii"), ttl=PENDING_SECONDS)
    if plain is None:
        return None
    user_id, kind, next_url = plain.split("|", 2)
    if kind != purpose:
        return None
    user = accounts.active_user(int(user_id))
    if user is None:
        return None
    return user, next_url or None


def forget() -> None:
    """Drop the half-way state."""
    session.pop(_KEY, None)
