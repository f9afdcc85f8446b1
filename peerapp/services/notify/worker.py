"""The worker's side of the outbox: claim due messages, deliver them, record what happened.

Claiming sets a lease (``locked_until``) and commits before anything is sent, so several workers
never send the same message at once, and a worker that dies leaves its messages to the next one
when the lease ends. Sending happens outside any transaction. A worker stopped between sending
and recording sends that message again: delivery is at least once, and receivers recognise a
repeat by its id and tag (push) or its ``Message-ID`` (e-mail).

E-mails are written by a renderer the caller hands in (``render_email``; the ``peerapp worker``
command hands in :func:`peerapp.emails.render_email`, which the web layer also registers as the
app's ``PEERAPP_RENDER_EMAIL`` for any other caller): the templates are the web's, not the
rules'. Without one, e-mails wait as for a missing setting.

Logs name message ids and kinds only, never payloads, endpoints, addresses or text.
"""

from __future__ import annotations

import logging
import random
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from peerapp.extensions import utcnow
from peerapp.models.notify import OutboxMessage, PushSubscription
from peerapp.services.notify.mail import send_email
from peerapp.services.notify.messages import (
    DeliveryFailed,
    EmailRenderer,
    Envelope,
    NotConfigured,
    ReceiverGone,
)
from peerapp.services.notify.push import send_push
from peerapp.services.unit import unit_of_work

log = logging.getLogger(__name__)

BATCH_LIMIT = 50
#: how long a claimed batch is ours; longer than 50 sends that each time out after 10 s
LEASE = timedelta(minutes=10)
#: a message that failed this many times is given up ("dead")
MAX_ATTEMPTS = 10
FIRST_RETRY = timedelta(seconds=30)
LONGEST_RETRY = timedelta(hours=1)
#: how long to wait before trying again when a setting is missing (that wait does not count)
SETTINGS_RETRY = timedelta(minutes=5)
#: the longest ``Retry-After`` we honour
LONGEST_RETRY_AFTER = timedelta(hours=24)
#: finished messages (sent, dropped, dead) are deleted after this; they hold e-mail addresses
KEEP_FINISHED = timedelta(days=30)


@dataclass
class DeliveryReport:
    """How many messages a run sent, will retry, dropped (no receiver) and gave up on."""

    sent: int = 0
    retried: int = 0
    dropped: int = 0
    dead: int = 0

    @property
    def total(self) -> int:
        """Messages handled in all."""
        return self.sent + self.retried + self.dropped + self.dead

    def add(self, other: DeliveryReport) -> None:
        """Count another run's messages in this report."""
        self.sent += other.sent
        self.retried += other.retried
        self.dropped += other.dropped
        self.dead += other.dead

    def summary(self) -> str:
        """One line for the worker's output."""
        return f"sent {self.sent}, retried {self.retried}, dropped {self.dropped}, dead {self.dead}"


def retry_delay(attempts: int) -> timedelta:
    """The wait after the ``attempts``-th failure: doubling from 30 s to 1 h, with jitter."""
    ceiling = min(FIRST_RETRY * 2 ** max(attempts - 1, 0), LONGEST_RETRY)
    # jitter spreads the retries of many messages that failed together (a push service outage)
    return ceiling * random.uniform(0.5, 1.0)  # noqa: S311  # nosec B311  # accepted: load, not a secret


def deliver_due(
    limit: int = BATCH_LIMIT,
    now: datetime | None = None,
    *,
    render_email: EmailRenderer | None = None,
) -> DeliveryReport:
    """Claim up to ``limit`` due messages, deliver each, and record the outcomes."""
    report = DeliveryReport()
    for envelope in claim_due(limit, now or utcnow()):
        status = _record(envelope, _deliver(envelope, render_email), now or utcnow())
        setattr(report, status, getattr(report, status) + 1)
    return report


def drain(
    limit: int = BATCH_LIMIT,
    now: datetime | None = None,
    *,
    render_email: EmailRenderer | None = None,
) -> DeliveryReport:
    """Deliver batch after batch until nothing is due; returns the totals."""
    report = DeliveryReport()
    while (batch := deliver_due(limit, now, render_email=render_email)).total:
        report.add(batch)
    return report


def purge_finished(now: datetime | None = None) -> int:
    """Delete messages finished more than ``KEEP_FINISHED`` ago; returns how many."""
    with unit_of_work() as session:
        result = session.execute(
            sa.delete(OutboxMessage)
            .where(OutboxMessage.status.in_(("sent", "dropped", "dead")))
            .where(OutboxMessage.created_at < (now or utcnow()) - KEEP_FINISHED)
        )
    return int(getattr(result, "rowcount", 0) or 0)


def claim_due(limit: int, now: datetime) -> list[Envelope]:
    """Lease the oldest due messages to this worker and read what delivering them needs."""
    with unit_of_work() as session:
        return _lease(session, limit, now)


def _lease(session: Session, limit: int, now: datetime) -> list[Envelope]:
    """Set the lease on the due messages and read them into envelopes (inside the write)."""
    query = (
        sa.select(OutboxMessage)
        .where(OutboxMessage.status == "pending", OutboxMessage.next_attempt_at <= now)
        .where(sa.or_(OutboxMessage.locked_until.is_(None), OutboxMessage.locked_until < now))
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
        .limit(limit)
    )
    if session.get_bind().dialect.name == "postgresql":
        # SQLite needs nothing here: the unit of work already made this the only writer
        query = query.with_for_update(skip_locked=True)
    messages = session.scalars(query).all()
    subscription_ids = {m.subscription_id for m in messages if m.subscription_id is not None}
    subscriptions = {
        s.id: s
        for s in session.scalars(
            sa.select(PushSubscription).where(PushSubscription.id.in_(subscription_ids))
        )
    }
    envelopes = []
    for message in messages:
        message.locked_until = now + LEASE
        subscription = subscriptions.get(message.subscription_id or 0)
        if subscription is not None and subscription.user_id != message.user_id:
            subscription = None  # moved to someone else's account: not for their eyes
        envelopes.append(
            Envelope(
                id=message.id,
                dedupe_key=message.dedupe_key,
                channel=message.channel,
                kind=message.kind,
                language=message.language,
                payload=dict(message.payload or {}),
                email=message.email,
                endpoint=subscription.endpoint if subscription else None,
                p256dh=subscription.p256dh if subscription else None,
                auth=subscription.auth if subscription else None,
            )
        )
    return envelopes


@dataclass(frozen=True)
class _Outcome:
    status: str  # sent, retried, dropped or dead
    error: DeliveryFailed | None = None
    #: the push service said the subscription is gone: delete it
    forget_subscription: bool = False


def _deliver(envelope: Envelope, render_email: EmailRenderer | None) -> _Outcome:
    """Send one message; never raises for a failed delivery."""
    if envelope.channel == "push" and envelope.endpoint is None:
        return _Outcome("dropped", DeliveryFailed("subscription removed", retry=False))
    try:
        if envelope.channel == "email":
            send_email(envelope, render_email)
        else:
            send_push(envelope)
    except ReceiverGone as gone:
        return _Outcome("dropped", gone, forget_subscription=True)
    except DeliveryFailed as failed:
        return _Outcome("retried" if failed.retry else "dead", failed)
    except Exception as error:  # a bug must not stop the worker or lose the message
        log.exception("outbox message %s (%s) failed unexpectedly", envelope.id, envelope.kind)
        return _Outcome("retried", DeliveryFailed(f"unexpected error ({type(error).__name__})"))
    return _Outcome("sent")


def _record(envelope: Envelope, outcome: _Outcome, now: datetime) -> str:
    """Store the outcome of one delivery in its own short transaction; returns the new status."""
    with unit_of_work() as session:
        return _write_outcome(session, envelope, outcome, now)


def _write_outcome(session: Session, envelope: Envelope, outcome: _Outcome, now: datetime) -> str:
    """Set the message's status (and its next try) from the outcome; returns the new status."""
    message = session.get(OutboxMessage, envelope.id, populate_existing=True)
    if message is None or message.status != "pending":
        return outcome.status  # erased with its account meanwhile, or dropped: nothing to record
    message.locked_until = None
    error = outcome.error
    message.last_error = error.reason[:300] if error else None
    if outcome.status == "sent":
        message.status, message.sent_at, message.attempts = "sent", now, message.attempts + 1
        log.info("outbox message %s (%s) sent", envelope.id, envelope.kind)
    elif outcome.status == "dropped":
        message.status, message.attempts = "dropped", message.attempts + 1
        if outcome.forget_subscription and message.subscription_id is not None:
            session.execute(
                sa.delete(PushSubscription).where(PushSubscription.id == message.subscription_id)
            )
        log.info("outbox message %s (%s) dropped: receiver gone", envelope.id, envelope.kind)
    elif outcome.status == "dead":
        message.status, message.attempts = "dead", message.attempts + 1
        log.error("outbox message %s (%s) given up: %s", envelope.id, envelope.kind, error)
    else:
        _schedule_retry(message, error, now)
    return "retried" if message.status == "pending" else message.status


def _schedule_retry(message: OutboxMessage, error: DeliveryFailed | None, now: datetime) -> None:
    """Try again later: after a growing wait, or as the receiver asked; dead after the last try."""
    if isinstance(error, NotConfigured):
        # not the receiver's fault and not the message's: wait for the setting, never give up
        message.next_attempt_at = now + SETTINGS_RETRY
        log.warning("outbox message %s (%s) waits: %s", message.id, message.kind, error)
        return
    message.attempts += 1
    if message.attempts >= MAX_ATTEMPTS:
        message.status = "dead"
        log.error(
            "outbox message %s (%s) given up after %s attempts",
            message.id,
            message.kind,
            message.attempts,
        )
        return
    delay = retry_delay(message.attempts)
    if error is not None and error.retry_after is not None:
        delay = max(delay, min(timedelta(seconds=error.retry_after), LONGEST_RETRY_AFTER))
    message.next_attempt_at = now + delay
    log.warning("outbox message %s (%s) will be retried: %s", message.id, message.kind, error)
