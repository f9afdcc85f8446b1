"""The app factory refuses settings it cannot run with."""

import pytest

from peerapp import create_app
from peerapp.config import SettingsError


def test_refuses_to_start_in_production_with_default_secret(monkeypatch):
    monkeypatch.delenv("PEERAPP_SECRET_KEY", raising=False)
    with pytest.raises(SettingsError, match="PEERAPP_SECRET_KEY"):
        create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})


def test_unknown_geocoder_setting_is_refused(monkeypatch):
    monkeypatch.setenv("PEERAPP_GEOCODER", "google")
    with pytest.raises(SettingsError, match="PEERAPP_GEOCODER"):
        create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"})


def test_a_public_url_that_is_not_a_web_address_is_refused(monkeypatch):
    monkeypatch.setenv("PEERAPP_PUBLIC_URL", "peerapp.example.no")
    with pytest.raises(SettingsError, match="PEERAPP_PUBLIC_URL"):
        create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
