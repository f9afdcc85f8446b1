"""Reminders of a plan's appointments: the evening before (18:00 in Norway) and two hours
before, by push and e-mail through the outbox. The message says only that an appointment is
coming and opens the plan: what, with whom and where stay sealed in the database."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from peerapp.extensions import utcnow
from peerapp.models.people import User
from peerapp.models.plan import PlanAppointment
from peerapp.services.notify import enqueue
from peerapp.services.plan.store import OSLO
from peerapp.services.unit import unit_of_work

#: the evening reminder goes at this time in Norway, the day before
EVENING = time(18, 0)
SOON = timedelta(hours=2)


def evening_before(starts_at: datetime) -> datetime:
    """18:00 in Norway the day before the appointment."""
    day = starts_at.astimezone(OSLO).date() - timedelta(days=1)
    return datetime.combine(day, EVENING, tzinfo=OSLO)


def skip_passed(row: PlanAppointment, now: datetime) -> None:
    """Mark the reminders whose time has already passed as done, so a late entry is not
    reminded of out of turn."""
    if evening_before(row.starts_at) <= now:
        row.evening_sent_at = now
    if row.starts_at - SOON <= now:
        row.soon_sent_at = now


def _tell(session: Session, row: PlanAppointment, kind: str) -> None:
    user = session.get(User, row.user_id)
    if user is None:
        return
    enqueue.queue_push_to(
        User.id == user.id,
        kind,
        {"path": "/plan"},
        dedupe_key=f"{kind}:{row.id}",
        email=user.email or None,
        email_language=user.language,
    )


def send_due_appointment_reminders(now: datetime | None = None) -> int:
    """Queue the reminders whose time has come (the worker's round calls this); returns how many."""
    now = now or utcnow()
    sent = 0
    with unit_of_work() as session:
        rows = session.scalars(
            sa.select(PlanAppointment).where(
                PlanAppointment.starts_at > now,
                PlanAppointment.starts_at <= now + timedelta(days=2),
                sa.or_(
                    PlanAppointment.evening_sent_at.is_(None),
                    PlanAppointment.soon_sent_at.is_(None),
                ),
            )
        ).all()
        for row in rows:
            if row.soon_sent_at is None and row.starts_at - SOON <= now:
                row.soon_sent_at = now
                row.evening_sent_at = row.evening_sent_at or now  # no evening after the soon one
                _tell(session, row, "appointment_soon")
                sent += 1
            elif row.evening_sent_at is None and evening_before(row.starts_at) <= now:
                row.evening_sent_at = now
                _tell(session, row, "appointment_tomorrow")
                sent += 1
    return sent
