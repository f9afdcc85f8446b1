""" "Remind me" before a meeting: the next occurrence (across midnight and summer time), only my
own reminders, cancelling, the worker's round sending a real push, and the calendar alarm."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa
from icalendar import Calendar

from peerapp.emails import render_email
from peerapp.extensions import db
from peerapp.models import OutboxMessage
from peerapp.services.errors import NotFound, ValidationError
from peerapp.services.meetings import reminders
from peerapp.services.notify import rounds
from tests.support.auth import session_client
from tests.support.icaljs import read_with_icaljs


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def test_the_reminder_is_for_the_next_occurrence_in_the_meetings_time(
    user_factory, meeting_factory
):
    person = user_factory(role="client")
    tuesday = meeting_factory(town="oslo", day=2, start="20:00", end="21:00")
    # Monday 5 January 2027, noon: the next Tuesday 20:00 CET is 19:00 UTC
    reminder = reminders.remind_me(person, tuesday.id, 60, now=utc(2027, 1, 4, 12))
    assert reminder.starts_at == utc(2027, 1, 5, 19)
    assert reminder.remind_at == utc(2027, 1, 5, 18)


def test_a_reminder_whose_time_has_passed_is_for_the_week_after(user_factory, meeting_factory):
    person = user_factory(role="client")
    tuesday = meeting_factory(town="oslo", day=2, start="20:00", end="21:00")
    # Tuesday 19:40 in Oslo: an hour before has passed, so the reminder is for next week
    reminder = reminders.remind_me(person, tuesday.id, 60, now=utc(2027, 1, 5, 18, 40))
    assert reminder.starts_at == utc(2027, 1, 12, 19)
    # half an hour before has not: this evening's meeting
    reminder = reminders.remind_me(person, tuesday.id, 30, now=utc(2027, 1, 5, 18, 20))
    assert reminder.starts_at == utc(2027, 1, 5, 19)


def test_a_reminder_before_a_meeting_just_after_midnight_is_the_evening_before(
    user_factory, meeting_factory
):
    person = user_factory(role="client")
    night = meeting_factory(town="oslo", day=3, start="00:30", end="01:30")  # Wednesday 00:30
    reminder = reminders.remind_me(person, night.id, 120, now=utc(2027, 1, 4, 12))
    assert reminder.starts_at == utc(2027, 1, 5, 23, 30)  # Wednesday 00:30 CET
    assert reminder.remind_at == utc(2027, 1, 5, 21, 30)  # Tuesday 22:30 in Oslo


@pytest.mark.parametrize(
    ("now", "starts_at", "remind_at"),
    [
        # Sunday 28 March 2027 02:00 becomes 03:00: the meeting at 03:30 CEST is 01:30 UTC, and
        # two hours before it is 00:30 UTC (01:30 CET), not 01:30 UTC
        (utc(2027, 3, 27, 12), utc(2027, 3, 28, 1, 30), utc(2027, 3, 27, 23, 30)),
        # Sunday 31 October 2027 03:00 becomes 02:00: 03:30 CET is 02:30 UTC, two hours before
        # is 00:30 UTC (02:30 CEST)
        (utc(2027, 10, 30, 12), utc(2027, 10, 31, 2, 30), utc(2027, 10, 31, 0, 30)),
    ],
)
def test_a_reminder_across_a_change_of_summer_time_keeps_its_lead_in_real_time(
    user_factory, meeting_factory, now, starts_at, remind_at
):
    person = user_factory(role="client")
    sunday = meeting_factory(town="oslo", day=0, start="03:30", end="04:30")
    reminder = reminders.remind_me(person, sunday.id, 120, now=now)
    assert (reminder.starts_at, reminder.remind_at) == (starts_at, remind_at)


def test_only_the_offered_leads_are_taken(user_factory, meeting_factory):
    person = user_factory(role="client")
    meeting = meeting_factory(town="oslo")
    for lead in (None, 0, 45, -60, 10_000):
        with pytest.raises(ValidationError):
            reminders.remind_me(person, meeting.id, lead)
    with pytest.raises(NotFound):
        reminders.remind_me(person, meeting.id + 999, 60)


def test_reminders_are_listed_and_cancelled_by_their_owner_only(user_factory, meeting_factory):
    me, other = user_factory(role="client"), user_factory(role="peer")
    meeting = meeting_factory(town="oslo", day=2, start="20:00")
    now = utc(2027, 1, 4, 12)
    mine = reminders.remind_me(me, meeting.id, 60, now=now)
    theirs = reminders.remind_me(other, meeting.id, 30, now=now)
    assert [r.id for r in reminders.reminders_of(me, meeting.id, now)] == [mine.id]
    # choosing again for the same occurrence changes that reminder, it adds none
    again = reminders.remind_me(me, meeting.id, 30, now=now)
    assert again.id == mine.id
    assert [r.lead_minutes for r in reminders.reminders_of(me, meeting.id, now)] == [30]

    with pytest.raises(NotFound):
        reminders.cancel_reminder(me, theirs.id)
    assert [r.id for r in reminders.reminders_of(other, meeting.id, now)] == [theirs.id]
    assert reminders.cancel_reminder(me, mine.id) == meeting.id
    assert reminders.reminders_of(me, meeting.id, now) == []
    with pytest.raises(NotFound):
        reminders.cancel_reminder(me, mine.id)


def test_the_round_sends_a_push_at_the_reminder_time_that_opens_the_meeting(
    monkeypatch, user_factory, meeting_factory, push_receiver, subscribe, vapid
):
    person = user_factory(role="client", language="en")
    phone = push_receiver.new_subscription()
    subscribe(person, phone)
    meeting = meeting_factory(town="oslo", day=2, start="20:00")
    reminders.remind_me(person, meeting.id, 60, now=utc(2027, 1, 4, 12))
    rounds.work_round(render_email, until_empty=True)  # the "notifications are on" push
    before = len(push_receiver.received(phone))

    clock = {"now": utc(2027, 1, 5, 17, 59)}
    monkeypatch.setattr(reminders, "utcnow", lambda: clock["now"])
    rounds.work_round(render_email, until_empty=True)
    assert len(push_receiver.received(phone)) == before  # 18:59 in Oslo: not yet

    clock["now"] = utc(2027, 1, 5, 18, 0)
    rounds.work_round(render_email, until_empty=True)
    clock["now"] = utc(2027, 1, 5, 18, 5)
    rounds.work_round(render_email, until_empty=True)  # and only once

    [push] = push_receiver.received(phone)[before:]
    assert push.payload["title"] == "Your meeting starts soon"
    assert push.payload["url"] == f"/meetings/{meeting.id}"
    assert push_receiver.rejections == []


def test_a_reminder_past_the_start_is_not_sent(
    user_factory, meeting_factory, push_receiver, subscribe
):
    person = user_factory(role="client")
    subscribe(person, push_receiver.new_subscription())
    meeting = meeting_factory(town="oslo", day=2, start="20:00")
    reminders.remind_me(person, meeting.id, 60, now=utc(2027, 1, 4, 12))
    # the worker was down until after the meeting began
    assert reminders.send_due_meeting_reminders(utc(2027, 1, 5, 19, 30)) == 1
    db.session.commit()
    assert (
        db.session.scalars(
            sa.select(OutboxMessage).where(OutboxMessage.kind == "meeting_soon")
        ).all()
        == []
    )
    assert reminders.reminders_of(person, meeting.id, utc(2027, 1, 5, 12)) == []


def test_a_signed_in_person_sets_a_reminder_in_the_page_and_sees_it(
    app, user_factory, meeting_factory
):
    person = user_factory(role="client")
    meeting = meeting_factory(town="oslo", name="Tirsdag", day=2, start="20:00")
    client, token = session_client(app, person)
    answer = client.post(
        f"/meetings/{meeting.id}/reminders", data={"csrf_token": token, "lead": "30"}
    )
    assert answer.status_code == 303
    page = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert "Cancel reminder" in page or "Avbryt påminnelsen" in page
    bad = client.post(f"/meetings/{meeting.id}/reminders", data={"csrf_token": token, "lead": "7"})
    assert bad.status_code == 400


def test_the_ics_with_remind_carries_an_alarm_read_by_ical_js(client, meeting_factory):
    meeting = meeting_factory(town="oslo", day=2, start="20:00")
    body = client.get(f"/meetings/{meeting.id}.ics?remind=60").get_data()
    [alarm] = Calendar.from_ical(body).walk("VALARM")
    assert alarm.to_ical().decode().count("TRIGGER:-PT1H") == 1
    assert str(alarm["ACTION"]) == "DISPLAY"
    today = date.today()
    [event] = read_with_icaljs(body, today, today)
    assert event["alarms"] == [{"action": "DISPLAY", "trigger": "-PT1H"}]
    for bad in ("45", "x", "", "-60"):
        assert client.get(f"/meetings/{meeting.id}.ics?remind={bad}").status_code == 400
