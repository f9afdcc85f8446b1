"""Throttling that stops guessing, not people: the nurse's own browser (OWASP device cookie)
still gets in during an attack on her name, and every check of a password is counted alike."""

from __future__ import annotations

import re

import sqlalchemy as sa

from peerapp.extensions import db
from peerapp.models.people import RecoveryCode
from peerapp.models.throttle import ThrottleCounter
from peerapp.services.people import second_factor
from tests.factories import PASSWORD
from tests.integration.test_pages import translated
from tests.support.auth import current_code, form_token, page_login, session_client

WRONG = "not the right password"
DEVICE_COOKIE = "peerapp-device"  # outside debug and tests: __Host-peerapp-device, Secure


def _from(client, address: str):
    client.environ_base["REMOTE_ADDR"] = address
    return client


def _api_login(client, username: str, password: str):
    return client.post("/api/v1/session", json={"username": username, "password": password})


def _page_password_step(client, username: str, password: str):
    token = form_token(client, "/login")
    return client.post(
        "/login", data={"username": username, "password": password, "csrf_token": token}
    )


def _signed_out(app, browser):
    """The same browser after logging out: its device cookie stays, the session is gone."""
    again = app.test_client()
    again.set_cookie(DEVICE_COOKIE, browser.get_cookie(DEVICE_COOKIE).value)
    again.environ_base.update(browser.environ_base)
    return again


def _attack(app, username: str, address: str = "203.0.113.66") -> None:
    """Someone elsewhere guesses at the account until it is locked for unknown browsers."""
    attacker = _from(app.test_client(), address)
    answers = [_api_login(attacker, username, WRONG).status_code for _ in range(7)]
    assert answers == [401] * 5 + [429] * 2
    assert _api_login(attacker, username, PASSWORD).status_code == 429


def test_the_nurse_signs_in_from_her_usual_browser_during_an_attack_on_her_name(app, user_factory):
    nurse = user_factory(role="clinic")
    phone = _from(app.test_client(), "192.0.2.10")
    page_login(phone, nurse)  # she has signed in here before: the browser gets a device cookie
    assert phone.get_cookie(DEVICE_COOKIE) is not None
    phone.post("/logout", data={"csrf_token": form_token(phone, "/account")})
    assert phone.get("/clinic").status_code == 302

    _attack(app, nurse.username)
    stranger = _from(app.test_client(), "198.51.100.5")  # the right password, unknown browser
    assert _page_password_step(stranger, nurse.username, PASSWORD).status_code == 429

    step = _page_password_step(phone, nurse.username, PASSWORD)
    assert step.status_code == 302 and step.headers["Location"] == "/login/code"
    token = form_token(phone, "/login/code")
    code = current_code(nurse.username)
    assert phone.post("/login/code", data={"code": code, "csrf_token": token}).status_code == 302
    assert phone.get("/clinic").status_code == 200


def test_her_own_browser_has_its_own_budget_for_mistakes(app, user_factory):
    peer = user_factory(role="peer", totp=False)
    phone = app.test_client()
    assert _api_login(phone, peer.username, PASSWORD).status_code == 200
    phone = _signed_out(app, phone)
    for _ in range(5):
        assert _api_login(phone, peer.username, WRONG).status_code == 401
    assert _api_login(phone, peer.username, PASSWORD).status_code == 429  # guessing stops here too
    # ...and her mistakes did not lock the account for her laptop
    assert (
        _api_login(_from(app.test_client(), "192.0.2.99"), peer.username, PASSWORD).status_code
        == 200
    )


def test_a_made_up_or_another_accounts_device_cookie_does_not_help(app, user_factory):
    anna, berit = user_factory(role="peer", totp=False), user_factory(role="peer", totp=False)
    browser = app.test_client()
    assert _api_login(browser, berit.username, PASSWORD).status_code == 200
    browser = _signed_out(app, browser)
    _attack(app, anna.username)
    assert _api_login(browser, anna.username, PASSWORD).status_code == 429  # Berit's cookie
    forged = app.test_client()
    forged.set_cookie(DEVICE_COOKIE, "eyJ4IjoieSJ9.forged.signature")
    assert _api_login(forged, anna.username, PASSWORD).status_code == 429


def test_the_counters_hold_no_username_or_address(app, user_factory):
    user = user_factory(username="kari-nordmann")
    _api_login(_from(app.test_client(), "203.0.113.77"), user.username, WRONG)
    db.session.rollback()  # a fresh look: the counters were written on their own connection
    keys = db.session.scalars(sa.select(ThrottleCounter.key)).all()
    assert len(keys) == 4  # account a minute and an hour, account-and-address, address
    assert not any("kari" in key or "203.0" in key for key in keys)


def test_wrong_current_passwords_are_throttled_like_signing_in(app, user_factory):
    user = user_factory(role="client")
    client, token = session_client(app, user)
    headers = {"X-CSRFToken": token}
    change = {"current_password": WRONG, "new_password": "a brand new passphrase"}
    for _ in range(5):
        assert client.post("/api/v1/me/password", json=change, headers=headers).status_code == 400
    right = {**change, "current_password": PASSWORD}
    refused = client.post("/api/v1/me/password", json=right, headers=headers)
    assert refused.status_code == 429
    assert refused.mimetype == "application/problem+json"
    assert refused.get_json()["type"].endswith("too-many-attempts")
    assert int(refused.headers["Retry-After"]) > 0
    # the same count stops a password reset and signing in from an unknown browser
    reset = {
        "username": user.username,
        "code": "0000-0000-0000-0000",
        "new_password": "a brand new passphrase",
    }
    assert app.test_client().post("/api/v1/password-reset", json=reset).status_code == 429
    assert _api_login(app.test_client(), user.username, PASSWORD).status_code == 429


def test_erasing_the_account_is_throttled(app, user_factory):
    user = user_factory(role="client")
    client, _token = session_client(app, user)
    for _ in range(5):
        token = form_token(client, "/account/delete")
        wrong = client.post("/account/delete", data={"password": WRONG, "csrf_token": token})
        assert wrong.status_code == 400
    token = form_token(client, "/account/delete")
    refused = client.post("/account/delete", data={"password": PASSWORD, "csrf_token": token})
    assert refused.status_code == 429
    message = translated(app, "nb", "Too many attempts. Wait a minute and try again.")
    assert message in refused.get_data(as_text=True)


def test_new_second_step_recovery_codes_need_the_password(app, user_factory):
    staff = user_factory(role="clinic")
    client = app.test_client()
    page_login(client, staff)
    page = client.get("/account/security").get_data(as_text=True)
    token = re.search(r'name="codes-csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    refused = client.post("/account/security/recovery-codes", data={"codes-csrf_token": token})
    assert refused.status_code == 400
    made = client.post(
        "/account/security/recovery-codes",
        data={"codes-password": PASSWORD, "codes-csrf_token": token},
    )
    assert made.status_code == 200
    codes = re.findall(r"<li><code>([0-9a-z-]+)</code></li>", made.get_data(as_text=True))
    assert len(codes) == 10
    # 24 characters of a 32-letter alphabet: 120 bits each
    assert all(len(code.replace("-", "")) == 24 for code in codes)


def test_old_short_recovery_codes_no_longer_work_and_ask_to_be_replaced(app, user_factory):
    staff = user_factory(role="clinic")
    # a 48-bit code as made before, stored as its plain SHA-256
    db.session.add(
        RecoveryCode(
            user_id=staff.id,
            code_hash=second_factor._recovery_hash("a1b2-c3d4-e5f6"),
            long_code=False,
        )
    )
    db.session.commit()
    client = app.test_client()
    page_login(client, staff)
    page = client.get("/account/security").get_data(as_text=True)
    notice = translated(
        app,
        "nb",
        "Your recovery codes are of an older, shorter kind that is not safe enough, and they no "
        "longer work. Make new ones and keep them instead.",
    )
    assert notice in page
    # 48 bits kept as a fast, unsalted hash are too few (ASVS 5.0 6.5.2): the code is refused
    assert not second_factor.verify(staff, "A1B2-C3D4-E5F6")
    db.session.commit()


def test_common_and_leaked_passwords_are_refused_with_a_clear_message(app):
    body = {"username": "Ny Bruker", "password": "password1234"}
    refused = app.test_client().post("/api/v1/accounts", json=body)
    assert refused.status_code == 400
    message = translated(
        app, "nb", "That password is one of the most common or leaked ones. Choose another."
    )
    assert refused.get_json()["errors"]["password"] == message
    fine = {"username": "Ny Bruker", "password": PASSWORD}
    assert app.test_client().post("/api/v1/accounts", json=fine).status_code == 201


def test_every_cookie_is_secure_outside_a_developers_machine(database_url, app, user_factory):
    from peerapp import create_app
    from tests.conftest import TEST_DATA_KEY

    production = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": database_url,
            "SECRET_KEY": "a-long-random-production-secret-of-48-characters",
            "PEERAPP_DATA_KEY": TEST_DATA_KEY,
            "SERVER_NAME": "localhost",
        }
    )
    user = user_factory(role="peer", totp=False)
    # a proxy in front that forwards plain HTTP: every cookie is still only for HTTPS
    answer = _api_login(production.test_client(), user.username, PASSWORD)
    assert answer.status_code == 200
    cookies = answer.headers.getlist("Set-Cookie")
    assert {cookie.split("=", 1)[0] for cookie in cookies} >= {
        "__Host-peerapp",
        "__Host-peerapp-device",
    }
    for cookie in cookies:
        assert {"Secure", "HttpOnly", "Path=/"} <= set(cookie.split("; ")), cookie
    with production.app_context():
        db.engine.dispose()
