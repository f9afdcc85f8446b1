"""A client's home and a request's state that is never stale, on a 360 × 740 phone, with axe-core
finding nothing on any page: signing in lands on the home with the button in the first screen;
the tap shows "sent"; the clinic offers a place and the open page says so by itself, at the top,
without a reload; the home card says the same; withdrawing asks once."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from flask_babel import refresh
from playwright.sync_api import expect

from peerapp.extensions import db
from peerapp.listing_pages import clock
from peerapp.models import ReadmissionRequest, User
from peerapp.services.readmission import queue, timeline
from peerapp.services.readmission.agreements import OSLO
from peerapp.services.readmission.status import describe
from tests.browser.account_pages import log_in
from tests.browser.conftest import LiveServer, Person
from tests.browser.home_pages import ClientHome, bottom_in_page, on, top_in_page
from tests.browser.pages import LANGS, assert_accessible, path_of

#: the screen of the phone the journey is walked on
SCREEN_HEIGHT = 740
#: the page asks every 15 seconds; the promise is within 30
LIVE_WITHIN_MS = 30_000
#: a push message makes the page ask at once
PUSHED_WITHIN_MS = 5_000
WHAT_TO_BRING = "Medisiner i originalpakning, bankkort og klær for en uke."


def said_in(live_server: LiveServer, lang: str, request_id: int, part: str) -> str:
    """What the app says in ``lang`` of the request's current state: its headline, note_label..."""
    with live_server.app.test_request_context(f"/?lang={lang}"):
        refresh()
        item = db.session.get(ReadmissionRequest, request_id)
        assert item is not None
        said = str(getattr(describe(item), part))
        db.session.remove()
        return said


def _user(person: Person) -> User:
    """The person's account."""
    user = db.session.get(User, person.id)
    assert user is not None
    return user


def offer_a_place(live_server: LiveServer, staff: Person, request_id: int) -> datetime:
    """The clinic moves the request to an offer, with a time and what to bring, from its desk."""
    day = datetime.now(OSLO).date() + timedelta(days=2)
    at = datetime(day.year, day.month, day.day, 10, 30, tzinfo=OSLO)
    with live_server.app.app_context():
        desk = _user(staff)
        for status, note, admission in (
            ("contacted", None, None),
            ("offered", WHAT_TO_BRING, at),
        ):
            item = queue.visible_to(desk, request_id)
            assert item is not None
            timeline.change_status(desk, item, status, note, admission)
        db.session.remove()
    return at


def in_first_screen(locator: Any) -> bool:
    """Whether the element ends within the first screen of its page."""
    return bottom_in_page(locator) <= SCREEN_HEIGHT


@LANGS
def test_a_client_signs_in_to_the_home_taps_and_sees_the_offer_arrive_by_itself(
    open_phone, add_person, live_server, lang
):
    staff = add_person("clinic")
    client = add_person("client", clinic_of=staff)
    page = open_phone(lang).page

    # signing in lands on the home, the button in the first screen
    log_in(page, client)
    assert path_of(page) == "/"
    home = ClientHome(page)
    button = home.come_back_button()
    expect(button).to_be_visible()
    assert in_first_screen(button), top_in_page(button)
    expect(home.check_in()).to_be_visible()
    expect(home.hard_day()).to_be_visible()
    expect(home.crisis_link()).to_be_visible()
    assert_accessible(page)

    # one tap: the request page leads with "sent", in words
    mine = home.press_come_back()
    request_id = mine.request_id
    live = on(page)
    sent = said_in(live_server, lang, request_id, "headline")
    expect(live.headline()).to_have_text(sent)
    assert top_in_page(live.status_now()) < SCREEN_HEIGHT / 3
    assert_accessible(page)

    # the clinic offers a place; the open page says so by itself, at the top, with no reload
    live.mark_this_load()
    at = offer_a_place(live_server, staff, request_id)
    offered = said_in(live_server, lang, request_id, "headline")
    assert offered != sent
    if lang == "en":  # the push the clinic's step sends makes the page look at once
        live.receive_push()
        expect(live.headline()).to_have_text(offered, timeout=PUSHED_WITHIN_MS)
    else:  # with no push, the page asks by itself every 15 seconds
        expect(live.headline()).to_have_text(offered, timeout=LIVE_WITHIN_MS)
    assert live.is_same_load(), "the page changed in place, it was not reloaded"
    status = live.status_now()
    expect(status).to_contain_text(WHAT_TO_BRING)
    expect(status).to_contain_text(said_in(live_server, lang, request_id, "note_label"))
    expect(status).to_contain_text(clock(at))
    assert in_first_screen(status), bottom_in_page(status)
    expect(live.page.locator("main section[aria-labelledby='next-title']")).to_be_hidden()
    assert len(live.timeline_statuses()) == 3  # sent, contacted, offered: redrawn too
    assert_accessible(page)

    # the home card says the same
    home.open()
    card = home.request_card()
    expect(card).to_contain_text(offered)
    expect(card).to_contain_text(WHAT_TO_BRING)
    expect(card).to_contain_text(clock(at))
    assert in_first_screen(card.locator("h2")), top_in_page(card)
    expect(home.come_back_button()).to_have_count(0)
    assert_accessible(page)

    # withdrawing asks once: "no" keeps the request as it was, "yes" withdraws it
    live = home.see_request()
    asking = live.start_withdrawing()
    assert path_of(page) == f"/readmission/{request_id}/withdraw"
    assert_accessible(page)
    asking.keep()
    expect(live.headline()).to_have_text(offered)
    live.start_withdrawing().confirm()
    withdrawn = said_in(live_server, lang, request_id, "headline")
    expect(live.headline()).to_have_text(withdrawn)
    expect(live.withdraw_button()).to_have_count(0)
    assert_accessible(page)
    home.open()
    expect(home.come_back_button()).to_be_visible()
