"""One tap back to the clinic, on 360 px phones, with axe-core finding nothing on any page.

The client and the clinic's staff each have their own browser; the client sees every step the
staff take. New strings may not be in Bokmål yet, so controls are found by address and role, and
status names and dates are compared with what the app itself says in that language.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from flask_babel import refresh
from playwright.sync_api import expect

from peerapp.extensions import db
from peerapp.labels import day, status_label, when
from peerapp.models import Clinic
from peerapp.models.readmission import ReadmissionRequest
from peerapp.services.readmission.agreements import OSLO
from tests.browser.account_pages import CodePage, LoginPage, accessible_name, log_in
from tests.browser.conftest import LiveServer, Person
from tests.browser.pages import assert_accessible, horizontal_overflow, path_of
from tests.browser.readmission_pages import (
    ClinicQueuePage,
    EnrolWithCodePage,
    HomeScreen,
    ReadmissionHomePage,
    focus_ring,
    height_of,
    request_id_of,
)
from tests.factories import PASSWORD
from tests.support.auth import current_code

#: every journey that is cheap enough is walked in Bokmål and in English
LANGS = pytest.mark.parametrize("lang", ["nb", "en"])
#: 200 % browser zoom on a 640 px wide phone: 320 CSS pixels, as in test_accessibility
ZOOMED = {"viewport": {"width": 320, "height": 640}, "device_scale_factor": 2}
CRISIS_NUMBERS = ["tel:113", "tel:116117", "tel:116123"]
#: the least height of a field a finger is to hit, in CSS pixels (the app's other fields: 48)
TAP_HEIGHT = 44
#: the parts of an agreement short enough to be read on one line of a phone, never broken
ONE_LINE = ["Clinic", "Phone", "Longest stay", "Days at least between stays", "Valid until"]


def sign_in(page: Any, person: Person) -> None:
    """Log in as ``log_in`` does, without checking the login pages with axe-core once more.

    The first journey below and test_accounts.py check them in both languages; the later journeys
    only need someone logged in, and each axe-core run costs about a second.
    """
    login = LoginPage(page)
    login.open()
    login.log_in(person.username, PASSWORD)
    if path_of(page) == "/login/code":
        CodePage(page).enter_code(current_code(person.username))


def said_in(live_server: LiveServer, lang: str, say: Callable[[], str]) -> str:
    """What the app says in ``lang`` (a status, a date), translated or not yet."""
    with live_server.app.test_request_context(f"/?lang={lang}"):
        refresh()
        return say()


def clinic_phone(live_server: LiveServer, person: Person) -> str:
    """The phone number of the person's clinic, as written in the clinic's details."""
    with live_server.app.app_context():
        clinic = db.session.get(Clinic, person.clinic_id)
        assert clinic is not None and clinic.phone
        return clinic.phone


def requests_of(live_server: LiveServer, person: Person) -> int:
    """How many requests to come back the person has made, as the database has them."""
    with live_server.app.app_context():
        query = sa.select(sa.func.count()).where(ReadmissionRequest.client_id == person.id)
        return db.session.scalar(query) or 0


def assert_easy_to_tap(fields: list[Any]) -> None:
    """Every field is as tall as the app's other fields, so a finger hits it at once."""
    heights = [height_of(field) for field in fields]
    assert min(heights) >= TAP_HEIGHT, heights


def admission_offer() -> datetime:
    """An admission three days from now at half past ten, Norwegian time."""
    day = datetime.now(OSLO).date() + timedelta(days=3)
    return datetime(day.year, day.month, day.day, 10, 30, tzinfo=OSLO)


@LANGS
def test_one_tap_reaches_the_clinic_and_the_client_follows_every_step(
    open_phone, add_person, live_server, lang
):
    staff = add_person("clinic")
    client = add_person("client", clinic_of=staff)
    number = clinic_phone(live_server, staff)

    def label(status: str) -> str:
        return said_in(live_server, lang, lambda: status_label(status))

    phone = open_phone(lang).page
    log_in(phone, client)
    home = HomeScreen(phone).open()
    button = home.come_back_button()
    expect(button).to_be_visible()
    if lang == "en":
        assert accessible_name(button, "button") == "I need to come back"
        assert staff.clinic_name in home.come_back().inner_text()
    assert_accessible(phone)

    mine = home.press_come_back()
    assert path_of(phone) == f"/readmission/{mine.request_id}"
    # the clinic's number at once: a tel: link on the first screen, with no scrolling
    call = mine.call_clinic()
    assert call.get_attribute("href") == "tel:" + number.replace(" ", "")
    assert number in call.inner_text()
    box = call.bounding_box()
    assert box is not None and box["y"] + box["height"] <= phone.viewport_size["height"]
    assert len(mine.next_steps()) == 3
    assert mine.crisis_numbers() == CRISIS_NUMBERS
    expect(mine.withdraw_button()).to_be_visible()
    assert mine.timeline_statuses() == [label("sent")]
    assert_easy_to_tap(mine.details_fields())
    if lang == "en":
        assert mine.heading == "Your request has been sent"
        assert "within 4 hours" in mine.next_steps()[0]
        assert accessible_name(mine.withdraw_button(), "link") == "Withdraw my request"
    assert_accessible(phone)

    # the clinic, on a staff member's own phone
    desk = open_phone(lang).page
    log_in(desk, staff)
    queue = ClinicQueuePage(desk)
    assert path_of(desk) == "/clinic"
    [row] = queue.rows()
    assert row[:2] == [client.username, label("sent")]
    assert_accessible(desk)

    detail = queue.open_request(client.username)
    assert path_of(desk) == f"/clinic/requests/{mine.request_id}"
    assert detail.status() == label("received"), "opening the request marks it received"
    assert detail.choices() == ["contacted", "declined"]  # the next step only
    assert_easy_to_tap(detail.fields())
    assert_accessible(desk)

    detail.move_to("contacted")
    assert detail.status() == label("contacted")
    assert detail.choices() == ["offered", "declined"]
    offer = admission_offer()
    detail.move_to("offered", admission_at=offer.strftime("%Y-%m-%dT%H:%M"))
    assert detail.status() == label("offered")
    assert detail.timeline_statuses() == [
        label(status) for status in ("sent", "received", "contacted", "offered")
    ]
    assert_accessible(desk)

    phone.reload()
    assert mine.timeline_statuses() == [
        label(status) for status in ("sent", "received", "contacted", "offered")
    ]
    offered = mine.timeline()[-1]
    assert said_in(live_server, lang, lambda: when(offer)) in offered
    if lang == "en":
        assert mine.timeline_statuses()[1:] == [
            "Received by the clinic",
            "Contacted",
            "Admission offered",
        ]
        assert f"Admission: {offer.day} {offer:%b %Y}, 10:30" in offered
    assert mine.call_clinic().is_visible(), "the number stays while the request is open"
    assert_accessible(phone)


def test_a_keyboard_user_presses_the_button_and_pressing_again_sends_nothing_more(
    open_phone, add_person, live_server
):
    staff = add_person("clinic")
    client = add_person("client", clinic_of=staff)
    visit = open_phone()
    page = visit.page
    sign_in(page, client)
    home = HomeScreen(page).open()
    # an older tab on the same phone, still showing the button (with a key of its own)
    old_tab = visit.context.new_page()
    HomeScreen(old_tab).open()
    sent = home.come_back_form()

    home.tab_to_come_back()
    assert focus_ring(page) == "3px solid", "the button must show that it has the focus"
    mine = home.press_enter()
    first = mine.request_id
    assert path_of(page) == f"/readmission/{first}"
    assert mine.call_clinic().is_visible()
    assert_accessible(page)

    # Chromium sends a quick second press of a form already on its way as one request, so the
    # second press is sent as it reaches the server from a page restored by the Back button or
    # a retry on a poor connection: the same form, the same key. It answers with the same request.
    again = page.request.post("/readmission", form=sent, max_redirects=0)
    assert again.status == 303
    assert again.headers["location"].endswith(f"/readmission/{first}")
    # the older tab's button leads to the same request too
    HomeScreen(old_tab).press_come_back()
    assert request_id_of(old_tab) == first
    # going back: the home screen now leads to the open request instead of the button
    page.go_back()
    assert path_of(page) == "/"
    expect(home.come_back_button()).to_have_count(0)
    assert home.see_request(by_keyboard=True).request_id == first
    assert len(mine.timeline_statuses()) == 1
    assert requests_of(live_server, client) == 1

    # withdrawing ends it, and the home screen offers the button again
    mine.withdraw(by_keyboard=True)
    expect(mine.withdraw_button()).to_have_count(0)
    assert len(mine.timeline_statuses()) == 2
    assert_accessible(page)
    home.open()
    expect(home.come_back_button()).to_be_visible()
    assert requests_of(live_server, client) == 1


def test_staff_enrol_a_client_at_discharge_and_the_client_gets_the_button(
    open_phone, add_person, live_server
):
    staff = add_person("clinic")
    client = add_person("client")
    latecomer = add_person("client")
    valid_until = datetime.now(OSLO).date() + timedelta(days=180)

    desk = open_phone("en").page
    sign_in(desk, staff)
    enrol = ClinicQueuePage(desk).enrol_a_client()
    assert path_of(desk) == "/clinic/enrol"
    assert_easy_to_tap(enrol.fields())
    assert_accessible(desk)
    shown = enrol.make_code(
        "user_controlled", max_stay_days=5, min_days_between=30, valid_until=valid_until.isoformat()
    )
    code = shown.code()
    assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}", code), code
    expect(shown.qr_code()).to_be_visible()
    assert accessible_name(shown.qr_code(), "img") == (
        "QR code that opens the enrolment page with the code"
    )
    expected = {
        "Clinic": staff.clinic_name,
        "Phone": clinic_phone(live_server, staff),
        "Agreement": "User-controlled admission",
        "Longest stay": "5 days",
        "Days at least between stays": "30 days",
        "Valid until": said_in(live_server, "en", lambda: day(valid_until)),
    }
    assert shown.agreement() == expected
    lines = shown.agreement_lines()
    assert [lines[term] for term in ONE_LINE] == [1] * len(ONE_LINE), lines
    assert_accessible(desk)

    phone = open_phone("en").page
    sign_in(phone, client)
    readmission = ReadmissionHomePage(phone).open()
    expect(readmission.come_back_button()).to_have_count(0)
    assert_accessible(phone)
    entry = readmission.go_to_enter_code()
    assert_accessible(phone)
    entry.enter_code(code)

    assert path_of(phone) == "/readmission"
    assert readmission.notice() == f"You are now enrolled at {staff.clinic_name}."
    expect(readmission.come_back_button()).to_be_visible()
    assert readmission.agreement() == expected
    lines = readmission.agreement_lines()
    assert [lines[term] for term in ONE_LINE] == [1] * len(ONE_LINE), lines
    phone_link = readmission.clinic_phone_link()
    assert phone_link.get_attribute("href") == "tel:" + expected["Phone"].replace(" ", "")
    assert_accessible(phone)
    expect(HomeScreen(phone).open().come_back_button()).to_be_visible()

    # the code works once: someone else typing it is told so, and is not enrolled
    other = open_phone("en").page
    sign_in(other, latecomer)
    refused = EnrolWithCodePage(other).open()
    refused.enter_code(code)
    assert path_of(other) == "/enrol"
    assert "not valid" in refused.code_error()
    assert refused.is_code_marked_invalid()
    assert_accessible(other)
    expect(ReadmissionHomePage(other).open().come_back_button()).to_have_count(0)


def test_the_request_and_the_queue_reflow_at_200_percent_zoom(open_phone, add_person):
    staff = add_person("clinic")
    client = add_person("client", clinic_of=staff)
    phone = open_phone(**ZOOMED).page
    sign_in(phone, client)
    home = HomeScreen(phone).open()
    assert phone.evaluate("window.innerWidth") == 320
    assert horizontal_overflow(phone) == 0, "home screen with the button"
    mine = home.press_come_back()
    assert horizontal_overflow(phone) == 0, "the request just sent"

    desk = open_phone(**ZOOMED).page
    sign_in(desk, staff)
    assert path_of(desk) == "/clinic"
    assert horizontal_overflow(desk) == 0, "the queue"
    queue = ClinicQueuePage(desk)
    # the table may scroll inside its own region, but who is waiting is seen without scrolling
    link = queue.queue().get_by_role("link", name=client.username, exact=True)
    box = link.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 320
    detail = queue.open_request(client.username)
    assert horizontal_overflow(desk) == 0, "the request, as staff see it"
    note = (
        "Velkommen tilbake! Ta med medisinlisten. Veibeskrivelse: "
        "https://helse.example/avdelinger/rusbehandling/innleggelse-uten-ny-vurdering"
    )
    detail.move_to("contacted")
    detail.move_to("offered", admission_at=admission_offer().strftime("%Y-%m-%dT%H:%M"), note=note)
    assert horizontal_overflow(desk) == 0, "the request with an offer and a note"

    assert note in detail.timeline()
    phone.reload()
    assert note in mine.timeline()[-1]
    assert horizontal_overflow(phone) == 0, "the timeline with the offer and the note"
