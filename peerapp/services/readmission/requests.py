"""One tap back to the clinic: agreements made at discharge, requests, their timeline and queue.

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
import statistics
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from peerapp.errors import ValidationError
from peerapp.extensions import begin_write, commit_keeping_loaded, db, utcnow
from peerapp.models.clinics import Clinic
from peerapp.models.people import User
from peerapp.models.readmission import (
    AGREEMENT_KINDS,
    OPEN_STATUSES,
    Enrolment,
    ReadmissionEvent,
    ReadmissionKey,
    ReadmissionRequest,
)
from peerapp.services.notify import enqueue
from peerapp.services.privacy import audit, crypto

OSLO = ZoneInfo("Europe/Oslo")
ENROLMENT_VALID = timedelta(days=14)
MAX_KEY_LENGTH = 255
MAX_MESSAGE_LENGTH = 1000
MAX_NOTE_LENGTH = 1000
#: letters and digits that cannot be mistaken for one another when read aloud or typed
_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
_CODE_LENGTH = 12
_PHONE = re.compile(r"\+?[0-9][0-9 ]{4,19}")
_KEY = re.compile(r"[\x21-\x7e]{1,255}")
#: the next step staff may take from each open status (declining is always possible); contact
#: implies receipt, so a request not yet opened may go straight to contacted
_NEXT = {
    "sent": ("received", "contacted"),
    "received": ("contacted",),
    "contacted": ("offered",),
    "offered": ("admitted",),
}
STAFF_STATUSES = ("received", "contacted", "offered", "admitted", "declined")


class NoClinic(Exception):
    """The client is not enrolled at any clinic."""


class KeyReused(Exception):
    """An idempotency key already used for a request with a different body."""


class IllegalTransition(Exception):
    """The status change is not allowed from the request's current status, or for this person."""


@dataclass(frozen=True)
class Submission:
    """What one tap produced: the request, and whether it is new or one already there."""

    request: ReadmissionRequest
    created: bool
    already_open: bool = False


@dataclass(frozen=True)
class Agreement:
    """What the client and the clinic agreed at discharge, as both of them see it."""

    clinic: Clinic
    kind: str
    max_stay_days: int | None = None
    min_days_between: int | None = None
    valid_until: date | None = None

    @property
    def user_controlled(self) -> bool:
        return self.kind == "user_controlled"


# --- enrolment ----------------------------------------------------------------------------------


def normalise_code(code: str) -> str:
    """A code as typed (any case, spaces or dashes) in its stored form."""
    return re.sub(r"[\s-]", "", code or "").upper()


def _code_hash(code: str) -> str:
    return hashlib.sha256(normalise_code(code).encode()).hexdigest()


def format_code(code: str) -> str:
    """``ABCD-EFGH-JKMN``: easier to read out and type than twelve letters in a row."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


@dataclass(frozen=True)
class AgreementSpec:
    """The agreement staff fill in at discharge, before it is checked."""

    kind: str = "fast_return"
    max_stay_days: int | None = None
    min_days_between: int | None = None
    valid_until: date | None = None


def agreement_problems(spec: AgreementSpec, today: date) -> dict[str, str]:
    """Translated messages for each field of the agreement that cannot be used."""
    errors: dict[str, str] = {}
    if spec.kind not in AGREEMENT_KINDS:
        errors["kind"] = _("Choose plain fast return or user-controlled admission.")
        return errors
    if spec.kind == "fast_return":
        return errors
    if spec.max_stay_days is None or not 1 <= spec.max_stay_days <= 30:
        errors["max_stay_days"] = _("Give the longest stay as 1 to 30 days.")
    if spec.min_days_between is not None and not 0 <= spec.min_days_between <= 365:
        errors["min_days_between"] = _("Give the days between stays as 0 to 365.")
    if spec.valid_until is not None and spec.valid_until <= today:
        errors["valid_until"] = _("The agreement must be valid until a date after today.")
    return errors


def create_enrolment(staff: User, spec: AgreementSpec) -> tuple[Enrolment, str]:
    """A new enrolment code (returned once, in clear) and the agreement it carries."""
    if staff.clinic_id is None:
        raise NoClinic
    errors = agreement_problems(spec, datetime.now(OSLO).date())
    if errors:
        raise ValidationError(errors)
    code = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(_CODE_LENGTH))
    begin_write()
    enrolment = Enrolment(
        clinic_id=staff.clinic_id,
        code_hash=_code_hash(code),
        expires_at=utcnow() + ENROLMENT_VALID,
        kind=spec.kind,
        max_stay_days=spec.max_stay_days if spec.kind == "user_controlled" else None,
        min_days_between=spec.min_days_between if spec.kind == "user_controlled" else None,
        valid_until=spec.valid_until if spec.kind == "user_controlled" else None,
        created_by_id=staff.id,
    )
    db.session.add(enrolment)
    db.session.commit()
    return enrolment, code


def redeem(client: User, code: str) -> Enrolment:
    """Link the client's account to the clinic of an unused, unexpired code."""
    if client.role != "client":
        raise ValidationError({"code": _("Only clients can be enrolled at a clinic.")})
    begin_write()
    now = utcnow()
    # one conditional UPDATE: two taps of the same code cannot both use it
    claimed = db.session.execute(
        sa.update(Enrolment)
        .where(
            Enrolment.code_hash == _code_hash(code),
            Enrolment.used_at.is_(None),
            Enrolment.expires_at > now,
        )
        .values(used_at=now, client_id=client.id)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:  # type: ignore[attr-defined]
        db.session.rollback()
        raise ValidationError(
            {"code": _("This code is not valid. It may be used or expired: ask your clinic.")}
        )
    enrolment = db.session.scalars(
        sa.select(Enrolment).where(Enrolment.code_hash == _code_hash(code))
    ).one()
    client.clinic_id = enrolment.clinic_id
    db.session.commit()
    return enrolment


def agreement_for(client: User) -> Agreement | None:
    """The client's agreement with their clinic (plain fast return without an enrolment)."""
    if client.clinic is None:
        return None
    enrolment = db.session.scalars(
        sa.select(Enrolment)
        .where(Enrolment.client_id == client.id, Enrolment.clinic_id == client.clinic_id)
        .order_by(Enrolment.used_at.desc())
        .limit(1)
    ).first()
    if enrolment is None:
        return Agreement(client.clinic, "fast_return")
    return agreement_of(enrolment)


def agreement_of(enrolment: Enrolment) -> Agreement:
    """The agreement an enrolment records."""
    return Agreement(
        enrolment.clinic,
        enrolment.kind,
        enrolment.max_stay_days,
        enrolment.min_days_between,
        enrolment.valid_until,
    )


def agreement_in_force(agreement: Agreement | None, today: date) -> str:
    """The kind of return that applies today: user-controlled only until its end date."""
    if agreement is None:
        return "fast_return"
    if agreement.user_controlled and (
        agreement.valid_until is None or agreement.valid_until >= today
    ):
        return "user_controlled"
    return "fast_return"


# --- the tap ------------------------------------------------------------------------------------


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
        errors["message"] = _("Keep the message under %(num)d characters.", num=MAX_MESSAGE_LENGTH)
    if phone is not None and not isinstance(phone, str):
        errors["callback_phone"] = _("The phone number must be text.")
    elif phone and not _PHONE.fullmatch(phone.strip()):
        errors["callback_phone"] = _("Write a phone number with digits, such as 912 34 567.")
    return errors


def _body_hash(message: str | None, phone: str | None) -> str:
    body = json.dumps({"message": message or None, "callback_phone": phone or None})
    return hashlib.sha256(body.encode()).hexdigest()


def _seal(text: str | None) -> bytes | None:
    return crypto.encrypt(text) if text else None


def unseal(token: bytes | None) -> str | None:
    """Decrypt a stored message, phone number or note."""
    return crypto.decrypt(token) if token else None


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
        begin_write()
        try:
            answered = _answered_before(client, key, digest)
            if answered is not None:
                db.session.rollback()
                return answered
            if client.clinic_id is None:
                db.session.rollback()
                raise NoClinic
            open_one = open_request_of(client)
            if open_one is not None:
                # a second tap: the open request is the answer, with what this tap added to it
                if message:
                    open_one.message = _seal(message)
                if phone:
                    open_one.callback_phone = _seal(phone)
                _remember(client, key, digest, open_one)
                commit_keeping_loaded()
                return Submission(open_one, created=False, already_open=True)
            request = _store(client, key, digest, message, phone)
            _remember(client, key, digest, request)
            commit_keeping_loaded()
            return Submission(request, created=True)
        except IntegrityError:
            # another process stored this key or an open request first: answer with that one
            db.session.rollback()
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
        db.session.rollback()
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
        message=_seal(message),
        callback_phone=_seal(phone),
        created_at=now,
    )
    request.events.append(
        ReadmissionEvent(
            status="sent", at=now, actor_id=client.id, actor_role="client", actor_label=None
        )
    )
    db.session.add(request)
    db.session.flush()
    _tell_staff(request, "readmission_new", f"readmission:{request.id}:new")
    return request


def add_details(client: User, request: ReadmissionRequest, message: str, phone: str) -> None:
    """Add a message and a callback number to one's own open request after the tap."""
    message, phone = (message or "").strip(), (phone or "").strip()
    if errors := detail_problems(message, phone):
        raise ValidationError(errors)
    if request.client_id != client.id or not request.is_open:
        raise IllegalTransition
    begin_write()
    if message:
        request.message = _seal(message)
    if phone:
        request.callback_phone = _seal(phone)
    db.session.commit()


# --- the timeline -------------------------------------------------------------------------------


def allowed_statuses(actor: User, request: ReadmissionRequest) -> tuple[str, ...]:
    """The statuses ``actor`` may move ``request`` to now."""
    if not request.is_open:
        return ()
    if actor.role == "client":
        return ("withdrawn",) if request.client_id == actor.id else ()
    if actor.role != "clinic" or actor.clinic_id != request.clinic_id:
        return ()
    return (*_NEXT[request.status], "declined")


def _reasonable_admission(moment: datetime | None) -> bool:
    """An admission from today up to two years ahead (and a time that exists at all)."""
    if moment is None:
        return False
    try:
        utc = moment.astimezone(UTC)
    except (OverflowError, ValueError):
        return False
    now = utcnow()
    return now - timedelta(days=1) <= utc <= now + timedelta(days=730)


def change_status(
    actor: User,
    request: ReadmissionRequest,
    status: str,
    note: str | None = None,
    admission_at: datetime | None = None,
) -> ReadmissionEvent:
    """Move the request along its timeline; ``IllegalTransition`` when that is not allowed."""
    note = (note or "").strip() or None
    errors: dict[str, str] = {}
    if note and len(note) > MAX_NOTE_LENGTH:
        errors["note"] = _("Keep the note under %(num)d characters.", num=MAX_NOTE_LENGTH)
    if status == "offered" and admission_at is None:
        errors["admission_at"] = _("Give the date and time of the admission offered.")
    elif status == "offered" and not _reasonable_admission(admission_at):
        errors["admission_at"] = _("Give a time from today and at most two years ahead.")
    if errors:
        raise ValidationError(errors)
    begin_write()
    # locked, so two staff changing it at once take turns (SQLite: BEGIN IMMEDIATE does it)
    db.session.refresh(request, with_for_update=True)
    if status not in allowed_statuses(actor, request):
        db.session.rollback()
        raise IllegalTransition
    event = _move(actor, request, status, note, admission_at if status == "offered" else None)
    db.session.commit()
    return event


def _move(
    actor: User,
    request: ReadmissionRequest,
    status: str,
    note: str | None,
    admission_at: datetime | None,
) -> ReadmissionEvent:
    now = utcnow()
    before = request.status
    if status != "withdrawn":
        if request.received_at is None:
            request.received_at = now
        if status != "received" and request.contacted_at is None:
            request.contacted_at = now
    if status == "offered":
        request.admission_at = admission_at
    if status in ("admitted", "declined", "withdrawn"):
        request.closed_at = now
        request.open_client_id = None
    request.status = status
    event = ReadmissionEvent(
        status=status,
        at=now,
        actor_id=actor.id,
        actor_role=actor.role,
        actor_label=actor.username if actor.role != "client" else None,
        note=_seal(note),
        admission_at=admission_at,
    )
    request.events.append(event)
    db.session.flush()
    if actor.role == "client":
        _tell_staff(request, "readmission_withdrawn", f"readmission:{request.id}:{event.id}")
    else:
        audit.record(
            actor,
            "readmission.status",
            subject_id=request.client_id,
            object_type="readmission_request",
            object_id=request.id,
            changes={"status": [before, status]},
        )
        if request.client is not None:
            enqueue.notify_user(
                request.client,
                "readmission_update",
                {"path": f"/readmission/{request.id}"},
                dedupe_key=f"readmission:{request.id}:{event.id}",
            )
    return event


def open_for_staff(staff: User, request: ReadmissionRequest) -> None:
    """Staff opened the request: audit the look, and mark it received the first time."""
    begin_write()
    # locked, so two staff changing it at once take turns (SQLite: BEGIN IMMEDIATE does it)
    db.session.refresh(request, with_for_update=True)
    audit.record(
        staff,
        "readmission.view",
        subject_id=request.client_id,
        object_type="readmission_request",
        object_id=request.id,
    )
    if request.status == "sent" and staff.role == "clinic":
        _move(staff, request, "received", None, None)
    db.session.commit()


def _tell_staff(request: ReadmissionRequest, kind: str, dedupe_key: str) -> None:
    """Queue a notification to every staff member of the clinic, and the clinic's e-mail."""
    clinic = db.session.get(Clinic, request.clinic_id)
    enqueue.queue_push_to(
        sa.and_(User.clinic_id == request.clinic_id, User.role == "clinic", User.is_active),
        kind,
        {"path": f"/clinic/requests/{request.id}"},
        dedupe_key,
        email=clinic.email if clinic is not None and clinic.email else None,
    )


# --- finding requests ---------------------------------------------------------------------------


def visible_to(actor: User, request_id: int, *, audited: bool = True) -> ReadmissionRequest | None:
    """The request if ``actor`` may see it (own, own clinic's, or any for admins), else ``None``.

    Staff of another clinic looking is written to the audit log as refused.
    """
    request = db.session.get(ReadmissionRequest, request_id)
    if request is None:
        return None
    if actor.role == "admin" or (actor.role == "client" and request.client_id == actor.id):
        mine = True
    elif actor.role == "clinic":
        mine = actor.clinic_id is not None and actor.clinic_id == request.clinic_id
        if not mine and audited:
            begin_write()
            audit.record(
                actor,
                "readmission.view",
                subject_id=request.client_id,
                object_type="readmission_request",
                object_id=request.id,
                allowed=False,
            )
            db.session.commit()
    else:
        mine = False
    return request if mine else None


def listed_for(
    actor: User, status: str | None = None, before_id: int | None = None, limit: int = 50
) -> list[ReadmissionRequest]:
    """The requests ``actor`` may see, newest first, one page at a time."""
    query = sa.select(ReadmissionRequest).order_by(ReadmissionRequest.id.desc()).limit(limit)
    if actor.role == "client":
        query = query.where(ReadmissionRequest.client_id == actor.id)
    elif actor.role == "clinic":
        query = query.where(ReadmissionRequest.clinic_id == (actor.clinic_id or -1))
    elif actor.role != "admin":
        return []
    if status:
        query = query.where(ReadmissionRequest.status == status)
    if before_id is not None:
        query = query.where(ReadmissionRequest.id < before_id)
    return list(db.session.scalars(query))


def open_request_of(client: User) -> ReadmissionRequest | None:
    """The client's open request, if any."""
    return db.session.scalars(
        sa.select(ReadmissionRequest).where(ReadmissionRequest.open_client_id == client.id)
    ).first()


def is_overdue(request: ReadmissionRequest, now: datetime | None = None) -> bool:
    """Still not contacted after the clinic's response-time target (or marked so by escalation)."""
    if request.status not in ("sent", "received"):
        return False
    if request.escalated_at is not None:
        return True
    now = now or utcnow()
    return now - request.created_at > timedelta(hours=request.clinic.response_hours)


def queue(clinic_id: int) -> list[ReadmissionRequest]:
    """The clinic's open requests: those still waiting for contact first, the longest first."""
    requests = db.session.scalars(
        sa.select(ReadmissionRequest)
        .where(
            ReadmissionRequest.clinic_id == clinic_id,
            ReadmissionRequest.status.in_(OPEN_STATUSES),
        )
        .order_by(ReadmissionRequest.created_at, ReadmissionRequest.id)
    ).all()
    return sorted(requests, key=lambda r: r.contacted_at is not None)


@dataclass(frozen=True)
class MonthSummary:
    """One calendar month of a clinic's requests."""

    month: date
    requests: int
    contacted: int
    median_minutes_to_contact: float | None
    admitted: int


def monthly_summary(
    clinic_id: int, months: int = 3, today: date | None = None
) -> list[MonthSummary]:
    """The last ``months`` calendar months (Europe/Oslo), the current one first."""
    today = today or datetime.now(OSLO).date()
    first = today.replace(day=1)
    starts = [first]
    for _month in range(months - 1):
        starts.append((starts[-1] - timedelta(days=1)).replace(day=1))
    since = datetime.combine(starts[-1], datetime.min.time(), OSLO)
    rows = db.session.execute(
        sa.select(
            ReadmissionRequest.created_at,
            ReadmissionRequest.contacted_at,
            ReadmissionRequest.status,
        ).where(ReadmissionRequest.clinic_id == clinic_id, ReadmissionRequest.created_at >= since)
    ).all()
    summaries = []
    for start in starts:
        mine = [r for r in rows if r.created_at.astimezone(OSLO).date().replace(day=1) == start]
        waits = [
            (r.contacted_at - r.created_at).total_seconds() / 60 for r in mine if r.contacted_at
        ]
        summaries.append(
            MonthSummary(
                month=start,
                requests=len(mine),
                contacted=len(waits),
                median_minutes_to_contact=statistics.median(waits) if waits else None,
                admitted=sum(1 for r in mine if r.status == "admitted"),
            )
        )
    return summaries


def escalate_overdue(now: datetime | None = None) -> int:
    """Tell staff again about each request past its target without contact; mark it escalated."""
    now = now or utcnow()
    begin_write()
    candidates = db.session.scalars(
        sa.select(ReadmissionRequest)
        .join(Clinic, Clinic.id == ReadmissionRequest.clinic_id)
        .where(
            ReadmissionRequest.status.in_(("sent", "received")),
            ReadmissionRequest.escalated_at.is_(None),
        )
    ).all()
    escalated = 0
    for request in candidates:
        if not is_overdue(request, now):
            continue
        request.escalated_at = now
        _tell_staff(request, "readmission_overdue", f"readmission:{request.id}:overdue")
        escalated += 1
    db.session.commit()
    return escalated
