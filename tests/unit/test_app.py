"""The app factory, settings and the health check."""

import pytest

from peerapp import create_app
from peerapp.config import SettingsError


def test_healthz_round_trips_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


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
