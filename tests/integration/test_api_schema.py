"""The OpenAPI document is generated from the routes and their body models: every route is in it,
and each request body schema refuses what its endpoint refuses."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.integration.openapi_validation import _check
from tests.support.auth import session_client
from tests.support.helpservices import make_service

LOCATION = {"name": "Huset", "city": "Oslo", "latitude": 59.91, "longitude": 10.75}

#: (method, documented path, role of the sender, a body the endpoint refuses, the field it names)
REFUSED: list[tuple[str, str, str | None, Any, str]] = [
    ("post", "/api/v1/session", None, {"username": 5, "password": "p"}, "username"),
    ("post", "/api/v1/accounts", None, {"username": ["x"], "password": "p"}, "username"),
    ("post", "/api/v1/me/password", "client", {"current_password": 1}, "current_password"),
    ("post", "/api/v1/password-reset", None, {"username": 5, "code": "c"}, "username"),
    ("post", "/api/v1/me/come-back-keys", "client", {"name": 5}, "name"),
    ("post", "/api/v1/me/consent", "client", {"scope": "everything"}, "scope"),
    ("delete", "/api/v1/me/consent", "client", {"scope": "everything"}, "scope"),
    ("post", "/api/v1/checkins", "client", [1], "body"),
    ("put", "/api/v1/me/plan", "client", {"contacts": "Kari"}, "contacts"),
    (
        "post",
        "/api/v1/me/plan/appointments",
        "client",
        {"what": "Fastlege", "starts_at": 5},
        "starts_at",
    ),
    ("post", "/api/v1/readmission-requests", "client", [1], "body"),
    ("post", "/api/v1/companion-requests", "client", [1], "body"),
    ("post", "/api/v1/events", "peer", [1], "body"),
    ("patch", "/api/v1/events/{event_id}", "peer", [1], "body"),
    ("post", "/api/v1/companion-requests/{request_id}/cancel", "client", [1], "body"),
    ("post", "/api/v1/companion-requests/{request_id}/outcome", "client", [1], "body"),
    (
        "post",
        "/api/v1/readmission-requests/{request_id}/events",
        "client",
        {"status": "x"},
        "status",
    ),
    ("post", "/api/v1/enrolments", "clinic", {"max_stay_days": "ten"}, "max_stay_days"),
    ("post", "/api/v1/me/enrolment", "client", {"code": 5}, "code"),
    ("post", "/api/v1/push-subscriptions", "client", {"endpoint": 5, "keys": {}}, "endpoint"),
    ("delete", "/api/v1/push-subscriptions", "client", {"endpoint": 5}, "endpoint"),
    (
        "post",
        "/api/v1/contact-requests",
        "client",
        {"message": "Hei", "channel": "pigeon"},
        "channel",
    ),
    (
        "post",
        "/api/v1/meetings",
        "peer",
        {"name": "Fredag", "fellowship": "aa", "day": 9, "time": "19:00"},
        "day",
    ),
    ("patch", "/api/v1/meetings/{meeting_id}", "peer", {"day": 9}, "day"),
    (
        "post",
        "/api/v1/places",
        "peer",
        {"name": "Huset", "kind": "bar", "location": LOCATION},
        "kind",
    ),
    ("patch", "/api/v1/places/{place_id}", "peer", {"kind": "bar"}, "kind"),
    ("post", "/api/v1/meetings/{meeting_id}/reports", None, {"reason": "boring"}, "reason"),
    ("post", "/api/v1/places/{place_id}/reports", None, {"reason": 5}, "reason"),
    ("post", "/api/v1/enrolment-requests", "client", {"clinic": 5}, "clinic"),
    ("post", "/api/v1/handovers/{handover_id}/confirm", "municipal", {"place": 5}, "place"),
    (
        "post",
        "/api/v1/services",
        "peer",
        {"name": "NAV", "category": "casino", "location": LOCATION},
        "category",
    ),
    ("patch", "/api/v1/services/{service_id}", "peer", {"category": "casino"}, "category"),
    ("post", "/api/v1/services/{service_id}/reports", None, {"reason": "closed"}, "reason"),
]


@pytest.fixture
def spec(client) -> dict[str, Any]:
    """The OpenAPI document as the app serves it."""
    return client.get("/api/openapi.json").get_json()


def test_every_api_route_and_method_is_in_the_document(app, spec):
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1/"):
            continue
        path = re.sub(r"<(?:[^:>]+:)?([^>]+)>", r"{\1}", rule.rule)
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            operation = spec["paths"].get(path, {}).get(method.lower())
            assert operation is not None, f"{method} {path} is not documented"
            assert operation["operationId"] and operation["summary"], (method, path)


def test_every_documented_body_has_an_example_here(spec):
    with_bodies = {
        (method, path)
        for path, operations in spec["paths"].items()
        for method, operation in operations.items()
        if "requestBody" in operation
    }
    assert with_bodies == {(method, path) for method, path, *_ in REFUSED}


def test_errors_are_problems_and_public_reads_need_no_login(spec):
    for path, operations in spec["paths"].items():
        for operation in operations.values():
            for status, answer in operation["responses"].items():
                if int(status) >= 400 and "content" in answer:
                    assert list(answer["content"]) == ["application/problem+json"], (path, status)
    assert spec["paths"]["/api/v1/meetings"]["get"]["security"] == []
    assert "security" not in spec["paths"]["/api/v1/checkins"]["post"]
    assert "X-CSRFToken" in spec["components"]["securitySchemes"]["cookieAuth"]["description"]


@pytest.mark.parametrize(("method", "path", "role", "body", "field"), REFUSED)
def test_each_body_schema_refuses_what_its_endpoint_refuses(
    app,
    spec,
    user_factory,
    clinic_factory,
    meeting_factory,
    place_factory,
    method,
    path,
    role,
    body,
    field,
):
    operation = spec["paths"][path][method]
    schema = operation["requestBody"]["content"]["application/json"]["schema"]
    with pytest.raises(AssertionError):
        _check(spec, schema["$ref"], body)

    clinic = clinic_factory()
    user = None
    if role is not None:
        user = user_factory(role=role, clinic=clinic if role in {"client", "clinic"} else None)
    browser, token = session_client(app, user)
    url = path.format(
        request_id=1,
        handover_id=1,
        meeting_id=meeting_factory().id,
        place_id=place_factory().id,
        event_id=1,
        service_id=make_service().id if "{service_id}" in path else 1,
    )
    headers = {"X-CSRFToken": token, "Idempotency-Key": "k-1", "Accept-Language": "en"}
    answer = browser.open(url, method=method.upper(), json=body, headers=headers)

    assert answer.status_code == 400, answer.get_data(as_text=True)
    assert answer.mimetype == "application/problem+json"
    problem = answer.get_json()
    assert problem["type"].endswith("validation-error")
    assert field in problem["errors"]
