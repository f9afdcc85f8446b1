"""No signal: the service worker keeps the public pages, and the readmission tap and check-ins
made offline wait on the phone and reach the server exactly once when it is back online.

On a 360 px phone with the service worker running on the live server's own origin, in Bokmål
and English, with axe-core finding nothing on any page. The server's answers are checked in its
database; what the page says is found by id and role, so the journeys run before translation.
"""

from __future__ import annotations

import re
import time
from typing import Any

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from peerapp.extensions import db
from peerapp.models.checkins import CheckIn
from peerapp.models.readmission import ReadmissionRequest
from peerapp.pwa import routes as pwa_routes
from peerapp.services.checkins import consent, daily
from tests.browser.account_pages import log_in
from tests.browser.conftest import LiveServer, Person
from tests.browser.pages import MeetingPage, assert_accessible, path_of
from tests.browser.readmission_pages import COME_BACK_BUTTON, HomeScreen

LANGS = pytest.mark.parametrize("lang", ["nb", "en"])
#: the queue's messages, in the aria-live region every page has
QUEUE_STATUS = "#queue-status"
SAVED_COPY = "#saved-copy"
WAITING = {
    "en": "Waiting to send your request to come back.",
    "nb": "Venter på å sende forespørselen din om å komme tilbake.",
}


def eventually(page: Any, script: str, arg: Any = None, seconds: float = 10) -> None:
    """Wait until the (async) script gives true in the page."""
    deadline = time.monotonic() + seconds
    while not page.evaluate(script, arg):
        assert time.monotonic() < deadline, f"never true: {script}"
        page.wait_for_timeout(100)


def with_worker(page: Any) -> None:
    """Wait until the service worker controls the page and has kept the start pages."""
    page.wait_for_function("() => navigator.serviceWorker && navigator.serviceWorker.controller")
    eventually(
        page,
        "() => caches.keys().then(async (names) => { const pages = names.find("
        "(n) => n.startsWith('peerapp-pages-')); return pages && "
        "!!(await (await caches.open(pages)).match('/help', { ignoreVary: true })); })",
    )


def kept(page: Any, path: str) -> bool:
    """Whether the service worker keeps a copy of the page at ``path``."""
    return page.evaluate(
        "(path) => caches.match(path, { ignoreVary: true }).then((found) => !!found)", path
    )


def queue_length(page: Any) -> int:
    """How many entries the offline queue holds on this phone."""
    return page.evaluate(
        """() => new Promise((resolve) => {
          const open = indexedDB.open("peerapp", 1);
          open.onupgradeneeded = () => open.result.createObjectStore("queue", { keyPath: "key" });
          open.onsuccess = () => {
            const request = open.result.transaction("queue").objectStore("queue").count();
            request.onsuccess = () => { open.result.close(); resolve(request.result); };
          };
        })"""
    )


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


def consented_client(live_server: LiveServer, add_person: Any) -> Person:
    """A client who has agreed to keeping check-ins."""
    person = add_person("client")
    with live_server.app.app_context():
        from peerapp.models.people import User

        user = db.session.get(User, person.id)
        consent.give_consent(user)
        db.session.remove()
    return person


def offline(context: Any, page: Any) -> None:
    """Take the phone off the network, as the browser tells its pages."""
    context.set_offline(True)
    page.wait_for_function("() => !navigator.onLine")


@LANGS
def test_the_finder_a_saved_meeting_and_help_open_with_no_network(open_phone, live_server, lang):
    phone = open_phone(lang, service_workers="allow")
    page = phone.page
    page.goto(f"/?lang={lang}")
    with_worker(page)
    meeting_id = live_server.meetings["NA Nordnes"]
    meeting = MeetingPage(page).open_meeting(meeting_id)
    meeting.save()
    eventually(
        page,
        "(path) => caches.match(path, { ignoreVary: true }).then((found) => !!found)",
        f"/meetings/{meeting_id}",
    )
    page.goto("/")
    assert kept(page, "/")

    offline(phone.context, page)
    page.reload()
    assert page.locator("html").get_attribute("lang") == lang
    expect(page.locator(SAVED_COPY)).to_be_visible()
    assert re.search(r"\d", page.locator(SAVED_COPY).inner_text()), "says when it was saved"
    saved = page.locator("#saved-list a")
    expect(saved).to_have_count(1)
    assert_accessible(page)

    with page.expect_navigation():
        saved.click()
    assert page.locator("h1").inner_text() == "NA Nordnes"
    expect(page.locator(SAVED_COPY)).to_be_visible()
    assert_accessible(page)

    page.goto("/help")
    assert "tel:113" in [a.get_attribute("href") for a in page.locator("main a").all()]
    assert_accessible(page)

    # a meeting that was not saved cannot be shown: the offline page says so, with help at hand
    page.goto(f"/meetings/{live_server.meetings['NA Oslo']}")
    assert page.locator("main a[href='/help']").count() >= 1
    assert page.locator("h1").inner_text() != "NA Oslo"
    assert_accessible(page)


@LANGS
def test_a_tap_made_offline_waits_and_reaches_the_clinic_once(
    open_phone, add_person, live_server, lang
):
    staff = add_person("clinic")
    client = add_person("client", clinic_of=staff)
    phone = open_phone(lang, service_workers="allow")
    page = phone.page
    log_in(page, client)
    HomeScreen(page).open(lang)
    with_worker(page)
    assert not kept(page, "/account"), "personal pages are never kept"

    offline(phone.context, page)
    page.locator(COME_BACK_BUTTON).click()
    # while it waits: the clinic's number, and "waiting to send" in the live region
    expect(page.locator("[data-queue-call] a[href^='tel:']")).to_be_visible()
    status = page.locator(QUEUE_STATUS)
    expect(status).to_contain_text(WAITING[lang])
    page.locator(COME_BACK_BUTTON).click()  # a second tap while it waits is the same request
    assert queue_length(page) == 1
    assert requests_of(live_server, client) == 0
    assert_accessible(page)

    with page.expect_navigation(url=re.compile(r"/readmission/\d+$")):
        phone.context.set_offline(False)
    assert requests_of(live_server, client) == 1
    assert queue_length(page) == 0
    assert_accessible(page)

    # later loads of any page replay nothing more
    page.goto("/")
    page.goto("/help")
    assert requests_of(live_server, client) == 1


@LANGS
def test_the_button_is_there_when_the_app_is_opened_with_no_signal(
    open_phone, add_person, live_server, lang
):
    staff = add_person("clinic")
    client = add_person("client", clinic_of=staff)
    phone = open_phone(lang, service_workers="allow")
    page = phone.page
    log_in(page, client)
    HomeScreen(page).open(lang)  # shown once with signal: the phone remembers the way back
    with_worker(page)

    offline(phone.context, page)
    page.goto(f"/?lang={lang}")  # the kept public copy of the start page
    expect(page.locator(SAVED_COPY)).to_be_visible()
    button = page.locator(COME_BACK_BUTTON)
    expect(button).to_be_visible()
    expect(page.locator("section.come-back [data-call] a[href^='tel:']")).to_be_visible()
    assert_accessible(page)
    button.focus()
    page.keyboard.press("Enter")
    expect(page.locator(QUEUE_STATUS)).to_contain_text(WAITING[lang])
    assert queue_length(page) == 1 and requests_of(live_server, client) == 0

    with page.expect_navigation(url=re.compile(r"/readmission/\d+$")):
        phone.context.set_offline(False)
    assert requests_of(live_server, client) == 1


def test_a_visitor_with_no_signal_gets_no_button(open_phone, live_server):
    phone = open_phone("en", service_workers="allow")
    page = phone.page
    page.goto("/?lang=en")
    with_worker(page)
    offline(phone.context, page)
    page.goto("/?lang=en")
    expect(page.locator(SAVED_COPY)).to_be_visible()
    assert page.locator(COME_BACK_BUTTON).count() == 0


@LANGS
def test_a_check_in_made_offline_is_saved_once_when_back_online(
    open_phone, add_person, live_server, lang
):
    client = consented_client(live_server, add_person)
    phone = open_phone(lang, service_workers="allow")
    page = phone.page
    log_in(page, client)
    page.goto(f"/checkin?lang={lang}")
    with_worker(page)

    offline(phone.context, page)
    page.locator("#plan-meeting").check()
    page.locator("#time-meeting").fill("19:00")
    page.locator("#mood-4").check()
    page.locator("#sleep_hours").fill("7,5")
    page.locator("#note").fill("En rolig kveld")
    page.locator("form.checkin button.button-wide[type=submit]").click()
    if lang == "en":
        expect(page.locator(QUEUE_STATUS)).to_contain_text("Waiting to send your check-in.")
    expect(page.locator(QUEUE_STATUS)).not_to_be_empty()
    assert queue_length(page) == 1
    assert checkins_of(live_server, client) == []
    assert_accessible(page)

    # a reload while still offline: the page cannot be fetched, the check-in still waits
    page.reload()
    assert path_of(page) == "/checkin"
    expect(page.locator(QUEUE_STATUS)).not_to_be_empty()

    # back online: sent by itself, and the page says it is saved
    phone.context.set_offline(False)
    page.wait_for_function("() => navigator.onLine")
    eventually(page, "() => self.peerappQueue.all().then((entries) => !entries.length)")
    if lang == "en":
        expect(page.locator(QUEUE_STATUS)).to_have_text("Saved. Thank you for checking in.")
    assert checkins_of(live_server, client) == [
        {"mood": 4, "sleep_hours": 7.5, "times": ["19:00"], "note": "En rolig kveld"}
    ]
    assert_accessible(page)

    page.goto("/checkin")
    expect(page.locator("#mood-4")).to_be_checked()
    assert queue_length(page) == 0
    assert len(checkins_of(live_server, client)) == 1


def test_a_server_error_keeps_the_tap_queued_until_a_later_success(
    open_phone, add_person, live_server
):
    staff = add_person("clinic")
    client = add_person("client", clinic_of=staff)
    phone = open_phone("en")  # no service worker: the page itself replays on each load
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
    HomeScreen(page).open("en")
    page.locator(COME_BACK_BUTTON).click()
    expect(page.locator(QUEUE_STATUS)).to_contain_text(WAITING["en"])
    assert requests_of(live_server, client) == 0

    page.reload()  # the second try: 503 again, still waiting
    expect(page.locator(QUEUE_STATUS)).to_contain_text(WAITING["en"])
    assert answered == [503, 503] and queue_length(page) == 1
    assert requests_of(live_server, client) == 0

    page.goto("/help")  # the next page load sends it
    expect(page.locator(QUEUE_STATUS).get_by_role("link")).to_be_visible()
    assert requests_of(live_server, client) == 1
    assert queue_length(page) == 0
    assert_accessible(page)


def test_a_refusal_ends_the_entry_with_a_message(open_phone, add_person, live_server):
    client = add_person("client")  # not enrolled at any clinic: the server answers 409
    phone = open_phone("en")
    page = phone.page
    log_in(page, client)
    page.goto("/help")
    page.evaluate(
        """(user) => self.peerappQueue.put({key: "k-" + Date.now(), kind: "readmission",
            user, created: Date.now(), state: "waiting", body: null})""",
        client.id,
    )
    page.reload()
    status = page.locator(QUEUE_STATUS)
    expect(status).to_contain_text("Your request to come back could not be sent.")
    expect(status).to_contain_text("not enrolled")
    assert queue_length(page) == 0
    assert_accessible(page)


def test_an_update_of_the_worker_does_not_break_an_open_page(open_phone, live_server, monkeypatch):
    phone = open_phone("en", service_workers="allow")
    page = phone.page
    page.goto("/?lang=en")
    with_worker(page)
    meeting = MeetingPage(page).open_meeting(live_server.meetings["NA Bergen sentrum"])
    with_worker(page)
    old_css = page.locator("link[rel=stylesheet]").get_attribute("href")
    old_version = pwa_routes._static_version(str(live_server.app.static_folder))

    # a new release: every static file gets a new address and the worker a new version
    monkeypatch.setattr(pwa_routes, "_static_version", lambda folder: "next" + old_version[:6])
    page.evaluate(
        """() => new Promise(async (resolve) => {
          navigator.serviceWorker.addEventListener("controllerchange", resolve);
          (await navigator.serviceWorker.getRegistration()).update();
        })"""
    )
    names = page.evaluate("caches.keys()")
    assert f"peerapp-shell-next{old_version[:6]}" in names
    assert f"peerapp-shell-{old_version}" in names, "the open page's files stay"

    # the open page still works: its script answers, and even offline its own files are there
    meeting.save()
    assert meeting.is_saved()
    offline(phone.context, page)
    assert page.evaluate("(url) => fetch(url).then((r) => r.status)", old_css) == 200
    page.goto("/help")
    assert "tel:113" in [a.get_attribute("href") for a in page.locator("main a").all()]
    new_css = page.locator("link[rel=stylesheet]").get_attribute("href")
    assert new_css != old_css and new_css.endswith("next" + old_version[:6])
    assert_accessible(page)


def test_logging_out_clears_the_phone_and_logging_in_again_works(
    open_phone, add_person, live_server
):
    client = consented_client(live_server, add_person)
    phone = open_phone("en", service_workers="allow")
    page = phone.page
    log_in(page, client)
    page.goto("/?where=Bergen")
    with_worker(page)
    page.goto("/?where=Bergen")
    eventually(
        page, "() => caches.match('/?where=Bergen', { ignoreVary: true }).then((found) => !!found)"
    )
    # a check-in waiting with its note (one made under another login on this phone: never sent)
    page.evaluate(
        """() => self.peerappQueue.put({key: "left", kind: "checkin", user: -1,
            created: Date.now(), state: "waiting", body: '{"note": "private"}'})"""
    )
    page.goto("/account")
    assert queue_length(page) == 1
    with page.expect_navigation(url=re.compile(r"/login")):
        page.locator("form[data-logout] button[type=submit]").click()
    page.wait_for_load_state()
    assert queue_length(page) == 0
    assert not kept(page, "/?where=Bergen")

    log_in(page, client)
    assert path_of(page) == "/account"
    with_worker(page)  # the worker comes back with the first page after logging in
