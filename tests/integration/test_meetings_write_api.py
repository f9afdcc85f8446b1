"""Peers' writes to meetings over the API, every answer checked against the OpenAPI document."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from peerapp.extensions import db
from peerapp.models import AuditEvent, Meeting
from peerapp.services.stewardship import limits
from tests.integration.openapi_validation import assert_documented
from tests.support.auth import session_client

LIST = "/api/v1/meetings"
ONE = "/api/v1/meetings/{meeting_id}"


@pytest.fixture
def spec(client):
    return client.get("/api/openapi.json").get_json()


@pytest.fixture
def peer(app, user_factory):
    """A peer worker's browser, signed in: (test client, CSRF token, user)."""
    user = user_factory(role="peer")
    browser, token = session_client(app, user)
    return browser, token, user


def new_meeting(**changes):
    body = {
        "name": "Lørdagsgruppa",
        "fellowship": "na",
        "day": 6,
        "time": "12:00",
        "end_time": "13:30",
        "types": ["O", "NO", "X"],
        "notes": "Inngang fra bakgården.",
        "location": {
            "name": "Blå Kors-huset",
            "address": "Torggata 2",
            "city": "Bergen",
            "postal_code": "5014",
            "region": "Vestland",
            "country": "NO",
            "latitude": 60.392,
            "longitude": 5.325,
        },
    }
    return {**body, **changes}


def send(who, method, path, body=None):
    browser, token, _ = who
    return browser.open(path, method=method, json=body, headers={"X-CSRFToken": token})


def audit_rows(action: str) -> list[AuditEvent]:
    db.session.expire_all()
    return list(
        db.session.scalars(
            sa.select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)
        )
    )


def meeting_count() -> int:
    db.session.commit()
    return db.session.scalar(sa.select(sa.func.count()).select_from(Meeting))


def test_a_peer_adds_a_meeting_and_it_is_found_and_audited(peer, client, spec):
    answer = send(peer, "POST", LIST, new_meeting())
    body = assert_documented(spec, answer, LIST)
    assert answer.status_code == 201
    assert body["types"] == ["O", "NO", "X"] and body["end_time"] == "13:30"
    assert body["verified_at"] is not None and body["stale"] is False
    assert "verified_by" not in body
    found = client.get(LIST, query_string={"lat": 60.39, "lng": 5.32}).get_json()
    assert [m["id"] for m in found["meetings"]] == [body["id"]]
    (event,) = audit_rows("meeting.create")
    assert event.actor_id == peer[2].id and event.object_id == str(body["id"])
    assert event.changes["name"] == [None, "Lørdagsgruppa"]


def test_an_online_meeting_needs_no_place(peer, spec):
    body = new_meeting(attendance_option="online", conference_url="https://meet.example/na")
    body.pop("location")
    answer = send(peer, "POST", LIST, body)
    assert_documented(spec, answer, LIST)
    assert answer.status_code == 201
    assert answer.get_json()["location"]["latitude"] is None


@pytest.mark.parametrize(
    ("changes", "fields"),
    [
        ({"fellowship": "beer"}, {"fellowship"}),
        ({"types": ["O", "XYZ"]}, {"types"}),
        ({"types": ["O", "C"]}, {"types"}),
        ({"time": "25:00", "end_time": "7pm"}, {"time", "end_time"}),
        ({"day": 7}, {"day"}),
        ({"timezone": "Mars/Olympus"}, {"timezone"}),
        ({"location": {"latitude": 95, "longitude": 5.3}}, {"location.latitude"}),
        ({"location": {"address": "Et sted"}}, {"location.latitude"}),
        ({"name": "x" * 301}, {"name"}),
        ({"notes": "x" * 5001}, {"notes"}),
        ({"location": {**new_meeting()["location"], "city": "x" * 201}}, {"location.city"}),
        ({"attendance_option": "hybrid"}, {"conference_url"}),
        ({"conference_url": "javascript:alert(1)"}, {"conference_url"}),
        ({"verified_at": "2026-12-01T00:00:00Z"}, {"verified_at"}),
        ({"name": ""}, {"name"}),
    ],
)
def test_bad_meetings_are_refused_whole_with_each_field_named(peer, spec, changes, fields):
    before = meeting_count()
    answer = send(peer, "POST", LIST + "?lang=en", new_meeting(**changes))
    body = assert_documented(spec, answer, LIST)
    assert answer.status_code == 400
    assert body["type"].endswith("validation-error")
    assert set(body["errors"]) == fields
    assert meeting_count() == before
    assert audit_rows("meeting.create") == []


def test_messages_are_in_the_requests_language(peer):
    answer = send(peer, "POST", LIST + "?lang=en", new_meeting(fellowship="beer"))
    assert answer.get_json()["errors"]["fellowship"].startswith("Unknown fellowship: beer.")


def test_a_peer_corrects_a_meeting_audited_with_before_and_after(peer, spec, meeting_factory):
    meeting = meeting_factory(start="19:00", end="20:00")
    path = ONE.format(meeting_id=meeting.id)

    answer = send(peer, "PATCH", path, {"time": "18:30", "location": {"address": "Nygata 3"}})

    body = assert_documented(spec, answer, ONE)
    assert body["time"] == "18:30" and body["end_time"] == "20:00"
    assert body["location"]["address"] == "Nygata 3"
    assert body["location"]["latitude"] == pytest.approx(59.9139)
    assert body["name"] == meeting.name
    (event,) = audit_rows("meeting.update")
    assert event.changes["time"] == ["19:00", "18:30"]
    assert set(event.changes) == {"time", "location"}


def test_a_bad_correction_changes_nothing(peer, spec, meeting_factory):
    meeting = meeting_factory()
    answer = send(peer, "PATCH", ONE.format(meeting_id=meeting.id), {"name": "Nytt", "day": 9})
    assert_documented(spec, answer, ONE)
    assert answer.status_code == 400 and set(answer.get_json()["errors"]) == {"day"}
    db.session.expire_all()
    assert db.session.get(Meeting, meeting.id).name == meeting.name
    assert audit_rows("meeting.update") == []


def test_verify_sets_when_and_who_and_clears_stale(peer, client, spec, meeting_factory):
    meeting = meeting_factory()
    path = ONE.format(meeting_id=meeting.id)
    assert client.get(path).get_json()["stale"] is True
    answer = send(peer, "POST", path + "/verify")
    body = assert_documented(spec, answer, ONE + "/verify")
    assert body["stale"] is False and body["verified_at"] is not None
    db.session.expire_all()
    assert db.session.get(Meeting, meeting.id).verified_by_id == peer[2].id
    (event,) = audit_rows("meeting.verify")
    assert event.changes["verified_by"] == [None, peer[2].id]


def test_archive_takes_the_meeting_out_of_search(peer, client, spec, meeting_factory):
    meeting = meeting_factory(town="bergen")
    path = ONE.format(meeting_id=meeting.id)
    answer = send(peer, "POST", path + "/archive")
    body = assert_documented(spec, answer, ONE + "/archive")
    assert body["archived_at"] is not None
    found = client.get(LIST, query_string={"lat": 60.39, "lng": 5.32}).get_json()
    assert found["total"] == 0
    gone = client.get(path)
    assert_documented(spec, gone, ONE)
    assert gone.status_code == 404
    assert send(peer, "POST", path + "/verify").status_code == 404
    (event,) = audit_rows("meeting.archive")
    assert event.changes["archived_at"][0] is None


def test_writes_need_a_peer_or_admin_and_the_csrf_token(app, client, user_factory, spec):
    assert client.post(LIST, json=new_meeting()).status_code == 401
    browser, _token = session_client(app, user_factory(role="client"))
    assert browser.post(LIST, json=new_meeting()).status_code == 403
    peer_browser, _ = session_client(app, user_factory(role="peer"))
    no_token = peer_browser.post(LIST, json=new_meeting())
    assert_documented(spec, no_token, LIST)
    assert no_token.status_code == 403
    admin = session_client(app, user_factory(role="admin"))
    assert send((*admin, None), "POST", LIST, new_meeting()).status_code == 201
    assert meeting_count() == 1


def test_a_limited_peer_gets_a_clear_403_outside_their_area(peer, spec, meeting_factory):
    limits.set_limits(None, peer[2], ["Vestland"], ["na"])
    db.session.commit()
    oslo = meeting_factory(town="oslo", fellowship="na")

    for method, documented, body in (
        ("PATCH", ONE, {"name": "Nytt navn"}),
        ("POST", ONE + "/verify", None),
        ("POST", ONE + "/archive", None),
        ("POST", LIST, new_meeting(fellowship="aa")),
    ):
        path = documented.format(meeting_id=oslo.id)
        answer = send(peer, method, path + "?lang=en", body)
        problem = assert_documented(spec, answer, documented)
        assert answer.status_code == 403, (method, path)
        assert problem["type"].endswith("outside-limits")
        assert "Vestland · NA" in problem["detail"]
    assert send(peer, "POST", LIST, new_meeting()).status_code == 201
    db.session.expire_all()
    assert db.session.get(Meeting, oslo.id).archived_at is None
    assert audit_rows("meeting.update") == []


def test_a_peer_limited_to_a_region_may_not_change_places_elsewhere(peer, place_factory):
    limits.set_limits(None, peer[2], ["Bergen"], [])
    db.session.commit()
    oslo, bergen = place_factory(town="oslo"), place_factory(town="bergen")
    refused = send(peer, "POST", f"/api/v1/places/{oslo.id}/verify?lang=en")
    assert refused.status_code == 403
    assert refused.get_json()["type"].endswith("outside-limits")
    assert send(peer, "POST", f"/api/v1/places/{bergen.id}/verify").status_code == 200
    moved = send(peer, "PATCH", f"/api/v1/places/{bergen.id}", {"location": {"city": "Oslo"}})
    assert moved.status_code == 403
