"""What the people who run an installation do with accounts: list them, look at one (audited),
and limit a peer worker to regions and fellowships."""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa

from peerapp.extensions import db
from peerapp.models.clinics import Clinic
from peerapp.models.people import ROLES, User
from peerapp.services.errors import NotAllowed, NotFound
from peerapp.services.privacy import audit
from peerapp.services.stewardship import limits
from peerapp.services.unit import unit_of_work

__all__ = [
    "ROLES",
    "account_for_admin",
    "accounts_for_admin",
    "clinics_for_admin",
    "look_at_account",
    "set_peer_limits",
]

#: the longest list of accounts one page shows
PAGE = 500


def _require_admin(actor: User) -> None:
    if actor.role != "admin":
        raise NotAllowed


def accounts_for_admin(admin: User, role: str | None = None) -> list[User]:
    """Accounts by username, of one role when ``role`` names one."""
    _require_admin(admin)
    query = sa.select(User).order_by(User.username_key).limit(PAGE)
    if role in ROLES:
        query = query.where(User.role == role)
    return list(db.session.scalars(query))


def clinics_for_admin(admin: User) -> list[Clinic]:
    """Every clinic, by name."""
    _require_admin(admin)
    return list(db.session.scalars(sa.select(Clinic).order_by(Clinic.name)))


def account_for_admin(admin: User, user_id: int) -> User:
    """One account, not audited (the look at it already was); ``NotFound`` when there is none."""
    _require_admin(admin)
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound
    return user


def look_at_account(admin: User, user_id: int) -> User:
    """One account's details; looking is written to the audit log."""
    user = account_for_admin(admin, user_id)
    with unit_of_work():
        audit.record(admin, "account.view", user, object_type="user")
    return user


def set_peer_limits(
    admin: User, user_id: int, regions: Iterable[str], fellowships: Iterable[str]
) -> User:
    """Limit a peer worker to regions and/or fellowships (empty: every listing); audited.

    Raises ``NotFound`` for no such account and ``ValidationError`` for limits that cannot be.
    """
    user = account_for_admin(admin, user_id)
    with unit_of_work():
        limits.set_limits(admin, user, regions, fellowships)
    return user
