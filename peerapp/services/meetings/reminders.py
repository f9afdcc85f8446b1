""" "Remind me" before a meeting: a push to a signed-in person a chosen time before it starts.

A reminder is for the next occurrence whose reminder time has not passed; the worker's round
(:mod:`peerapp.services.notify.rounds`) queues it through the outbox when that time comes, and
the push opens the meeting's page. Visitors get the same lead as a calendar alarm in the
meeting's ``.ics`` (:func:`peerapp.services.meetings.calendar.meeting_ics`).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from peerapp.extensions import db, utcnow
from peerapp.models import Meeting, MeetingReminder, User
from peerapp.services.errors import NotFound, ValidationError
from peerapp.services.meetings import recurrence
from peerapp.services.meetings.when import next_start
from peerapp.services.notify import enqueue
from peerapp.services.privacy import audit
from peerapp.services.unit import unit_of_work
from peerapp.words import _

#: how long before a meeting a person may choose to be reminded, in minutes
REMINDER_LEADS = (30, 60, 120)
DEFAULT_LEAD = 60


def check_lead(lead_minutes: int | None) -> int:
    """``lead_minutes`` when it is one of the choices; refuses anything else."""
    if lead_minutes not in REMINDER_LEADS:
        raise ValidationError({"lead": _("Choose when to be reminded from the list.")})
    return lead_minutes


def next_reminder_times(
    meeting: Meeting, lead_minutes: int, now: datetime
) -> tuple[datetime, datetime]:
    """``(starts_at, remind_at)`` in UTC for the next occurrence that can still be reminded of."""
    lead = timedelta(minutes=lead_minutes)
    # the occurrence after now + lead: its reminder is still ahead. Subtracting in UTC, since
    # subtracting from a local time across a change of summer time gets the hour wrong
    upcoming = (
        recurrence.next_after(meeting, now + lead) if recurrence.is_irregular(meeting) else None
    )
    if upcoming is not None:
        starts_at = upcoming.start.astimezone(UTC)
    else:
        starts_at = next_start(meeting.day, meeting.time, meeting.timezone, now + lead)
        starts_at = starts_at.astimezone(UTC)
    return starts_at, starts_at - lead


def remind_me(
    user: User, meeting_id: int, lead_minutes: int | None, now: datetime | None = None
) -> MeetingReminder:
    """Record a reminder ``lead_minutes`` before the meeting's next occurrence."""
    lead = check_lead(lead_minutes)
    now = now or utcnow()
    with unit_of_work() as session:
        meeting = session.get(Meeting, meeting_id)
        if meeting is None or meeting.archived_at is not None:
            raise NotFound(_("This meeting is no longer listed."))
        starts_at, remind_at = next_reminder_times(meeting, lead, now)
        reminder = session.scalar(
            sa.select(MeetingReminder).where(
                MeetingReminder.user_id == user.id,
                MeetingReminder.meeting_id == meeting.id,
                MeetingReminder.starts_at == starts_at,
            )
        )
        if reminder is None:
            reminder = MeetingReminder(user_id=user.id, meeting_id=meeting.id, starts_at=starts_at)
            session.add(reminder)
        # choosing again for the same occurrence changes the lead
        reminder.lead_minutes, reminder.remind_at, reminder.sent_at = lead, remind_at, None
        audit.record(
            user, "meeting_reminder.set", user, object_type="meeting", object_id=meeting.id
        )
        try:
            session.flush()
        except IntegrityError:
            raise ValidationError({"lead": _("This reminder is set already.")}) from None
    return reminder


def reminders_of(
    user: User, meeting_id: int | None = None, now: datetime | None = None
) -> list[MeetingReminder]:
    """The person's reminders still to come (for one meeting, when given), soonest first."""
    query = (
        sa.select(MeetingReminder)
        .options(joinedload(MeetingReminder.meeting))
        .where(MeetingReminder.user_id == user.id, MeetingReminder.sent_at.is_(None))
        .where(MeetingReminder.starts_at > (now or utcnow()))
        .order_by(MeetingReminder.remind_at)
    )
    if meeting_id is not None:
        query = query.where(MeetingReminder.meeting_id == meeting_id)
    return list(db.session.scalars(query))


def cancel_reminder(user: User, reminder_id: int) -> int:
    """Cancel one of the person's own reminders; returns its meeting's id.

    Someone else's reminder is answered as one that does not exist.
    """
    with unit_of_work() as session:
        reminder = session.get(MeetingReminder, reminder_id)
        if reminder is None or reminder.user_id != user.id:
            raise NotFound(_("This reminder does not exist, or was cancelled already."))
        meeting_id = reminder.meeting_id
        session.delete(reminder)
        audit.record(
            user, "meeting_reminder.cancel", user, object_type="meeting", object_id=meeting_id
        )
    return meeting_id


def send_due_meeting_reminders(now: datetime | None = None) -> int:
    """Queue a push for each reminder whose time has come (the worker's round calls this).

    One whose meeting has already begun is not sent: a reminder after the start only confuses.
    """
    now = now or utcnow()
    with unit_of_work() as session:
        due = session.scalars(
            sa.select(MeetingReminder)
            .where(MeetingReminder.sent_at.is_(None), MeetingReminder.remind_at <= now)
            .order_by(MeetingReminder.remind_at)
        ).all()
        for reminder in due:
            reminder.sent_at = now
            user = session.get(User, reminder.user_id)
            if user is None or reminder.starts_at <= now:
                continue
            enqueue.queue_push(
                user,
                "meeting_soon",
                {"meeting": reminder.meeting_id, "path": f"/meetings/{reminder.meeting_id}"},
                dedupe_key=f"meeting-reminder:{reminder.id}",
            )
    return len(due)
