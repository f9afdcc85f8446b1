"""The worker's round: what ``peerapp worker`` does each time it looks, in one operation.

A round may first look for what has come due (readmission requests past their target, hand-overs
the municipality has not confirmed in two working days, check-in reminders, "remind me" before a
meeting and a plan's appointments at their time), then delivers the outbox, and may delete
long-finished messages.
"""

from __future__ import annotations

from sqlalchemy.exc import OperationalError

from peerapp.extensions import db
from peerapp.services.checkins import reminders
from peerapp.services.companion.reminders import companion_round
from peerapp.services.errors import DomainError
from peerapp.services.meetings.reminders import send_due_meeting_reminders
from peerapp.services.municipalities import handovers
from peerapp.services.notify import worker
from peerapp.services.notify.messages import EmailRenderer
from peerapp.services.plan.reminders import send_due_appointment_reminders
from peerapp.services.readmission import queue


class DatabaseUnreachable(DomainError):
    """The database did not answer (restarting, say): wait, and the next round connects anew."""


def work_round(
    render_email: EmailRenderer,
    *,
    look_for_due: bool = True,
    purge: bool = False,
    until_empty: bool = False,
) -> worker.DeliveryReport:
    """Escalate overdue requests and queue due reminders (``look_for_due``), deliver one batch
    (or every batch, ``until_empty``), then delete long-finished messages (``purge``).

    Raises ``DatabaseUnreachable`` when the database went away, having let go of the session.
    """
    try:
        if look_for_due:
            queue.escalate_overdue()
            handovers.escalate_unconfirmed()
            reminders.send_due_reminders()
            send_due_meeting_reminders()
            companion_round()
            send_due_appointment_reminders()
        if until_empty:
            report = worker.drain(render_email=render_email)
        else:
            report = worker.deliver_due(render_email=render_email)
        if purge:
            worker.purge_finished()
    except OperationalError:
        db.session.remove()
        raise DatabaseUnreachable from None
    return report
