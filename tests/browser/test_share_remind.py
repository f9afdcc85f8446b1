"""A meeting shared and remembered: share sheet, link and QR code, a push reminder through the
worker's round to a real push endpoint, and a calendar alarm for visitors."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from peerapp.emails import render_email
from peerapp.extensions import db
from peerapp.listing_pages import clock
from peerapp.models import MeetingReminder, User
from peerapp.services.meetings import reminders
from peerapp.services.notify import rounds, subscriptions
from tests.browser.account_pages import log_in
from tests.browser.pages import LANGS, assert_accessible
from tests.browser.share_pages import SHARE_SHEET, ShareAndRemind
from tests.integration.conftest import new_vapid_keys
from tests.support.push_receiver import PushReceiver

MEETING = "NA Oslo"


@LANGS
def test_a_visitor_copies_the_link_and_sees_the_qr_code(lang, open_phone, live_server):
    phone = open_phone(lang, permissions=["clipboard-read", "clipboard-write"])
    meeting_id = live_server.meetings[MEETING]
    page = ShareAndRemind(phone.page).open_meeting(meeting_id, lang)
    assert_accessible(phone.page)

    page.share()  # headless Chromium has no share sheet: the link and QR code open instead
    assert page.link_and_qr_shown()
    page.copy_link()
    assert page.clipboard() == f"{live_server.url}/meetings/{meeting_id}"
    assert_accessible(phone.page)


@LANGS
def test_the_share_button_hands_the_meeting_to_the_share_sheet(lang, open_phone, live_server):
    phone = open_phone(lang)
    phone.context.add_init_script(SHARE_SHEET)
    meeting_id = live_server.meetings[MEETING]
    page = ShareAndRemind(phone.page).open_meeting(meeting_id, lang)
    page.share()
    [shared] = page.shared_with_share_sheet()
    assert shared["title"] == MEETING
    assert shared["url"] == f"{live_server.url}/meetings/{meeting_id}"
    assert not page.link_and_qr_shown()


@LANGS
def test_a_visitor_downloads_the_calendar_file_with_an_alarm(lang, open_phone, live_server):
    phone = open_phone(lang)
    page = ShareAndRemind(phone.page).open_meeting(live_server.meetings[MEETING], lang)
    text = page.download_calendar_with_reminder(30)
    assert "BEGIN:VALARM" in text
    assert "TRIGGER:-PT30M" in text
    assert "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3" in text


@pytest.fixture
def push_service(live_server):
    """A real push service on 127.0.0.1, and the live server signing for it meanwhile."""
    saved = dict(live_server.app.config)
    live_server.app.config.update(new_vapid_keys())
    # the operator lets this machine's own push service through the outbound guard
    live_server.app.config["PEERAPP_OUTBOUND_ALLOW"] = "127.0.0.1"
    with PushReceiver() as receiver:
        yield receiver
    live_server.app.config.clear()
    live_server.app.config.update(saved)


@LANGS
def test_a_client_is_reminded_by_push_at_the_chosen_time(
    lang, open_phone, live_server, add_person, push_service, monkeypatch
):
    person = add_person("client", language=lang)
    phone_subscription = push_service.new_subscription()
    with live_server.app.app_context():
        user = db.session.get(User, person.id)
        keys = phone_subscription["keys"]
        subscriptions.subscribe(user, phone_subscription["endpoint"], keys["p256dh"], keys["auth"])
        db.session.commit()
        rounds.work_round(render_email, until_empty=True)  # "notifications are on"
        db.session.remove()
    before = len(push_service.received(phone_subscription))

    phone = open_phone(lang)
    log_in(phone.page, person)
    meeting_id = live_server.meetings[MEETING]
    page = ShareAndRemind(phone.page).open_meeting(meeting_id, lang)
    page.remind_me(30)
    assert_accessible(phone.page)

    with live_server.app.app_context():
        [reminder] = db.session.scalars(
            sa.select(MeetingReminder).where(MeetingReminder.user_id == person.id)
        ).all()
        remind_at = reminder.remind_at
        db.session.remove()
    assert reminder.lead_minutes == 30
    with live_server.app.test_request_context(f"/?lang={lang}"):
        shown = clock(remind_at.astimezone(ZoneInfo("Europe/Oslo")))
    [listed] = page.my_reminders()
    assert shown in listed

    clock_now = {"now": remind_at - timedelta(minutes=1)}
    monkeypatch.setattr(reminders, "utcnow", lambda: clock_now["now"])
    with live_server.app.app_context():
        rounds.work_round(render_email, until_empty=True)
        assert len(push_service.received(phone_subscription)) == before  # not yet
        clock_now["now"] = remind_at
        rounds.work_round(render_email, until_empty=True)
        db.session.remove()
    [push] = push_service.received(phone_subscription)[before:]
    assert push.payload["url"] == f"/meetings/{meeting_id}"
    assert push.payload["lang"] == lang
    assert push_service.rejections == []

    page.open_meeting(meeting_id, lang)
    assert page.my_reminders() == []  # sent: no longer waiting
    page.remind_me(60)
    page.cancel_first_reminder()
    assert page.my_reminders() == []
    assert_accessible(phone.page)
