"""The session API as an integrator uses it: log in, the CSRF token, log out, register."""

from __future__ import annotations

import threading

import pyotp
import pytest
import sqlalchemy as sa

from peerapp.extensions import db
from peerapp.models import User, UserSession
from tests.factories import PASSWORD, TOTP_SECRETS
from tests.integration.openapi_validation import validate_response
from tests.support.auth import api_login, current_code


@pytest.fixture
def spec(client):
    return client.get("/api/openapi.json").get_json()


def test_client_logs_in_and_out_with_the_documented_answers(client, user_factory, spec):
    user = user_factory(role="client", username="Kari")
    response = client.post("/api/v1/session", json={"username": "kari", "password": PASSWORD})
    assert response.status_code == 200
    validate_response(spec, "/api/v1/session", "post", 200, response.get_json())
    body = response.get_json()
    assert body["user"] == {
        "id": user.id,
        "username": "Kari",
        "role": "client",
        "clinic": None,
        "second_factor": False,
    }
    token = body["csrf_token"]
    assert client.get("/api/v1/session").status_code == 200
    assert client.delete("/api/v1/session").status_code == 403  # no CSRF header
    assert client.delete("/api/v1/session", headers={"X-CSRFToken": token}).status_code == 204
    after = client.get("/api/v1/session")
    assert after.status_code == 401
    assert after.get_json()["type"].endswith("login-required")


def test_wrong_password_and_unknown_user_answer_the_same(client, user_factory, spec):
    user_factory(username="anna")
    wrong = client.post("/api/v1/session", json={"username": "anna", "password": "nope" * 4})
    unknown = client.post("/api/v1/session", json={"username": "nobody", "password": PASSWORD})
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.get_json() == unknown.get_json()
    validate_response(
        spec, "/api/v1/session", "post", 401, wrong.get_json(), "application/problem+json"
    )


def test_staff_need_a_current_code_and_a_code_works_once(client, clinic_factory, user_factory):
    staff = user_factory(role="clinic", clinic=clinic_factory())
    without = client.post(
        "/api/v1/session", json={"username": staff.username, "password": PASSWORD}
    )
    assert without.status_code == 401
    assert without.get_json()["type"].endswith("otp-required")
    code = current_code(staff.username)
    body = {"username": staff.username, "password": PASSWORD, "otp": code}
    first = client.post("/api/v1/session", json=body)
    assert first.status_code == 200
    assert first.get_json()["user"]["clinic"]["slug"] == staff.clinic.slug
    replay = client.application.test_client().post("/api/v1/session", json=body)
    assert replay.status_code == 401
    assert replay.get_json()["type"].endswith("otp-invalid")


def test_staff_without_a_second_factor_must_enrol_on_the_web(client, user_factory):
    admin = user_factory(role="admin", totp=False)
    response = client.post(
        "/api/v1/session", json={"username": admin.username, "password": PASSWORD}
    )
    assert response.status_code == 403
    assert response.get_json()["type"].endswith("totp-enrolment-required")


def test_a_peer_may_add_a_second_factor_and_then_needs_it(client, user_factory):
    peer = user_factory(role="peer", totp=True)
    response = client.post(
        "/api/v1/session", json={"username": peer.username, "password": PASSWORD}
    )
    assert response.get_json()["type"].endswith("otp-required")
    secret = TOTP_SECRETS[peer.username]
    assert pyotp.TOTP(secret).now()  # a real secret the authenticator app would use
    api_login(client, peer)


def test_logout_ends_the_session_on_the_server_so_a_copied_cookie_fails(app, user_factory):
    user = user_factory()
    phone = app.test_client()
    token = api_login(phone, user)
    cookie = phone.get_cookie("peerapp")
    thief = app.test_client()
    thief.set_cookie("peerapp", cookie.value)
    assert thief.get("/api/v1/session").status_code == 200  # the copy works while it lives
    phone.delete("/api/v1/session", headers={"X-CSRFToken": token})
    assert thief.get("/api/v1/session").status_code == 401
    assert db.session.scalar(sa.select(sa.func.count()).select_from(UserSession)) == 0


def test_changing_the_password_ends_every_other_session(app, user_factory, spec):
    user = user_factory()
    laptop, phone = app.test_client(), app.test_client()
    token = api_login(laptop, user)
    api_login(phone, user)
    old_cookie = laptop.get_cookie("peerapp").value
    response = laptop.post(
        "/api/v1/me/password",
        json={"current_password": PASSWORD, "new_password": "a brand new passphrase"},
        headers={"X-CSRFToken": token},
    )
    assert response.status_code == 200, response.get_json()
    validate_response(spec, "/api/v1/me/password", "post", 200, response.get_json())
    assert laptop.get("/api/v1/session").status_code == 200  # a new session here
    assert laptop.get_cookie("peerapp").value != old_cookie
    assert phone.get("/api/v1/session").status_code == 401  # the other one ended
    again = app.test_client().post(
        "/api/v1/session", json={"username": user.username, "password": "a brand new passphrase"}
    )
    assert again.status_code == 200


def test_a_wrong_current_password_changes_nothing(client, user_factory):
    user = user_factory()
    token = api_login(client, user)
    before = db.session.scalar(sa.select(User.password_hash).where(User.id == user.id))
    response = client.post(
        "/api/v1/me/password",
        json={"current_password": "not it at all", "new_password": "a brand new passphrase"},
        headers={"X-CSRFToken": token},
    )
    assert response.status_code == 400
    assert "current_password" in response.get_json()["errors"]
    db.session.expire_all()
    assert db.session.scalar(sa.select(User.password_hash).where(User.id == user.id)) == before


def test_register_a_client_with_only_a_pseudonym(client, spec):
    response = client.post(
        "/api/v1/accounts", json={"username": "Morgenfugl", "password": "tolv tegn minst"}
    )
    assert response.status_code == 201, response.get_json()
    validate_response(spec, "/api/v1/accounts", "post", 201, response.get_json())
    assert response.get_json()["user"]["role"] == "client"
    assert client.get("/api/v1/session").status_code == 200
    taken = client.application.test_client().post(
        "/api/v1/accounts", json={"username": "MORGENFUGL", "password": "tolv tegn minst"}
    )
    assert taken.status_code == 400
    assert "username" in taken.get_json()["errors"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"username": "ab", "password": "long enough pass"}, "username"),
        ({"username": "ok name", "password": "short"}, "password"),
        ({"username": "ok name", "password": "x" * 300}, "password"),
        ({"username": "bad<name>", "password": "long enough pass"}, "username"),
        ({"username": 5, "password": "long enough pass"}, "username"),
    ],
)
def test_registration_refuses_bad_input_with_the_field_named(client, body, field):
    response = client.post("/api/v1/accounts", json=body)
    assert response.status_code == 400
    assert field in response.get_json()["errors"]


def test_an_overlong_password_is_refused_before_hashing(client, user_factory):
    user_factory(username="lang")
    response = client.post("/api/v1/session", json={"username": "lang", "password": "x" * 100_000})
    assert response.status_code == 401


def test_api_writes_must_be_json(client):
    response = client.post(
        "/api/v1/session",
        data="username=a&password=b",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 415
    assert response.mimetype == "application/problem+json"


def test_a_body_over_the_cap_is_413(client):
    response = client.post(
        "/api/v1/session", data="x" * (2 * 1024 * 1024), content_type="application/json"
    )
    assert response.status_code == 413


def test_one_code_sent_twice_at_once_signs_in_only_once(app, clinic_factory, user_factory):
    staff = user_factory(role="clinic", clinic=clinic_factory())
    body = {"username": staff.username, "password": PASSWORD, "otp": current_code(staff.username)}
    statuses: list[int] = []

    def attempt() -> None:
        statuses.append(app.test_client().post("/api/v1/session", json=body).status_code)

    threads = [threading.Thread(target=attempt) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [200, 401, 401, 401]
