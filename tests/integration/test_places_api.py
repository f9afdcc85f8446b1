"""The places API as a phone and a peer worker use it, every answer checked against OpenAPI."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from peerapp.extensions import db, utcnow
from peerapp.models import AuditEvent, Place, PlaceException, PlaceHours
from tests.integration.openapi_validation import assert_documented
from tests.support.auth import session_client

LIST = "/api/v1/places"
ONE = "/api/v1/places/{place_id}"
TRONDHEIM = {"lat": "63.4305", "lng": "10.3951"}


@pytest.fixture
def spec(client):
    return client.get("/api/openapi.json").get_json()


@pytest.fixture
def peer(app, user_factory):
    """A peer worker's browser, signed in: (test client, CSRF token, user)."""
    user = user_factory(role="peer")
    browser, token = session_client(app, user)
    return browser, token, user


def new_place(**changes):
    body = {
        "name": "Kafé Ly",
        "kind": "cafe",
        "description": "Rusfri kafé med middag på torsdager.",
        "phone": "+47 73 00 00 00",
        "url": "https://kafely.example.org",
        "location": {
            "name": "Kafé Ly",
            "address": "Kongens gate 14",
            "city": "Trondheim",
            "postal_code": "7011",
            "country": "NO",
            "latitude": 63.4310,
            "longitude": 10.3960,
        },
        "opening_hours": [
            {"day": 4, "opens": "10:00", "closes": "20:00"},
            {"day": 5, "opens": "20:00", "closes": "02:00"},
        ],
        "exceptions": [{"date": "2099-12-24", "closed": True}],
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


def counts() -> tuple[int, int, int]:
    db.session.commit()
    return tuple(  # type: ignore[return-value]
        db.session.scalar(sa.select(sa.func.count()).select_from(model))
        for model in (Place, PlaceHours, PlaceException)
    )


def test_search_near_trondheim_open_now_nearest_first(client, spec, place_factory):
    near = place_factory(town="trondheim", name="Nær", latitude=63.4306)
    far = place_factory(town="trondheim", name="Lenger unna", latitude=63.46)
    place_factory(town="trondheim", name="Stengt", opening_hours=[])
    place_factory(town="bergen", name="I Bergen")

    answer = client.get(LIST, query_string={**TRONDHEIM, "open_now": "true"})

    body = assert_documented(spec, answer, LIST)
    assert [p["name"] for p in body["places"]] == ["Nær", "Lenger unna"]
    assert body["total"] == 2
    first = body["places"][0]
    assert first["id"] == near.id and first["open_now"] is True and first["opens_at"] is None
    assert first["distance_km"] < body["places"][1]["distance_km"]
    assert body["places"][1]["id"] == far.id
    everything = client.get(LIST, query_string=TRONDHEIM).get_json()
    assert everything["total"] == 3


def test_a_closed_place_says_when_it_opens(client, spec, place_factory):
    place = place_factory(opening_hours=[])
    answer = assert_documented(spec, client.get(ONE.format(place_id=place.id)), ONE)
    assert answer["open_now"] is False and answer["opens_at"] is None
    assert answer["stale"] is True and answer["verified_at"] is None


def test_filter_by_kind(client, spec, place_factory):
    place_factory(kind="cafe", name="Kafé")
    place_factory(kind="volunteer", name="Frivillig")
    place_factory(kind="sport", name="Fotball")
    answer = client.get(LIST, query_string={"kind": "volunteer,sport"})
    body = assert_documented(spec, answer, LIST)
    assert sorted(p["name"] for p in body["places"]) == ["Fotball", "Frivillig"]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"kind": "pub"}, "kind"),
        ({"lat": "63.4"}, "lng"),
        ({"lat": "north", "lng": "10"}, "lat"),
        ({"radius_km": "5000", **TRONDHEIM}, "radius_km"),
        ({"open_now": "maybe"}, "open_now"),
    ],
)
def test_bad_search_parameters_are_a_400_naming_the_field(client, spec, query, field):
    answer = client.get(LIST, query_string={**query, "lang": "en"})
    body = assert_documented(spec, answer, LIST)
    assert answer.status_code == 400 and field in body["errors"]


def test_a_peer_adds_a_place_and_it_is_audited(peer, spec):
    answer = send(peer, "POST", LIST, new_place())
    body = assert_documented(spec, answer, LIST)
    assert answer.status_code == 201
    assert body["opening_hours"][1] == {"day": 5, "opens": "20:00", "closes": "02:00"}
    assert body["exceptions"] == [{"date": "2099-12-24", "closed": True}]
    (event,) = audit_rows("place.create")
    assert event.actor_id == peer[2].id and event.object_id == str(body["id"])
    assert event.changes["name"] == [None, "Kafé Ly"]
    assert event.changes["opening_hours"][1][0] == {"day": 4, "opens": "10:00", "closes": "20:00"}


def test_a_place_without_coordinates_gets_those_of_its_postal_code(peer, spec):
    body = new_place(location={"address": "Kongens gate 14", "postal_code": "7011"})
    answer = send(peer, "POST", LIST, body)
    place = assert_documented(spec, answer, LIST)
    assert answer.status_code == 201
    assert place["location"]["latitude"] == pytest.approx(63.43, abs=0.1)


@pytest.mark.parametrize(
    ("changes", "fields"),
    [
        ({"kind": "bar"}, {"kind"}),
        ({"name": ""}, {"name"}),
        ({"url": "javascript:alert(1)"}, {"url"}),
        ({"location": {"latitude": 95, "longitude": 10}}, {"location.latitude"}),
        (
            {
                "opening_hours": [
                    {"day": 5, "opens": "20:00", "closes": "02:00"},
                    {"day": 6, "opens": "01:00", "closes": "04:00"},
                ]
            },
            {"opening_hours[1]"},
        ),
        (
            {"opening_hours": [{"day": 8, "opens": "10:00", "closes": "10:00"}]},
            {"opening_hours[0].day", "opening_hours[0].closes"},
        ),
        ({"exceptions": [{"date": "2026-13-01", "closed": True}]}, {"exceptions[0].date"}),
        ({"verified_at": "2026-12-01T00:00:00Z"}, {"verified_at"}),
    ],
)
def test_bad_places_are_refused_whole_with_each_field_named(peer, spec, changes, fields):
    before = counts()
    answer = send(peer, "POST", LIST + "?lang=nb", new_place(**changes))
    body = assert_documented(spec, answer, LIST)
    assert answer.status_code == 400
    assert set(body["errors"]) == fields
    assert counts() == before
    assert audit_rows("place.create") == []


def test_messages_are_in_the_requests_language(peer):
    answer = send(peer, "POST", LIST + "?lang=en", new_place(kind="bar"))
    assert answer.get_json()["errors"]["kind"].startswith("Unknown kind of place: bar.")


def test_a_peer_corrects_the_hours_audited_with_before_and_after(peer, spec, place_factory):
    place = place_factory(opening_hours=[{"day": 1, "opens": "10:00", "closes": "14:00"}])
    path = ONE.format(place_id=place.id)
    hours = [{"day": 1, "opens": "10:00", "closes": "16:00"}]

    answer = send(peer, "PATCH", path, {"opening_hours": hours, "phone": "+47 22 22 22 22"})

    body = assert_documented(spec, answer, ONE)
    assert body["opening_hours"] == hours and body["phone"] == "+47 22 22 22 22"
    assert body["name"] == place.name  # untouched
    (event,) = audit_rows("place.update")
    assert event.changes == {
        "opening_hours": [[{"day": 1, "opens": "10:00", "closes": "14:00"}], hours],
        "phone": [None, "+47 22 22 22 22"],
    }


def test_a_bad_correction_changes_nothing(peer, spec, place_factory):
    place = place_factory(opening_hours=[{"day": 1, "opens": "10:00", "closes": "14:00"}])
    path = ONE.format(place_id=place.id)
    bad = {"name": "Nytt navn", "opening_hours": [{"day": 1, "opens": "14:00", "closes": "14:00"}]}
    answer = send(peer, "PATCH", path, bad)
    assert_documented(spec, answer, ONE)
    assert answer.status_code == 400
    db.session.expire_all()
    again = db.session.get(Place, place.id)
    assert again.name == place.name and [(h.opens, h.closes) for h in again.hours] == [(600, 840)]
    assert audit_rows("place.update") == []


def test_exceptions_can_be_replaced_on_the_same_dates(peer, place_factory):
    place = place_factory(exceptions=[{"date": "2099-12-24", "closed": True}])
    path = ONE.format(place_id=place.id)
    special = [{"date": "2099-12-24", "opens": "12:00", "closes": "15:00"}]
    answer = send(peer, "PATCH", path, {"exceptions": special})
    assert answer.status_code == 200 and answer.get_json()["exceptions"] == special


def test_verify_sets_when_and_who_and_clears_stale(peer, spec, place_factory):
    place = place_factory()
    answer = send(peer, "POST", ONE.format(place_id=place.id) + "/verify")
    body = assert_documented(spec, answer, ONE + "/verify")
    assert body["stale"] is False and body["verified_at"] is not None
    db.session.expire_all()
    assert db.session.get(Place, place.id).verified_by_id == peer[2].id
    (event,) = audit_rows("place.verify")
    assert event.changes["verified_by"] == [None, peer[2].id]


def test_a_place_not_verified_for_90_days_is_stale(client, place_factory):
    place = place_factory()
    place.verified_at = utcnow() - timedelta(days=91)
    db.session.commit()
    assert client.get(ONE.format(place_id=place.id)).get_json()["stale"] is True
    place.verified_at = utcnow() - timedelta(days=89)
    db.session.commit()
    assert client.get(ONE.format(place_id=place.id)).get_json()["stale"] is False


def test_archive_hides_the_place_from_search(peer, client, spec, place_factory):
    place = place_factory(town="trondheim")
    answer = send(peer, "POST", ONE.format(place_id=place.id) + "/archive")
    body = assert_documented(spec, answer, ONE + "/archive")
    assert body["archived_at"] is not None
    assert client.get(LIST, query_string=TRONDHEIM).get_json()["total"] == 0
    gone = client.get(ONE.format(place_id=place.id))
    assert_documented(spec, gone, ONE)
    assert gone.status_code == 404
    assert client.get(f"/places/{place.id}").status_code == 410
    (event,) = audit_rows("place.archive")
    assert event.changes["archived_at"][0] is None


def test_writes_need_a_peer_and_the_csrf_token(app, client, user_factory, spec):
    assert client.post(LIST, json=new_place()).status_code == 401
    browser, _token = session_client(app, user_factory(role="client"))
    refused = browser.post(LIST, json=new_place())
    assert refused.status_code == 403
    peer_browser, _ = session_client(app, user_factory(role="peer"))
    no_token = peer_browser.post(LIST, json=new_place())
    assert_documented(spec, no_token, LIST)
    assert no_token.status_code == 403
    assert counts() == (0, 0, 0)
