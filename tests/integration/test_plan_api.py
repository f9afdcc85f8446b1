"""A client's plan over the API: read, change only what changed, replay from an offline queue,
appointments with calendar files, refusals that name the field, and nothing lost."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from peerapp.extensions import db
from tests.integration.openapi_validation import validate_response
from tests.support.auth import session_client
from tests.support.helpservices import make_service

API = "/api/v1/me/plan"
OSLO = ZoneInfo("Europe/Oslo")


@pytest.fixture
def phone(app, user_factory, clinic_factory):
    user = user_factory(role="client", clinic=clinic_factory())
    browser, token = session_client(app, user)
    return browser, token, user


def put(phone, body, key=None):
    headers = {"X-CSRFToken": phone[1], "Idempotency-Key": key or uuid.uuid4().hex}
    return phone[0].put(API, json=body, headers=headers)


def post_appointment(phone, body, key=None):
    headers = {"X-CSRFToken": phone[1], "Idempotency-Key": key or uuid.uuid4().hex}
    return phone[0].post(f"{API}/appointments", json=body, headers=headers)


def next_week(hour=10):
    day = datetime.now(OSLO).date() + timedelta(days=7)
    return datetime(day.year, day.month, day.day, hour, 30, tzinfo=OSLO)


CRISIS = {
    "warning_signs": ["Lønningsdag", "Sover dårlig"],
    "coping": ["Gå en tur"],
    "people": [{"name": "Kari", "phone": "912 34 567", "how": "Kommer over"}],
}


def test_an_empty_plan_then_parts_changed_one_at_a_time(phone, client):
    spec = client.get("/api/openapi.json").get_json()
    empty = phone[0].get(API)
    assert empty.status_code == 200
    validate_response(spec, API, "get", 200, empty.get_json())
    assert empty.get_json()["version"] == 0
    assert empty.get_json()["crisis_plan"]["warning_signs"] == []

    first = put(phone, {"crisis_plan": CRISIS})
    assert first.status_code == 200, first.get_json()
    validate_response(spec, API, "put", 200, first.get_json())
    second = put(
        phone,
        {
            "crisis_plan": {"safer": ["Nalokson i sekken"]},
            "contacts": [
                {"role": "gp", "name": "Dr. Berg", "phone": "22 22 22 22", "how": "Fastlege"}
            ],
        },
    )
    plan = second.get_json()
    # what was not sent stays as it was
    assert plan["crisis_plan"]["warning_signs"] == CRISIS["warning_signs"]
    assert plan["crisis_plan"]["people"] == CRISIS["people"]
    assert plan["crisis_plan"]["safer"] == ["Nalokson i sekken"]
    assert [c["name"] for c in plan["contacts"]] == ["Dr. Berg"]
    assert plan["version"] == 2
    assert phone[0].get(API).get_json() == plan


def test_a_replayed_key_changes_nothing_and_a_reused_one_is_422(phone):
    put(phone, {"crisis_plan": {"coping": ["Ringe Kari"]}}, key="offline-1")
    put(phone, {"crisis_plan": {"coping": ["Gå en tur"]}}, key="offline-2")
    replay = put(phone, {"crisis_plan": {"coping": ["Ringe Kari"]}}, key="offline-1")
    assert replay.status_code == 200
    assert replay.get_json()["crisis_plan"]["coping"] == ["Gå en tur"]  # the later edit stands
    assert replay.get_json()["version"] == 2
    reused = put(phone, {"crisis_plan": {"coping": ["Noe annet"]}}, key="offline-1")
    assert reused.status_code == 422
    assert reused.get_json()["type"].endswith("idempotency-key-reused")
    missing = phone[0].put(API, json={}, headers={"X-CSRFToken": phone[1]})
    assert missing.status_code == 400


def test_a_change_made_on_an_older_version_is_409_and_loses_nothing(phone):
    put(phone, {"crisis_plan": {"coping": ["Gå en tur"]}})
    put(phone, {"crisis_plan": {"coping": ["Gå en tur", "Dusje kaldt"]}})
    stale = put(phone, {"crisis_plan": {"coping": []}, "version": 1})
    assert stale.status_code == 409
    assert phone[0].get(API).get_json()["crisis_plan"]["coping"] == ["Gå en tur", "Dusje kaldt"]
    fresh = put(phone, {"crisis_plan": {"coping": ["Gå en tur"]}, "version": 2})
    assert fresh.status_code == 200


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"crisis_plan": {"coping": ["x" * 301]}}, "crisis_plan.coping[0]"),
        ({"crisis_plan": {"coping": "Gå en tur"}}, "crisis_plan.coping"),
        (
            {"crisis_plan": {"people": [{"name": "Kari", "phone": "12345"}]}},
            "crisis_plan.people[0].phone",
        ),
        (
            {"crisis_plan": {"people": [{"name": "Kari", "phone": "ring meg"}]}},
            "crisis_plan.people[0].phone",
        ),
        ({"crisis_plan": {"people": [{"name": ""}]}}, "crisis_plan.people[0].name"),
        ({"crisis_plan": {"hopes": []}}, "crisis_plan.hopes"),
        ({"contacts": [{"role": "boss", "name": "Per"}]}, "contacts[0].role"),
        (
            {"appointments": [{"what": "Fastlege", "starts_at": "2027-02-30T10:00"}]},
            "appointments[0].starts_at",
        ),
        (
            {"appointments": [{"what": "Fastlege", "starts_at": "2099-01-01T10:00"}]},
            "appointments[0].starts_at",
        ),
        ({"saved": [{"kind": "pub", "id": 1}]}, "saved[0].kind"),
        ({"colour": "blue"}, "colour"),
    ],
)
def test_bad_input_is_400_naming_the_field_and_nothing_is_lost(phone, body, field):
    put(phone, {"crisis_plan": CRISIS})
    before = phone[0].get(API).get_json()
    answer = put(phone, body)
    assert answer.status_code == 400, answer.get_json()
    assert answer.headers["Content-Type"].startswith("application/problem+json")
    assert field in answer.get_json()["errors"], answer.get_json()
    assert phone[0].get(API).get_json() == before


def test_over_long_text_says_its_length(phone):
    answer = put(phone, {"crisis_plan": {"warning_signs": ["x" * 350]}})
    assert "350" in answer.get_json()["errors"]["crisis_plan.warning_signs[0]"]


def test_a_control_character_is_refused(phone):
    answer = put(phone, {"crisis_plan": {"coping": ["Gå\u0007 en tur"]}})
    assert answer.status_code == 400


def test_appointments_are_added_replayed_listed_as_calendar_files_and_removed(phone, client):
    spec = client.get("/api/openapi.json").get_json()
    when = next_week()
    body = {
        "what": "Fastlege",
        "with_whom": "Dr. Berg",
        "starts_at": when.isoformat(),
        "where": "Storgata 1",
    }
    added = post_appointment(phone, body, key="a-1")
    assert added.status_code == 201, added.get_json()
    validate_response(spec, f"{API}/appointments", "post", 201, added.get_json())
    again = post_appointment(phone, body, key="a-1")
    assert again.status_code == 200
    assert again.get_json()["id"] == added.get_json()["id"]
    # a time without an offset is on the clock in Norway
    local = post_appointment(
        phone, {"what": "NAV", "starts_at": next_week(14).strftime("%Y-%m-%dT%H:%M")}
    )
    assert local.get_json()["starts_at"] == next_week(14).isoformat()
    listed = phone[0].get(f"{API}/appointments").get_json()["appointments"]
    assert [item["what"] for item in listed] == ["Fastlege", "NAV"]

    ics = phone[0].get(f"{API}/appointments/{added.get_json()['id']}.ics")
    assert ics.status_code == 200
    assert ics.mimetype == "text/calendar"
    calendar = Calendar.from_ical(ics.data)
    (event,) = calendar.walk("VEVENT")
    assert event.decoded("dtstart") == when
    assert "Dr. Berg" in str(event["summary"])
    assert calendar.walk("VTIMEZONE")[0]["tzid"] == "Europe/Oslo"
    assert len(event.walk("VALARM")) == 2

    gone = phone[0].delete(
        f"{API}/appointments/{added.get_json()['id']}", headers={"X-CSRFToken": phone[1]}
    )
    assert gone.status_code == 204
    assert phone[0].get(f"{API}/appointments/{added.get_json()['id']}.ics").status_code == 404


def test_an_impossible_appointment_date_is_400(phone):
    answer = post_appointment(phone, {"what": "Fastlege", "starts_at": "2027-13-01T10:00"})
    assert answer.status_code == 400
    assert "starts_at" in answer.get_json()["errors"]


def test_someone_elses_appointment_is_404(app, phone, user_factory):
    added = post_appointment(phone, {"what": "Fastlege", "starts_at": next_week().isoformat()})
    other, _token = session_client(app, user_factory(role="client"))
    assert other.get(f"{API}/appointments/{added.get_json()['id']}.ics").status_code == 404


def test_only_clients_have_a_plan(app, user_factory):
    peer, _token = session_client(app, user_factory(role="peer"))
    assert peer.get(API).status_code == 403


def test_the_plan_is_in_the_export_and_goes_with_the_account(phone):
    put(phone, {"crisis_plan": CRISIS})
    post_appointment(phone, {"what": "Fastlege", "starts_at": next_week().isoformat()})
    exported = phone[0].get("/api/v1/me/export").get_json()
    assert exported["plan"]["crisis_plan"]["warning_signs"] == CRISIS["warning_signs"]
    assert exported["plan"]["appointments"][0]["what"] == "Fastlege"

    import sqlalchemy as sa

    from peerapp.models import Plan, PlanAppointment

    assert phone[0].delete("/api/v1/me", headers={"X-CSRFToken": phone[1]}).status_code == 204
    db.session.commit()
    assert db.session.scalars(sa.select(Plan)).all() == []
    assert db.session.scalars(sa.select(PlanAppointment)).all() == []


def test_a_help_service_is_saved_near_home_through_the_api_as_the_others_are(phone, client):
    spec = client.get("/api/openapi.json").get_json()
    service = make_service(name="NAV Sandvika", town="baerum")
    saved = put(phone, {"saved": [{"kind": "service", "id": service.id}]})
    assert saved.status_code == 200, saved.get_json()
    validate_response(spec, API, "put", 200, saved.get_json())
    assert saved.get_json()["saved"] == [{"kind": "service", "id": service.id}]
    assert phone[0].get(API).get_json()["saved"] == [{"kind": "service", "id": service.id}]
    shown = phone[0].get("/plan").get_data(as_text=True)
    assert "NAV Sandvika" in shown
