"""Filters a person can share, and a meeting that is held once a month, on a 360 x 740 phone.

The app's clock is fixed at Thursday 3 December 2026, 09:00 in Oslo: the coming Sunday, the 6th,
is the first of the month (and a week later, the second). Alta holds three Sunday meetings: one
on the first Sunday (for women), one on the second Sunday (for women), one every Sunday (for
anyone).
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from peerapp import finder as finder_form
from peerapp.extensions import db
from peerapp.services.meetings import search as meeting_search
from tests.browser.pages import LANGS, FinderPage, assert_accessible
from tests.factories import make_meeting

#: Alta, where no other browser test lists meetings
ALTA = (69.9689, 23.2716)
THURSDAY_0900 = datetime(2026, 12, 3, 9, 0, tzinfo=ZoneInfo("Europe/Oslo"))
#: a week later: the coming Sunday, the 13th, is the second of the month
NEXT_THURSDAY_2300 = datetime(2026, 12, 10, 23, 0, tzinfo=ZoneInfo("Europe/Oslo"))
FIRST_SUNDAY = "Alta kvinnegruppe første søndag"
SECOND_SUNDAY = "Alta kvinnegruppe andre søndag"
EVERY_SUNDAY = "Alta søndagsmøte"


@pytest.fixture(scope="module")
def alta_meetings(live_server):
    """Three Sunday meetings in Alta: monthly on the first and the second Sunday, and weekly."""
    with live_server.app.app_context():
        for name, rule, types in (
            (FIRST_SUNDAY, "FREQ=MONTHLY;BYDAY=1SU", ["O", "W"]),
            (SECOND_SUNDAY, "FREQ=MONTHLY;BYDAY=2SU", ["O", "W"]),
            (EVERY_SUNDAY, None, ["O"]),
        ):
            make_meeting(
                name=name,
                day=0,
                start="18:00",
                types=types,
                recurrence=rule,
                latitude=ALTA[0],
                longitude=ALTA[1],
            )
        db.session.commit()
        db.session.remove()


@pytest.fixture
def thursday_morning(monkeypatch, alta_meetings):
    """The app's clock at Thursday 3 December 2026, 09:00 in Oslo."""
    monkeypatch.setattr(meeting_search, "utcnow", lambda: THURSDAY_0900)
    monkeypatch.setattr(finder_form, "utcnow", lambda: THURSDAY_0900)


@LANGS
def test_a_monthly_meeting_is_found_on_its_sunday_with_filters_kept_in_the_link(
    open_phone, thursday_morning, lang
):
    page = open_phone(lang).page
    finder = FinderPage(page).open(lang)
    finder.where("Alta").open_filters()
    assert_accessible(page)  # every group of filters unfolded, at 360 px
    finder.choose_day("0").tick_type("W").search()

    assert "day=0" in page.url and "types=W" in page.url
    assert finder.result_names() == [FIRST_SUNDAY]
    assert_accessible(page)

    shared = page.url
    other = open_phone(lang).page
    other.goto(shared)
    assert FinderPage(other).result_names() == [FIRST_SUNDAY]

    everyone = shared.replace("types=W", "types=O")
    other.goto(everyone)
    names = FinderPage(other).result_names()
    assert sorted(names) == sorted([FIRST_SUNDAY, EVERY_SUNDAY])  # not the second Sunday's

    meeting = finder.open_meeting(FIRST_SUNDAY)
    said = {"nb": "Første søndag i måneden", "en": "The first Sunday of each month"}
    assert said[lang] in meeting.main_text()
    assert_accessible(page)


@pytest.fixture
def next_thursday_late(monkeypatch, alta_meetings):
    """The app's clock at Thursday 10 December 2026, 23:00 in Oslo."""
    monkeypatch.setattr(meeting_search, "utcnow", lambda: NEXT_THURSDAY_2300)
    monkeypatch.setattr(finder_form, "utcnow", lambda: NEXT_THURSDAY_2300)


@LANGS
def test_the_first_sundays_meeting_is_absent_on_the_second_sunday(
    open_phone, next_thursday_late, lang
):
    page = open_phone(lang).page
    finder = FinderPage(page).open(lang, "where=Alta&day=0&types=W")
    assert finder.result_names() == [SECOND_SUNDAY]
    finder = FinderPage(page).open(lang, "where=Alta&day=0&types=O")
    assert sorted(finder.result_names()) == sorted([SECOND_SUNDAY, EVERY_SUNDAY])
    for weekday in ("1", "2", "3", "4", "5", "6"):  # and on no other day of the week
        other = FinderPage(page).open(lang, f"where=Alta&day={weekday}&types=O")
        assert not {FIRST_SUNDAY, SECOND_SUNDAY} & set(other.result_names())
    assert_accessible(page)
