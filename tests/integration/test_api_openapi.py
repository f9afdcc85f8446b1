"""GET /api/openapi.json: a valid OpenAPI 3.1 document that describes every API route there is."""

from __future__ import annotations

import re
from typing import Any

import pytest
from openapi_spec_validator import validate

from peerapp.services.meetings.vocabulary import ATTENDANCE_OPTIONS, FELLOWSHIPS, MEETING_TYPES
from tests.integration.openapi_validation import assert_documented, validate_schema


@pytest.fixture
def spec(client) -> dict[str, Any]:
    """The OpenAPI document as the app serves it."""
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    return response.get_json()


def test_document_is_valid_openapi_3_1(spec):
    assert spec["openapi"] == "3.1.0"
    validate(spec)


def test_document_describes_itself(client, spec):
    assert_documented(spec, client.get("/api/openapi.json"), "/api/openapi.json")


def test_every_api_route_and_the_health_check_are_described(app, spec):
    served = {
        re.sub(r"<(?:[^:>]+:)?([^>]+)>", r"{\1}", rule.rule)
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/")
    }
    assert served | {"/healthz"} == set(spec["paths"])
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            assert operation["summary"] and operation["operationId"], (method, path)


def test_health_check_matches_its_description(client, spec):
    response = client.get("/healthz")
    assert assert_documented(spec, response, "/healthz") == {"status": "ok"}


def test_vocabularies_come_from_the_code(spec):
    parameters = spec["components"]["parameters"]
    assert parameters["fellowship"]["schema"]["items"]["enum"] == list(FELLOWSHIPS)
    assert parameters["types"]["schema"]["items"]["enum"] == list(MEETING_TYPES)
    assert parameters["attendance"]["schema"]["enum"] == list(ATTENDANCE_OPTIONS)
    meeting = spec["components"]["schemas"]["Meeting"]["properties"]
    assert meeting["fellowship"]["enum"] == list(FELLOWSHIPS)


def test_search_parameters_state_their_limits(spec):
    parameters = spec["components"]["parameters"]
    ranges = {
        name: (schema.get("minimum"), schema.get("maximum"), schema.get("default"))
        for name, schema in ((n, p["schema"]) for n, p in parameters.items())
    }
    assert ranges["radius_km"] == (0.1, 500, 25)
    assert ranges["limit"] == (1, 100, 20)
    assert ranges["day"] == (0, 6, None)
    assert ranges["lat"][:2] == (-90, 90)
    assert ranges["lng"][:2] == (-180, 180)
    hhmm = re.compile(parameters["from"]["schema"]["pattern"])
    assert hhmm.match("00:00") and hhmm.match("23:59")
    assert not hhmm.match("24:00") and not hhmm.match("9:30")


def test_errors_and_login_are_declared(spec):
    components = spec["components"]
    cookie = components["securitySchemes"]["cookieAuth"]
    assert (cookie["type"], cookie["in"], cookie["name"]) == ("apiKey", "cookie", "__Host-peerapp")
    listing = spec["paths"]["/api/v1/meetings"]["get"]["responses"]["400"]
    assert listing == {"$ref": "#/components/responses/BadRequest"}
    bad_request = components["responses"]["BadRequest"]["content"]
    assert list(bad_request) == ["application/problem+json"]
    one = spec["paths"]["/api/v1/meetings/{meeting_id}"]["get"]["responses"]["404"]
    assert one == {"$ref": "#/components/responses/NotFound"}


def test_the_checker_itself_rejects_what_the_document_forbids(spec):
    problem = {"type": "about:blank", "title": "Bad", "status": 400, "detail": "Bad"}
    validate_schema(spec, "Problem", problem)
    with pytest.raises(AssertionError, match="errors/day"):
        validate_schema(spec, "Problem", {**problem, "errors": {"day": 9}})
    listing = {"meetings": [{"id": 1}], "total": 1, "next_cursor": None}
    with pytest.raises(AssertionError, match="'slug' is a required property"):
        validate_schema(spec, "MeetingList", listing)
    validate_schema(spec, "Meeting", _a_meeting())
    with pytest.raises(AssertionError, match="is not a 'date-time'"):
        validate_schema(spec, "Meeting", _a_meeting() | {"next_start": "tomorrow"})
    with pytest.raises(AssertionError, match="does not match"):
        validate_schema(spec, "Meeting", _a_meeting() | {"time": "7pm"})


def _a_meeting() -> dict[str, Any]:
    """A Meeting body that is valid but for what a test changes."""
    return {
        "id": 1,
        "slug": "s",
        "name": "n",
        "fellowship": "aa",
        "day": 0,
        "time": "19:00",
        "end_time": "20:00",
        "timezone": "Europe/Oslo",
        "types": [],
        "attendance_option": "in_person",
        "conference_url": None,
        "conference_phone": None,
        "notes": None,
        "location": {
            k: None
            for k in (
                "name",
                "address",
                "city",
                "postal_code",
                "region",
                "country",
                "latitude",
                "longitude",
            )
        },
        "updated": "2026-11-22T08:00:00+00:00",
        "verified_at": None,
        "url": "http://localhost/meetings/1",
    }
