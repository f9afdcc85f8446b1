"""``PEERAPP_TRUSTED_HOSTS`` and ``PEERAPP_PUBLIC_URL`` decide the site's absolute URLs: a request
under any other Host is refused with 400, so no link, feed or calendar file names it."""

from __future__ import annotations

import pytest

from peerapp import create_app
from peerapp.config import Settings, SettingsError
from peerapp.extensions import db
from tests.conftest import TEST_DATA_KEY
from tests.integration.test_pages import translated


def _app(database_url: str, monkeypatch, **env: str):
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": database_url,
            "SECRET_KEY": "test-secret",
            "PEERAPP_DATA_KEY": TEST_DATA_KEY,
        }
    )


@pytest.fixture
def public_site(app, database_url, monkeypatch):
    site = _app(
        database_url,
        monkeypatch,
        PEERAPP_PUBLIC_URL="https://peerapp.example.no",
        PEERAPP_TRUSTED_HOSTS="www.peerapp.example.no",
    )
    yield site
    with site.app_context():
        db.engine.dispose()


def test_an_unknown_host_gets_a_clear_400(public_site, app):
    client = public_site.test_client()
    page = client.get("/", headers={"Host": "evil.example"})
    assert page.status_code == 400
    title = translated(app, "nb", "This site does not answer to that address.")
    assert title in page.get_data(as_text=True)
    api = client.get("/api/v1/meetings", headers={"Host": "evil.example"})
    assert api.status_code == 400
    assert api.mimetype == "application/problem+json"
    assert api.get_json()["type"].endswith("unknown-host")


def test_absolute_urls_name_the_public_address(public_site, meeting_factory):
    meeting = meeting_factory()
    client = public_site.test_client()
    for host in ("peerapp.example.no", "www.peerapp.example.no"):
        answer = client.get(f"/api/v1/meetings/{meeting.id}", headers={"Host": host})
        assert answer.status_code == 200
        assert answer.get_json()["url"].startswith("https://peerapp.example.no/")


def test_without_the_settings_any_host_is_served_as_before(app, client):
    assert client.get("/", headers={"Host": "anything.example"}).status_code == 200


def test_a_malformed_trusted_host_stops_the_start():
    with pytest.raises(SettingsError, match="PEERAPP_TRUSTED_HOSTS"):
        Settings.from_env("/tmp", {"PEERAPP_TRUSTED_HOSTS": "peerapp.no, not a host"})
