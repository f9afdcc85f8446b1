"""Getting back in: recovery codes from registration and codes from the clinic reset a forgotten
password over the API and the page, once each, alike for every wrong guess, throttled like login."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from peerapp.extensions import db, utcnow
from peerapp.models import AuditEvent, Passkey, ResetCode
from peerapp.services.people import reset
from tests.factories import PASSWORD
from tests.integration.openapi_validation import validate_response
from tests.support.auth import form_token, session_client

RESET = "/api/v1/password-reset"
NEW = "a brand new long password"
CODE = re.compile(r"<code(?: data-reset-code)?>([0-9a-z-]{19,29})</code>")


def _register(client, username: str) -> list[str]:
    token = form_token(client, "/register")
    page = client.post(
        "/register",
        data={
            "username": username,
            "password": PASSWORD,
            "password_again": PASSWORD,
            "csrf_token": token,
        },
    )
    assert page.status_code == 200
    return CODE.findall(page.get_data(as_text=True))


def _reset(client, username: str, code: str, new_password: str = NEW):
    return client.post(
        RESET, json={"username": username, "code": code, "new_password": new_password}
    )


@pytest.fixture
def spec(client):
    return client.get("/api/openapi.json").get_json()


def test_registration_shows_recovery_codes_that_reset_the_password_once(app, client, spec):
    codes = _register(client, "Morgenfugl")
    assert len(codes) == reset.RECOVERY_CODES and len(set(codes)) == len(codes)
    assert all(len(code.replace("-", "")) * 5 >= 112 for code in codes)  # base32: 5 bits each
    stored = db.session.scalars(sa.select(ResetCode)).all()
    assert {row.kind for row in stored} == {"recovery"}
    assert not any(code.replace("-", "") in row.code_hash for row in stored for code in codes)
    assert len({row.salt for row in stored}) == len(stored)  # each hash has its own salt
    assert client.get("/account").status_code == 200  # signed in after registering

    done = _reset(app.test_client(), "morgenfugl", codes[0].upper().replace("-", " "))
    assert done.status_code == 204
    assert client.get("/account").status_code == 302  # the other session has ended
    session = {"username": "Morgenfugl", "password": NEW}
    assert app.test_client().post("/api/v1/session", json=session).status_code == 200
    old = {"username": "Morgenfugl", "password": PASSWORD}
    assert app.test_client().post("/api/v1/session", json=old).status_code == 401
    again = _reset(app.test_client(), "Morgenfugl", codes[0], "yet another long password")
    assert again.status_code == 400
    validate_response(spec, RESET, "post", 400, again.get_json(), "application/problem+json")
    assert (
        _reset(app.test_client(), "Morgenfugl", codes[1], "yet another long password").status_code
        == 204
    )


def test_every_wrong_combination_gets_the_same_answer(app, user_factory, clinic_factory):
    clinic = clinic_factory()
    anna = user_factory(username="anna", role="client", clinic=clinic)
    berit = user_factory(username="berit", role="client", clinic=clinic)
    staff = user_factory(role="clinic", clinic=clinic)
    berits = reset.new_recovery_codes(berit, PASSWORD, "10.0.0.1")
    annas = reset.new_recovery_codes(anna, PASSWORD, "10.0.0.1")
    _client, expired = reset.clinic_code(staff, anna.id)
    db.session.execute(
        sa.update(ResetCode).where(ResetCode.kind == "clinic").values(expires_at=utcnow())
    )
    db.session.commit()
    assert _reset(app.test_client(), "anna", annas[0]).status_code == 204
    wrongs = [
        ("nobody", annas[1]),  # no such account
        ("anna", berits[0]),  # another person's code
        ("anna", "0000-0000-0000-0000-0000-0000"),  # a made-up code
        ("anna", annas[0]),  # used already
        ("anna", expired),  # the clinic's code after its 24 hours
        ("anna", "x" * 500),  # far too long
    ]
    answers = []
    for n, (username, code) in enumerate(wrongs):
        client = app.test_client()
        client.environ_base["REMOTE_ADDR"] = f"192.0.2.{n + 1}"
        answer = _reset(client, username, code, "one more long password")
        assert answer.status_code == 400
        assert answer.mimetype == "application/problem+json"
        answers.append(answer.get_json())
    assert all(answer == answers[0] for answer in answers)
    assert answers[0]["type"].endswith("reset-refused")


def test_a_weak_new_password_is_named_without_telling_anything_of_the_account(app):
    answer = _reset(app.test_client(), "nobody", "whatever", "short")
    assert answer.status_code == 400
    assert "new_password" in answer.get_json()["errors"]


def test_guessing_is_throttled_like_login(app, user_factory):
    user = user_factory(username="carl")
    codes = reset.new_recovery_codes(user, PASSWORD, "10.0.0.2")
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = "203.0.113.50"
    for _ in range(5):
        assert _reset(client, "carl", "0000-0000-0000-0000").status_code == 400
    refused = _reset(client, "carl", codes[0])
    assert refused.status_code == 429
    assert refused.get_json()["type"].endswith("too-many-attempts")
    assert int(refused.headers["Retry-After"]) > 0
    # the right code was not spent by the refused attempt
    assert reset.recovery_codes_left(user) == reset.RECOVERY_CODES


def test_the_clinic_makes_a_code_shown_once_audited_and_good_for_24_hours(
    app, user_factory, clinic_factory
):
    clinic, other = clinic_factory(), clinic_factory()
    client = user_factory(username="dina", role="client", clinic=clinic)
    nurse = user_factory(role="clinic", clinic=clinic)
    stranger = user_factory(role="clinic", clinic=other)
    browser, _token = session_client(app, nurse)
    path = f"/clinic/clients/{client.id}/access"
    assert f'href="{path}"' in browser.get(f"/clinic/clients/{client.id}").get_data(as_text=True)
    token = form_token(browser, path)
    made = browser.post(f"/clinic/clients/{client.id}/reset-code", data={"csrf_token": token})
    assert made.status_code == 200
    code = CODE.search(made.get_data(as_text=True)).group(1)
    assert code not in browser.get(path).get_data(as_text=True)  # shown only once
    row = db.session.scalars(sa.select(ResetCode).where(ResetCode.kind == "clinic")).one()
    assert row.expires_at - row.created_at == timedelta(hours=24)
    audit = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action == "clinic.reset_code.create")
    ).one()
    assert (audit.actor_id, audit.subject_id) == (nurse.id, client.id)

    outsider, _ = session_client(app, stranger)
    token = form_token(outsider, "/clinic/enrol")
    assert (
        outsider.post(
            f"/clinic/clients/{client.id}/reset-code", data={"csrf_token": token}
        ).status_code
        == 404
    )

    assert _reset(app.test_client(), "dina", code).status_code == 204
    assert _reset(app.test_client(), "dina", code, "and another long one").status_code == 400
    log = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action == "account.password_reset")
    ).one()
    assert log.subject_id == client.id


def test_the_page_sets_a_new_password_and_says_so_on_login(app, user_factory):
    user = user_factory(username="eva")
    codes = reset.new_recovery_codes(user, PASSWORD, "10.0.0.3")
    client = app.test_client()
    token = form_token(client, "/reset-password")
    fields = {
        "username": "eva",
        "new_password": NEW,
        "new_password_again": NEW,
        "csrf_token": token,
    }
    wrong = client.post("/reset-password", data=fields | {"code": "abcd-efgh"})
    assert wrong.status_code == 400
    done = client.post("/reset-password", data=fields | {"code": codes[3]})
    assert done.status_code == 302 and done.headers["Location"].endswith("/login?reset=1")


def test_new_recovery_codes_need_the_password(app, user_factory):
    user = user_factory(username="frida")
    browser, _ = session_client(app, user)
    token = form_token(browser, "/account")
    refused = browser.post(
        "/account/reset-codes", data={"password": "wrong one!", "csrf_token": token}
    )
    assert refused.status_code == 303
    assert reset.recovery_codes_left(user) == 0
    made = browser.post("/account/reset-codes", data={"password": PASSWORD, "csrf_token": token})
    assert made.status_code == 200
    assert len(CODE.findall(made.get_data(as_text=True))) == reset.RECOVERY_CODES


def test_the_reset_endpoint_is_documented(spec):
    operation = spec["paths"][RESET]["post"]
    assert operation["operationId"] == "resetPassword"
    assert {"204", "400", "429"} <= set(operation["responses"])
    assert operation["security"] == []


def _csrf_client(app):
    client = app.test_client()
    return client, {"X-CSRFToken": form_token(client, "/login")}


def test_passkey_sign_in_asks_for_a_verified_user_and_refuses_what_it_cannot_check(app):
    client, headers = _csrf_client(app)
    unasked = client.post("/login/passkey", json={"credential": {"id": "x"}}, headers=headers)
    assert unasked.status_code == 401  # no challenge was handed out
    options = client.post("/login/passkey/options", headers=headers)
    assert options.status_code == 200
    asked = options.get_json()
    assert asked["userVerification"] == "required" and len(asked["challenge"]) >= 22
    assert asked["rpId"] == "localhost"
    forged = {
        "id": "AAAA",
        "rawId": "AAAA",
        "type": "public-key",
        "response": {"clientDataJSON": "e30", "authenticatorData": "", "signature": ""},
    }
    refused = client.post("/login/passkey", json={"credential": forged}, headers=headers)
    assert refused.status_code == 401
    assert refused.get_json()["type"].endswith("passkey-refused")
    assert client.get("/account").status_code == 302  # not signed in


def test_making_a_passkey_asks_for_a_discoverable_verified_one(app, user_factory):
    user = user_factory(username="gunn")
    browser, token = session_client(app, user)
    options = browser.post("/account/passkeys/options", headers={"X-CSRFToken": token})
    asked = options.get_json()
    assert asked["authenticatorSelection"]["residentKey"] == "required"
    assert asked["authenticatorSelection"]["userVerification"] == "required"
    assert asked["user"]["name"] == "gunn"
    made = browser.post(
        "/account/passkeys", json={"credential": {"id": "x"}}, headers={"X-CSRFToken": token}
    )
    assert made.status_code == 400
    assert "credential" in made.get_json()["errors"]


def test_a_passkey_is_listed_and_removed_only_by_its_owner(app, user_factory):
    owner, other = user_factory(username="hanne"), user_factory(username="ida")
    db.session.add(
        Passkey(user_id=owner.id, credential_id="cred-1", public_key=b"k", name="Hannes telefon")
    )
    db.session.commit()
    passkey_id = db.session.scalars(sa.select(Passkey.id)).one()
    stranger, _ = session_client(app, other)
    token = form_token(stranger, "/account")
    stranger.post(f"/account/passkeys/{passkey_id}/remove", data={"csrf_token": token})
    db.session.commit()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Passkey)) == 1

    browser, _ = session_client(app, owner)
    assert "Hannes telefon" in browser.get("/account").get_data(as_text=True)
    token = form_token(browser, "/account")
    removed = browser.post(f"/account/passkeys/{passkey_id}/remove", data={"csrf_token": token})
    assert removed.status_code == 303
    db.session.commit()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Passkey)) == 0
    assert "Hannes telefon" not in browser.get("/account").get_data(as_text=True)


def test_a_clinic_code_still_works_just_before_its_24_hours_end(app, user_factory, clinic_factory):
    clinic = clinic_factory()
    client = user_factory(username="jorunn", role="client", clinic=clinic)
    nurse = user_factory(role="clinic", clinic=clinic)
    _client, code = reset.clinic_code(nurse, client.id)
    db.session.execute(sa.update(ResetCode).values(expires_at=utcnow() + timedelta(minutes=1)))
    db.session.commit()
    assert _reset(app.test_client(), "jorunn", code).status_code == 204
