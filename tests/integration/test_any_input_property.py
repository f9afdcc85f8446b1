"""Property: whatever the whole JSON API (every operation in /api/openapi.json) and every form
are sent, by a visitor or any role, the answer is a 2xx or a 4xx (forms: or a redirect), never
a 500. Bodies are shaped like the operation's schema or not at all, with hostile text: lone
surrogates, control characters, line breaks, huge and deeply nested values."""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support.auth import form_token, session_client

ROLES = ("visitor", "client", "peer", "clinic", "admin")
API_EXAMPLES = 300
FORM_EXAMPLES = 200

HOSTILE_TEXT = [
    "\ud800",
    "a\udfffb",
    "\x00",
    "a\r\nSet-Cookie: x=1",
    "line\nbreak",
    "\x1b[31mred",
    "\u2028",
    "\x85",
    "\t",
    "\ufeff",
    "🙂" * 50,
    "x" * 5000,
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "../../etc/passwd",
    "%0d%0a",
    "2130706433",
    "https://127.0.0.1/push",
    "https://[::ffff:127.0.0.1]/",
    "1e309",
    "-1",
    "",
    " ",
]
#: field names the forms read (templates, form classes, listing macros) and the API's
FORM_FIELDS = sorted(
    set(
        "about address attendance attendance_option availability body callback_phone channel "
        "choice city code conference_phone conference_url craving current_password date day "
        "description display_name done duration end_time evening fellowship fellowships from key "
        "kind language languages lat latitude lng location_name longitude max_stay_days meeting "
        "message min_days_between mood morning name new_password new_password_again next note "
        "notes now open_now openness password password_again paused phone postal_code "
        "push_endpoint q radius_km reason region regions scope share sleep_hours started_on "
        "status time timezone to types url username valid_until venue version visible "
        "where".split()
    )
)
#: how a path parameter is filled: a real object's id (set per test) or something else
ODD_IDS = ["0", "-1", "99999999999999999999", "abc", "%E2%80%A8", "..%2f", "1.5"]

hostile = st.sampled_from(HOSTILE_TEXT)
text = st.one_of(
    hostile,
    hostile,
    hostile,  # most often: these are what broke before
    st.text(max_size=20),
    st.text(st.characters(categories=["Cc", "Cs", "Zl", "Zp", "Cf"]), min_size=1, max_size=5),
)
scalar = st.one_of(
    text,
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(),
    st.booleans(),
    st.none(),
)
json_value = st.recursive(
    scalar,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(text, inner, max_size=3),
    max_leaves=8,
)
raw_body = st.sampled_from(
    ["[" * 5000 + "]" * 5000, '{"a":' * 3000, "{", "\xff\xfe", "NaN", '"\\ud800"', ""]
)


def body_for(properties: dict[str, Any]) -> st.SearchStrategy[str]:
    """A request body as text: schema-shaped with hostile values, any JSON, or not JSON."""
    every_field = st.fixed_dictionaries({name: text for name in properties})
    some_fields = st.fixed_dictionaries({}, optional={name: json_value for name in properties})
    return st.one_of(
        every_field.map(json.dumps),
        every_field.map(json.dumps),  # most often: text in every field reaches the rules
        some_fields.map(json.dumps),
        json_value.map(json.dumps),
        raw_body,
    )


def _resolve(spec: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    """A schema with its ``$ref`` followed (one level, as the API's bodies need)."""
    ref = schema.get("$ref")
    if ref:
        return _resolve(spec, spec["components"]["schemas"][ref.rsplit("/", 1)[-1]])
    for key in ("anyOf", "oneOf", "allOf"):
        if key in schema:
            merged: dict[str, Any] = {}
            for part in schema[key]:
                merged.update(_resolve(spec, part).get("properties", {}))
            return {"properties": merged}
    return schema


def api_operations(spec: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    """Every (method, path, body properties) the OpenAPI document describes."""
    found = []
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            content = operation.get("requestBody", {}).get("content", {})
            schema = content.get("application/json", {}).get("schema", {})
            properties = _resolve(spec, schema).get("properties", {}) if schema else {}
            found.append((method.upper(), path, properties))
    return found


@pytest.fixture
def everyone(app, world, user_factory, clinic_factory, vapid):
    """A way to get a fresh client and CSRF token for each role, and ids to fill paths with.

    Push is set up (else its key is a documented 503). An example may erase an account (an
    admin may, and so may its owner): the next example asking for that role gets a new one.
    """
    from peerapp.extensions import db
    from peerapp.models import User

    users = dict(world["users"])

    def client_for(role: str) -> tuple[Any, str]:
        if role == "visitor":
            client = app.test_client()
            return client, form_token(client, "/login")
        db.session.rollback()
        if db.session.get(User, users[role].id) is None:
            clinic = clinic_factory() if role in ("client", "clinic") else None
            users[role] = user_factory(role=role, clinic=clinic)
        return session_client(app, users[role])

    ids = [str(value) for value in world["ids"].values()]
    return client_for, ids


@pytest.fixture
def operations(client):
    """The API's operations, read once from its OpenAPI document."""
    return api_operations(client.get("/api/openapi.json").get_json())


def _fill(path: str, draw: Any, ids: list[str]) -> str:
    """The path with each ``{param}`` or ``<converter:param>`` filled in."""
    fill = st.sampled_from(ids) | st.sampled_from(ODD_IDS)
    return re.sub(r"\{[^}]+\}|<[^>]+>", lambda _m: draw(fill), path)


@settings(
    max_examples=API_EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_the_json_api_answers_any_input_with_a_2xx_or_4xx(operations, everyone, data):
    method, template, properties = data.draw(st.sampled_from(operations), label="operation")
    role = data.draw(st.sampled_from(ROLES), label="role")
    client_for, ids = everyone
    asker, token = client_for(role)
    path = _fill(template, data.draw, ids)
    query = data.draw(st.dictionaries(st.sampled_from(FORM_FIELDS), text, max_size=3))
    headers = {"X-CSRFToken": token, "Idempotency-Key": data.draw(text)}
    body = data.draw(body_for(properties)) if method != "GET" else None

    answer = asker.open(
        path,
        method=method,
        query_string=wire(query),
        data=body,
        content_type="application/json" if body is not None else None,
        headers={k: v for k, v in headers.items() if _header_safe(v)},
    )

    assert 200 <= answer.status_code < 300 or 400 <= answer.status_code < 500, (
        method,
        path,
        role,
        answer.status_code,
    )


def wire(fields: dict[str, str]) -> str:
    """Fields URL-encoded as a hostile client would send them: a surrogate as its raw bytes."""
    return urlencode({k: v.encode("utf-8", "surrogatepass") for k, v in fields.items()})


def _header_safe(value: str) -> bool:
    """Whether a test client can send the value as a header at all (latin-1, one line)."""
    try:
        value.encode("latin-1")
    except UnicodeEncodeError:
        return False
    return "\r" not in value and "\n" not in value


def form_routes(app: Any) -> list[str]:
    """Every page that takes a POST (forms), by its rule."""
    return sorted(
        rule.rule
        for rule in app.url_map.iter_rules()
        if "POST" in (rule.methods or ()) and not rule.rule.startswith(("/api/", "/static"))
    )


@settings(
    max_examples=FORM_EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_every_form_answers_any_input_without_a_500(app, everyone, data):
    rule = data.draw(st.sampled_from(form_routes(app)), label="form")
    role = data.draw(st.sampled_from(ROLES), label="role")
    client_for, ids = everyone
    asker, token = client_for(role)
    fields = data.draw(st.dictionaries(st.sampled_from(FORM_FIELDS), text, max_size=6))
    query = data.draw(st.dictionaries(st.sampled_from(["next", "lang", "q"]), text, max_size=2))

    answer = asker.post(
        _fill(rule, data.draw, ids),
        query_string=wire(query),
        data=wire({**fields, "csrf_token": token}),
        content_type="application/x-www-form-urlencoded",
    )

    assert answer.status_code < 500, (rule, role, answer.status_code)
    location = answer.headers.get("Location", "")
    assert "\r" not in location and "\n" not in location
