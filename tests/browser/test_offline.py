"""No signal: the service worker keeps the public pages, and the readmission tap and check-ins
made offline wait on the phone and reach the server exactly once when it is back online.

On a 360 px phone with the service worker running on the live server's own origin, in Bokmål
and English, with axe-core finding nothing on any page. The server's answers are checked in its
database; what the page says is found by id and role, so the journeys run before translation.
"""

from __future__ import annotations

import re
from typing import Any

import sqlalchemy as sa
from playwright.sync_api import expect

from peerapp import templating
from peerapp.extensions import db
from peerapp.models.checkins import CheckIn
from peerapp.models.readmission import ReadmissionRequest
from peerapp.services.checkins import consent, daily
from tests.browser.account_pages import AccountPage, log_in
from tests.browser.checkin_pages import EveningPage
from tests.browser.conftest import LiveServer, Person
from tests.browser.offline_pages import ThisPhone
from tests.browser.pages import LANGS, FinderPage, HelpPage, MeetingPage, assert_accessible, path_of
from tests.browser.readmission_pages import HomeScreen

WAITING = {
    "en": "Waiting to send your request to come back.",
    "nb": "Venter på å sende forespørselen din om å komme tilbake.",
}


def requests_of(live_server: LiveServer, person: Person) -> int:
    """How many requests to come back the person has, as the clinic's queue has them."""
    with live_server.app.app_context():
        query = sa.select(sa.func.count()).where(ReadmissionRequest.client_id == person.id)
        count = db.session.scalar(query) or 0
        db.session.remove()
        return count


def checkins_of(live_server: LiveServer, person: Person) -> list[dict[str, Any]]:
    """The person's check-ins as the database has them, with the note in clear."""
    with live_server.app.app_context():
        rows = db.session.scalars(sa.select(CheckIn).where(CheckIn.user_id == person.id))
        found = [
            {
                "mood": row.mood,
                "sleep_hours": row.sleep_hours,
                "times": [item["time"] for item in row.plan],
                "note": daily.note_of(row),
            }
            for row in rows
        ]
        db.session.remove()
        return found


def plan_a_walk(live_server: LiveServer, person: Person) -> None:
    """Save today's plan as the morning plan would: a walk at 19:00."""
    with live_server.app.app_context():
        from peerapp.models.people import User

        user = db.session.get(User, person.id)
        assert user is not None
        daily.save(user, daily.Entry(day=daily.today(), plan=(daily.Anchor("Tur", "19:00"),)))
        db.session.remove()


def consented_client(live_server: LiveServer, add_person: Any) -> Person:
    """A client who has agreed to keeping check-ins."""
    person = add_person("client")
    with live_server.app.app_context():
        from peerapp.models.people import User

        user = db.session.get(User, person.id)
        consent.give_consent(user)
        db.session.remove()
    return person


@LANGS
def test_the_finder_a_saved_meeting_and_help_open_with_no_network(open_phone, live_server, lang):
    phone = ThisPhone(open_phone(lang, service_workers="allow"))
    page = phone.page
    FinderPage(page).open(lang)
    phone.wait_for_worker()
    meeting_id = live_server.meetings["NA Nordnes"]
    MeetingPage(page).open_meeting(meeting_id).save()
    phone.wait_until_kept(f"/meetings/{meeting_id}")
    FinderPage(page).open()
    assert phone.keeps("/")

    phone.go_offline()
    page.reload()
    assert FinderPage(page).language == lang
    expect(phone.saved_copy_notice()).to_be_visible()
    assert re.search(r"\d", phone.saved_copy_notice().inner_text()), "says when it was saved"
    saved = phone.saved_meetings()
    expect(saved).to_have_count(1)
    assert_accessible(page)

    with page.expect_navigation():
        saved.click()
    assert MeetingPage(page).name == "NA Nordnes"
    expect(phone.saved_copy_notice()).to_be_visible()
    assert_accessible(page)

    assert "tel:113" in HelpPage(page).open().phone_links()
    assert_accessible(page)

    # a meeting that was not saved cannot be shown: the offline page says so, with help at hand
    not_kept = MeetingPage(page).open_meeting(live_server.meetings["NA Oslo"])
    assert not_kept.link_to("/help").count() >= 1
    assert not_kept.heading != "NA Oslo"
    assert_accessible(page)


@LANGS
def test_a_tap_made_offline_waits_and_reaches_the_clinic_once(
    open_phone, add_person, live_server, lang
):
    staff = add_person("clinic")
    client = add_person("client", clinic_of=staff)
    phone = ThisPhone(open_phone(lang, service_workers="allow"))
    page = phone.page
    log_in(page, client)
    home = HomeScreen(page).open(lang)
    phone.wait_for_worker()
    assert not phone.keeps("/account"), "personal pages are never kept"

    phone.go_offline()
    home.tap_come_back()
    # while it waits: the clinic's number, and "waiting to send" in the live region
    expect(phone.call_while_waiting()).to_be_visible()
    expect(phone.queue_status()).to_contain_text(WAITING[lang])
    home.tap_come_back()  # a second tap while it waits is the same request
    assert phone.queued() == 1
    assert requests_of(live_server, client) == 0
    assert_accessible(page)

    phone.go_online_to_the_request()
    assert requests_of(live_server, client) == 1
    assert phone.queued() == 0
    assert_accessible(page)

    # later loads of any page replay nothing more
    FinderPage(page).open()
    HelpPage(page).open()
    assert requests_of(live_server, client) == 1


@LANGS
def test_the_button_is_there_when_the_app_is_opened_with_no_signal(
    open_phone, add_person, live_server, lang
):
    staff = add_person("clinic")
    client = add_person("client", clinic_of=staff)
    phone = ThisPhone(open_phone(lang, service_workers="allow"))
    page = phone.page
    log_in(page, client)
    HomeScreen(page).open(lang)  # shown once with signal: the phone remembers the way back
    phone.wait_for_worker()

    phone.go_offline()
    home = HomeScreen(page).open(lang)  # the kept public copy of the start page
    expect(phone.saved_copy_notice()).to_be_visible()
    expect(home.come_back_button()).to_be_visible()
    expect(home.call_clinic_link()).to_be_visible()
    assert_accessible(page)
    home.tap_come_back_by_keyboard()
    expect(phone.queue_status()).to_contain_text(WAITING[lang])
    assert phone.queued() == 1 and requests_of(live_server, client) == 0

    phone.go_online_to_the_request()
    assert requests_of(live_server, client) == 1


def test_a_visitor_with_no_signal_gets_no_button(open_phone, live_server):
    phone = ThisPhone(open_phone("en", service_workers="allow"))
    HomeScreen(phone.page).open("en")
    phone.wait_for_worker().go_offline()
    home = HomeScreen(phone.page).open("en")
    expect(phone.saved_copy_notice()).to_be_visible()
    assert home.come_back_button().count() == 0


@LANGS
def test_a_check_in_made_offline_is_saved_once_when_back_online(
    open_phone, add_person, live_server, lang
):
    client = consented_client(live_server, add_person)
    phone = ThisPhone(open_phone(lang, service_workers="allow"))
    page = phone.page
    log_in(page, client)
    # the plan made in the morning; the evening check carries it along unseen
    plan_a_walk(live_server, client)
    planned = [{"mood": None, "sleep_hours": None, "times": ["19:00"], "note": None}]
    checkin = EveningPage(page).open(lang)
    phone.wait_for_worker()

    phone.go_offline()
    checkin.choose("mood", 4)
    checkin.slept("7,5").write_note("En rolig kveld").save()
    if lang == "en":
        expect(phone.queue_status()).to_contain_text("Waiting to send your check-in.")
    expect(phone.queue_status()).not_to_be_empty()
    assert phone.queued() == 1
    assert checkins_of(live_server, client) == planned
    assert_accessible(page)

    # a reload while still offline: the page cannot be fetched, the check-in still waits
    page.reload()
    assert path_of(page) == "/checkin/evening"
    expect(phone.queue_status()).not_to_be_empty()

    # back online: sent by itself, and the page says it is saved
    phone.go_online()
    phone.wait_until_queue_is_empty()
    if lang == "en":
        expect(phone.queue_status()).to_have_text("Saved. Thank you for checking in.")
    assert checkins_of(live_server, client) == [
        {"mood": 4, "sleep_hours": 7.5, "times": ["19:00"], "note": "En rolig kveld"}
    ]
    assert_accessible(page)

    checkin = EveningPage(page).open()
    expect(checkin.figure("mood", 4)).to_be_checked()
    assert phone.queued() == 0
    assert len(checkins_of(live_server, client)) == 1


def test_the_service_worker_sends_a_kept_check_in_with_the_body_the_page_would_send(
    open_phone, add_person, live_server
):
    client = consented_client(live_server, add_person)
    phone = ThisPhone(open_phone("en", service_workers="allow"))
    page = phone.page
    log_in(page, client)
    plan_a_walk(live_server, client)
    EveningPage(page).open("en")
    phone.wait_for_worker()
    page.locator("#mood-4").check()
    page.locator("#sleep_hours").fill("7,5")
    page.locator("#note").fill("Sent by the worker")

    # kept as the form keeps it, not sent from the page: only the worker replays it
    phone.leave_in_queue(
        """(user) => self.peerappQueue.put({key: self.peerappQueue.newKey(), kind: "checkin",
            user, created: Date.now(), state: "waiting",
            entered: self.peerappCheckin.entered(document.querySelector("form.checkin"))})""",
        client.id,
    )
    assert checkins_of(live_server, client)[0]["mood"] is None  # the plan only, so far
    page.evaluate("() => navigator.serviceWorker.controller.postMessage({type: 'replay'})")
    expect(phone.queue_status()).to_have_text("Saved. Thank you for checking in.")
    assert checkins_of(live_server, client) == [
        {"mood": 4, "sleep_hours": 7.5, "times": ["19:00"], "note": "Sent by the worker"}
    ]
    assert phone.queued() == 0


def test_a_check_in_kept_by_the_previous_release_is_still_sent(open_phone, add_person, live_server):
    client = consented_client(live_server, add_person)
    phone = ThisPhone(open_phone("en"))  # no service worker: the page itself replays on each load
    page = phone.page
    log_in(page, client)
    EveningPage(page).open("en")
    today = page.locator("form.checkin input[name=date]").get_attribute("value")
    # as offline-queue.js kept it: the body ready made, nothing else
    phone.leave_in_queue(
        """(args) => self.peerappQueue.put({key: "old-" + Date.now(), kind: "checkin",
            user: args.user, created: Date.now(), state: "waiting",
            body: JSON.stringify({date: args.today, mood: 3, craving: null, sleep_hours: null,
                                  plan: [], done: [], note: "Kept before the update"})})""",
        {"user": client.id, "today": today},
    )
    page.reload()
    expect(phone.queue_status()).to_have_text("Saved. Thank you for checking in.")
    assert checkins_of(live_server, client) == [
        {"mood": 3, "sleep_hours": None, "times": [], "note": "Kept before the update"}
    ]
    assert phone.queued() == 0


def test_a_server_error_keeps_the_tap_queued_until_a_later_success(
    open_phone, add_person, live_server
):
    staff = add_person("clinic")
    client = add_person("client", clinic_of=staff)
    phone = ThisPhone(open_phone("en"))  # no service worker: the page itself replays on each load
    page = phone.page
    log_in(page, client)
    answered: list[int] = []

    def unavailable_twice(route: Any) -> None:
        if route.request.method == "POST" and len(answered) < 2:
            answered.append(503)
            route.fulfill(status=503, content_type="application/problem+json", body="{}")
        else:
            route.continue_()

    phone.context.route("**/api/v1/readmission-requests", unavailable_twice)
    HomeScreen(page).open("en").tap_come_back()
    expect(phone.queue_status()).to_contain_text(WAITING["en"])
    assert requests_of(live_server, client) == 0

    page.reload()  # the second try: 503 again, still waiting
    expect(phone.queue_status()).to_contain_text(WAITING["en"])
    assert answered == [503, 503] and phone.queued() == 1
    assert requests_of(live_server, client) == 0

    HelpPage(page).open()  # the next page load sends it
    expect(phone.queue_status().get_by_role("link")).to_be_visible()
    assert requests_of(live_server, client) == 1
    assert phone.queued() == 0
    assert_accessible(page)


def test_a_refusal_ends_the_entry_with_a_message(open_phone, add_person, live_server):
    client = add_person("client")  # not enrolled at any clinic: the server answers 409
    phone = ThisPhone(open_phone("en"))
    page = phone.page
    log_in(page, client)
    HelpPage(page).open()
    phone.leave_in_queue(
        """(user) => self.peerappQueue.put({key: "k-" + Date.now(), kind: "readmission",
            user, created: Date.now(), state: "waiting", body: null})""",
        client.id,
    )
    page.reload()
    status = phone.queue_status()
    expect(status).to_contain_text("Your request to come back could not be sent.")
    expect(status).to_contain_text("not enrolled")
    assert phone.queued() == 0
    assert_accessible(page)


def test_an_update_of_the_worker_does_not_break_an_open_page(open_phone, live_server, monkeypatch):
    phone = ThisPhone(open_phone("en", service_workers="allow"))
    page = phone.page
    FinderPage(page).open("en")
    phone.wait_for_worker()
    meeting = MeetingPage(page).open_meeting(live_server.meetings["NA Bergen sentrum"])
    phone.wait_for_worker()
    old_css = phone.stylesheet()
    old_version = templating.static_version(str(live_server.app.static_folder))

    # a new release: every static file gets a new address and the worker a new version
    monkeypatch.setattr(templating, "static_version", lambda folder: "next" + old_version[:6])
    phone.update_worker()
    names = phone.cache_names()
    assert f"peerapp-shell-next{old_version[:6]}" in names
    assert f"peerapp-shell-{old_version}" in names, "the open page's files stay"

    # the open page still works: its script answers, and even offline its own files are there
    meeting.save()
    assert meeting.is_saved()
    phone.go_offline()
    assert phone.fetch_status(old_css) == 200
    assert "tel:113" in HelpPage(page).open().phone_links()
    new_css = phone.stylesheet()
    assert new_css != old_css and new_css.endswith("next" + old_version[:6])
    assert_accessible(page)


def test_logging_out_clears_the_phone_and_logging_in_again_works(
    open_phone, add_person, live_server
):
    client = consented_client(live_server, add_person)
    phone = ThisPhone(open_phone("en", service_workers="allow"))
    page = phone.page
    log_in(page, client)
    FinderPage(page).open(query="where=Bergen")
    phone.wait_for_worker()
    FinderPage(page).open(query="where=Bergen")
    phone.wait_until_kept("/?where=Bergen")
    # a check-in waiting with its note (one made under another login on this phone: never sent)
    phone.leave_in_queue(
        """() => self.peerappQueue.put({key: "left", kind: "checkin", user: -1,
            created: Date.now(), state: "waiting",
            entered: {fields: [["note", "private"]], anchors: {}}})"""
    )
    account = AccountPage(page).open()
    assert phone.queued() == 1
    account.log_out_and_clear_the_phone()
    assert phone.queued() == 0
    assert not phone.keeps("/?where=Bergen")

    log_in(page, client)
    assert path_of(page) == "/", "a client lands on their home"
    phone.wait_for_worker()  # the worker comes back with the first page after logging in
