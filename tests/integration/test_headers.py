"""What every response carries: a strict CSP and the hardening headers (errors included), no
caching of personal pages, nothing loaded from other hosts, and a session cookie that is
Secure, HttpOnly, host-only and holds only opaque tokens."""

from __future__ import annotations

import base64
import json
import zlib
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

import pytest

from peerapp import create_app
from peerapp.access import public
from peerapp.extensions import db
from tests.conftest import TEST_DATA_KEY
from tests.factories import PASSWORD
from tests.integration.test_access_table import TABLE
from tests.integration.test_pages import Page
from tests.support.auth import current_code, session_client

HTTPS = "https://localhost"
#: attributes through which a page loads or points at something
REFERENCES = ("src", "href", "action", "data", "formaction", "poster", "srcset")


@pytest.fixture
def failing_app(app):
    """The test app, but handling unexpected errors as in production, with a route that breaks."""
    keys = ("TESTING", "SQLALCHEMY_DATABASE_URI", "SECRET_KEY", "PEERAPP_DATA_KEY", "SERVER_NAME")
    broken = create_app({key: app.config[key] for key in keys} | {"PROPAGATE_EXCEPTIONS": False})

    @public
    def boom():
        raise RuntimeError("a bug")

    broken.add_url_rule("/boom", "boom", boom)
    yield broken
    with broken.app_context():
        db.engine.dispose()


@pytest.fixture
def production_app(database_url, app):
    """The app with production settings: not testing, a long secret and a data key."""
    production = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": database_url,
            "SECRET_KEY": "a-long-random-production-secret-of-48-characters",
            "PEERAPP_DATA_KEY": TEST_DATA_KEY,
            "SERVER_NAME": "localhost",
        }
    )
    yield production
    with production.app_context():
        db.engine.dispose()


ANSWERS = [
    ("page", "GET", "/login", {}, 200),
    ("not found", "GET", "/no-such-page", {}, 404),
    ("wrong method", "GET", "/logout", {}, 405),
    ("too large", "POST", "/login", {"data": {"username": "x" * (2 * 1024 * 1024)}}, 413),
    ("problem+json", "GET", "/api/v1/session", {}, 401),
    ("server error", "GET", "/boom", {}, 500),
]


@pytest.mark.parametrize(("name", "method", "path", "kwargs", "status"), ANSWERS)
def test_every_answer_carries_the_security_headers(failing_app, name, method, path, kwargs, status):
    response = failing_app.test_client().open(path, method=method, **kwargs)
    assert response.status_code == status, name
    headers = response.headers
    csp = [part.strip() for part in headers["Content-Security-Policy"].split(";")]
    for directive in ("default-src 'self'", "object-src 'none'", "base-uri 'none'"):
        assert directive in csp, name
    assert "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in headers["Content-Security-Policy"]
    assert "unsafe-eval" not in headers["Content-Security-Policy"]
    max_age = int(headers["Strict-Transport-Security"].split("max-age=")[1].split(";")[0])
    assert max_age >= 365 * 24 * 3600
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] in ("no-referrer", "same-origin", "strict-origin")
    assert "geolocation=()" in headers["Permissions-Policy"]
    assert "Traceback" not in response.get_data(as_text=True)


def test_only_the_finders_may_ask_for_the_position(client, meeting_factory, place_factory):
    meeting, place = meeting_factory(), place_factory()
    for finder in ("/", "/places", "/checkin"):  # /checkin: today's meetings near me
        assert "geolocation=(self)" in client.get(finder).headers["Permissions-Policy"]
    others = ("/help", "/login", f"/meetings/{meeting.id}", f"/places/{place.id}", "/api/v1/places")
    for path in (*others, "/api/v1/meetings"):
        assert client.get(path).headers["Permissions-Policy"] == "geolocation=()", path


@pytest.mark.parametrize("path", ["/login", "/register", "/account", "/api/v1/session"])
def test_pages_about_a_person_are_never_cached_even_for_visitors(client, path):
    assert "no-store" in client.get(path).headers["Cache-Control"]


def test_public_pages_may_be_cached_for_visitors(client):
    assert "no-store" not in client.get("/help").headers.get("Cache-Control", "")
    with client.get("/static/css/app.css") as stylesheet:
        assert "no-store" not in stylesheet.headers.get("Cache-Control", "")


@pytest.mark.parametrize("role", ["client", "peer", "clinic", "admin"])
def test_nothing_served_to_someone_signed_in_is_stored(app, world, role):
    client, token = session_client(app, world["users"][role])
    for endpoint, (method, path, _body, expected) in TABLE.items():
        if method != "GET" or endpoint == "static":
            continue
        response = client.get(path.format(**world["ids"]))
        assert response.status_code == expected[role], endpoint
        assert "no-store" in response.headers["Cache-Control"], endpoint
        response.close()


def test_the_answer_to_logging_in_is_never_cached(client, user_factory):
    user = user_factory()
    login = client.post("/api/v1/session", json={"username": user.username, "password": PASSWORD})
    assert login.status_code == 200
    assert "no-store" in login.headers["Cache-Control"]


def _references_elsewhere(html: str) -> list[str]:
    """Every reference on a page to another host, and inline script or style."""
    found = []
    for tag, values in Page(html).tags:
        for name in REFERENCES:
            target = values.get(name, "")
            parts = urlsplit(target)
            if parts.scheme in ("http", "https") or target.startswith("//"):
                if parts.netloc != "localhost":
                    found.append(f"<{tag} {name}={target}>")
        if "style" in values or any(name.startswith("on") for name in values):
            found.append(f"<{tag}> with inline style or handler")
        if tag == "script" and "src" not in values:
            found.append("inline <script>")
    return found


def test_account_and_error_pages_reference_no_other_host(failing_app, clinic_factory, user_factory):
    clinic = clinic_factory()
    someone = user_factory(role="client", clinic=clinic)
    pages = {
        None: ["/login", "/register", "/no-such-page", "/boom"],
        "client": ["/account", "/account/access-log"],
        "peer": ["/account/security"],
        "clinic": ["/clinic", f"/clinic/clients/{someone.id}"],
        "admin": ["/admin/", f"/admin/users/{someone.id}", "/admin/audit"],
    }
    for role, paths in pages.items():
        user = None if role is None else user_factory(role=role, clinic=clinic)
        client, _token = session_client(failing_app, user)
        for path in paths:
            response = client.get(path)
            assert response.mimetype == "text/html", path
            assert _references_elsewhere(response.get_data(as_text=True)) == [], path


# --- the session cookie --------------------------------------------------------------------------


def _session_cookie(response) -> dict[str, str]:
    """The attributes of the session cookie set by a response (names lower-cased)."""
    for header in response.headers.getlist("Set-Cookie"):
        if header.startswith("__Host-peerapp="):
            first, *attributes = header.split("; ")
            cookie = {"value": first.split("=", 1)[1]}
            for attribute in attributes:
                name, _, value = attribute.partition("=")
                cookie[name.lower()] = value
            return cookie
    raise AssertionError(f"no __Host-peerapp cookie in {response.headers.getlist('Set-Cookie')}")


def _payload(value: str) -> str:
    """What anyone holding the cookie can read: Flask signs it but does not encrypt it."""
    compressed = value.startswith(".")
    data = value.lstrip(".").split(".")[0]
    raw = base64.urlsafe_b64decode(data + "=" * (-len(data) % 4))
    return (zlib.decompress(raw) if compressed else raw).decode("utf-8")


def _login(app, user):
    body = {"username": user.username, "password": PASSWORD}
    if user.totp_secret is not None:
        body["otp"] = current_code(user.username)
    response = app.test_client().post("/api/v1/session", json=body, base_url=HTTPS)
    assert response.status_code == 200, response.get_json()
    return response


def test_the_language_cookie_is_secure_outside_a_developers_machine(production_app, app):
    def lang_cookie(response) -> str:
        [header] = [h for h in response.headers.getlist("Set-Cookie") if h.startswith("lang=")]
        return header

    # a proxy in front that forwards plain HTTP: the cookie is still only for HTTPS
    production = lang_cookie(production_app.test_client().get("/?lang=en"))
    assert "Secure" in production.split("; ")
    assert "HttpOnly" in production.split("; ")
    # a developer's machine over plain HTTP keeps a cookie it can send back
    assert "Secure" not in lang_cookie(app.test_client().get("/?lang=en")).split("; ")


def test_the_session_cookie_is_secure_host_only_and_opaque(production_app, user_factory):
    user = user_factory(username="Kari Nordmann")
    cookie = _session_cookie(_login(production_app, user))
    assert {"secure", "httponly"} <= set(cookie)
    assert cookie["samesite"] == "Lax"
    assert cookie["path"] == "/"
    assert "domain" not in cookie
    text = _payload(cookie["value"])
    stored = json.loads(text)
    assert set(stored) <= {"_user_id", "_fresh", "_permanent", "csrf_token"}, stored
    assert len(stored["_user_id"]) >= 32 and stored["_user_id"] != str(user.id)
    assert not [value for value in stored.values() if type(value) is int]
    for clear in ("kari", "nordmann", "client", "127.0.0.1", "werkzeug"):
        assert clear not in text.lower()


def test_a_clients_cookie_lasts_a_month_and_a_staff_cookie_ends_with_the_browser(
    production_app, user_factory
):
    client, staff = user_factory(role="client"), user_factory(role="clinic")
    client_cookie = _session_cookie(_login(production_app, client))
    expires = parsedate_to_datetime(client_cookie["expires"])
    assert timedelta(days=29) < expires - datetime.now(UTC) <= timedelta(days=30, minutes=1)
    staff_cookie = _session_cookie(_login(production_app, staff))
    assert "expires" not in staff_cookie and "max-age" not in staff_cookie


def test_the_half_way_login_state_does_not_show_whose_it_is(production_app, user_factory):
    staff = user_factory(role="clinic", username="Ola Ansatt")
    browser = production_app.test_client()
    page = browser.get("/login", base_url=HTTPS).get_data(as_text=True)
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    response = browser.post(
        "/login",
        data={"username": staff.username, "password": PASSWORD, "csrf_token": token},
        base_url=HTTPS,
        headers={"Referer": HTTPS + "/login"},
    )
    assert response.headers["Location"] == "/login/code"
    text = _payload(_session_cookie(response)["value"]).lower()
    # long or with "|" (never in base64), so that no encrypted byte run can match by chance
    for clear in ("ola ansatt", "ansatt", str(staff.id) + "|", "clinic", "|otp", "otp|"):
        assert clear not in text


def _referer(policy: str, page: str) -> dict[str, str]:
    """The Referer a browser sends with a same-site form post from ``page`` under ``policy``."""
    if policy == "no-referrer":
        return {}
    if policy in ("origin", "strict-origin"):
        return {"Referer": HTTPS + "/"}
    return {"Referer": page}


def test_a_browser_can_post_a_form_over_https(production_app, user_factory):
    user = user_factory()
    browser = production_app.test_client()
    page = browser.get("/login", base_url=HTTPS)
    token = page.get_data(as_text=True).split('name="csrf_token" type="hidden" value="')[1]
    response = browser.post(
        "/login",
        data={"username": user.username, "password": PASSWORD, "csrf_token": token.split('"')[0]},
        base_url=HTTPS,
        headers=_referer(page.headers["Referrer-Policy"], HTTPS + "/login"),
    )
    assert response.status_code == 302
    assert browser.get("/account", base_url=HTTPS).status_code == 200
