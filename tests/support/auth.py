"""Signing in from tests, through the same doors people and programs use."""

from __future__ import annotations

import re
import time
from typing import Any

import pyotp
from flask.testing import FlaskClient

from tests.factories import PASSWORD, TOTP_SECRETS

_TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
_last_step: dict[str, int] = {}


def current_code(username: str) -> str:
    """A TOTP code for a factory user that the server has not seen yet.

    Codes work once per 30-second step, and the step before and after now are accepted too, so
    up to three sign-ins within one step each get a fresh code; a code is handed out with at least
    ten seconds left to use it.
    """
    secret = TOTP_SECRETS[username]
    totp = pyotp.TOTP(secret)
    clock = time.time()
    now = int(clock // totp.interval)
    # the step before now stops working when this step ends: near the end, start at now
    oldest = now - 1 if clock % totp.interval < totp.interval - 10 else now
    step = max(oldest, _last_step.get(secret, oldest - 1) + 1)
    assert step <= now + 1, "more than three sign-ins of one user within 30 seconds"
    _last_step[secret] = step
    return totp.generate_otp(step)


def form_token(client: FlaskClient, path: str) -> str:
    """The CSRF token of the form on a page."""
    page = client.get(path)
    match = _TOKEN.search(page.get_data(as_text=True))
    assert match, f"no CSRF token on {path} ({page.status_code})"
    return match.group(1)


def api_login(
    client: FlaskClient, user: Any, password: str = PASSWORD, otp: str | None = None
) -> str:
    """Sign in through the session API (with a code for staff); returns the CSRF token."""
    body: dict[str, str] = {"username": user.username, "password": password}
    if user.totp_secret is not None:
        body["otp"] = otp or current_code(user.username)
    response = client.post("/api/v1/session", json=body)
    assert response.status_code == 200, response.get_json()
    return str(response.get_json()["csrf_token"])


def page_login(client: FlaskClient, user: Any, password: str = PASSWORD) -> None:
    """Sign in through the login page (and the code page for staff)."""
    token = form_token(client, "/login")
    response = client.post(
        "/login", data={"username": user.username, "password": password, "csrf_token": token}
    )
    assert response.status_code == 302, response.status_code
    if response.headers["Location"].endswith("/login/code"):
        token = form_token(client, "/login/code")
        code = current_code(user.username)
        response = client.post("/login/code", data={"code": code, "csrf_token": token})
        assert response.status_code == 302, response.get_data(as_text=True)[:500]


def session_client(app: Any, user: Any | None) -> tuple[FlaskClient, str]:
    """A client already signed in as ``user`` (or a visitor), and its CSRF token.

    The session is opened by the same service login uses, without the password and code steps,
    so tests about what a role may do can make many sessions cheaply.
    """
    from peerapp.extensions import db
    from peerapp.services.people import sessions

    client = app.test_client()
    if user is None:
        return client, form_token(client, "/login")
    token = sessions.start_session(user)
    db.session.commit()
    with client.session_transaction() as session:
        session["_user_id"] = token
        session["_fresh"] = True
    answer = client.get("/api/v1/session")
    assert answer.status_code == 200, answer.status_code
    return client, str(answer.get_json()["csrf_token"])
