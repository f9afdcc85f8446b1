"""The map's tiles are the operator's choice: with none set, pages name no other host and carry
no map; with a tile server set, the CSP allows images from that host alone and the finders offer
the map; a tile address that cannot draw a map stops the app at start with a clear message."""

from __future__ import annotations

import pytest

from peerapp import create_app
from peerapp.config import SettingsError
from peerapp.extensions import db
from tests.factories import make_meeting, make_place

TILES = "https://{s}.tiles.example.org/styles/osm/{z}/{x}/{y}.png"


def _image_sources(response) -> list[str]:
    policy = response.headers["Content-Security-Policy"]
    directive = next(part.strip() for part in policy.split(";") if "img-src" in part)
    return directive.split()[1:]


@pytest.fixture
def bergen(app):
    make_meeting(town="bergen", name="Kartmøtet i Bergen", day=3)
    make_meeting(
        town="bergen",
        name="Nettmøtet fra Bergen",
        day=3,
        attendance_option="online",
        conference_url="https://zoom.us/j/123456789",
    )
    make_place(town="bergen", name="Kartkafeen")
    db.session.commit()


def test_without_tiles_no_other_host_and_no_map(client, bergen):
    response = client.get("/?where=Bergen&day=3")
    assert _image_sources(response) == ["'self'", "data:"]
    page = response.get_data(as_text=True)
    assert "Kartmøtet i Bergen" in page
    assert "data-map-choice" not in page
    assert "results-map.js" not in page


def test_with_tiles_the_csp_names_that_host_only_and_the_finders_offer_the_map(app, client, bergen):
    app.config["PEERAPP_TILE_URL"] = TILES
    app.config["PEERAPP_TILE_ATTRIBUTION"] = "© OpenStreetMap"
    response = client.get("/?where=Bergen&day=3")
    assert _image_sources(response) == ["'self'", "data:", "https://*.tiles.example.org"]
    page = response.get_data(as_text=True)
    assert "data-map-choice" in page
    assert 'data-attribution="© OpenStreetMap"' in page
    # the meeting in a room carries its place for the map; the online one has none to show
    room = page.split("Kartmøtet i Bergen")[0].rsplit("<article", 1)[1]
    online = page.split("Nettmøtet fra Bergen")[0].rsplit("<article", 1)[1]
    assert "data-lat=" in room
    assert "data-lat=" not in online
    places = client.get("/places?where=Bergen").get_data(as_text=True)
    assert "data-map-choice" in places
    # pages without a result list offer no map, and the API is untouched
    assert "data-map-choice" not in client.get("/login").get_data(as_text=True)


@pytest.mark.parametrize(
    ("template", "says"),
    [
        ("ftp://tiles.example.org/{z}/{x}/{y}.png", "must be a tile address"),
        ("https:///{z}/{x}/{y}.png", "must be a tile address"),
        ("https://tiles.example.org/{z}/{x}.png", "lacks {y}"),
    ],
)
def test_a_tile_address_that_cannot_draw_a_map_stops_the_start(template, says, database_url):
    with pytest.raises(SettingsError, match=says):
        create_app(
            {"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url, "PEERAPP_TILE_URL": template}
        )
