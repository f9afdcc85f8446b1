"""The place finder and place pages without JavaScript (journey 2), and bad input on them."""

from __future__ import annotations

from peerapp.extensions import utcnow
from peerapp.services import openhours as oh
from tests.integration.test_pages import get_page

ALL_DAY = [{"day": day, "opens": "00:00", "closes": "24:00"} for day in range(7)]


def test_first_visit_shows_the_form_and_every_place(client, place_factory):
    place_factory(name="Kafé Ly", town="trondheim")
    page = get_page(client, "/places?lang=en")
    assert page.find("input", id="where", name="where")
    assert page.find("input", id="open-now", name="open_now", type="checkbox")
    assert page.find("form", method="get", action="/places")
    assert page.card_titles == ["Kafé Ly"]


def test_open_now_in_trondheim_by_town_name(client, place_factory):
    place_factory(name="Kafé Ly", town="trondheim")
    place_factory(name="Stengt kafé", town="trondheim", opening_hours=[])
    place_factory(name="Kafé i Bergen", town="bergen")

    page = get_page(client, "/places?where=Trondheim&open_now=1&lang=en")

    assert page.card_titles == ["Kafé Ly"]
    assert "1 place near Trondheim" in page.text
    assert "Open now" in page.text
    assert "Monday" in page.text and "00:00–24:00" in page.text
    assert "May be out of date" in page.text  # never checked by a peer


def test_by_position_and_kind(client, place_factory):
    place_factory(name="Frivillig", kind="volunteer", town="trondheim")
    place_factory(name="Kafé", kind="cafe", town="trondheim")
    page = get_page(client, "/places?lat=63.43&lng=10.39&kind=volunteer&lang=en")
    assert page.card_titles == ["Frivillig"]
    assert "1 place near you" in page.text


def test_a_closed_place_says_so_and_shows_its_exceptions(client, place_factory):
    today = oh.local_today(utcnow())
    place_factory(
        name="Stengt i dag",
        opening_hours=[],
        exceptions=[{"date": today.isoformat(), "closed": True}],
    )
    page = get_page(client, "/places?lang=en")
    assert "Closed now" in page.text
    assert ": closed" in page.text.split("Opening hours this week")[1]


def test_an_unknown_kind_is_a_400_with_a_clear_message(client):
    page = get_page(client, "/places?kind=pub&lang=en", status=400)
    assert "Unknown kind of place: pub." in page.text
    assert page.find("div", class_="error-summary", role="alert")
    assert page.find("a", href="#kind-cafe")


def test_a_bad_distance_is_a_400_in_norwegian(client):
    page = get_page(client, "/places?where=Bergen&radius_km=9000&lang=nb", status=400)
    assert page.find("select", id="radius", **{"aria-invalid": "true"})


def test_an_unknown_town_is_a_message_not_an_error(client):
    page = get_page(client, "/places?where=Atlantis&lang=en")
    assert "We could not find the place “Atlantis”" in page.text


def test_the_place_page_shows_the_week_exceptions_and_how_to_reach_it(client, place_factory):
    today = oh.local_today(utcnow())
    place = place_factory(
        name="Kafé Ly",
        phone="+47 73 00 00 00",
        url="https://kafely.example.org",
        opening_hours=[{"day": 5, "opens": "20:00", "closes": "02:00"}],
        exceptions=[{"date": today.isoformat(), "opens": "12:00", "closes": "15:00"}],
    )
    page = get_page(client, f"/places/{place.id}?lang=en")
    assert "Kafé Ly" in page.text
    assert "Friday" in page.text and "20:00–02:00" in page.text
    assert "open 12:00–15:00 only" in page.text
    assert page.find("a", href="tel:+4773000000")
    assert page.find("a", href="https://kafely.example.org", rel="noopener noreferrer")
    assert "Not yet checked by a peer worker." in page.text
    assert "May be out of date" in page.text


def test_unknown_place_is_404(client):
    get_page(client, "/places/999999", status=404)
