"""Production settings: the app refuses to start with a default or short secret key, or without
a well-formed data key; development, demo and tests are relaxed; cookies are Secure outside them."""

from __future__ import annotations

import pytest
from cryptography.fernet import Fernet

from peerapp import create_app
from peerapp.config import DEFAULT_SECRET_KEY, Settings, SettingsError, check_production_ready

GOOD_SECRET = "k" * 20 + "-a-long-random-secret-key"
GOOD_KEY = Fernet.generate_key().decode()


@pytest.fixture(autouse=True)
def _no_settings_from_the_environment(monkeypatch):
    """Start every test from an environment without Peerapp settings."""
    for name in ("PEERAPP_SECRET_KEY", "PEERAPP_DATA_KEY", "PEERAPP_REDIS_URL"):
        monkeypatch.delenv(name, raising=False)


def _production(**overrides):
    return create_app(
        {
            "SQLALCHEMY_DATABASE_URI": "sqlite://",
            "SECRET_KEY": GOOD_SECRET,
            "PEERAPP_DATA_KEY": GOOD_KEY,
        }
        | overrides
    )


def test_production_starts_with_a_long_secret_and_a_data_key():
    app = _production()
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_NAME"] == "__Host-peerapp"
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"


@pytest.mark.parametrize(
    ("overrides", "named"),
    [
        ({"SECRET_KEY": DEFAULT_SECRET_KEY}, "PEERAPP_SECRET_KEY"),
        ({"SECRET_KEY": ""}, "PEERAPP_SECRET_KEY"),
        ({"SECRET_KEY": "short but not default"}, "too short"),
        ({"SECRET_KEY": "x" * 31}, "too short"),
        ({"PEERAPP_DATA_KEY": None}, "PEERAPP_DATA_KEY"),
        ({"PEERAPP_DATA_KEY": ""}, "PEERAPP_DATA_KEY"),
        ({"PEERAPP_DATA_KEY": "not-a-fernet-key"}, "PEERAPP_DATA_KEY"),
        ({"PEERAPP_DATA_KEY": f"{GOOD_KEY},broken"}, "PEERAPP_DATA_KEY"),
    ],
)
def test_production_refuses_to_start_and_says_why(overrides, named):
    with pytest.raises(SettingsError, match=named):
        _production(**overrides)


def test_production_reads_its_secrets_from_the_environment(monkeypatch):
    monkeypatch.setenv("PEERAPP_SECRET_KEY", GOOD_SECRET)
    monkeypatch.setenv("PEERAPP_DATA_KEY", GOOD_KEY)
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert app.config["SECRET_KEY"] == GOOD_SECRET


def test_an_environment_without_secrets_is_refused():
    with pytest.raises(SettingsError, match="PEERAPP_SECRET_KEY"):
        create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})


@pytest.mark.parametrize("flag", ["TESTING", "DEBUG", "PEERAPP_DEMO"])
def test_development_demo_and_tests_start_without_secrets_on_plain_http(flag):
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", flag: True})
    assert app.config["SECRET_KEY"] == DEFAULT_SECRET_KEY
    assert app.config["SESSION_COOKIE_SECURE"] is False
    assert app.config["SESSION_COOKIE_NAME"] == "peerapp"


@pytest.mark.parametrize("flag", ["TESTING", "DEBUG", "PEERAPP_DEMO", "PEERAPP_CLI"])
def test_a_malformed_data_key_is_refused_even_when_relaxed(flag):
    with pytest.raises(SettingsError, match="PEERAPP_DATA_KEY"):
        check_production_ready({flag: True, "PEERAPP_DATA_KEY": "typo"})


@pytest.mark.parametrize("flag", ["TESTING", "DEBUG", "PEERAPP_DEMO", "PEERAPP_CLI"])
def test_the_relaxed_modes_need_neither_secret(flag):
    check_production_ready({flag: True, "SECRET_KEY": DEFAULT_SECRET_KEY})


def test_secure_cookies_can_be_forced_on_in_development():
    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": "sqlite://", "DEBUG": True, "SESSION_COOKIE_SECURE": True}
    )
    assert app.config["SESSION_COOKIE_NAME"] == "__Host-peerapp"


def test_settings_default_to_the_refused_secret_and_no_data_key(tmp_path):
    settings = Settings.from_env(str(tmp_path), env={})
    assert settings.secret_key == DEFAULT_SECRET_KEY
    assert settings.data_key is None
    assert settings.ratelimit_enabled is True
    assert settings.database_url.startswith("sqlite:///")


def test_settings_read_the_documented_variables(tmp_path):
    env = {
        "PEERAPP_SECRET_KEY": GOOD_SECRET,
        "PEERAPP_DATA_KEY": GOOD_KEY,
        "PEERAPP_REDIS_URL": "redis://cache:6379/0",
        "PEERAPP_DATABASE_URL": "postgres://db/peerapp",
        "PEERAPP_RATELIMIT_ENABLED": "0",
    }
    config = Settings.from_env(str(tmp_path), env=env).flask_config()
    assert config["SECRET_KEY"] == GOOD_SECRET
    assert config["PEERAPP_DATA_KEY"] == GOOD_KEY
    assert config["PEERAPP_REDIS_URL"] == "redis://cache:6379/0"
    assert config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://db/peerapp"
    assert config["RATELIMIT_ENABLED"] is False


def test_rate_limits_are_shared_through_redis_when_it_is_set():
    app = _production(PEERAPP_REDIS_URL="redis://127.0.0.1:6379/15")
    assert app.config["RATELIMIT_STORAGE_URI"] == "redis://127.0.0.1:6379/15"
    assert _production().config["RATELIMIT_STORAGE_URI"] == "memory://"
