"""Finding requests: what each person may see, the clinic's queue with its overdue requests
escalated, and the monthly summary."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import sqlalchemy as sa

from peerapp.extensions import db, utcnow
from peerapp.models.clinics import Clinic
from peerapp.models.people import User
from peerapp.models.readmission import (
    OPEN_STATUSES,
    ReadmissionRequest,
)
from peerapp.services.privacy import audit
from peerapp.services.readmission.agreements import OSLO
from peerapp.services.readmission.shared import tell_staff
from peerapp.services.unit import unit_of_work


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
            with unit_of_work():
                audit.record(
                    actor,
                    "readmission.view",
                    subject_id=request.client_id,
                    object_type="readmission_request",
                    object_id=request.id,
                    allowed=False,
                )
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
    escalated = 0
    with unit_of_work():
        candidates = db.session.scalars(
            sa.select(ReadmissionRequest)
            .join(Clinic, Clinic.id == ReadmissionRequest.clinic_id)
            .where(
                ReadmissionRequest.status.in_(("sent", "received")),
                ReadmissionRequest.escalated_at.is_(None),
            )
        ).all()
        for request in candidates:
            if not is_overdue(request, now):
                continue
            request.escalated_at = now
            tell_staff(request, "readmission_overdue", f"readmission:{request.id}:overdue")
            escalated += 1
    return escalated
