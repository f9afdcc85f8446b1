"""Come-back keys: a secret kept on an enrolled client's phone that can do one thing only, send
the readmission request, even when the phone is signed out.

The key is 256 random bits; the server keeps its SHA-256. It is bound to the clinic the client
was enrolled at when it was made, and stops working when that enrolment ends (the account no
longer at that clinic), when it is removed by the client or the clinic, or with the account.
"""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

import sqlalchemy as sa

from peerapp.extensions import db, utcnow
from peerapp.models.access import ComeBackKey
from peerapp.models.people import User
from peerapp.services.errors import DomainError, NotAllowed, NotFound, ValidationError
from peerapp.services.privacy import audit
from peerapp.services.readmission import clinics, requests
from peerapp.services.readmission.agreements import NoClinic
from peerapp.services.unit import unit_of_work
from peerapp.words import _l

PREFIX = "pcb_"
MAX_KEYS = 5
MAX_NAME_LENGTH = 60
MAX_SECRET_LENGTH = 100


class KeyRefused(DomainError):
    """No live come-back key has this value."""


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("ascii", "ignore")).hexdigest()


def _live(query: sa.Select[Any]) -> sa.Select[Any]:
    """Only keys whose enrolment lasts: the account still at the clinic the key was made for."""
    return query.join(User, User.id == ComeBackKey.user_id).where(
        User.clinic_id == ComeBackKey.clinic_id, User.role == "client", User.is_active.is_(True)
    )


def keys_of(client: User) -> list[ComeBackKey]:
    """A client's live come-back keys, oldest first."""
    return list(
        db.session.scalars(
            _live(sa.select(ComeBackKey))
            .where(ComeBackKey.user_id == client.id)
            .order_by(ComeBackKey.id)
        )
    )


def create_key(client: User, name: str) -> tuple[ComeBackKey, str]:
    """A new key for this phone, its secret returned once; ``NoClinic`` when not enrolled."""
    if client.role != "client":
        raise NotAllowed
    if client.clinic_id is None:
        raise NoClinic
    name = " ".join((name or "").split())[:MAX_NAME_LENGTH] or str(_l("My phone"))
    if len(keys_of(client)) >= MAX_KEYS:
        raise ValidationError(
            {
                "name": str(
                    _l("You have %(n)d phones with the button. Remove one first.", n=MAX_KEYS)
                )
            }
        )
    secret = PREFIX + secrets.token_urlsafe(32)
    with unit_of_work(keep_loaded=True):
        key = ComeBackKey(
            user_id=client.id, clinic_id=client.clinic_id, key_hash=_hash(secret), name=name
        )
        db.session.add(key)
    return key, secret


def remove_own(client: User, key_id: int) -> None:
    """A client removes one of their keys; ``NotFound`` for anyone else's."""
    with unit_of_work():
        removed = db.session.execute(
            sa.delete(ComeBackKey).where(ComeBackKey.id == key_id, ComeBackKey.user_id == client.id)
        )
        if removed.rowcount != 1:  # type: ignore[attr-defined]
            raise NotFound


def keys_for_staff(staff: User, client_id: int) -> tuple[User, list[ComeBackKey]]:
    """A client of the staff member's clinic and their live keys (audited); ``NotFound`` else."""
    client = clinics.client_for_staff(staff, client_id)
    if client is None:
        raise NotFound
    return client, keys_of(client)


def remove_by_staff(staff: User, client_id: int, key_id: int) -> None:
    """Staff of the client's clinic remove a key (a lost phone), audited."""
    client = clinics.client_for_staff(staff, client_id)
    if client is None:
        raise NotFound
    with unit_of_work():
        removed = db.session.execute(
            sa.delete(ComeBackKey).where(ComeBackKey.id == key_id, ComeBackKey.user_id == client.id)
        )
        if removed.rowcount != 1:  # type: ignore[attr-defined]
            raise NotFound
        audit.record(
            staff,
            "clinic.come_back_key.remove",
            client,
            object_type="come_back_key",
            object_id=key_id,
        )


def holder_of(secret: str) -> User:
    """The client a live key belongs to; ``KeyRefused`` for any other value."""
    if not secret.startswith(PREFIX) or len(secret) > MAX_SECRET_LENGTH:
        raise KeyRefused
    key: ComeBackKey | None = db.session.scalar(
        _live(sa.select(ComeBackKey)).where(ComeBackKey.key_hash == _hash(secret))
    )
    if key is None:
        raise KeyRefused
    with unit_of_work():
        key.last_used_at = utcnow()
    return key.user


def submit_with_key(
    secret: str, idempotency_key: str, message: str | None = None, phone: str | None = None
) -> tuple[User, requests.Submission]:
    """The one tap from a signed-out phone: the holder's request, exactly once per key."""
    client = holder_of(secret)
    return client, requests.submit(client, idempotency_key, message, phone)
