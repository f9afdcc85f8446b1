"""Coming back without a code: a client who is not enrolled asks a clinic on Peerapp to enrol
them, and the clinic's staff accept (choosing the agreement) or decline with a reason."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass

import sqlalchemy as sa

from peerapp.extensions import db, utcnow
from peerapp.models.clinics import Clinic
from peerapp.models.municipalities import EnrolmentRequest
from peerapp.models.people import User
from peerapp.models.readmission import AGREEMENT_KINDS, Enrolment
from peerapp.services.errors import NotAllowed, NotFound, ValidationError
from peerapp.services.notify import enqueue
from peerapp.services.privacy import audit
from peerapp.services.readmission.requests import KeyReused, key_problem
from peerapp.services.readmission.shared import seal, tell_clinic, unseal
from peerapp.services.unit import unit_of_work
from peerapp.words import _

REASON_MAX = 500
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def clinics_on_peerapp() -> list[Clinic]:
    """Every clinic on Peerapp, by name, with the number to call."""
    return list(db.session.scalars(sa.select(Clinic).order_by(Clinic.name)))


@dataclass(frozen=True)
class Asked:
    """What a request produced: the request, and whether it is new."""

    request: EnrolmentRequest
    created: bool


def mine(client: User) -> list[EnrolmentRequest]:
    """The client's requests to be enrolled, newest first."""
    return list(
        db.session.scalars(
            sa.select(EnrolmentRequest)
            .where(EnrolmentRequest.client_id == client.id)
            .order_by(EnrolmentRequest.id.desc())
        )
    )


def ask(client: User, clinic_slug: str | None, key: str) -> Asked:
    """Ask a clinic to enrol one, exactly once per key (``KeyReused`` for another clinic).

    A client already enrolled, or with a request still open, is told so.
    """
    if client.role != "client":
        raise NotAllowed
    if problem := key_problem(key):
        raise ValidationError({"idempotency_key": problem})
    with unit_of_work():
        seen = db.session.scalars(
            sa.select(EnrolmentRequest).where(
                EnrolmentRequest.client_id == client.id, EnrolmentRequest.idempotency_key == key
            )
        ).first()
        if seen is not None:
            if seen.clinic.slug != clinic_slug:
                raise KeyReused
            return Asked(seen, created=False)
        clinic = (
            db.session.scalar(sa.select(Clinic).where(Clinic.slug == clinic_slug))
            if isinstance(clinic_slug, str) and len(clinic_slug) <= 60
            else None
        )
        if clinic is None:
            raise ValidationError({"clinic": _("Choose one of the clinics on Peerapp.")})
        if client.clinic_id is not None:
            raise ValidationError({"clinic": _("You are already enrolled at a clinic.")})
        if any(r.status == "open" for r in mine(client)):
            raise ValidationError(
                {"clinic": _("You have already asked a clinic. Wait for their answer.")}
            )
        item = EnrolmentRequest(
            client_id=client.id,
            client_label=client.username,
            clinic_id=clinic.id,
            idempotency_key=key,
        )
        db.session.add(item)
        db.session.flush()
        tell_clinic(
            clinic.id, "enrolment_request_new", "/clinic", f"enrolment-request:{item.id}:new"
        )
    return Asked(item, created=True)


def open_for_clinic(staff: User) -> list[EnrolmentRequest]:
    """The staff member's clinic's requests still waiting for an answer, the oldest first."""
    if staff.role != "clinic" or staff.clinic_id is None:
        return []
    return list(
        db.session.scalars(
            sa.select(EnrolmentRequest)
            .where(
                EnrolmentRequest.clinic_id == staff.clinic_id,
                EnrolmentRequest.status == "open",
            )
            .order_by(EnrolmentRequest.id)
        )
    )


def _open_request(staff: User, request_id: int) -> EnrolmentRequest:
    if staff.role != "clinic" or staff.clinic_id is None:
        raise NotAllowed
    item = db.session.get(EnrolmentRequest, request_id)
    if item is None or item.clinic_id != staff.clinic_id:
        raise NotFound
    if item.status != "open":
        raise ValidationError({"status": _("This request has already been answered.")})
    return item


def _tell_client(item: EnrolmentRequest) -> None:
    enqueue.queue_push_to(
        User.id == item.client_id,
        "enrolment_request_answer",
        {"path": "/readmission"},
        f"enrolment-request:{item.id}:{item.status}",
    )


def accept(staff: User, request_id: int, kind: str) -> EnrolmentRequest:
    """Enrol the client at the clinic with the chosen agreement (plain fast return or
    user-controlled admission; limits can be set later on the client's page)."""
    if kind not in AGREEMENT_KINDS:
        raise ValidationError({"kind": _("Choose plain fast return or user-controlled admission.")})
    with unit_of_work():
        item = _open_request(staff, request_id)
        client = db.session.get(User, item.client_id)
        if client is None:
            raise NotFound
        if client.clinic_id is not None and client.clinic_id != staff.clinic_id:
            raise ValidationError({"status": _("The client is already enrolled elsewhere.")})
        now = utcnow()
        db.session.add(
            Enrolment(
                clinic_id=staff.clinic_id,
                code_hash=secrets.token_hex(32),  # no code: nobody can redeem it
                expires_at=now,
                used_at=now,
                client_id=client.id,
                kind=kind,
                created_by_id=staff.id,
            )
        )
        client.clinic_id = staff.clinic_id
        item.status = "accepted"
        item.agreement_kind = kind
        item.decided_at = now
        item.decided_by_id = staff.id
        audit.record(
            staff,
            "enrolment_request.accept",
            client,
            object_type="enrolment_request",
            object_id=item.id,
        )
        _tell_client(item)
    return item


def decline(staff: User, request_id: int, reason: str) -> EnrolmentRequest:
    """Say no, with a reason the client reads (sealed at rest)."""
    text = (reason or "").strip()
    if not text:
        raise ValidationError({"reason": _("Tell the client why, and what they can do instead.")})
    if len(text) > REASON_MAX or _CONTROL.search(text):
        raise ValidationError(
            {"reason": _("Keep the reason to %(num)d characters.", num=REASON_MAX)}
        )
    with unit_of_work():
        item = _open_request(staff, request_id)
        item.status = "declined"
        item.decided_at = utcnow()
        item.decided_by_id = staff.id
        item.decline_reason = seal(text)
        audit.record(
            staff,
            "enrolment_request.decline",
            subject_id=item.client_id,
            object_type="enrolment_request",
            object_id=item.id,
        )
        _tell_client(item)
    return item


def reason_of(item: EnrolmentRequest) -> str | None:
    """Why the clinic declined, unsealed."""
    return unseal(item.decline_reason)
