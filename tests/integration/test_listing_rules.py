"""Listings that make sense (issue 13 item 8): a meeting ends after it starts (or at most six
hours past midnight), a Norwegian postal code is four digits, a name at most 120 characters. The
page forms and the API refuse alike, each with the field's message; what a feed imported is kept
as imported."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from peerapp.extensions import db
from peerapp.models import Meeting, Place
from tests.integration.openapi_validation import assert_documented
from tests.integration.test_pages import Page
from tests.integration.test_places_api import new_place
from tests.integration.test_places_care import NEW_PLACE
from tests.integration.test_stewardship_pages import NEW as NEW_MEETING_FORM
from tests.support.auth import session_client

MEETINGS = "/api/v1/meetings"
PLACES = "/api/v1/places"
LONG_NAME = "Gruppa " + "x" * 114  # 121 characters

MESSAGES = {
    "en": {
        "end_time": "The end time must be after the start time. A meeting past midnight can "
        "last at most 6 hours.",
        "postal_code": "The postal code must be four digits in Norway, such as 0150.",
        "name": "The name can be at most 120 characters.",
    },
    "nb": {
        "end_time": "Sluttidspunktet må være etter starttidspunktet. Et møte over midnatt kan "
        "vare i høyst 6 timer.",
        "postal_code": "Postnummeret må være fire sifre i Norge, for eksempel 0150.",
        "name": "Navnet kan være på høyst 120 tegn.",
    },
}
#: each rule broken once: (form changes, API changes, the API's field, the rule's message)
MEETING_CASES = [
    ({"time": "19:00", "end_time": "18:00"}, {"time": "19:00", "end_time": "18:00"}, "end_time"),
    ({"postal_code": "99999"}, {"location": {"postal_code": "99999"}}, "location.postal_code"),
    ({"name": LONG_NAME}, {"name": LONG_NAME}, "name"),
]
CASE_IDS = ["ends-before-it-starts", "postal-code", "long-name"]


def message(lang: str, field: str) -> str:
    return MESSAGES[lang][field.rsplit(".", 1)[-1]]


@pytest.fixture
def spec(client):
    return client.get("/api/openapi.json").get_json()


@pytest.fixture
def peer(app, user_factory):
    """A peer worker's browser, signed in: (test client, CSRF token, user)."""
    user = user_factory(role="peer")
    browser, token = session_client(app, user)
    return browser, token, user


def send(who, method, path, body=None):
    browser, token, _ = who
    return browser.open(path, method=method, json=body, headers={"X-CSRFToken": token})


def post(who, path: str, data: dict):
    browser, token, _ = who
    with browser.application.app_context():
        return browser.post(path, data={**data, "csrf_token": token})


def api_meeting(**changes):
    body = {
        "name": "Lørdagsgruppa",
        "fellowship": "na",
        "day": 6,
        "time": "12:00",
        "end_time": "13:30",
        "location": {
            "address": "Torggata 2",
            "city": "Bergen",
            "postal_code": "5014",
            "country": "NO",
            "latitude": 60.392,
            "longitude": 5.325,
        },
    }
    if "location" in changes:
        changes = {**changes, "location": {**body["location"], **changes["location"]}}
    return {**body, **changes}


def count(model) -> int:
    db.session.commit()
    return db.session.scalar(sa.select(sa.func.count()).select_from(model)) or 0


def refused_form(who, path: str, data: dict, field: str, lang: str) -> Page:
    answer = post(who, f"{path}?lang={lang}", data)
    assert answer.status_code == 400, answer.get_data(as_text=True)[:2000]
    page = Page(answer.get_data(as_text=True))
    assert message(lang, field) in page.text
    return page


# --- meetings over the API ------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "nb"])
@pytest.mark.parametrize(("_form", "changes", "field"), MEETING_CASES, ids=CASE_IDS)
def test_the_api_refuses_a_new_meeting_breaking_a_rule(peer, spec, lang, _form, changes, field):
    answer = send(peer, "POST", f"{MEETINGS}?lang={lang}", api_meeting(**changes))
    body = assert_documented(spec, answer, MEETINGS)
    assert answer.status_code == 400
    assert body["errors"] == {field: message(lang, field)}
    assert count(Meeting) == 0


@pytest.mark.parametrize(("_form", "changes", "field"), MEETING_CASES, ids=CASE_IDS)
def test_the_api_refuses_a_correction_breaking_a_rule(peer, meeting_factory, _form, changes, field):
    meeting = meeting_factory(town="bergen")
    name = meeting.name
    answer = send(peer, "PATCH", f"{MEETINGS}/{meeting.id}?lang=en", changes)
    assert answer.status_code == 400
    assert answer.get_json()["errors"] == {field: message("en", field)}
    db.session.commit()
    assert db.session.get(Meeting, meeting.id).name == name


@pytest.mark.parametrize(("start", "end"), [("23:00", "01:00"), ("22:00", "04:00")])
def test_a_meeting_past_midnight_of_at_most_six_hours_is_fine(peer, start, end):
    answer = send(peer, "POST", MEETINGS, api_meeting(time=start, end_time=end))
    assert answer.status_code == 201, answer.get_json()
    assert answer.get_json()["end_time"] == end


def test_seven_hours_past_midnight_is_refused(peer):
    answer = send(peer, "POST", f"{MEETINGS}?lang=en", api_meeting(time="22:00", end_time="05:00"))
    assert answer.get_json()["errors"] == {"end_time": message("en", "end_time")}


def test_a_postal_code_abroad_is_the_countrys_business(peer):
    location = {"postal_code": "SE-411 38", "country": "SE", "latitude": 57.7, "longitude": 11.97}
    answer = send(peer, "POST", MEETINGS, api_meeting(location=location))
    assert answer.status_code == 201, answer.get_json()


def test_what_a_feed_imported_is_kept_and_other_fields_can_still_be_corrected(
    peer, meeting_factory
):
    meeting = meeting_factory(town="bergen", name=LONG_NAME + "y" * 30, start="19:00", end="18:00")
    meeting.location.postal_code = "99999"
    db.session.commit()
    answer = send(peer, "PATCH", f"{MEETINGS}/{meeting.id}", {"notes": "Kaffe fra 18:30."})
    assert answer.status_code == 200, answer.get_json()
    body = answer.get_json()
    assert body["name"] == LONG_NAME + "y" * 30 and body["end_time"] == "18:00"
    assert body["location"]["postal_code"] == "99999"


# --- meetings on the page form ----------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "nb"])
@pytest.mark.parametrize(("form", "_changes", "field"), MEETING_CASES, ids=CASE_IDS)
def test_the_page_refuses_a_new_meeting_breaking_a_rule(peer, lang, form, _changes, field):
    page = refused_form(peer, "/meetings/new", {**NEW_MEETING_FORM, **form}, field, lang)
    control = {"location.postal_code": "postal_code"}.get(field, field)
    assert f"#{control}" in page.error_links()
    assert count(Meeting) == 0


@pytest.mark.parametrize(("form", "_changes", "field"), MEETING_CASES, ids=CASE_IDS)
def test_the_page_refuses_a_correction_breaking_a_rule(
    peer, meeting_factory, form, _changes, field
):
    meeting = meeting_factory(town="bergen")
    data = {
        **NEW_MEETING_FORM,
        "name": meeting.name,
        "postal_code": meeting.location.postal_code,
        "city": meeting.location.city,
        "latitude": str(meeting.location.latitude),
        "longitude": str(meeting.location.longitude),
        **form,
    }
    refused_form(peer, f"/meetings/{meeting.id}/edit", data, field, "en")


def test_the_page_takes_a_meeting_past_midnight(peer):
    answer = post(peer, "/meetings/new", {**NEW_MEETING_FORM, "time": "23:00", "end_time": "01:00"})
    assert answer.status_code == 303, answer.get_data(as_text=True)[:2000]
    assert count(Meeting) == 1


def test_the_meeting_form_stops_the_typing_at_the_limits(peer):
    browser, _, _ = peer
    page = Page(browser.get("/meetings/new?lang=en").get_data(as_text=True))
    assert page.find("input", id="name")[0]["maxlength"] == "120"
    assert page.find("input", id="postal_code")[0]["maxlength"] == "4"


# --- sober places -------------------------------------------------------------------------------

PLACE_CASES = [
    ({"postal_code": "99999"}, {"location": {"postal_code": "99999"}}, "location.postal_code"),
    ({"name": LONG_NAME}, {"name": LONG_NAME}, "name"),
]
PLACE_IDS = ["postal-code", "long-name"]


def api_place(**changes):
    if "location" in changes:
        changes = {**changes, "location": {**new_place()["location"], **changes["location"]}}
    return new_place(**changes)


@pytest.mark.parametrize("lang", ["en", "nb"])
@pytest.mark.parametrize(("_form", "changes", "field"), PLACE_CASES, ids=PLACE_IDS)
def test_the_api_refuses_a_place_breaking_a_rule(peer, spec, lang, _form, changes, field):
    answer = send(peer, "POST", f"{PLACES}?lang={lang}", api_place(**changes))
    body = assert_documented(spec, answer, PLACES)
    assert answer.status_code == 400
    assert body["errors"] == {field: message(lang, field)}
    assert count(Place) == 0


@pytest.mark.parametrize(("_form", "changes", "field"), PLACE_CASES, ids=PLACE_IDS)
def test_the_api_refuses_a_place_correction_breaking_a_rule(
    peer, place_factory, _form, changes, field
):
    place = place_factory(town="trondheim")
    answer = send(peer, "PATCH", f"{PLACES}/{place.id}?lang=en", changes)
    assert answer.status_code == 400
    assert answer.get_json()["errors"] == {field: message("en", field)}


@pytest.mark.parametrize("lang", ["en", "nb"])
@pytest.mark.parametrize(("form", "_changes", "field"), PLACE_CASES, ids=PLACE_IDS)
def test_the_page_refuses_a_place_breaking_a_rule(peer, lang, form, _changes, field):
    page = refused_form(peer, "/places/new", {**NEW_PLACE, **form}, field, lang)
    control = {"location.postal_code": "postal_code"}.get(field, field)
    assert f"#{control}" in page.error_links()
    assert count(Place) == 0


def test_the_place_form_stops_the_typing_at_the_limits(peer):
    browser, _, _ = peer
    page = Page(browser.get("/places/new?lang=en").get_data(as_text=True))
    assert page.find("input", id="name")[0]["maxlength"] == "120"
    assert page.find("input", id="postal_code")[0]["maxlength"] == "4"


def test_the_api_declares_the_limits(spec):
    schemas = spec["components"]["schemas"]
    for name in ("NewMeeting", "MeetingChanges", "NewPlace", "PlaceChanges"):
        assert schemas[name]["properties"]["name"]["maxLength"] == 120, name
