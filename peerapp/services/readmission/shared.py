"""What the tap, the timeline and the queue share: sealing a request's private text, and
telling the clinic's staff."""

from __future__ import annotations

import sqlalchemy as sa

from peerapp.extensions import db
from peerapp.models.clinics import Clinic
from peerapp.models.people import User
from peerapp.models.readmission import ReadmissionRequest
from peerapp.services.notify import enqueue
from peerapp.services.privacy import crypto


def seal(text: str | None) -> bytes | None:
    """Encrypt a message, phone number or note to store it."""
    return crypto.encrypt(text) if text else None


def unseal(token: bytes | None) -> str | None:
    """Decrypt a stored message, phone number or note."""
    return crypto.decrypt(token) if token else None


def tell_staff(request: ReadmissionRequest, kind: str, dedupe_key: str) -> None:
    """Queue a notification to every staff member of the clinic, and the clinic's e-mail."""
    tell_clinic(request.clinic_id, kind, f"/clinic/requests/{request.id}", dedupe_key)


def tell_clinic(clinic_id: int, kind: str, path: str, dedupe_key: str) -> None:
    """Queue a notification opening ``path`` to the clinic's staff, and the clinic's e-mail."""
    clinic = db.session.get(Clinic, clinic_id)
    enqueue.queue_push_to(
        sa.and_(User.clinic_id == clinic_id, User.role == "clinic", User.is_active),
        kind,
        {"path": path},
        dedupe_key,
        email=clinic.email if clinic is not None and clinic.email else None,
    )
