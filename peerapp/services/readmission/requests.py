"""The client's one tap back to the clinic: a request stored exactly once per key, and details
added after it.

Every write happens in one transaction with its audit rows and its notifications (the outbox),
so a stored request always has its notifications and a notification never tells of a request
that was rolled back. The database enforces what must never happen twice: a client's key makes
one request (``uq_readmission_key``) and a client has one open request (``open_client_id``).
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from peerapp.extensions import db, utcnow
from peerapp.models.people import User
from peerapp.models.readmission import ReadmissionEvent, ReadmissionKey, ReadmissionRequest
from peerapp.services.errors import DomainError, ValidationError
from peerapp.services.readmission.agreements import (
    OSLO,
    NoClinic,
    agreement_for,
    agreement_in_force,
)
from peerapp.services.readmission.queue import open_request_of
from peerapp.services.readmission.shared import seal, tell_staff
from peerapp.services.readmission.timeline import IllegalTransition, too_long
from peerapp.services.unit import unit_of_work
from peerapp.words import _

MAX_KEY_LENGTH = 255
MAX_MESSAGE_LENGTH = 1000


_PHONE = re.compile(r"\+?[0-9][0-9 ]{4,19}")
_KEY = re.compile(r"[\x21-\x7e]{1,255}")


class KeyReused(DomainError):
    """An idempotency key already used for a request with a different body."""


@dataclass(frozen=True)
class Submission:
    """What one tap produced: the request, and whether it is new or one already there."""

    request: ReadmissionRequest
    created: bool
    already_open: bool = False


def new_tap_key() -> str:
    """A fresh idempotency key for a page's button: a double tap on it is one request."""
    return secrets.token_urlsafe(18)


def key_problem(key: str | None) -> str | None:
    """Why an ``Idempotency-Key`` cannot be used, or ``None``."""
    if not key:
        return _("Send an Idempotency-Key header, a new random value for each new request.")
    if not _KEY.fullmatch(key):
        return _("The Idempotency-Key must be 1 to 255 visible ASCII characters.")
    return None


def detail_problems(message: Any, phone: Any) -> dict[str, str]:
    """Translated messages for an optional message and callback number that cannot be used."""
    errors: dict[str, str] = {}
    if message is not None and not isinstance(message, str):
        errors["message"] = _("The message must be text.")
    elif message and len(message) > MAX_MESSAGE_LENGTH:
        errors["message"] = too_long(len(message), MAX_MESSAGE_LENGTH)
    if phone is not None and not isinstance(phone, str):
        errors["callback_phone"] = _("The phone number must be text.")
    elif phone and not _PHONE.fullmatch(phone.strip()):
        errors["callback_phone"] = _("Write a phone number with digits, such as 912 34 567.")
    return errors


def _body_hash(message: str | None, phone: str | None) -> str:
    body = json.dumps({"message": message or None, "callback_phone": phone or None})
    return hashlib.sha256(body.encode()).hexdigest()


def submit(
    client: User, key: str, message: str | None = None, phone: str | None = None
) -> Submission:
    """The one tap: store the request with its first event and its notifications, exactly once.

    The same key returns the request it made (``KeyReused`` when the body differs); a client with
    an open request gets that one back. Raises ``NoClinic`` for a client not enrolled anywhere.
    """
    if problem := key_problem(key):
        raise ValidationError({"idempotency_key": problem})
    if errors := detail_problems(message, phone):
        raise ValidationError(errors)
    message = (message or "").strip() or None
    phone = (phone or "").strip() or None
    digest = _body_hash(message, phone)
    for _attempt in range(3):
        try:
            # committed keeping what it wrote loaded: the answer is exactly what was stored
            with unit_of_work(keep_loaded=True):
                answered = _answered_before(client, key, digest)
                if answered is not None:
                    return answered
                if client.clinic_id is None:
                    raise NoClinic
                open_one = open_request_of(client)
                if open_one is not None:
                    # a second tap: the open request is the answer, with what this tap added
                    if message:
                        open_one.message = seal(message)
                    if phone:
                        open_one.callback_phone = seal(phone)
                    _remember(client, key, digest, open_one)
                    return Submission(open_one, created=False, already_open=True)
                request = _store(client, key, digest, message, phone)
                _remember(client, key, digest, request)
                return Submission(request, created=True)
        except IntegrityError:
            # another process stored this key or an open request first (the unit of work is
            # rolled back): answer with that one
            continue
    raise RuntimeError("readmission request neither stored nor found")  # pragma: no cover


def _answered_before(client: User, key: str, digest: str) -> Submission | None:
    """The answer a key already got: the same request again (``KeyReused`` for another body)."""
    seen = db.session.scalars(
        sa.select(ReadmissionKey).where(
            ReadmissionKey.client_id == client.id, ReadmissionKey.key == key
        )
    ).first()
    if seen is None:
        return None
    if seen.body_hash != digest:
        raise KeyReused
    request = db.session.get(ReadmissionRequest, seen.request_id)
    assert request is not None
    return Submission(request, created=False)


def _remember(client: User, key: str, digest: str, request: ReadmissionRequest) -> None:
    db.session.flush()
    db.session.add(
        ReadmissionKey(client_id=client.id, key=key, body_hash=digest, request_id=request.id)
    )
    db.session.flush()


def _store(
    client: User, key: str, digest: str, message: str | None, phone: str | None
) -> ReadmissionRequest:
    now = utcnow()
    request = ReadmissionRequest(
        clinic_id=client.clinic_id,
        client_id=client.id,
        client_label=client.username,
        open_client_id=client.id,
        idempotency_key=key,
        body_hash=digest,
        agreement_kind=agreement_in_force(agreement_for(client), now.astimezone(OSLO).date()),
        status="sent",
        message=seal(message),
        callback_phone=seal(phone),
        created_at=now,
    )
    request.events.append(
        ReadmissionEvent(
            status="sent", at=now, actor_id=client.id, actor_role="client", actor_label=None
        )
    )
    db.session.add(request)
    db.session.flush()
    tell_staff(request, "readmission_new", f"readmission:{request.id}:new")
    return request


def add_details(client: User, request: ReadmissionRequest, message: str, phone: str) -> None:
    """Add a message and a callback number to one's own open request after the tap."""
    message, phone = (message or "").strip(), (phone or "").strip()
    if errors := detail_problems(message, phone):
        raise ValidationError(errors)
    if request.client_id != client.id or not request.is_open:
        raise IllegalTransition
    with unit_of_work():
        if message:
            request.message = seal(message)
        if phone:
            request.callback_phone = seal(phone)
