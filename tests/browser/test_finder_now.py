"""What can I reach now, on a 360 x 740 phone: after a search the first meeting is in the first
screen, the soonest first (nearest first a tap away), an online meeting without a distance, and
when nothing is on, when the next one starts. The app's clock is fixed: Thursday 09:00 in Oslo.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from peerapp import finder as finder_form
from peerapp.extensions import db
from peerapp.services.meetings import search as meeting_search
from tests.browser.conftest import PHONE
from tests.browser.pages import LANGS, FinderPage, assert_accessible
from tests.browser.place_pages import PlaceFinderPage
from tests.factories import make_meeting

#: Bodø, where no other browser test lists meetings
BODO = (67.28267, 14.37513)
THURSDAY_0900 = datetime(2026, 12, 3, 9, 0, tzinfo=ZoneInfo("Europe/Oslo"))
ONLINE = "Bodø på nett onsdag"
AT_ELEVEN = "Bodø kl. 11"
EVENING = "Bodø kveld"


@pytest.fixture(scope="module")
def bodo_meetings(live_server):
    """An online meeting on Wednesday "at" the centre, one at 11:00 a kilometre out, one at 18:30
    two kilometres out; all in Bodø."""
    with live_server.app.app_context():
        make_meeting(
            name=ONLINE,
            day=3,
            start="19:00",
            attendance_option="online",
            conference_url="https://meet.example/bodo",
            latitude=BODO[0],
            longitude=BODO[1],
        )
        make_meeting(
            name=AT_ELEVEN, day=4, start="11:00", latitude=BODO[0] + 0.01, longitude=BODO[1]
        )
        make_meeting(name=EVENING, day=4, start="18:30", latitude=BODO[0] + 0.02, longitude=BODO[1])
        db.session.commit()
        db.session.remove()


@pytest.fixture
def thursday_morning(monkeypatch, bodo_meetings):
    """The app's clock at Thursday 3 December 2026, 09:00 in Oslo."""
    monkeypatch.setattr(meeting_search, "utcnow", lambda: THURSDAY_0900)
    monkeypatch.setattr(finder_form, "utcnow", lambda: THURSDAY_0900)


@LANGS
def test_after_a_search_the_soonest_meeting_is_in_the_first_screen(
    open_phone, thursday_morning, lang
):
    page = open_phone(lang).page
    finder = FinderPage(page).open(lang)
    assert_accessible(page)
    finder.where("Bodø").search()

    assert finder.first_result_top() < PHONE["height"]
    assert "Bodø" in finder.search_summary()
    assert finder.result_names()[:3] == [AT_ELEVEN, EVENING, ONLINE]
    said = {"nb": "Det neste starter klokken 11:00.", "en": "The next one starts at 11:00."}
    assert said[lang] in finder.next_start_note()
    assert "km" not in finder.result_card(ONLINE)  # joined from anywhere
    assert "km" in finder.result_card(AT_ELEVEN)
    assert_accessible(page)

    finder.nearest_first()
    assert "sort=distance" in page.url
    assert finder.result_names()[:3] == [ONLINE, AT_ELEVEN, EVENING]
    assert finder.first_result_top() < PHONE["height"]
    assert_accessible(page)

    # the summary opens the search again, as it was
    finder.change_search()
    assert page.locator("#where").input_value() == "Bodø"
    assert_accessible(page)


@LANGS
def test_nothing_in_progress_says_when_the_next_one_starts(open_phone, thursday_morning, lang):
    page = open_phone(lang).page
    finder = FinderPage(page).open(lang, query="where=Bod%C3%B8&now=in_progress")
    assert finder.result_names() == []
    said = {"nb": "Det neste starter klokken 11:00.", "en": "The next one starts at 11:00."}
    assert said[lang] in finder.next_start_note()
    assert_accessible(page)


@LANGS
def test_the_places_finder_also_shows_the_first_place_in_the_first_screen(open_phone, lang):
    page = open_phone(lang).page
    finder = PlaceFinderPage(page).open(lang=lang)
    finder.where("Trondheim").search()
    top = page.locator(".results .card").first.bounding_box()["y"]
    assert top < PHONE["height"]
    assert "Trondheim" in page.locator("details.search-summary > summary").inner_text()
    assert_accessible(page)
