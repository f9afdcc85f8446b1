"""Check-in reminders at the times a person chose, queued once a day in Norway's time."""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from peerapp.extensions import db, utcnow
from peerapp.models.checkins import (
    REMINDER_KINDS,
    Reminder,
)
from peerapp.models.people import User
from peerapp.services.checkins.consent import CHECKIN_ROLES
from peerapp.services.checkins.daily import OSLO, is_clock
from peerapp.services.errors import NotAllowed, ValidationError
from peerapp.services.notify import enqueue
from peerapp.services.unit import unit_of_work
from peerapp.words import _


def reminders_of(user: User) -> dict[str, str]:
    """The person's reminder times by kind (``morning``, ``evening``)."""
    return {
        reminder.kind: reminder.at
        for reminder in db.session.scalars(sa.select(Reminder).where(Reminder.user_id == user.id))
    }


def set_reminders(user: User, times: dict[str, str | None], now: datetime | None = None) -> None:
    """Set or clear (``None`` or empty) each reminder; one set for a time already passed today
    starts tomorrow."""
    if user.role not in CHECKIN_ROLES:
        raise NotAllowed
    errors = {
        kind: _("Give times as HH:MM, such as 07:30.")
        for kind, when in times.items()
        if when and not is_clock(when)
    }
    if unknown := set(times) - set(REMINDER_KINDS):
        errors.update(dict.fromkeys(unknown, _("Unknown reminder.")))
    if errors:
        raise ValidationError(errors)
    local = (now or utcnow()).astimezone(OSLO)
    try:
        with unit_of_work() as session:
            existing = {
                reminder.kind: reminder
                for reminder in session.scalars(
                    sa.select(Reminder).where(Reminder.user_id == user.id)
                )
            }
            for kind, when in times.items():
                reminder = existing.get(kind)
                if not when:
                    if reminder is not None:
                        session.delete(reminder)
                    continue
                if reminder is None:
                    reminder = Reminder(user_id=user.id, kind=kind)
                    session.add(reminder)
                if reminder.at != when:
                    reminder.at = when
                    passed = local.strftime("%H:%M") >= when
                    reminder.last_sent_on = (
                        local.date() if passed else local.date() - timedelta(days=1)
                    )
            session.flush()
    except IntegrityError:
        pass  # the same reminder set in a parallel request: that one stands


def send_due_reminders(now: datetime | None = None) -> int:
    """Queue each reminder whose time has come today in Norway and that has not gone today."""
    local = (now or utcnow()).astimezone(OSLO)
    day, clock = local.date(), local.strftime("%H:%M")
    with unit_of_work() as session:
        due = session.scalars(
            sa.select(Reminder).where(
                Reminder.at <= clock,
                sa.or_(Reminder.last_sent_on.is_(None), Reminder.last_sent_on < day),
            )
        ).all()
        for reminder in due:
            user = session.get(User, reminder.user_id)
            reminder.last_sent_on = day
            if user is not None:
                enqueue.queue_push(
                    user,
                    f"checkin_{reminder.kind}",
                    {},
                    dedupe_key=f"reminder:{reminder.id}:{day.isoformat()}",
                )
    return len(due)
