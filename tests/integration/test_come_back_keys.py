"""Come-back keys: a signed-out phone sends the request to come back with its key, once per
Idempotency-Key; the key opens nothing else, and stops when removed or when the enrolment ends."""

from __future__ import annotations

import uuid

import pytest
import sqlalchemy as sa

from peerapp.extensions import db
from peerapp.models import ComeBackKey, ReadmissionRequest
from tests.factories import PASSWORD
from tests.integration.openapi_validation import validate_response
from tests.support.auth import form_token, session_client

TAP = "/api/v1/readmission-requests"
KEYS = "/api/v1/me/come-back-keys"


@pytest.fixture
def spec(client):
    return client.get("/api/openapi.json").get_json()


@pytest.fixture
def clinic(clinic_factory):
    return clinic_factory(name="Klinikk Sør", phone="+47 22 00 00 00")


@pytest.fixture
def client_user(user_factory, clinic):
    return user_factory(role="client", clinic=clinic)


@pytest.fixture
def key(app, client_user, spec):
    """A come-back key made from My account over the API: its secret."""
    browser, token = session_client(app, client_user)
    made = browser.post(KEYS, json={"name": "Telefonen"}, headers={"X-CSRFToken": token})
    assert made.status_code == 201
    validate_response(spec, KEYS, "post", 201, made.get_json())
    return made.get_json()["key"]


def _tap(app, secret: str, idempotency_key: str | None = None):
    phone = app.test_client()  # signed out: no cookie at all
    headers = {"Authorization": f"Bearer {secret}"}
    if idempotency_key != "":
        headers["Idempotency-Key"] = idempotency_key or uuid.uuid4().hex
    return phone.post(TAP, json={}, headers=headers)


def _requests() -> int:
    db.session.commit()
    return db.session.scalar(sa.select(sa.func.count()).select_from(ReadmissionRequest))


def test_a_signed_out_phone_sends_the_request_once_per_key(app, key, client_user, clinic, spec):
    stored = db.session.scalars(sa.select(ComeBackKey)).one()
    assert key not in stored.key_hash and len(key) >= 40  # 256 random bits, kept as a hash

    first = _tap(app, key, "tap-1")
    assert first.status_code == 201
    validate_response(spec, TAP, "post", 201, first.get_json())
    assert first.get_json()["clinic"]["name"] == "Klinikk Sør"
    again = _tap(app, key, "tap-1")
    assert again.status_code == 200 and again.get_json()["id"] == first.get_json()["id"]
    assert _requests() == 1
    request = db.session.get(ReadmissionRequest, first.get_json()["id"])
    assert (request.client_id, request.clinic_id) == (client_user.id, clinic.id)
    second_tap = _tap(app, key)
    assert second_tap.status_code == 200 and second_tap.get_json()["already_open"] is True
    assert _tap(app, key, "").status_code == 400  # the Idempotency-Key is required


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", TAP),
        ("get", "/api/v1/meetings"),
        ("get", "/api/v1/session"),
        ("post", "/api/v1/checkins"),
        ("get", "/api/v1/me/export"),
        ("post", KEYS),
        ("get", "/account"),
        ("get", "/checkin"),
    ],
)
def test_the_key_opens_nothing_else(app, key, method, path):
    phone = app.test_client()
    answer = getattr(phone, method)(
        path, headers={"Authorization": f"Bearer {key}", "Idempotency-Key": "x"}, json={}
    )
    assert answer.status_code in (401, 403)
    assert answer.headers["WWW-Authenticate"].startswith("Bearer")
    assert _requests() == 0


def test_an_unknown_key_is_refused(app, key):
    answer = _tap(app, key[:-2] + "xx")
    assert answer.status_code == 401
    assert answer.get_json()["type"].endswith("come-back-key-refused")
    assert _tap(app, "not-a-key").status_code == 401


def test_a_key_taken_off_in_my_account_stops_working(app, key, client_user):
    browser, _token = session_client(app, client_user)
    key_id = db.session.scalars(sa.select(ComeBackKey.id)).one()
    page = browser.get("/account").get_data(as_text=True)
    assert "Telefonen" in page
    token = form_token(browser, "/account")
    removed = browser.post(f"/account/come-back-keys/{key_id}/remove", data={"csrf_token": token})
    assert removed.status_code == 303
    assert _tap(app, key).status_code == 401
    assert _requests() == 0


def test_the_clinic_takes_a_key_off_a_lost_phone(app, key, client_user, clinic, user_factory):
    nurse = user_factory(role="clinic", clinic=clinic)
    browser, _ = session_client(app, nurse)
    key_id = db.session.scalars(sa.select(ComeBackKey.id)).one()
    page = browser.get(f"/clinic/clients/{client_user.id}/access")
    assert page.status_code == 200 and "Telefonen" in page.get_data(as_text=True)
    token = form_token(browser, f"/clinic/clients/{client_user.id}/access")
    removed = browser.post(
        f"/clinic/clients/{client_user.id}/come-back-keys/{key_id}/remove",
        data={"csrf_token": token},
    )
    assert removed.status_code == 303
    assert _tap(app, key).status_code == 401


def test_another_clinic_sees_no_keys(app, key, client_user, user_factory, clinic_factory):
    stranger = user_factory(role="clinic", clinic=clinic_factory())
    browser, _ = session_client(app, stranger)
    assert browser.get(f"/clinic/clients/{client_user.id}/access").status_code == 404


def test_the_key_ends_with_the_enrolment(app, key, client_user, clinic_factory):
    db.session.execute(sa.update(type(client_user)).values(clinic_id=clinic_factory().id))
    db.session.commit()
    assert _tap(app, key).status_code == 401  # enrolled elsewhere now
    db.session.execute(sa.update(type(client_user)).values(clinic_id=None))
    db.session.commit()
    assert _tap(app, key).status_code == 401  # not enrolled at all
    assert _requests() == 0


def test_only_an_enrolled_client_may_keep_the_button(app, user_factory):
    loose = user_factory(role="client")
    browser, token = session_client(app, loose)
    answer = browser.post(KEYS, json={}, headers={"X-CSRFToken": token})
    assert answer.status_code == 409
    peer = user_factory(role="peer")
    browser, token = session_client(app, peer)
    assert browser.post(KEYS, json={}, headers={"X-CSRFToken": token}).status_code == 403


def test_keys_are_listed_without_their_secret(app, key, client_user, spec):
    browser, _ = session_client(app, client_user)
    listed = browser.get(KEYS)
    assert listed.status_code == 200
    validate_response(spec, KEYS, "get", 200, listed.get_json())
    (only,) = listed.get_json()["come_back_keys"]
    assert only["name"] == "Telefonen" and "key" not in only


def test_the_bearer_path_is_documented(spec):
    operation = spec["paths"][TAP]["post"]
    assert {"comeBackKey": []} in operation["security"]
    assert spec["components"]["securitySchemes"]["comeBackKey"]["scheme"] == "bearer"


def test_my_data_lists_the_keys_and_erasing_the_account_ends_them(app, key, client_user):
    browser, token = session_client(app, client_user)
    exported = browser.get("/api/v1/me/export").get_json()
    assert [k["name"] for k in exported["come_back_keys"]] == ["Telefonen"]
    assert key not in str(exported)
    erased = browser.delete(
        "/api/v1/me", json={"password": PASSWORD}, headers={"X-CSRFToken": token}
    )
    assert erased.status_code in (200, 204)
    db.session.commit()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ComeBackKey)) == 0
    assert _tap(app, key).status_code == 401
