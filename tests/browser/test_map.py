"""The map beside the finders' lists: drawn from the operator's own tile server on 127.0.0.1,
chosen with the keyboard, clustered, numbered like the list, and absent when no tiles are set."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import expect

from peerapp.extensions import db
from tests.browser.conftest import LiveServer
from tests.browser.map_pages import ResultsMap
from tests.browser.pages import LANGS, assert_accessible
from tests.factories import make_meeting, make_place
from tests.support.tile_server import TileServer

#: meetings on every day around Harstad's centre (where no other browser test lists anything, so
#: that theirs are not pushed off a first page), two of them a street apart so that they cluster
HARSTAD_SPOTS = [
    (68.7983, 16.5417),
    (68.7985, 16.5420),
    (68.8010, 16.5470),
    (68.7900, 16.5300),
    (68.8060, 16.5600),
    (68.7950, 16.5550),
    (68.8030, 16.5250),
]


@pytest.fixture(scope="module")
def harstad(live_server: LiveServer) -> list[str]:
    """Seven in-person meetings and two sober places in Harstad, one meeting for each weekday."""
    with live_server.app.app_context():
        names = []
        for day, (lat, lng) in enumerate(HARSTAD_SPOTS):
            meeting = make_meeting(
                town="tromso",
                name=f"Kartgruppa {day + 1}",
                day=day,
                start="12:00",
                latitude=lat,
                longitude=lng,
            )
            names.append(meeting.name)
        make_place(name="Kartkafé Harstad", town="tromso", latitude=68.7990, longitude=16.5430)
        make_place(name="Kartklubben Harstad", town="tromso", latitude=68.81, longitude=16.56)
        db.session.commit()
        db.session.remove()
    return names


@pytest.fixture
def tiles(live_server: LiveServer) -> Iterator[TileServer]:
    """A local tile server, set as the operator's ``PEERAPP_TILE_URL`` for this test only."""
    with TileServer() as server:
        live_server.app.config["PEERAPP_TILE_URL"] = server.template
        try:
            yield server
        finally:
            live_server.app.config["PEERAPP_TILE_URL"] = None


@LANGS
def test_choosing_the_map_draws_the_results_from_the_local_tiles(visit, harstad, tiles, lang):
    page = visit.page
    page.goto(f"/?where=Harstad&lang={lang}")
    results = ResultsMap(page)
    assert results.offers_a_map()
    assert not page.locator("#results-map").is_visible()

    results.choose_map_with_the_keyboard()
    # the map is on the first screen, tiles came from the operator's server and nowhere else
    assert page.locator("#results-map").bounding_box()["y"] < 740
    assert any(path.endswith(".png") for path in tiles.paths)
    visit.assert_only_local()
    assert "view=map" in page.url
    # every result with a place has a number in the list, and the map holds them all
    numbers = results.list_numbers()
    assert numbers[:3] == ["1", "2", "3"]
    assert results.markers().count() >= 1
    assert_accessible(page)

    title = results.open_a_result_from_the_map()
    assert title.split(". ", 1)[1] == results.picked_card_title()
    assert_accessible(page)

    results.choose_list()
    assert "view=map" not in page.url
    assert results.list_numbers() == []


def test_a_shared_map_link_opens_on_the_map_and_places_have_one_too(visit, harstad, tiles):
    page = visit.page
    page.goto("/?where=Harstad&view=map&lang=en")
    expect(page.locator("#results-map .leaflet-tile-loaded").first).to_be_visible()
    page.goto("/places?where=Harstad&lang=en")
    results = ResultsMap(page).choose_map_with_the_keyboard()
    assert results.markers().count() >= 1
    assert_accessible(page)


def test_without_tiles_there_is_only_the_list_and_no_map_code(visit, harstad):
    page = visit.page
    page.goto("/?where=Harstad&lang=en")
    expect(page.locator(".cards .card").first).to_be_visible()
    assert page.locator("[data-map-choice]").count() == 0
    assert not [url for url in visit.requests if "leaflet" in url or "results-map" in url]
