"""Check-in reminders at the person's wall-clock time in Norway: once a day, through summer time
changes, and delivered as a real push."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from peerapp.errors import ValidationError
from peerapp.extensions import db
from peerapp.models import OutboxMessage
from peerapp.services.checkins import consent, reminders
from peerapp.services.notify import worker
from tests.support.auth import form_token, session_client


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def reminders_queued() -> list[OutboxMessage]:
    db.session.commit()
    return list(
        db.session.scalars(sa.select(OutboxMessage).where(OutboxMessage.kind.like("checkin_%")))
    )


@pytest.fixture
def person(user_factory, push_receiver, subscribe):
    user = user_factory(role="client")
    phone = push_receiver.new_subscription()
    subscribe(user, phone)
    return user, phone


def test_a_reminder_goes_at_its_time_in_winter_and_summer(person):
    user, _ = person
    reminders.set_reminders(user, {"morning": "08:00"}, now=utc(2026, 1, 10, 5, 0))

    assert reminders.send_due_reminders(utc(2026, 1, 10, 6, 59)) == 0  # 07:59 in Oslo (CET)
    assert reminders.send_due_reminders(utc(2026, 1, 10, 7, 0)) == 1  # 08:00
    assert reminders.send_due_reminders(utc(2026, 1, 10, 12, 0)) == 0  # once a day
    assert reminders.send_due_reminders(utc(2026, 7, 1, 5, 59)) == 0  # 07:59 in summer (CEST)
    assert reminders.send_due_reminders(utc(2026, 7, 1, 6, 0)) == 1
    assert len(reminders_queued()) == 2


def test_a_time_the_clocks_skip_is_sent_when_the_clock_jumps(person):
    user, _ = person
    reminders.set_reminders(user, {"evening": "02:30"}, now=utc(2026, 3, 28, 12, 0))
    # 29 March 2026: 02:00 becomes 03:00; 00:59 UTC is 01:59 CET, 01:00 UTC is 03:00 CEST
    assert reminders.send_due_reminders(utc(2026, 3, 29, 0, 59)) == 0
    assert reminders.send_due_reminders(utc(2026, 3, 29, 1, 0)) == 1


def test_a_time_the_clocks_repeat_is_sent_only_once(person):
    user, _ = person
    reminders.set_reminders(user, {"evening": "02:30"}, now=utc(2026, 10, 24, 12, 0))
    # 25 October 2026: 02:30 comes twice, at 00:30 UTC (CEST) and at 01:30 UTC (CET)
    assert reminders.send_due_reminders(utc(2026, 10, 25, 0, 30)) == 1
    assert reminders.send_due_reminders(utc(2026, 10, 25, 1, 30)) == 0


def test_a_reminder_set_after_its_time_starts_tomorrow(person):
    user, _ = person
    reminders.set_reminders(user, {"evening": "21:00"}, now=utc(2026, 1, 10, 21, 0))  # 22:00
    assert reminders.send_due_reminders(utc(2026, 1, 10, 21, 30)) == 0
    assert reminders.send_due_reminders(utc(2026, 1, 11, 20, 0)) == 1


def test_turning_a_reminder_off_stops_it(person):
    user, _ = person
    reminders.set_reminders(user, {"morning": "08:00"}, now=utc(2026, 1, 10, 5, 0))
    reminders.set_reminders(user, {"morning": None}, now=utc(2026, 1, 10, 5, 0))
    assert reminders.reminders_of(user) == {}
    assert reminders.send_due_reminders(utc(2026, 1, 10, 8, 0)) == 0


def test_each_reminder_arrives_as_a_push_that_opens_its_own_step(app, person, push_receiver, vapid):
    user, phone = person
    consent.give_consent(user)
    reminders.set_reminders(
        user, {"morning": "08:00", "evening": "20:00"}, now=utc(2026, 1, 10, 5, 0)
    )
    reminders.send_due_reminders(utc(2026, 1, 10, 7, 0))  # 08:00 in Oslo
    worker.drain()
    reminders.send_due_reminders(utc(2026, 1, 10, 19, 0))  # 20:00
    worker.drain()

    pushes = [p for p in push_receiver.received(phone) if p.payload["tag"].startswith("reminder")]
    urls = [p.payload["url"] for p in pushes]
    assert urls == ["/checkin/plan", "/checkin/evening"]
    # each opens the form itself for the person it was sent to
    browser, _ = session_client(app, user)
    plan = browser.get(urls[0] + "?lang=en")
    assert plan.status_code == 200 and 'name="step" value="plan"' in plan.get_data(as_text=True)
    evening = browser.get(urls[1] + "?lang=en")
    assert evening.status_code == 200
    assert 'name="step" value="evening"' in evening.get_data(as_text=True)


@pytest.mark.parametrize("times", [{"morning": "8"}, {"evening": "25:00"}, {"night": "22:00"}])
def test_bad_times_are_refused(person, times):
    with pytest.raises(ValidationError):
        reminders.set_reminders(person[0], times)
    assert reminders.reminders_of(person[0]) == {}


def test_the_page_sets_and_clears_reminders(app, user_factory):
    user = user_factory(role="client")
    browser, _ = session_client(app, user)
    consent.give_consent(user)
    token = form_token(browser, "/checkin/settings")
    saved = browser.post(
        "/checkin/reminders", data={"morning": "07:30", "evening": "", "csrf_token": token}
    )
    assert saved.status_code == 303
    assert reminders.reminders_of(user) == {"morning": "07:30"}
    assert 'value="07:30"' in browser.get("/checkin/settings").get_data(as_text=True)

    bad = browser.post("/checkin/reminders", data={"morning": "7.30", "csrf_token": token})
    assert bad.status_code == 400
    assert 'href="#reminder-morning"' in bad.get_data(as_text=True)
    assert reminders.reminders_of(user) == {"morning": "07:30"}
