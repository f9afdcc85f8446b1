"""The way back as pages, without JavaScript: the button on the home screen, the request page,
and the clinic's queue, request page and enrolment form."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from peerapp.extensions import db
from peerapp.models import ReadmissionRequest, User
from peerapp.services.readmission import shared
from tests.support.auth import form_token, session_client

_KEY = re.compile(r'name="key" value="([^"]+)"')


@pytest.fixture
def clinic(clinic_factory):
    return clinic_factory(name="Klinikk Sør", phone="+47 38 00 00 00", response_hours=3)


@pytest.fixture
def client_phone(app, user_factory, clinic):
    user = user_factory(role="client", clinic=clinic)
    browser, _ = session_client(app, user)
    return browser, user


@pytest.fixture
def staff_desk(app, user_factory, clinic):
    user = user_factory(role="clinic", clinic=clinic)
    browser, _ = session_client(app, user)
    return browser, user


def press_the_button(browser, page: str = "/"):
    html = browser.get(page).get_data(as_text=True)
    key = _KEY.search(html)
    assert key, "no button on the page"
    token = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert token
    return browser.post("/readmission", data={"key": key.group(1), "csrf_token": token.group(1)})


def stored() -> list[ReadmissionRequest]:
    db.session.commit()
    return list(db.session.scalars(sa.select(ReadmissionRequest)))


def test_the_home_screen_has_the_button_for_an_enrolled_client_only(
    app, client_phone, user_factory
):
    home = client_phone[0].get("/?lang=en")
    assert "no-store" in home.headers["Cache-Control"]  # personal: never in a shared cache
    page = home.get_data(as_text=True)
    assert "I need to come back" in page
    assert "Klinikk Sør" in page
    assert "panic" not in page.lower()

    unenrolled, _ = session_client(app, user_factory(role="client"))
    assert "I need to come back" not in unenrolled.get("/?lang=en").get_data(as_text=True)
    public = app.test_client().get("/?lang=en").get_data(as_text=True)
    # a visitor's page (the copy the phone keeps for no signal) holds the button only as an
    # inert <template>, which the phone fills in for the person it remembers
    shown = re.sub(r"<template\b.*?</template>", "", public, flags=re.S)
    assert "I need to come back" not in shown
    assert public.count('<template id="come-back-offline">') == 1


def test_one_press_sends_it_and_the_page_gives_the_clinics_number(client_phone):
    answer = press_the_button(client_phone[0])

    assert answer.status_code == 303
    (request,) = stored()
    assert answer.headers["Location"].endswith(f"/readmission/{request.id}")
    page = client_phone[0].get(answer.headers["Location"] + "?lang=en").get_data(as_text=True)
    assert 'href="tel:+4738000000"' in page
    assert "within 3 hours" in page
    assert 'href="tel:113"' in page
    assert "Withdraw my request" in page


def test_pressing_the_same_button_twice_sends_one_request(client_phone):
    browser = client_phone[0]
    html = browser.get("/").get_data(as_text=True)
    key = _KEY.search(html).group(1)
    token = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
    first = browser.post("/readmission", data={"key": key, "csrf_token": token})
    second = browser.post("/readmission", data={"key": key, "csrf_token": token})
    assert first.headers["Location"] == second.headers["Location"]
    assert len(stored()) == 1


def test_the_home_screen_shows_the_open_request_instead_of_the_button(client_phone):
    press_the_button(client_phone[0])
    page = client_phone[0].get("/?lang=en").get_data(as_text=True)
    assert "I need to come back" not in page
    assert "See your request" in page
    assert client_phone[0].get("/readmission").status_code == 302


def test_a_message_and_number_can_be_added_after(client_phone):
    location = press_the_button(client_phone[0]).headers["Location"]
    path = location.replace("http://localhost", "")
    token = form_token(client_phone[0], path)
    answer = client_phone[0].post(
        f"{path}/details",
        data={"message": "Ring etter kl. 12", "callback_phone": "912 34 567", "csrf_token": token},
    )
    assert answer.status_code == 303
    (request,) = stored()
    assert shared.unseal(request.message) == "Ring etter kl. 12"
    assert b"Ring etter" not in request.message  # encrypted at rest

    bad = client_phone[0].post(
        f"{path}/details", data={"callback_phone": "ring meg", "csrf_token": token}
    )
    assert bad.status_code == 400
    assert 'aria-invalid="true"' in bad.get_data(as_text=True)
    assert shared.unseal(stored()[0].callback_phone) == "912 34 567"


def test_withdrawing_closes_it_and_the_button_comes_back(client_phone):
    location = press_the_button(client_phone[0]).headers["Location"]
    path = location.replace("http://localhost", "")
    token = form_token(client_phone[0], path)
    answer = client_phone[0].post(f"{path}/withdraw", data={"csrf_token": token})
    assert answer.status_code == 303
    assert stored()[0].status == "withdrawn"
    assert "I need to come back" in client_phone[0].get("/?lang=en").get_data(as_text=True)


def test_another_clients_request_page_is_404(app, client_phone, user_factory, clinic):
    press_the_button(client_phone[0])
    request_id = stored()[0].id
    other, _ = session_client(app, user_factory(role="client", clinic=clinic))
    assert other.get(f"/readmission/{request_id}").status_code == 404


def test_staff_see_the_queue_open_a_request_and_move_it(client_phone, staff_desk):
    press_the_button(client_phone[0])
    request_id = stored()[0].id
    desk = staff_desk[0]

    queue = desk.get("/clinic?lang=en").get_data(as_text=True)
    assert f'href="/clinic/requests/{request_id}"' in queue
    assert client_phone[1].username in queue

    page = desk.get(f"/clinic/requests/{request_id}?lang=en")
    assert page.status_code == 200
    assert stored()[0].status == "received"
    token = form_token(desk, f"/clinic/requests/{request_id}")
    contacted = desk.post(
        f"/clinic/requests/{request_id}/status", data={"status": "contacted", "csrf_token": token}
    )
    assert contacted.status_code == 303
    tomorrow = (datetime.now(ZoneInfo("Europe/Oslo")).date() + timedelta(days=1)).isoformat()
    moved = desk.post(
        f"/clinic/requests/{request_id}/status",
        data={"status": "offered", "admission_at": f"{tomorrow}T10:00", "csrf_token": token},
    )
    assert moved.status_code == 303
    request = stored()[0]
    assert request.status == "offered"
    local = request.admission_at.astimezone(ZoneInfo("Europe/Oslo"))
    assert (local.date().isoformat(), local.hour) == (tomorrow, 10)  # 10:00 in Norway
    assert request.contacted_at is not None

    no_time = desk.post(
        f"/clinic/requests/{request_id}/status", data={"status": "offered", "csrf_token": token}
    )
    assert no_time.status_code == 400  # offered is no longer a choice from offered

    client_view = client_phone[0].get(f"/readmission/{request_id}?lang=en").get_data(as_text=True)
    assert "Admission offered" in client_view


def test_another_clinics_staff_get_404_for_the_request_page(
    app, client_phone, user_factory, clinic_factory
):
    press_the_button(client_phone[0])
    request_id = stored()[0].id
    stranger, _ = session_client(app, user_factory(role="clinic", clinic=clinic_factory()))
    assert stranger.get(f"/clinic/requests/{request_id}").status_code == 404
    assert stored()[0].status == "sent"


def test_staff_enrol_a_client_with_a_code_the_client_enters(app, staff_desk, user_factory):
    desk = staff_desk[0]
    token = form_token(desk, "/clinic/enrol")
    made = desk.post(
        "/clinic/enrol?lang=en",
        data={
            "kind": "user_controlled",
            "max_stay_days": "5",
            "min_days_between": "14",
            "valid_until": "2099-01-31",
            "csrf_token": token,
        },
    )
    assert made.status_code == 200
    html = made.get_data(as_text=True)
    code = re.search(r'class="enrolment-code"><strong>([A-Z0-9-]+)<', html).group(1)
    assert "<svg" in html  # the QR code

    newcomer = user_factory(role="client")
    phone, _ = session_client(app, newcomer)
    token = form_token(phone, f"/enrol?code={code}")
    assert code in phone.get(f"/enrol?code={code}").get_data(as_text=True)
    joined = phone.post("/enrol", data={"code": code, "csrf_token": token})
    assert joined.status_code == 303
    db.session.expire_all()
    assert db.session.get(User, newcomer.id).clinic_id == staff_desk[1].clinic_id
    home = phone.get("/readmission?lang=en").get_data(as_text=True)
    assert "User-controlled admission" in home
    assert "5 days" in home

    used = phone.post("/enrol?lang=en", data={"code": code, "csrf_token": token})
    assert used.status_code == 400
    assert "not valid" in used.get_data(as_text=True)


def test_a_bad_agreement_is_refused_naming_the_field(staff_desk):
    desk = staff_desk[0]
    token = form_token(desk, "/clinic/enrol")
    answer = desk.post(
        "/clinic/enrol?lang=en",
        data={"kind": "user_controlled", "max_stay_days": "90", "csrf_token": token},
    )
    assert answer.status_code == 400
    assert 'href="#max_stay_days"' in answer.get_data(as_text=True)


def _push_offer(html: str) -> str:
    """The notifications offer on a page ('' if none): the explanation comes with the button."""
    found = re.search(r'<section class="push-offer".*?</section>', html, re.S)
    return found.group(0) if found else ""


def test_notifications_are_offered_where_they_are_for(client_phone, staff_desk):
    """Explained in context, asked for only on the button (push.js), never on opening a page."""
    client, _ = client_phone
    answer = press_the_button(client)
    request_page = client.get(answer.headers["Location"] + "?lang=en").get_data(as_text=True)
    offer = _push_offer(request_page)
    assert "When the clinic answers, this device can tell you at once" in offer
    assert "data-push-on" in offer and "js/push.js" in request_page

    queue = staff_desk[0].get("/clinic?lang=en").get_data(as_text=True)
    assert "A new request to come back" in _push_offer(queue) and "js/push.js" in queue

    account = client.get("/account?lang=en").get_data(as_text=True)
    assert "when your clinic or a peer answers you" in _push_offer(account)
    assert not _push_offer(client.get("/?lang=en").get_data(as_text=True))  # not everywhere
