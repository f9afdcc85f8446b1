"""Journey 2 in Chromium on a 360 px phone: a visitor finds a place open now in Trondheim."""

from __future__ import annotations

from tests.browser.pages import assert_accessible
from tests.browser.place_pages import PlaceFinderPage


def test_a_visitor_finds_a_place_open_now_in_trondheim(open_phone, live_server):
    phone = open_phone("nb")
    finder = PlaceFinderPage(phone.page).open()
    assert finder.language == "nb"
    assert_accessible(phone.page)

    finder.where("Trondheim").only_open_now().search()

    assert finder.result_names() == ["Kafé Døgnåpen Trondheim"]
    assert "Trondheim" in finder.results_heading()
    assert finder.is_marked_open("Kafé Døgnåpen Trondheim")
    assert "00:00–24:00" in finder.show_hours("Kafé Døgnåpen Trondheim")
    assert_accessible(phone.page)

    place = finder.open_place("Kafé Døgnåpen Trondheim")
    assert place.name == "Kafé Døgnåpen Trondheim"
    assert place.is_marked_open()
    assert "Mandag" in place.week()
    assert_accessible(phone.page)


def test_without_open_now_the_closed_place_is_listed_too_in_english(open_phone, live_server):
    phone = open_phone("en")
    finder = PlaceFinderPage(phone.page).open(lang="en")
    finder.where("Trondheim").search()
    assert set(finder.result_names()) == {"Kafé Døgnåpen Trondheim", "Klatregruppa Trondheim"}
    assert not finder.is_marked_open("Klatregruppa Trondheim")
    assert finder.is_marked_open("Kafé Døgnåpen Trondheim")
    assert_accessible(phone.page)
