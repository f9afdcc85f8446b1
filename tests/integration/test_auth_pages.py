"""Signing in as a person does it, on the web pages: register, log in (with the second step),
enrol an authenticator app, log out, change the password, session lifetimes and CSRF."""

from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import quote

import pyotp
import pytest
import sqlalchemy as sa

from peerapp.extensions import db, utcnow
from peerapp.models import User, UserSession
from peerapp.services.people import second_factor
from tests.factories import PASSWORD
from tests.integration.test_pages import Page, translated
from tests.support.auth import current_code, form_token, page_login, session_client

NEW_PASSWORD = "a brand new passphrase"
_SUMMARY = re.compile(r'<div class="error-summary".*?</div>', re.S)


def _error_summary(response) -> str:
    """The visible error box of a page."""
    match = _SUMMARY.search(response.get_data(as_text=True))
    assert match, response.get_data(as_text=True)[:1000]
    return match.group(0)


def _password_step(client, username: str, password: str = PASSWORD, query: str = ""):
    """Post the login form (the page's own URL, as a browser does)."""
    token = form_token(client, "/login" + query)
    data = {"username": username, "password": password, "csrf_token": token}
    return client.post("/login" + query, data=data)


def _code_step(client, code: str):
    """Post a code on the second-step page."""
    token = form_token(client, "/login/code")
    return client.post("/login/code", data={"code": code, "csrf_token": token})


def _session_token(client) -> str | None:
    """The server-side session token this browser's cookie holds."""
    with client.session_transaction() as session:
        return session.get("_user_id")


def _password_hash(user_id: int) -> str:
    db.session.expire_all()
    return db.session.scalar(sa.select(User.password_hash).where(User.id == user_id))


def test_a_client_registers_with_only_a_pseudonym_and_lands_on_the_account(client):
    page = Page(client.get("/register").get_data(as_text=True))
    fields = {values["name"] for tag, values in page.tags if tag == "input" and "name" in values}
    # "I am": a client or a relative, nothing more about the person
    assert fields == {"csrf_token", "role", "username", "password", "password_again"}
    token = form_token(client, "/register")
    response = client.post(
        "/register",
        data={
            "username": "Morgenfugl",
            "password": PASSWORD,
            "password_again": PASSWORD,
            "csrf_token": token,
        },
    )
    # the recovery codes for a forgotten password, shown once, then on to the account
    assert response.status_code == 200
    codes = re.findall(r"<code>([0-9a-z-]+)</code>", response.get_data(as_text=True))
    assert len(codes) == 8
    assert 'href="/account?welcome=1"' in response.get_data(as_text=True)
    account = client.get("/account?welcome=1")
    assert account.status_code == 200
    assert "Morgenfugl" in account.get_data(as_text=True)
    user = db.session.scalar(sa.select(User).where(User.username == "Morgenfugl"))
    assert (user.role, user.email, user.clinic_id) == ("client", None, None)


def test_wrong_password_and_unknown_user_get_the_same_message(client, user_factory):
    user_factory(username="anna")
    wrong = _password_step(client, "anna", "not the right one")
    unknown = _password_step(client, "nobody-here", PASSWORD)
    assert wrong.status_code == unknown.status_code == 401
    assert _error_summary(wrong) == _error_summary(unknown)


def test_staff_without_a_second_factor_enrol_at_first_login(app, client, user_factory):
    admin = user_factory(role="admin", totp=False)
    response = _password_step(client, admin.username)
    assert response.headers["Location"] == "/login/enrol"
    assert client.get("/admin/").status_code == 302  # not signed in yet
    html = client.get("/login/enrol").get_data(as_text=True)
    svg = re.search(r"<svg[^>]*>.*?</svg>", html, re.S).group(0)
    assert 'role="img"' in svg
    title = translated(app, "nb", "QR code for your authenticator app")
    assert f"<title>{title}</title>" in svg
    key = re.search(r'<code class="secret">([A-Z2-7 ]+)</code>', html).group(1).replace(" ", "")
    token = form_token(client, "/login/enrol")
    done = client.post("/login/enrol", data={"code": pyotp.TOTP(key).now(), "csrf_token": token})
    assert done.status_code == 200
    codes = re.findall(r"<li><code>([0-9a-z-]+)</code></li>", done.get_data(as_text=True))
    assert len(set(codes)) == 10
    assert client.get("/admin/").status_code == 200


def test_a_wrong_first_code_does_not_enrol(client, user_factory):
    admin = user_factory(role="admin", totp=False)
    _password_step(client, admin.username)
    token = form_token(client, "/login/enrol")
    response = client.post("/login/enrol", data={"code": "000000", "csrf_token": token})
    assert response.status_code == 400
    assert client.get("/admin/").status_code == 302
    db.session.expire_all()
    assert db.session.get(User, admin.id).totp_secret is None


def test_a_recovery_code_signs_in_once(app, user_factory):
    staff = user_factory(role="clinic")
    codes = second_factor.new_recovery_codes(staff)
    db.session.commit()
    first, second = app.test_client(), app.test_client()
    assert _password_step(first, staff.username).headers["Location"] == "/login/code"
    assert _code_step(first, codes[3]).status_code == 302
    assert first.get("/clinic").status_code == 200
    _password_step(second, staff.username)
    again = _code_step(second, codes[3])
    assert again.status_code == 401
    assert second.get("/clinic").status_code == 302


def test_a_code_from_the_app_is_refused_the_second_time(app, user_factory):
    staff = user_factory(role="clinic")
    code = current_code(staff.username)
    first, second = app.test_client(), app.test_client()
    _password_step(first, staff.username)
    assert _code_step(first, code).status_code == 302
    _password_step(second, staff.username)
    replay = _code_step(second, code)
    assert replay.status_code == 401
    assert second.get("/clinic").status_code == 302


@pytest.mark.parametrize(
    ("target", "lands_on"),
    [
        ("/help", "/help"),
        ("/account/access-log?page=2", "/account/access-log?page=2"),
        ("//evil.example", "/"),
        ("https://evil.example", "/"),
        ("https://evil.example/account", "/"),
        ("/\\evil.example", "/"),
        ("/\t/evil.example", "/"),  # browsers drop the tab and read //evil.example
        ("javascript:alert(1)", "/"),
    ],
)
def test_next_is_followed_only_within_the_site(client, user_factory, target, lands_on):
    user = user_factory()
    response = _password_step(client, user.username, query="?next=" + quote(target, safe=""))
    assert response.status_code == 302
    assert response.headers["Location"] == lands_on


def test_next_survives_the_second_step(client, user_factory):
    admin = user_factory(role="admin")
    _password_step(client, admin.username, query="?next=/admin/audit")
    response = _code_step(client, current_code(admin.username))
    assert response.headers["Location"] == "/admin/audit"


def test_logging_out_ends_the_session_so_a_copied_cookie_fails(app, client, user_factory):
    page_login(client, user_factory())
    thief = app.test_client()
    thief.set_cookie("peerapp", client.get_cookie("peerapp").value)
    assert thief.get("/account").status_code == 200
    response = client.post("/logout", data={"csrf_token": form_token(client, "/account")})
    assert response.status_code == 302
    assert thief.get("/account").status_code == 302
    assert client.get("/account").status_code == 302


def test_changing_the_password_on_the_page_ends_other_sessions(app, user_factory):
    user = user_factory()
    laptop, phone = app.test_client(), app.test_client()
    page_login(laptop, user)
    page_login(phone, user)
    response = laptop.post(
        "/account/password",
        data={
            "current_password": PASSWORD,
            "new_password": NEW_PASSWORD,
            "new_password_again": NEW_PASSWORD,
            "csrf_token": form_token(laptop, "/account"),
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    assert laptop.get("/account").status_code == 200
    assert phone.get("/account").status_code == 302
    assert _password_step(app.test_client(), user.username, NEW_PASSWORD).status_code == 302


def test_each_login_starts_a_new_session_and_drops_what_came_before(client, user_factory):
    user = user_factory()
    with client.session_transaction() as session:
        session["planted"] = "set by someone before login"
    client.get("/login")
    page_login(client, user)
    first = _session_token(client)
    with client.session_transaction() as session:
        assert "planted" not in session
    cookie = client.get_cookie("peerapp").value
    page_login(client, user)  # again, in the same browser
    assert _session_token(client) not in (None, first)
    assert client.get_cookie("peerapp").value != cookie
    assert client.get("/account").status_code == 200


@pytest.mark.parametrize(
    ("role", "idle", "status"),
    [
        ("client", timedelta(days=29), 200),
        ("client", timedelta(days=31), 302),
        ("clinic", timedelta(hours=1, minutes=50), 200),
        ("clinic", timedelta(hours=2, minutes=10), 302),
        ("admin", timedelta(hours=1, minutes=50), 200),
        ("admin", timedelta(hours=2, minutes=10), 302),
    ],
)
def test_a_session_ends_after_sitting_idle(app, user_factory, role, idle, status):
    user = user_factory(role=role)
    client, _token = session_client(app, user)
    db.session.execute(
        sa.update(UserSession)
        .where(UserSession.user_id == user.id)
        .values(last_seen_at=utcnow() - idle)
    )
    db.session.commit()
    response = client.get("/account")
    assert response.status_code == status
    if status == 302:
        assert response.headers["Location"].startswith("/login")


@pytest.mark.parametrize("token", [None, "not-the-token"])
def test_a_form_without_the_right_csrf_token_is_refused_and_changes_nothing(
    app, client, user_factory, token
):
    user = user_factory()
    page_login(client, user)
    before = _password_hash(user.id)
    data = {
        "current_password": PASSWORD,
        "new_password": NEW_PASSWORD,
        "new_password_again": NEW_PASSWORD,
    }
    if token is not None:
        data["csrf_token"] = token
    response = client.post("/account/password", data=data, headers={"Accept-Language": "nb"})
    assert response.status_code == 400
    message = translated(app, "nb", "The form had expired. Please reload the page and try again.")
    assert message != translated(
        app, "en", "The form had expired. Please reload the page and try again."
    )
    assert message in response.get_data(as_text=True)
    assert _password_hash(user.id) == before
    assert client.get("/account").status_code == 200  # still signed in, nothing else happened


def test_registering_without_a_csrf_token_creates_nobody(client):
    response = client.post(
        "/register",
        data={"username": "Utentoken", "password": PASSWORD, "password_again": PASSWORD},
    )
    assert response.status_code == 400
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 0
