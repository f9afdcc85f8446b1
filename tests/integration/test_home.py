"""Where each person starts, and a request's state in words, as pages without JavaScript: ``/``
is a signed-in client's home and the finder for everyone else; signing in lands on one's own start
page; the request page and the home card tell the same current state; withdrawing asks once."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest

from peerapp.extensions import db
from peerapp.services.checkins import consent, daily, sober_days
from peerapp.services.home import next_anchor
from peerapp.services.readmission import queue, timeline
from peerapp.services.readmission.agreements import OSLO
from tests.factories import PASSWORD
from tests.support.auth import current_code, form_token, session_client

_KEY = re.compile(r'name="key" value="([^"]+)"')
_H1 = re.compile(r"<h1[^>]*>(.*?)</h1>", re.S)


@pytest.fixture
def clinic(clinic_factory):
    return clinic_factory(name="Klinikk Nord", phone="+47 77 00 00 00", response_hours=2)


@pytest.fixture
def client_user(user_factory, clinic):
    return user_factory(role="client", clinic=clinic)


@pytest.fixture
def phone(app, client_user):
    return session_client(app, client_user)[0]


@pytest.fixture
def staff(user_factory, clinic):
    return user_factory(role="clinic", clinic=clinic)


def text_of(response) -> str:
    return response.get_data(as_text=True)


def heading(html: str) -> str:
    match = _H1.search(html)
    assert match, "no h1"
    return re.sub(r"<[^>]+>", "", match.group(1)).strip()


def tap(browser) -> int:
    """Press the button on the home screen; the id of the request it made."""
    html = text_of(browser.get("/"))
    token = re.search(r'name="csrf_token" value="([^"]+)"', html)
    key = _KEY.search(html)
    assert token and key, "no button on the home screen"
    answer = browser.post("/readmission", data={"key": key.group(1), "csrf_token": token.group(1)})
    assert answer.status_code == 303
    return int(answer.headers["Location"].rsplit("/", 1)[1])


def move(staff, request_id: int, status: str, note: str | None = None, at=None) -> None:
    """The clinic moves the request one step, as its request page does."""
    item = queue.visible_to(staff, request_id)
    assert item is not None
    timeline.change_status(staff, item, status, note, at)


def lands_on(app, user) -> str:
    """Where signing in through the pages takes a person (after the code step for staff)."""
    browser = app.test_client()
    data = {"username": user.username, "password": PASSWORD}
    answer = browser.post("/login", data={**data, "csrf_token": form_token(browser, "/login")})
    if answer.headers["Location"].endswith("/login/code"):
        token = form_token(browser, "/login/code")
        code = current_code(user.username)
        answer = browser.post("/login/code", data={"code": code, "csrf_token": token})
    assert answer.status_code == 302
    return answer.headers["Location"]


# --- / and where signing in lands ------------------------------------------------------------


def test_a_visitors_start_page_is_the_finder_as_before(client):
    html = text_of(client.get("/?lang=en"))
    assert heading(html) == "Find a meeting"
    assert 'name="where"' in html
    assert ">Home<" not in html, "a visitor has no home of their own"


def test_a_signed_in_clients_start_page_is_their_home_in_every_language(phone, client_user):
    home = phone.get("/?lang=en")
    assert home.status_code == 200
    assert "no-store" in home.headers["Cache-Control"]
    html = text_of(home)
    assert heading(html) == f"Hi, {client_user.username}"
    assert "I need to come back" in html
    assert 'href="/checkin"' in html
    assert "A hard day?" in html and 'href="/help"' in html
    assert 'name="where"' not in html, "the home is not the finder"
    # the button comes before everything else the home shows
    assert html.index("I need to come back") < html.index('href="/checkin"')
    assert heading(text_of(phone.get("/?lang=nb"))) == f"Hei, {client_user.username}"


@pytest.mark.parametrize("query", ["find=1", "where=Bergen", "fellowship=na&lang=en"])
def test_a_client_still_reaches_the_finder_with_any_question(phone, query):
    html = text_of(phone.get(f"/?{query}"))
    assert 'name="where"' in html
    assert not heading(html).startswith(("Hi", "Hei"))


def test_the_home_links_to_the_empty_finder_and_the_footer_too(phone):
    html = text_of(phone.get("/?lang=en"))
    assert html.count('href="/?find=1"') == 2  # "Find a meeting" on the home, and in the footer


@pytest.mark.parametrize(
    ("role", "start"),
    [("client", "/"), ("peer", "/peer"), ("clinic", "/clinic"), ("admin", "/admin/")],
)
def test_signing_in_lands_on_ones_own_start_page(app, user_factory, clinic, role, start):
    user = user_factory(role=role, clinic=clinic if role == "clinic" else None)
    assert lands_on(app, user) == start


@pytest.mark.parametrize(
    ("role", "start"),
    [("client", "/"), ("peer", "/peer"), ("clinic", "/clinic"), ("admin", "/admin/")],
)
def test_every_page_has_home_and_crisis_help_one_tap_away(app, user_factory, clinic, role, start):
    user = user_factory(role=role, clinic=clinic if role == "clinic" else None)
    browser = session_client(app, user)[0]
    for path in ("/help", "/account", "/places"):
        header = text_of(browser.get(f"{path}?lang=en")).split("</header>")[0]
        assert f'href="{start}">Home</a>' in header, path
        assert 'href="/help"' in header and 'href="tel:113"' in header, path


# --- today on the home ---------------------------------------------------------------------


def test_the_next_anchor_is_the_first_not_done_still_ahead():
    plan = [
        {"label": "Frokost", "time": "08:00"},
        {"label": "NA Nordnes", "time": "19:00", "meeting_id": 7},
        {"label": "Tur", "time": "14:00"},
        {"label": "Ring mamma", "time": None},
    ]
    noon = datetime(2026, 12, 3, 12, 0, tzinfo=OSLO)
    first = next_anchor(plan, [], noon)
    assert first is not None and (first.label, first.time) == ("Tur", "14:00")
    later = next_anchor(plan, ["Tur"], noon)
    assert later is not None and (later.label, later.meeting_id) == ("NA Nordnes", 7)
    evening = next_anchor(plan, [], noon.replace(hour=20))
    assert evening is not None and evening.label == "Ring mamma", "untimed ones come last"
    assert next_anchor(plan, ["Ring mamma"], noon.replace(hour=20)) is None


def test_the_home_shows_todays_plan_the_counter_and_help_on_a_hard_day(phone, client_user):
    consent.give_consent(client_user)
    late = (datetime.now(OSLO) + timedelta(minutes=5)).strftime("%H:%M")
    ahead = late if late > datetime.now(OSLO).strftime("%H:%M") else None  # not past midnight
    plan = (daily.Anchor("Gå en tur", ahead),)
    daily.save(client_user, daily.Entry(day=daily.today(), craving=8, plan=plan))
    sober_days.start_counting(client_user, daily.today() - timedelta(days=11))
    db.session.commit()
    html = text_of(phone.get("/?lang=en"))
    assert "Next in your plan:" in html and "Gå en tur" in html
    assert "12 sober days" in html
    assert "It sounds like a hard time" in html
    assert "See or change today" in html


def test_a_client_without_a_clinic_is_shown_where_to_enter_the_code(app, user_factory):
    browser = session_client(app, user_factory(role="client"))[0]
    html = text_of(browser.get("/?lang=en"))
    assert "I need to come back" not in html
    assert 'href="/enrol"' in html


# --- the state in words -------------------------------------------------------------------


def test_each_state_in_words_on_the_request_page_and_the_home_card(phone, staff):
    request_id = tap(phone)
    page = f"/readmission/{request_id}?lang=en"

    def both() -> tuple[str, str]:
        return text_of(phone.get(page)), text_of(phone.get("/?lang=en"))

    sent, home = both()
    assert heading(sent) == "Your request has been sent"
    assert "Klinikk Nord has your request. Someone will contact you within 2 hours." in sent
    assert "Your request has been sent" in home and "within 2 hours" in home

    move(staff, request_id, "received")
    received, home = both()
    assert heading(received) == "The clinic has read your request"
    assert "The clinic has read your request" in home

    move(staff, request_id, "contacted")
    assert heading(both()[0]) == "The clinic has been in touch"

    offer = datetime.now(OSLO).replace(hour=10, minute=30, second=0, microsecond=0)
    offer += timedelta(days=3)
    move(staff, request_id, "offered", "Medisiner, bankkort og klær for en uke.", offer)
    offered, home = both()
    for html in (offered, home):
        assert "You are offered a place" in html
        assert offer.strftime("%A") in html and f"{offer.day} " in html  # "Sunday, 6 December"
        assert "at 10:30" in html
        assert "What to bring" in html and "Medisiner, bankkort og klær for en uke." in html
    # the offer leads the page: before the timeline, the call and everything else
    assert offered.index("What to bring") < offered.index('id="timeline-title"')
    assert "What happens next" not in offered, "the first steps are over"

    move(staff, request_id, "admitted")
    admitted = text_of(phone.get(page))
    assert heading(admitted) == "You are admitted"
    assert "Welcome back to Klinikk Nord." in admitted
    assert "at 10:30" in admitted
    home = text_of(phone.get("/?lang=en"))
    assert "I need to come back" in home, "a closed request gives the button back"


def test_a_decline_says_the_reason_or_that_none_was_given(phone, staff, client_user):
    first = tap(phone)
    move(staff, first, "declined", "Fullt denne uka. Ring oss mandag.")
    html = text_of(phone.get(f"/readmission/{first}?lang=en"))
    assert heading(html) == "Your request was declined"
    assert "The clinic&#39;s reason" in html or "The clinic&#x27;s reason" in html
    assert "Fullt denne uka. Ring oss mandag." in html

    second = tap(phone)
    move(staff, second, "declined")
    html = text_of(phone.get(f"/readmission/{second}?lang=en"))
    assert "The clinic gave no reason here." in html


def test_an_offer_without_what_to_bring_says_so(phone, staff):
    request_id = tap(phone)
    offer = datetime.now(OSLO).replace(second=0, microsecond=0) + timedelta(days=1)
    move(staff, request_id, "contacted")
    move(staff, request_id, "offered", None, offer)
    html = text_of(phone.get(f"/readmission/{request_id}?lang=en"))
    assert "The clinic has not said what to bring." in html


def test_the_status_for_a_live_page_changes_its_version_with_each_step(phone, staff):
    request_id = tap(phone)
    url = f"/readmission/{request_id}/status?lang=en"
    first = phone.get(url)
    assert first.status_code == 200 and "no-store" in first.headers["Cache-Control"]
    before = first.get_json()
    assert before["status"] == "sent" and before["is_open"] is True
    assert "Your request has been sent" in before["html"]
    assert phone.get(url).get_json()["version"] == before["version"], "nothing changed"

    offer = datetime.now(OSLO).replace(hour=9, minute=0, second=0, microsecond=0)
    move(staff, request_id, "contacted")
    move(staff, request_id, "offered", "Ta med medisinlista.", offer + timedelta(days=2))
    after = phone.get(url).get_json()
    assert after["version"] != before["version"]
    assert after["status"] == "offered"
    assert "<h2" in after["html"] and "Ta med medisinlista." in after["html"]
    assert "at 09:00" in after["html"]
    assert "Admission offered" in after["timeline"]
    assert "<h1" in phone.get(url.replace("?", "?level=1&")).get_json()["html"]


def test_another_persons_request_status_is_not_found(app, phone, user_factory, clinic):
    request_id = tap(phone)
    other = session_client(app, user_factory(role="client", clinic=clinic))[0]
    assert other.get(f"/readmission/{request_id}/status").status_code == 404
    assert other.get(f"/readmission/{request_id}/withdraw").status_code == 404


# --- withdrawing asks once -----------------------------------------------------------------


def test_withdrawing_asks_once_and_keeping_it_changes_nothing(phone):
    request_id = tap(phone)
    page = text_of(phone.get(f"/readmission/{request_id}?lang=en"))
    assert f'href="/readmission/{request_id}/withdraw"' in page
    assert f'action="/readmission/{request_id}/withdraw"' not in page, "no one-tap button"

    asking = phone.get(f"/readmission/{request_id}/withdraw?lang=en")
    assert asking.status_code == 200
    html = text_of(asking)
    assert heading(html) == "Withdraw your request?"
    assert "Yes, withdraw my request" in html
    assert f'href="/readmission/{request_id}"' in html  # "No, keep my request"
    db.session.expire_all()
    assert heading(text_of(phone.get(f"/readmission/{request_id}?lang=en"))) == (
        "Your request has been sent"
    ), "asking withdraws nothing"

    token = form_token(phone, f"/readmission/{request_id}/withdraw")
    done = phone.post(f"/readmission/{request_id}/withdraw", data={"csrf_token": token})
    assert done.status_code == 303
    after = text_of(phone.get(f"/readmission/{request_id}?lang=en"))
    assert heading(after) == "You withdrew your request"
    assert "/withdraw" not in after
    # asking again about a closed request leads back to it
    again = phone.get(f"/readmission/{request_id}/withdraw")
    assert again.status_code == 302 and again.headers["Location"].endswith(f"/{request_id}")
