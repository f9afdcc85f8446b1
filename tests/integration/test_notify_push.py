"""Web Push from the outbox to a real (local) push service: signed, encrypted, in the reader's
language, retried when the service is busy, and forgotten when the browser is gone."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa
from flask_babel import force_locale, gettext

from peerapp.extensions import begin_write, db, utcnow
from peerapp.models import OutboxMessage, PushSubscription
from peerapp.services.notify import enqueue, worker
from peerapp.services.notify.push import topic
from tests.integration.conftest import VAPID_SUBJECT
from tests.support.smtp import refusing_port


def message_for(kind: str, subscription_id: int | None = None) -> OutboxMessage:
    """The one push message of ``kind`` (to one subscription, when given)."""
    query = sa.select(OutboxMessage).where(
        OutboxMessage.kind == kind, OutboxMessage.channel == "push"
    )
    if subscription_id is not None:
        query = query.where(OutboxMessage.subscription_id == subscription_id)
    return db.session.scalars(query).one()


def tell_password_changed(user, key: str = "password-changed:push") -> None:
    begin_write()
    enqueue.notify_user(user, "password_changed", {}, dedupe_key=key)
    db.session.commit()


def subscriptions() -> int:
    return db.session.scalar(sa.select(sa.func.count(PushSubscription.id))) or 0


@pytest.mark.parametrize("language", ["nb", "en"])
def test_a_push_arrives_decrypted_in_the_readers_language(
    language, user_factory, push_receiver, subscribe, vapid
):
    user = user_factory(role="peer", language=language)
    browser = push_receiver.new_subscription()
    subscribe(user, browser)
    tell_password_changed(user)

    report = worker.drain()

    assert report.sent == 2  # "notifications are on", then the password notice
    assert push_receiver.rejections == []
    pushes = {push.payload["id"]: push for push in push_receiver.received(browser)}
    message = message_for("password_changed")
    push = pushes[message.dedupe_key]
    with force_locale(language):
        title = gettext("Your password was changed")
    assert push.payload["title"] == title
    assert push.payload["lang"] == language
    assert push.payload["tag"] == message.dedupe_key
    assert push.payload["url"] == "/account"
    # signed by our key for this push service, urgent, collapsible and kept while offline
    assert push.vapid_key == vapid["PEERAPP_VAPID_PUBLIC_KEY"]
    assert push.claims["sub"] == VAPID_SUBJECT
    assert push.headers["urgency"] == "high"
    assert push.headers["topic"] == topic(message.dedupe_key)
    assert int(push.headers["ttl"]) > 0
    message = message_for("password_changed")
    assert message.status == "sent" and message.sent_at is not None


def test_english_and_bokmal_readers_each_get_their_own_words(
    user_factory, push_receiver, subscribe, vapid
):
    readers = {}
    for language in ("nb", "en"):
        browser = push_receiver.new_subscription()
        subscribe(user_factory(role="peer", language=language), browser)
        readers[language] = browser

    worker.drain()

    for language, browser in readers.items():
        (push,) = push_receiver.received(browser)
        with force_locale(language):
            assert push.payload["title"] == gettext("Notifications are on")
            assert push.payload["body"] == gettext(
                "Peerapp will tell you here when something needs your attention."
            )


def test_subscribing_confirms_to_that_browser_only(user_factory, push_receiver, subscribe, vapid):
    user = user_factory(role="peer")
    old, new = push_receiver.new_subscription(), push_receiver.new_subscription()
    subscribe(user, old)
    worker.drain()

    subscribe(user, new)
    worker.drain()

    assert len(push_receiver.received(old)) == 1
    assert len(push_receiver.received(new)) == 1


@pytest.mark.parametrize("status", [404, 410])
def test_a_subscription_the_push_service_no_longer_knows_is_deleted(
    status, user_factory, push_receiver, subscribe, vapid
):
    user = user_factory(role="peer")
    browser = push_receiver.new_subscription()
    subscribe(user, browser)
    tell_password_changed(user)
    push_receiver.answer(browser, status)

    report = worker.deliver_due(limit=1)

    assert report.dropped == 1
    assert subscriptions() == 0
    assert message_for("push_enabled").status == "dropped"
    # the notice still waiting for that browser goes nowhere, and is not retried
    worker.drain()
    assert message_for("password_changed").status == "dropped"
    assert len(push_receiver.received(browser)) == 0


@pytest.mark.parametrize(
    ("status", "retry_after", "at_least"),
    [(429, "120", timedelta(seconds=120)), (500, "", timedelta(seconds=15))],
)
def test_a_busy_or_failing_push_service_is_tried_again_later(
    status, retry_after, at_least, user_factory, push_receiver, subscribe, vapid
):
    user = user_factory(role="peer")
    browser = push_receiver.new_subscription()
    subscribe(user, browser)
    push_receiver.answer(browser, status, retry_after=retry_after)
    now = utcnow()

    first = worker.drain(now=now)

    assert first.retried == 1
    message = message_for("push_enabled")
    assert message.status == "pending" and message.attempts == 1
    assert message.last_error == f"push service answered {status}"
    assert message.next_attempt_at >= now + at_least
    assert worker.drain(now=now).total == 0  # not due yet

    later = worker.drain(now=message.next_attempt_at)

    assert later.sent == 1
    assert message_for("push_enabled").status == "sent"
    assert len(push_receiver.received(browser)) == 1


def test_waits_grow_with_each_failure(user_factory, push_receiver, subscribe, vapid):
    user = user_factory(role="peer")
    browser = push_receiver.new_subscription()
    subscribe(user, browser)
    push_receiver.answer(browser, 503, 503, 503, 503)
    when, waits = utcnow(), []

    for _ in range(4):
        worker.drain(now=when)
        next_attempt = message_for("push_enabled").next_attempt_at
        waits.append(next_attempt - when)
        when = next_attempt

    assert all(later >= earlier for earlier, later in zip(waits, waits[1:], strict=False))
    assert waits[-1] >= timedelta(seconds=120)


def test_a_push_service_that_refuses_the_message_gives_up_at_once(
    user_factory, push_receiver, subscribe, vapid
):
    user = user_factory(role="peer")
    browser = push_receiver.new_subscription()
    subscribe(user, browser)
    push_receiver.answer(browser, 400)

    assert worker.drain().dead == 1
    assert message_for("push_enabled").status == "dead"
    assert subscriptions() == 1


def test_an_unreachable_push_service_is_tried_again(user_factory, subscribe, push_receiver, vapid):
    user = user_factory(role="peer")
    browser = push_receiver.new_subscription()
    with refusing_port() as closed:
        port = closed.getsockname()[1]
        browser["endpoint"] = f"http://127.0.0.1:{port}/push/nobody-listens"
        subscribe(user, browser)

        assert worker.drain().retried == 1

    message = message_for("push_enabled")
    assert message.status == "pending"
    assert (message.last_error or "").startswith("network error")


def test_a_repeat_after_a_crash_carries_the_same_id_and_tag(
    user_factory, push_receiver, subscribe, vapid
):
    user = user_factory(role="peer")
    browser = push_receiver.new_subscription()
    subscribe(user, browser)
    worker.drain()
    # the worker sent it but died before recording that: it is still pending
    begin_write()
    message = message_for("push_enabled")
    message.status, message.sent_at = "pending", None
    db.session.commit()

    worker.drain()

    first, repeat = push_receiver.received(browser)
    assert repeat.payload["id"] == first.payload["id"] == message.dedupe_key
    assert repeat.payload["tag"] == first.payload["tag"]
    assert repeat.headers["topic"] == first.headers["topic"]


def test_a_subscription_taken_over_by_another_account_gets_none_of_the_old_messages(
    user_factory, push_receiver, subscribe, vapid
):
    before, after = user_factory(role="peer"), user_factory(role="peer")
    browser = push_receiver.new_subscription()
    subscribe(before, browser)
    tell_password_changed(before)

    subscribe(after, browser)
    worker.drain()

    (push,) = push_receiver.received(browser)
    assert push.payload["id"].startswith(f"push-enabled:{after.id}:")
    assert message_for("password_changed").status == "dropped"
