"""GET /api/v1/meetings and /api/v1/meetings/{id}: the contract in API.md, checked on real answers.

Every answer is validated against the served OpenAPI document.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from geopy.distance import great_circle

from peerapp.extensions import db, utcnow
from tests.integration.openapi_validation import assert_documented

OSLO = ZoneInfo("Europe/Oslo")
BERGEN = (60.3913, 5.3221)
LIST = "/api/v1/meetings"
ONE = "/api/v1/meetings/{meeting_id}"


@pytest.fixture
def spec(client) -> dict[str, Any]:
    """The OpenAPI document as the app serves it."""
    return client.get("/api/openapi.json").get_json()


@pytest.fixture
def search(client, spec):
    """GET the meeting list with these parameters; check it against the document."""

    def get(query: dict[str, Any] | list[tuple[str, str]] | None = None, **headers: str) -> Any:
        response = client.get(LIST, query_string=query or {}, headers=headers)
        body = assert_documented(spec, response, LIST)
        return response, body

    return get


def names(body: dict[str, Any]) -> list[str]:
    return [meeting["name"] for meeting in body["meetings"]]


def test_nearest_first_with_distance(search, meeting_factory):
    meeting_factory(town="bergen", name="Five km", latitude=BERGEN[0] + 0.045, longitude=BERGEN[1])
    meeting_factory(town="bergen", name="Centre", latitude=BERGEN[0], longitude=BERGEN[1])
    meeting_factory(town="oslo", name="Oslo")
    response, body = search({"lat": BERGEN[0], "lng": BERGEN[1], "radius_km": 25})
    assert response.status_code == 200
    assert names(body) == ["Centre", "Five km"]
    assert body["total"] == 2
    assert body["next_cursor"] is None
    expected = great_circle(BERGEN, (BERGEN[0] + 0.045, BERGEN[1])).km
    assert body["meetings"][0]["distance_km"] == 0
    assert body["meetings"][1]["distance_km"] == pytest.approx(expected, abs=0.01)


def test_without_a_point_soonest_first_and_no_distance(search, meeting_factory):
    now = datetime.now(OSLO)
    for name, hours in (("In five hours", 5), ("In one hour", 1), ("In three hours", 3)):
        at = now + timedelta(hours=hours)
        meeting_factory(name=name, day=at.isoweekday() % 7, start=at.strftime("%H:%M"))
    _, body = search()
    assert names(body) == ["In one hour", "In three hours", "In five hours"]
    assert all("distance_km" not in meeting for meeting in body["meetings"])


def test_meeting_fields_match_the_contract(search, meeting_factory):
    meeting = meeting_factory(
        name="Tirsdagsgruppa", fellowship="na", day=2, start="18:30", end="20:00", types=["C", "EN"]
    )
    _, body = search()
    [item] = body["meetings"]
    assert item["id"] == meeting.id
    assert item["slug"] == "tirsdagsgruppa"
    assert (item["fellowship"], item["day"], item["time"], item["end_time"]) == (
        "na",
        2,
        "18:30",
        "20:00",
    )
    assert item["timezone"] == "Europe/Oslo"
    assert item["types"] == ["C", "EN"]
    assert item["location"]["city"] == "Oslo"
    assert item["url"] == f"http://localhost/meetings/{meeting.id}"
    next_start = datetime.fromisoformat(item["next_start"])
    assert next_start.utcoffset() is not None
    local = next_start.astimezone(OSLO)
    assert (local.isoweekday() % 7, local.strftime("%H:%M")) == (2, "18:30")
    assert utcnow() - timedelta(minutes=1) < next_start <= utcnow() + timedelta(days=7)


def test_day_and_time_window(search, meeting_factory):
    meeting_factory(name="Tue morning", day=2, start="08:00")
    meeting_factory(name="Tue evening", day=2, start="19:00")
    meeting_factory(name="Tue late", day=2, start="23:30", end="00:30")
    meeting_factory(name="Wed evening", day=3, start="19:00")
    _, tuesday = search({"day": 2})
    assert sorted(names(tuesday)) == ["Tue evening", "Tue late", "Tue morning"]
    _, evening = search({"day": 2, "from": "18:00", "to": "20:00"})
    assert names(evening) == ["Tue evening"]
    _, across_midnight = search({"from": "23:00", "to": "01:00"})
    assert names(across_midnight) == ["Tue late"]
    _, after = search({"from": "18:00"})
    assert sorted(names(after)) == ["Tue evening", "Tue late", "Wed evening"]


@pytest.mark.parametrize(
    "query",
    [
        [("fellowship", "na"), ("fellowship", "al-anon")],
        [("fellowship", "na,al-anon")],
        [("fellowship", "NA, Al-Anon")],
    ],
)
def test_fellowship_repeated_or_comma_separated(search, meeting_factory, query):
    meeting_factory(name="AA", fellowship="aa")
    meeting_factory(name="NA", fellowship="na")
    meeting_factory(name="Al-Anon", fellowship="al-anon")
    _, body = search(query)
    assert sorted(names(body)) == ["Al-Anon", "NA"]
    assert body["total"] == 2


@pytest.mark.parametrize("query", [[("types", "W"), ("types", "EN")], [("types", "W,EN")]])
def test_types_must_all_match(search, meeting_factory, query):
    meeting_factory(name="Women English", types=["O", "W", "EN"])
    meeting_factory(name="Women Norwegian", types=["O", "W", "NO"])
    meeting_factory(name="English", types=["C", "EN"])
    _, body = search(query)
    assert names(body) == ["Women English"]


def test_attendance(search, meeting_factory):
    url = "https://meet.example.org/room"
    meeting_factory(name="In person", attendance_option="in_person")
    meeting_factory(name="Online", attendance_option="online", conference_url=url)
    meeting_factory(name="Hybrid", attendance_option="hybrid", conference_url=url)
    expected = {
        "in_person": ["Hybrid", "In person"],
        "online": ["Hybrid", "Online"],
        "hybrid": ["Hybrid"],
    }
    for attendance, wanted in expected.items():
        _, body = search({"attendance": attendance})
        assert sorted(names(body)) == wanted, attendance
    _, body = search({"attendance": "online"})
    assert {m["conference_url"] for m in body["meetings"]} == {url}


def _local_slot(offset: timedelta) -> dict[str, Any]:
    """Day and HH:MM in Oslo at now + ``offset`` (right across midnight and the week's end)."""
    at = datetime.now(OSLO) + offset
    return {"day": at.isoweekday() % 7, "start": at.strftime("%H:%M")}


def test_starting_within_and_in_progress_follow_the_clock(search, meeting_factory):
    meeting_factory(name="Soon", **_local_slot(timedelta(minutes=10)))
    meeting_factory(name="Started", **_local_slot(timedelta(minutes=-10)))
    meeting_factory(name="Later", **_local_slot(timedelta(hours=3)))
    _, soon = search({"starting_within": 30})
    assert names(soon) == ["Soon"]
    _, now = search({"in_progress": "1"})
    assert names(now) == ["Started"]
    _, everything = search()
    marks = {m["name"]: (m["in_progress"], m["starting_soon"]) for m in everything["meetings"]}
    assert marks == {
        "Soon": (False, True),
        "Started": (True, False),
        "Later": (False, False),
    }


def test_cursor_walks_every_result_once(search, meeting_factory):
    for day in range(7):
        meeting_factory(name=f"Day {day}", day=day, start="12:00")
        meeting_factory(name=f"Day {day} Bergen", town="bergen", day=day, start="12:00")
    for query, expected in (({}, 14), ({"lat": 59.9139, "lng": 10.7522}, 7)):
        seen: list[str] = []
        cursor = None
        for _ in range(10):
            page_query = {**query, "limit": 3, **({"cursor": cursor} if cursor else {})}
            _, page = search(page_query)
            assert page["total"] == expected
            assert len(page["meetings"]) <= 3
            seen += names(page)
            cursor = page["next_cursor"]
            if cursor is None:
                break
        assert len(seen) == expected == len(set(seen)), query


def test_limit_caps_the_page_but_not_the_total(search, meeting_factory):
    for _ in range(4):
        meeting_factory()
    _, body = search({"limit": 2})
    assert len(body["meetings"]) == 2
    assert body["total"] == 4
    assert body["next_cursor"]


def test_archived_meetings_are_not_listed(search, meeting_factory):
    meeting_factory(name="Kept")
    gone = meeting_factory(name="Archived")
    gone.archived_at = utcnow()
    db.session.commit()
    _, body = search()
    assert names(body) == ["Kept"]


def test_unknown_parameters_are_ignored(search, meeting_factory):
    meeting_factory(name="Only")
    response, body = search({"colour": "blue", "page": "x", "now": "yesterday"})
    assert response.status_code == 200
    assert names(body) == ["Only"]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"lat": "abc", "lng": "10"}, "lat"),
        ({"lat": "59.9"}, "lng"),
        ({"lat": "59.9", "lng": "200"}, "lng"),
        ({"radius_km": "10000"}, "radius_km"),
        ({"day": "9"}, "day"),
        ({"from": "25:00"}, "from"),
        ({"to": "7pm"}, "to"),
        ({"starting_within": "soon"}, "starting_within"),
        ({"attendance": "phone"}, "attendance"),
        ({"limit": "0"}, "limit"),
        ({"limit": "101"}, "limit"),
        ({"cursor": "garbage"}, "cursor"),
        ({"fellowship": "xx"}, "fellowship"),
        ({"types": "NOPE"}, "types"),
    ],
)
def test_bad_input_is_a_problem_naming_the_field(search, query, field):
    response, body = search(query)
    assert response.status_code == 400
    assert response.mimetype == "application/problem+json"
    assert body["status"] == 400
    assert body["type"].endswith("/validation-error")
    assert list(body["errors"]) == [field]
    assert body["errors"][field] in body["detail"]


def test_every_bad_field_is_named_at_once(search):
    response, body = search({"day": "9", "limit": "0", "from": "x"})
    assert response.status_code == 400
    assert set(body["errors"]) == {"day", "limit", "from"}


def test_problems_are_in_the_askers_language(app, client, spec):
    def language(query: dict[str, str], **headers: str) -> str:
        # a fresh app context per request, as in production: Flask-Babel caches the locale on g
        with app.app_context():
            response = client.get(LIST, query_string=query, headers=headers)
        body = assert_documented(spec, response, LIST)
        assert list(body["errors"]) == ["day"]
        assert "Accept-Language" in response.headers["Vary"]
        return response.headers["Content-Language"]

    assert language({"day": "9"}) == "nb"
    assert language({"day": "9"}, **{"Accept-Language": "en-GB,en;q=0.8"}) == "en"
    assert language({"day": "9"}, **{"Accept-Language": "no,en;q=0.5"}) == "nb"
    assert language({"day": "9", "lang": "nn"}, **{"Accept-Language": "en"}) == "nn"


def test_one_meeting(client, spec, meeting_factory):
    meeting = meeting_factory(name="Onsdagsmøtet", day=3, start="18:00")
    response = client.get(f"/api/v1/meetings/{meeting.id}")
    assert response.status_code == 200
    body = assert_documented(spec, response, ONE)
    assert body["id"] == meeting.id
    assert body["name"] == "Onsdagsmøtet"
    assert "distance_km" not in body
    local = datetime.fromisoformat(body["next_start"]).astimezone(OSLO)
    assert (local.isoweekday() % 7, local.strftime("%H:%M")) == (3, "18:00")


def test_unknown_or_archived_meeting_is_404(client, spec, meeting_factory):
    gone = meeting_factory()
    gone.archived_at = utcnow()
    db.session.commit()
    for meeting_id in (gone.id, gone.id + 1000, 2**31 - 1):
        response = client.get(f"/api/v1/meetings/{meeting_id}")
        assert response.status_code == 404
        body = assert_documented(spec, response, ONE)
        assert body["type"].endswith("/not-found")


@pytest.mark.parametrize("meeting_id", ["abc", "-1", "99999999999999999999", "1.5"])
def test_ids_that_cannot_exist_are_404_problems(client, meeting_id):
    response = client.get(f"/api/v1/meetings/{meeting_id}")
    assert response.status_code == 404
    assert response.mimetype == "application/problem+json"
    assert response.get_json()["status"] == 404


def test_public_reads_may_be_used_by_any_site(client, meeting_factory):
    meeting = meeting_factory()
    for url in (LIST, f"{LIST}/{meeting.id}", f"{LIST}?day=9", f"{LIST}/0"):
        response = client.get(url, headers={"Origin": "https://intergroup.example"})
        assert response.headers["Access-Control-Allow-Origin"] == "*", url
        assert "Access-Control-Allow-Credentials" not in response.headers
