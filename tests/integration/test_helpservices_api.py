"""Help services as a phone, an integrator and a steward use them: search near a town, open now
(exceptions and public holidays on the engine places use), one service, bad queries named, the
steward's writes with audit and 409, and naloxone links that moved from sober places."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from peerapp.extensions import db, utcnow
from peerapp.models import AuditEvent, HelpService
from peerapp.services import openhours as oh
from peerapp.services.helpservices import operations
from peerapp.services.helpservices.search import ServiceQuery, search_services
from tests.integration.openapi_validation import assert_documented
from tests.support.auth import session_client
from tests.support.helpservices import make_service, service_body

LIST = "/api/v1/services"
ONE = "/api/v1/services/{service_id}"
BERGEN = {"lat": "60.3930", "lng": "5.3242"}


@pytest.fixture
def spec(client):
    return client.get("/api/openapi.json").get_json()


def signed_in(app, user_factory, role):
    user = user_factory(role=role)
    browser, token = session_client(app, user)
    return browser, token, user


def send(who, method, path, body=None, **headers):
    browser, token, _ = who
    return browser.open(path, method=method, json=body, headers={"X-CSRFToken": token, **headers})


def test_the_nav_office_open_now_near_bergen_comes_first(client, spec, app):
    near = make_service(name="NAV Bergenhus", latitude=60.3931)
    make_service(name="NAV Årstad", latitude=60.37)
    make_service(name="NAV stengt", opening_hours=[])
    make_service(name="Legevakten", category="emergency_room")
    make_service("trondheim", name="NAV Trondheim")

    answer = client.get(LIST, query_string={**BERGEN, "category": "nav_office", "open_now": "1"})

    body = assert_documented(spec, answer, LIST)
    assert [s["name"] for s in body["services"]] == ["NAV Bergenhus", "NAV Årstad"]
    first = body["services"][0]
    assert first["id"] == near.id and first["open_now"] is True and first["opens_at"] is None
    assert first["category"] == "nav_office" and first["organisation"]["name"] == "NAV"
    assert first["phones"] == [{"number": "+47 55 55 33 33", "description": "Sentralbord"}]
    assert first["access"] == "both" and first["referral_required"] is False
    assert first["location"]["municipality"] == "Bergen"
    one = assert_documented(spec, client.get(ONE.format(service_id=near.id)), ONE)
    assert one["name"] == "NAV Bergenhus" and one["page_url"].endswith(f"/services/{near.id}")


def test_municipality_and_words_fold_like_people_type(client, spec):
    make_service("baerum", name="Lavterskel Sandvika", category="low_threshold_day_centre")
    make_service(name="Lavterskel Bergen", category="low_threshold_day_centre")

    by_municipality = client.get(LIST, query_string={"municipality": "baerum"}).get_json()
    by_words = client.get(LIST, query_string={"q": "lavterskel sandvika"}).get_json()
    by_category_word = client.get(LIST, query_string={"q": "threshold"}).get_json()

    assert [s["name"] for s in by_municipality["services"]] == ["Lavterskel Sandvika"]
    assert [s["name"] for s in by_words["services"]] == ["Lavterskel Sandvika"]
    assert by_category_word["total"] == 2


def test_a_closed_day_and_a_public_holiday_close_what_the_week_opens(app):
    today = oh.local_today(utcnow())
    make_service(name="Stengt i dag", exceptions=[{"date": today.isoformat(), "closed": True}])
    make_service(name="Stengt på helligdager", closed_on_holidays=True)
    make_service(name="Åpent alltid")

    query = ServiceQuery(open_now=True)
    names = [hit.service.name for hit in search_services(query).hits]
    assert "Stengt i dag" not in names and "Åpent alltid" in names
    christmas = datetime(2026, 12, 25, 11, 0, tzinfo=UTC)
    on_christmas = search_services(ServiceQuery(open_now=True, now=christmas)).hits
    assert [hit.service.name for hit in on_christmas] == ["Stengt i dag", "Åpent alltid"]
    not_open = search_services(ServiceQuery(now=christmas)).hits
    closed = next(hit for hit in not_open if hit.service.name == "Stengt på helligdager")
    assert closed.state.open_now is False
    assert closed.state.opens_at == datetime(2026, 12, 27, 0, 0, tzinfo=oh.ZONE)


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"category": "pub"}, "category"),
        ({"lat": "60.4"}, "lng"),
        ({"lat": "north", "lng": "5"}, "lat"),
        ({"radius_km": "5000", **BERGEN}, "radius_km"),
        ({"open_now": "maybe"}, "open_now"),
        ({"q": "x" * 101}, "q"),
        ({"municipality": "Bergen\x00"}, "municipality"),
    ],
)
def test_bad_search_parameters_are_a_400_naming_the_field(client, spec, query, field):
    answer = client.get(LIST, query_string=query)
    assert answer.status_code == 400
    assert answer.content_type == "application/problem+json"
    assert field in answer.get_json()["errors"]
    page = client.get("/services", query_string=query)
    assert page.status_code == 400


def test_an_unknown_service_is_a_404_problem(client):
    answer = client.get(ONE.format(service_id=999999))
    assert answer.status_code == 404 and answer.content_type == "application/problem+json"
    assert client.get("/services/999999").status_code == 404


def test_a_peer_adds_corrects_verifies_and_archives_with_audit_and_409(
    app, client, spec, user_factory
):
    peer = signed_in(app, user_factory, "peer")
    added = send(peer, "POST", LIST, service_body(name="NAV Fana"))
    assert added.status_code == 201, added.get_json()
    service_id = added.get_json()["id"]
    version = added.headers["ETag"].strip('"')

    first = send(
        peer,
        "PATCH",
        ONE.format(service_id=service_id),
        {"version": version, "access": "appointment"},
    )
    assert first.status_code == 200 and first.get_json()["access"] == "appointment"
    stale = send(
        peer, "PATCH", ONE.format(service_id=service_id), {"version": version, "access": "drop_in"}
    )
    assert stale.status_code == 409 and stale.content_type == "application/problem+json"
    db.session.expire_all()
    assert db.session.get(HelpService, service_id).access == "appointment"

    verified = send(peer, "POST", ONE.format(service_id=service_id) + "/verify")
    assert verified.status_code == 200 and verified.get_json()["stale"] is False
    archived = send(peer, "POST", ONE.format(service_id=service_id) + "/archive")
    assert archived.status_code == 200
    assert client.get(ONE.format(service_id=service_id)).status_code == 404
    actions = list(
        db.session.scalars(
            sa.select(AuditEvent.action)
            .where(
                AuditEvent.object_type == "help_service", AuditEvent.object_id == str(service_id)
            )
            .order_by(AuditEvent.id)
        )
    )
    assert actions == [
        "help_service.create",
        "help_service.update",
        "help_service.verify",
        "help_service.archive",
    ]


def test_bad_fields_are_named_and_nothing_is_saved(app, user_factory):
    peer = signed_in(app, user_factory, "peer")
    body = service_body(
        category="casino",
        opening_hours=[
            {"day": 1, "opens": "09:00", "closes": "15:00"},
            {"day": 1, "opens": "14:00", "closes": "16:00"},
        ],
        languages=["norsk"],
    )
    body["location"]["latitude"] = 123.0
    answer = send(peer, "POST", LIST, body)
    assert answer.status_code == 400
    errors = answer.get_json()["errors"]
    assert {"category", "opening_hours[1]", "languages", "location.latitude"} <= set(errors)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(HelpService)) == 0


def test_clients_may_not_steward_services(app, user_factory):
    client_user = signed_in(app, user_factory, "client")
    assert send(client_user, "POST", LIST, service_body()).status_code == 403
    assert not operations.may_steward(client_user[2])


def test_the_list_to_look_after_puts_the_never_checked_first(app, user_factory):
    admin = user_factory(role="admin")
    checked = make_service(name="A sjekket")
    make_service(name="B aldri sjekket")
    operations.verify_service(admin, checked.id, utcnow() - timedelta(days=10))
    found = operations.services_to_look_after(admin)
    assert [s.name for s in found.places] == ["B aldri sjekket", "A sjekket"]
    assert found.stale == 1


def test_old_naloxone_place_links_follow_to_the_service(client):
    service = make_service(name="Naloksonutdeling", category="naloxone_harm_reduction")
    service.former_place_id = 4242
    db.session.commit()
    page = client.get("/places/4242")
    assert page.status_code == 301 and page.headers["Location"].endswith(f"/services/{service.id}")
    api = client.get("/api/v1/places/4242")
    assert api.status_code == 308
    assert api.headers["Location"].endswith(f"/api/v1/services/{service.id}")
    assert client.get("/api/v1/places/4243").status_code == 404


def test_an_old_naloxone_search_follows_to_the_services(client):
    make_service(name="Naloksonutdeling Bergen", category="naloxone_harm_reduction")
    api = client.get("/api/v1/places", query_string={"kind": "naloxone", **BERGEN})
    assert api.status_code == 308
    followed = client.get(api.headers["Location"]).get_json()
    assert [s["name"] for s in followed["services"]] == ["Naloksonutdeling Bergen"]
    page = client.get("/places?kind=naloxone&where=Bergen")
    assert (
        page.status_code == 301 and "category=naloxone_harm_reduction" in page.headers["Location"]
    )
    assert client.get("/api/v1/places", query_string={"kind": "naloxone,cafe"}).status_code == 400
