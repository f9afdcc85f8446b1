"""No demo doors in production: demo accounts (published passwords) sign in only in demo mode,
and ``peerapp demo`` will not add them to a database that holds people's own accounts."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import peerapp
from peerapp import create_app
from peerapp.demo.accounts import DEMO_PASSWORD, DEMO_TOTP_SECRET, load_demo_accounts
from peerapp.extensions import db
from peerapp.services.people.accounts import find_user
from tests.conftest import TEST_DATA_KEY
from tests.support.auth import form_token, session_client


@pytest.fixture
def demo_accounts(app):
    """The demo's logins, made as ``peerapp demo`` makes them."""
    return {login.role: login.username for login in load_demo_accounts()}


@pytest.fixture
def production(database_url):
    """The app as gunicorn serves it: no testing, debug or demo flags, real keys, HTTPS."""
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": database_url,
            "SECRET_KEY": "a-production-secret-key-that-is-long-enough",
            "PEERAPP_DATA_KEY": TEST_DATA_KEY,
            "SERVER_NAME": "localhost",
        }
    )
    assert not any(app.config.get(flag) for flag in ("TESTING", "DEBUG", "PEERAPP_DEMO"))
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()  # its own connections: closed, not left to the garbage collector


def test_demo_accounts_are_marked(demo_accounts):
    assert all(find_user(name).is_demo for name in demo_accounts.values())


def test_the_demo_client_cannot_sign_in_on_a_production_server(demo_accounts, production):
    client = production.test_client()
    body = {"username": demo_accounts["client"], "password": DEMO_PASSWORD}

    api = client.post("/api/v1/session", json=body, base_url="https://localhost")
    wrong = client.post(
        "/api/v1/session",
        json={**body, "password": "not-the-password"},
        base_url="https://localhost",
    )

    assert api.status_code == 401
    assert api.get_json() == wrong.get_json()  # says nothing about the account


def test_the_demo_admin_cannot_sign_in_through_the_page(demo_accounts, production):
    import pyotp

    client = production.test_client()
    token = form_token(client, "https://localhost/login")
    response = client.post(
        "/login",
        base_url="https://localhost",
        headers={"Referer": "https://localhost/login"},
        data={"username": demo_accounts["admin"], "password": DEMO_PASSWORD, "csrf_token": token},
    )

    assert response.status_code == 401  # the form again: "The username or password is wrong."
    assert "Location" not in response.headers  # not on to the code step
    code = pyotp.TOTP(DEMO_TOTP_SECRET).now()
    api = client.post(
        "/api/v1/session",
        base_url="https://localhost",
        json={"username": demo_accounts["admin"], "password": DEMO_PASSWORD, "otp": code},
    )
    assert api.status_code == 401


def test_a_session_opened_in_demo_mode_ends_outside_it(app, demo_accounts):
    app.config["PEERAPP_DEMO"] = True
    client, _ = session_client(app, find_user(demo_accounts["client"]))
    assert client.get("/api/v1/session").status_code == 200

    app.config["PEERAPP_DEMO"] = False

    assert client.get("/api/v1/session").status_code == 401


def test_in_demo_mode_the_demo_client_signs_in(app, client, demo_accounts):
    app.config["PEERAPP_DEMO"] = True
    body = {"username": demo_accounts["client"], "password": DEMO_PASSWORD}

    assert client.post("/api/v1/session", json=body).status_code == 200


def _peerapp(env: dict[str, str], *args: str, stdin: str = "") -> subprocess.CompletedProcess:
    command = [sys.executable, "-c", "from peerapp.cli import main; main()", *args]
    return subprocess.run(
        command, env=env, input=stdin, capture_output=True, text=True, timeout=120
    )


def test_peerapp_demo_refuses_a_database_with_real_accounts(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("PEERAPP_")}
    env["PEERAPP_DATABASE_URL"] = f"sqlite:///{tmp_path / 'real.sqlite3'}"
    env["PYTHONPATH"] = str(Path(peerapp.__file__).resolve().parents[1])
    assert _peerapp(env, "db", "upgrade").returncode == 0
    made = _peerapp(
        env,
        "create-user",
        "kari",
        "--role",
        "client",
        "--password-stdin",
        stdin="Kari sitt passord 1\n",
    )
    assert made.returncode == 0, made.stderr

    demo = _peerapp(env, "demo", "--no-run")

    assert demo.returncode != 0
    assert "1 account(s) that the demo did not make" in demo.stderr
    assert "Point PEERAPP_DATABASE_URL at a new, empty database" in demo.stderr
    assert "demo-admin" not in demo.stdout
    users = _peerapp(env, "demo", "--no-run")
    assert users.returncode != 0  # still refused: nothing was added the first time
