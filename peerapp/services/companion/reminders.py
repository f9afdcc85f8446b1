"""The worker's part in Come with me: a reminder to both sides two hours before, and requests
nobody took marked expired at their start (reads already show them so, see
:func:`peerapp.services.companion.rules.status_at`)."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from peerapp.extensions import utcnow
from peerapp.models.companion import CompanionRequest
from peerapp.services.companion.rules import REMINDER_LEAD
from peerapp.services.notify import enqueue
from peerapp.services.unit import unit_of_work


def expire_past(now: datetime | None = None) -> int:
    """Mark open requests whose start has come as expired; returns how many."""
    now = now or utcnow()
    with unit_of_work() as session:
        return session.execute(
            sa.update(CompanionRequest)
            .where(CompanionRequest.status == "open", CompanionRequest.starts_at <= now)
            .values(status="expired")
            .execution_options(synchronize_session=False)
        ).rowcount  # type: ignore[attr-defined]


def send_due_companion_reminders(now: datetime | None = None) -> int:
    """Queue the reminder to the client and the peer of each accepted request starting within
    two hours; one whose start has passed is not reminded. Returns how many were queued."""
    now = now or utcnow()
    with unit_of_work() as session:
        due = session.scalars(
            sa.select(CompanionRequest)
            .where(
                CompanionRequest.status == "accepted",
                CompanionRequest.reminded_at.is_(None),
                CompanionRequest.starts_at > now,
                CompanionRequest.starts_at <= now + REMINDER_LEAD,
            )
            .order_by(CompanionRequest.starts_at)
        ).all()
        for request in due:
            request.reminded_at = now
            for person in (request.client, request.peer):
                if person is not None:
                    enqueue.notify_user(
                        person,
                        "companion_soon",
                        {"path": f"/company/{request.id}"},
                        dedupe_key=f"companion:{request.id}:soon:{person.id}",
                    )
    return len(due)


def companion_round(now: datetime | None = None) -> None:
    """What the worker's round does for Come with me: expire, then remind."""
    expire_past(now)
    send_due_companion_reminders(now)
