"""Abuse limits: login failures per account and per address, second-step failures, registration
and state-changing API calls; sign-in failures counted in Redis when ``PEERAPP_REDIS_URL`` is
set, else in the database, so every app process sees the same counts."""

from __future__ import annotations

import os
import random
import uuid

import pytest

from peerapp import create_app
from peerapp.extensions import db
from tests.factories import PASSWORD
from tests.integration.test_pages import translated
from tests.support.auth import current_code, form_token, session_client

REDIS_URL = "redis://127.0.0.1:6379/15"
WRONG = "not the right password"
CONFIG_KEYS = (
    "TESTING",
    "SQLALCHEMY_DATABASE_URI",
    "SECRET_KEY",
    "PEERAPP_DATA_KEY",
    "SERVER_NAME",
)


def _api_login(client, username: str, password: str, otp: str | None = None):
    body = {"username": username, "password": password} | ({"otp": otp} if otp else {})
    return client.post("/api/v1/session", json=body)


def _page_login(client, username: str, password: str):
    token = form_token(client, "/login")
    return client.post(
        "/login", data={"username": username, "password": password, "csrf_token": token}
    )


def _from(client, address: str):
    """Make every request of ``client`` come from ``address``."""
    client.environ_base["REMOTE_ADDR"] = address
    return client


def test_the_sixth_login_within_a_minute_is_refused_even_with_the_right_password(
    app, client, user_factory
):
    anna, berit = user_factory(username="anna"), user_factory(username="berit")
    for _ in range(5):
        assert _page_login(client, "anna", WRONG).status_code == 401
    refused = _page_login(client, "anna", PASSWORD)
    assert refused.status_code == 429
    message = translated(app, "nb", "Too many attempts. Wait a minute and try again.")
    assert message in refused.get_data(as_text=True)
    assert client.get("/account").status_code == 302  # not signed in
    assert _api_login(app.test_client(), anna.username, PASSWORD).status_code == 429
    assert _page_login(client, berit.username, PASSWORD).status_code == 302  # another account


def test_the_api_refuses_the_sixth_login_with_429_and_retry_after(app, client, user_factory):
    user_factory(username="anna")
    user_factory(username="berit")
    for _ in range(5):
        assert _api_login(client, "ANNA", WRONG).status_code == 401  # any spelling counts
    refused = _api_login(client, "anna", PASSWORD)
    assert refused.status_code == 429
    assert refused.mimetype == "application/problem+json"
    assert refused.get_json()["type"].endswith("too-many-attempts")
    assert int(refused.headers["Retry-After"]) > 0
    assert _api_login(app.test_client(), "berit", PASSWORD).status_code == 200


def test_one_address_failing_for_many_accounts_is_stopped(app, user_factory):
    user = user_factory()
    attacker = _from(app.test_client(), "203.0.113.7")
    for n in range(30):
        # an over-long password is refused before hashing (so this runs fast) and counts the same
        password = WRONG if n % 10 == 0 else "x" * 300
        assert _api_login(attacker, f"guess{n}", password).status_code == 401
    assert _api_login(attacker, user.username, PASSWORD).status_code == 429
    elsewhere = _from(app.test_client(), "198.51.100.20")
    assert _api_login(elsewhere, user.username, PASSWORD).status_code == 200


def test_wrong_codes_count_as_failures_too(app, client, user_factory):
    staff = user_factory(role="clinic")
    assert _page_login(client, staff.username, PASSWORD).headers["Location"] == "/login/code"
    for _ in range(5):
        token = form_token(client, "/login/code")
        wrong = client.post("/login/code", data={"code": "000000", "csrf_token": token})
        assert wrong.status_code == 401
    token = form_token(client, "/login/code")
    right = client.post(
        "/login/code", data={"code": current_code(staff.username), "csrf_token": token}
    )
    assert right.status_code == 429
    later = _api_login(app.test_client(), staff.username, PASSWORD, current_code(staff.username))
    assert later.status_code == 429


def test_the_21st_registration_from_one_address_in_an_hour_is_refused(app):
    for n in range(20):
        body = {"username": f"Pseudonym {n}", "password": PASSWORD}
        assert app.test_client().post("/api/v1/accounts", json=body).status_code == 201
    body = {"username": "Pseudonym 20", "password": PASSWORD}
    refused = app.test_client().post("/api/v1/accounts", json=body)
    assert refused.status_code == 429
    assert refused.mimetype == "application/problem+json"
    assert (
        _from(app.test_client(), "198.51.100.9").post("/api/v1/accounts", json=body).status_code
        == 201
    )


def test_the_registration_page_is_limited_too(client):
    token = form_token(client, "/register")
    mismatched = {"username": "Someone", "password": PASSWORD, "password_again": "x"}
    for _ in range(20):
        attempt = client.post("/register", data={**mismatched, "csrf_token": token})
        assert attempt.status_code == 400
    good = {"username": "Someone", "password": PASSWORD, "password_again": PASSWORD}
    assert client.post("/register", data={**good, "csrf_token": token}).status_code == 429


def test_the_61st_state_changing_call_in_a_minute_is_refused_but_reading_goes_on(app, user_factory):
    client, token = session_client(app, user_factory())
    headers = {"X-CSRFToken": token}
    for _ in range(60):
        assert client.post("/api/v1/me/password", json=[], headers=headers).status_code == 400
    refused = client.post("/api/v1/me/password", json=[], headers=headers)
    assert refused.status_code == 429
    assert refused.mimetype == "application/problem+json"
    assert client.get("/api/v1/session").status_code == 200
    assert client.get("/api/v1/meetings").status_code == 200
    other, other_token = session_client(app, user_factory())  # same address, own budget
    answer = other.post("/api/v1/me/password", json=[], headers={"X-CSRFToken": other_token})
    assert answer.status_code == 400


# --- shared counts -------------------------------------------------------------------------------


def _unavailable(why: str) -> None:
    """Skip, unless CI said Redis must be there (PEERAPP_REQUIRE_REDIS=1): then fail."""
    if os.environ.get("PEERAPP_REQUIRE_REDIS") == "1":
        pytest.fail(f"Redis is required: {why}")
    pytest.skip(why)


@pytest.fixture
def redis_run():
    """A reachable Redis (else skip, or fail when PEERAPP_REQUIRE_REDIS=1), and a unique tag;
    every key this test made is deleted afterwards."""
    try:
        import redis
    except ImportError:
        _unavailable("the redis package is not installed")
    connection = redis.Redis.from_url(REDIS_URL)
    try:
        connection.ping()
    except redis.RedisError as error:
        connection.close()
        _unavailable(f"Redis not reachable at {REDIS_URL}: {error}")
    tag = uuid.uuid4().hex[:12]
    address = f"10.{random.randrange(256)}.{random.randrange(256)}.{random.randrange(1, 255)}"
    yield tag, address
    for pattern in (f"*{tag}*", f"*:{address}/*"):
        for key in connection.scan_iter(match=pattern):
            connection.delete(key)
    connection.close()


def _fresh_app(app, **settings):
    """A new app instance on the same database, as another gunicorn worker would be."""
    return create_app({key: app.config[key] for key in CONFIG_KEYS} | settings)


def _dispose(*apps) -> None:
    for each in apps:
        with each.app_context():
            db.engine.dispose()


def test_failures_counted_by_one_process_count_in_another(app, user_factory, redis_run):
    tag, address = redis_run
    user = user_factory(username=f"shared-{tag}")
    settings = {"PEERAPP_REDIS_URL": REDIS_URL, "RATELIMIT_KEY_PREFIX": f"peerapp-test-{tag}"}
    first = _fresh_app(app, **settings)
    for _ in range(5):
        client = _from(first.test_client(), address)
        assert _api_login(client, user.username, WRONG).status_code == 401
    second = _fresh_app(app, **settings)
    answer = _api_login(_from(second.test_client(), address), user.username, PASSWORD)
    _dispose(first, second)
    assert answer.status_code == 429


def test_without_redis_the_database_shares_the_counts_between_processes(app, user_factory):
    user = user_factory()
    first = _fresh_app(app)
    for _ in range(5):
        assert _api_login(first.test_client(), user.username, WRONG).status_code == 401
    second = _fresh_app(app)
    answer = _api_login(second.test_client(), user.username, PASSWORD)
    _dispose(first, second)
    assert answer.status_code == 429


def test_installations_sharing_a_redis_keep_their_own_counts(app, user_factory, redis_run):
    tag, address = redis_run
    user = user_factory(username=f"prefixed-{tag}")
    staging = _fresh_app(app, PEERAPP_REDIS_URL=REDIS_URL, RATELIMIT_KEY_PREFIX=f"staging-{tag}")
    for _ in range(5):
        client = _from(staging.test_client(), address)
        assert _api_login(client, user.username, WRONG).status_code == 401
    live = _fresh_app(app, PEERAPP_REDIS_URL=REDIS_URL, RATELIMIT_KEY_PREFIX=f"live-{tag}")
    answer = _api_login(_from(live.test_client(), address), user.username, PASSWORD)
    _dispose(staging, live)
    assert answer.status_code == 200
