"""Errors under /api are RFC 9457 problems; no input makes the meeting search answer 500."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.integration.openapi_validation import assert_documented, validate_schema

LIST = "/api/v1/meetings"
SEARCH_PARAMS = (
    "lat",
    "lng",
    "radius_km",
    "q",
    "fellowship",
    "types",
    "day",
    "from",
    "to",
    "starting_within",
    "in_progress",
    "attendance",
    "limit",
    "cursor",
)


@pytest.fixture
def spec(client) -> dict[str, Any]:
    """The OpenAPI document as the app serves it."""
    return client.get("/api/openapi.json").get_json()


def cursor_of(content: Any) -> str:
    """A cursor in our encoding around any JSON value (what a tampering client could send)."""
    return base64.urlsafe_b64encode(json.dumps(content).encode()).decode().rstrip("=")


def expect_problem(spec: dict[str, Any], response: Any, status: int) -> dict[str, Any]:
    """The response is a documented problem with this status."""
    assert response.status_code == status
    assert response.mimetype == "application/problem+json"
    body = response.get_json(force=True)
    validate_schema(spec, "Problem", body)
    assert body["status"] == status
    return body


@pytest.mark.parametrize(
    "path", ["/api/nothing-here", "/api/v1/meeting", "/api/v2/meetings", "/api/v1/meetings/x/y"]
)
def test_unknown_api_paths_are_404_problems(client, spec, path):
    body = expect_problem(spec, client.get(path), 404)
    assert body["type"].endswith("/not-found")
    assert "Traceback" not in json.dumps(body)


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("put", "/api/v1/meetings"),
        ("delete", "/api/v1/meetings/1"),
        ("put", "/api/v1/feeds/meeting-guide.json"),
        ("post", "/api/openapi.json"),
    ],
)
def test_wrong_method_is_a_405_problem(client, spec, method, path):
    response = getattr(client, method)(path, json={})
    body = expect_problem(spec, response, 405)
    assert body["type"].endswith("/method-not-allowed")
    assert "GET" in response.headers["Allow"]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"day": "²"}, "day"),  # str.isdigit() says yes, int() says no
        ({"limit": "--5"}, "limit"),
        ({"starting_within": "1" * 5000}, "starting_within"),  # past int()'s digit limit
        ({"from": "²³:00"}, "from"),
        ({"to": "１９:００"}, "to"),  # full-width digits
        ({"lat": "٥٩", "lng": "10"}, "lat"),  # Arabic-Indic digits, which float() accepts
        ({"cursor": cursor_of({"o": 10**20, "t": 1_800_000_000})}, "cursor"),
        ({"cursor": cursor_of({"o": 0, "t": 10**20})}, "cursor"),
        # 9999-12-31: a meeting's next start would be past the last date Python knows
        ({"cursor": cursor_of({"o": 0, "t": 253402300799})}, "cursor"),
        ({"cursor": cursor_of([1, 2])}, "cursor"),
        ({"cursor": cursor_of({"o": True, "t": 0})}, "cursor"),
        ({"cursor": "eyJvIjogSW5maW5pdHksICJ0IjogMH0"}, "cursor"),  # {"o": Infinity, "t": 0}
        ({"lat": "nan", "lng": "0"}, "lat"),
        ({"lat": "1e999", "lng": "0"}, "lat"),
    ],
)
def test_crafted_input_is_a_400_not_a_500(client, spec, meeting_factory, query, field):
    meeting_factory()
    response = client.get(LIST, query_string=query)
    body = expect_problem(spec, response, 400)
    assert list(body["errors"]) == [field]


@pytest.mark.parametrize("text", ["a\x00b", "\x1b[2J", "%", "_", "' OR 1=1 --", "ø" * 500])
def test_any_search_text_is_answered(client, spec, meeting_factory, text):
    meeting_factory(name="Tromsø 100%_group")
    response = client.get(LIST, query_string={"q": text})
    assert response.status_code == 200
    assert_documented(spec, response, LIST)


def test_control_characters_in_search_text_are_dropped(client, spec, meeting_factory):
    meeting_factory(name="Tromsø 100%_group")
    response = client.get(LIST, query_string={"q": "trom\x00so"})
    assert [m["name"] for m in assert_documented(spec, response, LIST)["meetings"]] == [
        "Tromsø 100%_group"
    ]


def test_searches_at_the_edges_of_the_map(client, spec, meeting_factory):
    meeting_factory()
    for lat, lng in ((90, 180), (-90, -180), (89.99, 0), (0, 179.99), (59.9, 10.75)):
        query = {"lat": lat, "lng": lng, "radius_km": 500}
        response = client.get(LIST, query_string=query)
        assert response.status_code == 200, query
        assert_documented(spec, response, LIST)


@pytest.fixture
def two_meetings(meeting_factory) -> None:
    """A small world, made once and shared by every example of a property test."""
    meeting_factory(town="oslo", types=["O", "W", "EN"])
    meeting_factory(town="bergen", fellowship="na", day=0, start="23:30", end="00:30")


values = st.one_of(
    st.text(max_size=12),
    st.integers(min_value=-(10**6), max_value=10**6).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.from_regex(r"[0-9]{1,2}:[0-9]{1,2}", fullmatch=True),
    st.sampled_from(["aa", "na,AA", "W,EN", "online", "1", "true", "", " "]),
)


@settings(
    max_examples=200,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(query=st.dictionaries(st.sampled_from(SEARCH_PARAMS), values, max_size=4))
def test_any_parameters_give_200_or_a_400_naming_them(client, spec, two_meetings, query):
    response = client.get(LIST, query_string=query)
    assert response.status_code in (200, 400), query
    body = assert_documented(spec, response, LIST)
    if response.status_code == 400:
        named = set(query) | ({"lat", "lng"} if {"lat", "lng"} & set(query) else set())
        assert body["errors"]
        assert set(body["errors"]) <= named, (query, body["errors"])
