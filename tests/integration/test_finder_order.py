"""What can I reach now: soonest first (in progress, then next) or nearest first, in the API and
on the finder page; online meetings have no distance; when nothing is on, when the next starts.

The clock is fixed (Thursday 3 December 2026 in Oslo), so the order does not depend on when the
tests run.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from peerapp import finder
from peerapp.services.meetings import search as meeting_search
from tests.integration.openapi_validation import assert_documented

OSLO = ZoneInfo("Europe/Oslo")
CENTRE = (59.9139, 10.7522)
THURSDAY = 4
LIST = "/api/v1/meetings"


@pytest.fixture
def clock(monkeypatch):
    """Set the app's clock to a local time in Oslo on Thursday 3 December 2026."""

    def set_to(hour: int, minute: int = 0) -> datetime:
        instant = datetime(2026, 12, 3, hour, minute, tzinfo=OSLO)
        monkeypatch.setattr(meeting_search, "utcnow", lambda: instant)
        monkeypatch.setattr(finder, "utcnow", lambda: instant)
        return instant

    return set_to


@pytest.fixture
def search(client):
    """GET the meeting list; every answer is checked against the served document."""
    spec = client.get("/api/openapi.json").get_json()

    def get(**query: Any) -> tuple[Any, Any]:
        response = client.get(LIST, query_string=query)
        return response, assert_documented(spec, response, LIST)

    return get


def names(body: dict[str, Any]) -> list[str]:
    return [meeting["name"] for meeting in body["meetings"]]


@pytest.fixture
def morning(clock, meeting_factory):
    """09:00 on a Thursday: a Wednesday online meeting "at" the centre, one held now a little
    out, one at 11:00 further out and one at 18:30 furthest."""
    clock(9)
    meeting_factory(
        name="Online Wednesday",
        day=3,
        start="19:00",
        attendance_option="online",
        conference_url="https://meet.example/wed",
        latitude=CENTRE[0],
        longitude=CENTRE[1],
    )
    meeting_factory(name="Held now", day=THURSDAY, start="08:30", latitude=CENTRE[0] + 0.005)
    meeting_factory(name="At eleven", day=THURSDAY, start="11:00", latitude=CENTRE[0] + 0.01)
    meeting_factory(name="Evening", day=THURSDAY, start="18:30", latitude=CENTRE[0] + 0.02)


def test_the_documented_default_order_is_unchanged(search, morning):
    _, near = search(lat=CENTRE[0], lng=CENTRE[1])
    assert names(near) == ["Online Wednesday", "Held now", "At eleven", "Evening"]
    _, anywhere = search()
    # by next start: the meeting being held now starts again in a week
    assert names(anywhere) == ["At eleven", "Evening", "Online Wednesday", "Held now"]
    _, explicit = search(lat=CENTRE[0], lng=CENTRE[1], sort="distance")
    assert names(explicit) == names(near)


def test_sort_time_puts_what_is_on_first_then_the_soonest(search, morning):
    _, near = search(lat=CENTRE[0], lng=CENTRE[1], sort="time")
    assert names(near) == ["Held now", "At eleven", "Evening", "Online Wednesday"]
    assert near["meetings"][0]["in_progress"] is True
    _, anywhere = search(sort="time")
    assert names(anywhere) == names(near)


def test_sort_time_runs_across_midnight(search, clock, meeting_factory):
    clock(23, 30)
    meeting_factory(name="Friday evening", day=5, start="18:00")
    meeting_factory(name="Just after midnight", day=5, start="00:15")
    meeting_factory(name="Late and still on", day=THURSDAY, start="23:00", end="00:30")
    for query in ({}, {"lat": CENTRE[0], "lng": CENTRE[1]}):
        _, body = search(sort="time", **query)
        assert names(body) == ["Late and still on", "Just after midnight", "Friday evening"]


def test_an_online_meeting_has_no_distance_a_hybrid_one_has(search, morning, meeting_factory):
    meeting_factory(
        name="Hybrid",
        day=THURSDAY,
        start="12:00",
        attendance_option="hybrid",
        conference_url="https://meet.example/hybrid",
        latitude=CENTRE[0] + 0.03,
    )
    _, body = search(lat=CENTRE[0], lng=CENTRE[1])
    distances = {meeting["name"]: meeting.get("distance_km") for meeting in body["meetings"]}
    assert distances["Online Wednesday"] is None
    assert distances["Hybrid"] == pytest.approx(3.3, abs=0.1)
    assert distances["At eleven"] == pytest.approx(1.1, abs=0.1)


def test_an_unknown_order_is_a_problem_naming_sort(search):
    response, body = search(sort="random")
    assert response.status_code == 400
    assert response.mimetype == "application/problem+json"
    assert list(body["errors"]) == ["sort"]


def test_the_order_is_in_the_openapi_document(client):
    spec = client.get("/api/openapi.json").get_json()
    parameters = spec["paths"][LIST]["get"]["parameters"]
    assert {"$ref": "#/components/parameters/sort"} in parameters
    sort = spec["components"]["parameters"]["sort"]
    assert sort["in"] == "query"
    assert sort["schema"]["enum"] == ["distance", "time"]
    assert "default" not in sort["schema"]


def _page(client, **query: Any) -> str:
    response = client.get("/", query_string={"lang": "en", **query})
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _order(page: str, *names: str) -> list[str]:
    return sorted(names, key=page.index)


def test_the_finder_lists_soonest_first_and_nearest_first_on_request(client, morning):
    page = _page(client, where="Oslo")
    assert _order(page, "Held now", "At eleven", "Evening", "Online Wednesday") == [
        "Held now",
        "At eleven",
        "Evening",
        "Online Wednesday",
    ]
    assert "Nearest first</a>" in page and "sort=distance" in page
    nearest = _page(client, where="Oslo", sort="distance")
    assert nearest.index("Online Wednesday") < nearest.index("Held now")
    assert "Soonest first</a>" in nearest


def test_the_search_folds_into_a_line_that_says_what_was_searched(client, morning):
    page = _page(client, where="Oslo", day="today", now="soon")
    assert '<details class="search-summary">' in page
    assert "Near Oslo · Today · Starting within an hour" in page
    first = _page(client)
    assert "search-summary" not in first  # the first visit shows the form itself


def test_when_nothing_is_on_the_finder_says_when_the_next_starts(client, clock, meeting_factory):
    clock(9)
    meeting_factory(name="At eleven", day=THURSDAY, start="11:00")
    page = _page(client, where="Oslo")
    assert "Nothing is in progress now. The next one starts at 11:00." in page
    none_on = _page(client, where="Oslo", now="in_progress")
    assert "0 meetings near Oslo" in none_on
    assert "The next one starts at 11:00." in none_on


def test_the_next_start_names_the_day_when_it_is_not_today(client, clock, meeting_factory):
    clock(22)
    meeting_factory(name="Friday", day=5, start="10:00")
    meeting_factory(name="Saturday", day=6, start="12:00")
    assert "The next one starts tomorrow at 10:00." in _page(client, where="Oslo")
    only_saturday = _page(client, where="Oslo", day="6")
    assert "The next one starts on Saturday at 12:00." in only_saturday
    norsk = client.get("/", query_string={"lang": "nb", "where": "Oslo", "day": "6"})
    assert "Det neste starter lørdag klokken 12:00." in norsk.get_data(as_text=True)


def test_after_a_search_an_enrolled_client_sees_the_meetings_before_the_button(
    app, morning, user_factory, clinic_factory
):
    from tests.support.auth import session_client

    phone, _ = session_client(app, user_factory(role="client", clinic=clinic_factory()))
    first_visit = phone.get("/?lang=en&find=1").get_data(as_text=True)
    assert first_visit.index('class="come-back"') < first_visit.index('class="finder"')
    searched = phone.get("/?lang=en&where=Oslo").get_data(as_text=True)
    assert searched.index('class="card"') < searched.index('class="come-back"')
