"""The probe's inputs that gave 500s now get a 4xx naming the field: deeply nested and oversized
JSON, lone UTF-16 surrogates, control characters and line breaks in names, CR/LF in ``?next=``."""

from __future__ import annotations

import json
import uuid

import pytest
import sqlalchemy as sa

from peerapp.extensions import db
from peerapp.models import Meeting, Place
from tests.factories import PASSWORD
from tests.support.auth import form_token, session_client


def post_json(client, path: str, text: str, token: str | None = None, **headers: str):
    if token:
        headers["X-CSRFToken"] = token
    return client.post(path, data=text, content_type="application/json", headers=headers)


DEEP = "[" * 20_000 + "]" * 20_000  # 40 kB: small, but deeper than Python's parser goes


@pytest.mark.parametrize("path", ["/api/v1/session", "/api/v1/accounts"])
def test_deeply_nested_json_is_a_400_before_signing_in(client, path):
    answer = post_json(client, path, DEEP)

    assert answer.status_code == 400
    assert answer.mimetype == "application/problem+json"
    assert answer.get_json()["detail"] == "JSON-en er nøstet for dypt."


@pytest.mark.parametrize("path", ["/api/v1/places", "/api/v1/meetings", "/api/v1/checkins"])
def test_deeply_nested_json_is_a_400_when_signed_in(app, user_factory, path):
    phone, token = session_client(app, user_factory(role="peer"))

    answer = post_json(phone, path, '{"name": ' + DEEP + "}", token)

    assert answer.status_code == 400
    assert answer.get_json()["detail"] == "JSON-en er nøstet for dypt."


def test_nesting_is_counted_outside_strings_only(client, user_factory):
    user_factory(username="brakett")
    body = json.dumps({"username": "brakett", "password": "[" * 100})

    assert post_json(client, "/api/v1/session", body).status_code == 401  # wrong password


def test_a_json_body_over_the_limit_is_a_413(client):
    big = json.dumps({"username": "x", "password": "p" * 200_000})

    answer = post_json(client, "/api/v1/session", big)

    assert answer.status_code == 413
    assert answer.mimetype == "application/problem+json"


def test_a_lone_surrogate_at_login_is_a_400_naming_the_field(client):
    body = '{"username": "kari\\ud800", "password": "whatever-it-is"}'

    answer = post_json(client, "/api/v1/session", body)

    assert answer.status_code == 400
    assert list(answer.get_json()["errors"]) == ["username"]


def test_a_lone_surrogate_in_a_check_in_note_is_a_400_and_nothing_is_kept(app, user_factory):
    from peerapp.models import CheckIn

    phone, token = session_client(app, user_factory(role="client"))
    consent = phone.post(
        "/api/v1/me/consent", json={"scope": "checkins"}, headers={"X-CSRFToken": token}
    )
    assert consent.status_code == 201
    body = '{"mood": 3, "note": "en tung dag \\udc80"}'

    answer = post_json(
        phone, "/api/v1/checkins", body, token, **{"Idempotency-Key": uuid.uuid4().hex}
    )

    assert answer.status_code == 400
    assert list(answer.get_json()["errors"]) == ["note"]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CheckIn)) == 0


NEW_MEETING = {
    "name": "Tirsdagsgruppa",
    "fellowship": "na",
    "day": 2,
    "time": "19:00",
    "timezone": "Europe/Oslo",
    "attendance_option": "in_person",
    "location": {"name": "Kirkestua", "address": "Storgata 1", "city": "Oslo"},
}


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("Tirsdags\r\ngruppa", "Keep this on one line."),
        ("Tirsdags\ngruppa", "Keep this on one line."),
        ("Tirsdags\u2028gruppa", "Keep this on one line."),
        ("Tirsdags\tgruppa", "Remove the invisible control character from this text."),
        ("Tirsdags\x1bgruppa", "Remove the invisible control character from this text."),
        ("Tirsdags\x85gruppa", "Remove the invisible control character from this text."),
    ],
)
def test_a_listing_name_with_a_control_character_is_refused(app, user_factory, name, message):
    phone, token = session_client(app, user_factory(role="peer"))
    body = json.dumps({**NEW_MEETING, "name": name})

    answer = post_json(phone, "/api/v1/meetings?lang=en", body, token)

    assert answer.status_code == 400
    assert answer.get_json()["errors"] == {"name": message}
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Meeting)) == 0


def test_notes_keep_their_line_breaks(app, user_factory):
    phone, token = session_client(app, user_factory(role="peer"))
    body = json.dumps({**NEW_MEETING, "notes": "Inngang fra baksiden.\r\nRing på."})

    answer = post_json(phone, "/api/v1/meetings", body, token)

    assert answer.status_code == 201, answer.get_json()


def test_a_nested_field_is_named_by_its_path(app, user_factory):
    phone, token = session_client(app, user_factory(role="peer"))
    location = {**NEW_MEETING["location"], "city": "Os\nlo"}
    body = json.dumps({**NEW_MEETING, "location": location})

    answer = post_json(phone, "/api/v1/meetings", body, token)

    assert list(answer.get_json()["errors"]) == ["location.city"]


def test_a_place_form_with_a_line_break_in_its_name_is_a_400_page(app, user_factory):
    phone, _ = session_client(app, user_factory(role="peer"))
    token = form_token(phone, "/places/new?lang=en")

    answer = phone.post(
        "/places/new?lang=en",
        data={"csrf_token": token, "name": "Kafé\r\nLys", "kind": "cafe", "city": "Bodø"},
    )

    assert answer.status_code == 400
    assert "holds a line break" in answer.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Place)) == 0


def test_a_calendar_file_survives_a_name_with_a_line_break_stored_earlier(client, meeting_factory):
    meeting = meeting_factory(name="Gammel\r\nrad")  # from a feed or before names were checked

    answer = client.get(f"/meetings/{meeting.id}.ics")

    assert answer.status_code == 200
    assert "SUMMARY:Gammel rad" in answer.get_data(as_text=True)


@pytest.mark.parametrize("target", ["/account\r\nSet-Cookie: x=1", "/account\nX: 1", "/a\rb"])
def test_cr_lf_in_next_after_signing_in_goes_home(client, user_factory, target):
    user = user_factory(role="client")
    token = form_token(client, "/login")

    answer = client.post(
        "/login",
        query_string={"next": target},
        data={"username": user.username, "password": PASSWORD, "csrf_token": token},
    )

    assert answer.status_code in (302, 303), answer.status_code
    location = answer.headers["Location"]
    assert "\r" not in location and "\n" not in location and "Set-Cookie" not in location
    assert not any(name.lower() == "x" for name, _ in answer.headers)


def test_a_list_where_a_status_belongs_is_a_400(app, world):
    """Found by the property test: a closed vocabulary's check crashed on a list."""
    staff, token = session_client(app, world["users"]["clinic"])
    path = f"/api/v1/readmission-requests/{world['ids']['request']}/events"

    answer = post_json(staff, path, '{"status": [], "admission_at": []}', token)

    assert answer.status_code == 400
    assert "status" in answer.get_json()["errors"]
