"""A request's timeline: who may move it to which status, each change one logged action."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from peerapp.extensions import db, utcnow
from peerapp.models.people import User
from peerapp.models.readmission import ReadmissionEvent, ReadmissionRequest
from peerapp.services.errors import DomainError, ValidationError
from peerapp.services.notify import enqueue
from peerapp.services.privacy import audit
from peerapp.services.readmission.shared import seal, tell_staff
from peerapp.services.unit import unit_of_work
from peerapp.words import _, format_decimal

MAX_NOTE_LENGTH = 1000


#: the next step staff may take from each open status (declining is always possible); contact
#: implies receipt, so a request not yet opened may go straight to contacted
_NEXT = {
    "sent": ("received", "contacted"),
    "received": ("contacted",),
    "contacted": ("offered",),
    "offered": ("admitted",),
}
STAFF_STATUSES = ("received", "contacted", "offered", "admitted", "declined")


class IllegalTransition(DomainError):
    """The status change is not allowed from the request's current status, or for this person."""


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


def too_long(length: int, limit: int) -> str:
    """The message for text between clinic and client that is over its limit: never cut it."""
    return _(
        "This is %(length)s characters long; it can be at most %(num)s. Shorten it and send "
        "it again.",
        length=format_decimal(length),
        num=format_decimal(limit),
    )


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
        errors["note"] = too_long(len(note), MAX_NOTE_LENGTH)
    if status == "offered" and admission_at is None:
        errors["admission_at"] = _("Give the date and time of the admission offered.")
    elif status == "offered" and not _reasonable_admission(admission_at):
        errors["admission_at"] = _("Give a time from today and at most two years ahead.")
    if errors:
        raise ValidationError(errors)
    with unit_of_work():
        # locked, so two staff changing it at once take turns (SQLite: BEGIN IMMEDIATE does it)
        db.session.refresh(request, with_for_update=True)
        if status not in allowed_statuses(actor, request):
            raise IllegalTransition
        return _move(actor, request, status, note, admission_at if status == "offered" else None)


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
        note=seal(note),
        admission_at=admission_at,
    )
    request.events.append(event)
    db.session.flush()
    if actor.role == "client":
        tell_staff(request, "readmission_withdrawn", f"readmission:{request.id}:{event.id}")
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
    with unit_of_work():
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
