"""The outbox: written once per dedupe key, claimed by one worker at a time, never lost."""

from __future__ import annotations

import logging
import threading
from datetime import timedelta

import pytest
import sqlalchemy as sa

from peerapp.extensions import begin_write, db, utcnow
from peerapp.models import OutboxMessage, PushSubscription
from peerapp.services.notify import enqueue, worker


def messages(**where: object) -> list[OutboxMessage]:
    """The outbox rows matching ``where`` (column=value), oldest first."""
    query = sa.select(OutboxMessage).order_by(OutboxMessage.id)
    for name, value in where.items():
        query = query.where(getattr(OutboxMessage, name) == value)
    return list(db.session.scalars(query))


def password_changed(user, key: str = "password-changed:test") -> int:
    """Queue the password notice for ``user`` in its own transaction."""
    begin_write()
    queued = enqueue.notify_user(user, "password_changed", {}, dedupe_key=key)
    db.session.commit()
    return queued


def test_a_user_is_told_on_every_subscription_and_by_email(user_factory, push_receiver, subscribe):
    user = user_factory(role="clinic", email="vakt@klinikk.example")
    for _ in range(2):
        subscribe(user, push_receiver.new_subscription())

    assert password_changed(user) == 3

    rows = messages(kind="password_changed")
    assert sorted(row.channel for row in rows) == ["email", "push", "push"]
    assert {row.email for row in rows if row.channel == "email"} == {"vakt@klinikk.example"}
    assert all(row.status == "pending" and row.user_id == user.id for row in rows)


def test_a_client_without_email_is_told_by_push_only(user_factory, push_receiver, subscribe):
    client = user_factory(role="client")
    subscribe(client, push_receiver.new_subscription())

    password_changed(client)

    assert [row.channel for row in messages(kind="password_changed")] == ["push"]


def test_the_same_dedupe_key_twice_is_one_message(user_factory, push_receiver, subscribe):
    user = user_factory(role="peer", email="peer@example.org")
    subscribe(user, push_receiver.new_subscription())

    assert password_changed(user, "password-changed:once") == 2
    assert password_changed(user, "password-changed:once") == 0

    assert len(messages(kind="password_changed")) == 2


def test_two_writers_racing_with_one_key_leave_one_message(app):
    barrier = threading.Barrier(2, timeout=30)
    errors: list[BaseException] = []

    def write() -> None:
        with app.app_context():
            try:
                barrier.wait()
                begin_write()
                enqueue.queue_email("peer@example.org", "password_changed", {}, "en", "race:1")
                db.session.commit()
            except BaseException as error:  # reported below, in the test's thread
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=write) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    rows = messages(dedupe_key="race:1:email")
    assert len(rows) == 1 and rows[0].email == "peer@example.org"


def test_payloads_carry_no_private_text(user_factory):
    user = user_factory(role="client")
    begin_write()
    with pytest.raises(ValueError, match="no long text"):
        enqueue.queue_push(user, "password_changed", {"note": "x" * 1000}, "private:1")
    with pytest.raises(ValueError, match="only ids, paths and flags"):
        enqueue.queue_push(user, "password_changed", {"note": {"text": "nested"}}, "private:2")
    with pytest.raises(ValueError, match="unknown notification kind"):
        enqueue.queue_push(user, "no_such_kind", {}, "private:3")
    db.session.rollback()


def test_a_claimed_message_is_not_claimed_again_until_its_lease_ends(
    user_factory, push_receiver, subscribe
):
    user = user_factory(role="peer")
    subscribe(user, push_receiver.new_subscription())
    now = utcnow()

    first = worker.claim_due(10, now)
    assert [envelope.kind for envelope in first] == ["push_enabled"]
    assert worker.claim_due(10, now + timedelta(minutes=1)) == []

    # a worker that died holding it: the next one takes it over once the lease is over
    again = worker.claim_due(10, now + worker.LEASE + timedelta(seconds=1))
    assert [envelope.id for envelope in again] == [first[0].id]


def test_without_vapid_settings_a_push_waits_and_is_sent_once_they_are_set(
    app, user_factory, push_receiver, subscribe
):
    user = user_factory(role="peer")
    browser = push_receiver.new_subscription()
    subscribe(user, browser)

    report = worker.drain()

    assert (report.sent, report.retried) == (0, 1)
    (waiting,) = messages(kind="push_enabled")
    assert waiting.status == "pending" and waiting.attempts == 0
    assert "PEERAPP_VAPID_PRIVATE_KEY" in (waiting.last_error or "")
    assert waiting.next_attempt_at > utcnow()
    assert push_receiver.received() == []

    from tests.integration.conftest import new_vapid_keys

    app.config.update(new_vapid_keys())
    report = worker.drain(now=waiting.next_attempt_at)

    assert report.sent == 1
    assert [push.payload["id"] for push in push_receiver.received(browser)] == [waiting.dedupe_key]


def test_a_push_that_keeps_failing_is_given_up_after_the_last_attempt(
    user_factory, push_receiver, subscribe, vapid
):
    user = user_factory(role="peer")
    browser = push_receiver.new_subscription()
    subscribe(user, browser)
    push_receiver.answer(browser, *[503] * worker.MAX_ATTEMPTS)

    when = utcnow()
    for _ in range(worker.MAX_ATTEMPTS):
        worker.drain(now=when)
        (message,) = messages(kind="push_enabled")
        when = max(when, message.next_attempt_at)

    assert message.status == "dead"
    assert message.attempts == worker.MAX_ATTEMPTS
    assert db.session.scalar(sa.select(sa.func.count(PushSubscription.id))) == 1


def test_the_report_counts_what_happened(user_factory, push_receiver, subscribe, vapid):
    ok, gone, busy = (push_receiver.new_subscription() for _ in range(3))
    for browser in (ok, gone, busy):
        subscribe(user_factory(role="peer"), browser)
    push_receiver.answer(gone, 410)
    push_receiver.answer(busy, 500)

    report = worker.deliver_due()

    assert (report.sent, report.retried, report.dropped, report.dead) == (1, 1, 1, 0)
    assert report.summary() == "sent 1, retried 1, dropped 1, dead 0"


def test_logs_name_ids_and_kinds_but_no_address_endpoint_or_text(
    caplog, user_factory, push_receiver, smtp_server, subscribe, vapid, mail_settings
):
    caplog.set_level(logging.DEBUG)
    user = user_factory(role="clinic", email="hemmelig@klinikk.example", language="en")
    browsers = [push_receiver.new_subscription() for _ in range(3)]
    for browser in browsers:
        subscribe(user, browser)
    push_receiver.answer(browsers[1], 500)
    push_receiver.answer(browsers[2], 410)
    password_changed(user)

    worker.drain()

    ours = [r for r in caplog.records if r.name != "mail.log"]  # not the test mail server's log
    logged = "\n".join(record.getMessage() for record in ours)
    secrets = [browser["endpoint"].rsplit("/", 1)[1] for browser in browsers]
    secrets += [browser["keys"]["auth"] for browser in browsers]
    secrets += ["hemmelig@klinikk.example", "Your password was changed", "If this was not you"]
    assert [secret for secret in secrets if secret in logged] == []
    (mail,) = messages(channel="email")
    assert f"outbox message {mail.id} (password_changed) sent" in logged


def test_finished_messages_are_deleted_after_a_month(user_factory, push_receiver, subscribe, vapid):
    subscribe(user_factory(role="peer"), push_receiver.new_subscription())
    worker.drain()
    begin_write()
    enqueue.queue_email("peer@example.org", "password_changed", {}, "nb", "waiting:1")
    db.session.commit()

    assert worker.purge_finished() == 0
    assert worker.purge_finished(now=utcnow() + worker.KEEP_FINISHED + timedelta(days=1)) == 1

    assert [row.status for row in messages()] == ["pending"]
