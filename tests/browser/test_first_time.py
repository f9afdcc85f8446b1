"""Not alone the first time: from a meeting page one tap to what happens at a meeting of its
fellowship, whose first screen says what will happen when you go in; meetings marked for
newcomers say "good for a first time", on their page and on the finder's cards."""

from __future__ import annotations

import pytest

from peerapp.extensions import db
from peerapp.services.meetings.vocabulary import FELLOWSHIPS
from tests.browser.conftest import PHONE, open_visit
from tests.browser.first_time_pages import FirstTimePage, MeetingWithFirstTime, NewcomerFinder
from tests.browser.pages import LANGS, assert_accessible, horizontal_overflow, path_of
from tests.factories import make_meeting

#: Kristiansand, where no other browser test lists meetings
KRISTIANSAND = (58.1467, 7.9956)
NEWCOMERS = "AA Ny start Kristiansand"
OLD_TIMERS = "AA Trinnmøte Kristiansand"


@pytest.fixture(scope="module")
def kristiansand(live_server):
    """An open AA meeting marked for newcomers and a closed step meeting, in Kristiansand."""
    with live_server.app.app_context():
        newcomers = make_meeting(
            name=NEWCOMERS,
            types=["O", "BE", "NO"],
            latitude=KRISTIANSAND[0],
            longitude=KRISTIANSAND[1],
        )
        old_timers = make_meeting(
            name=OLD_TIMERS,
            types=["C", "ST", "NO"],
            latitude=KRISTIANSAND[0] + 0.01,
            longitude=KRISTIANSAND[1],
        )
        db.session.commit()
        ids = {NEWCOMERS: newcomers.id, OLD_TIMERS: old_timers.id}
        db.session.remove()
    return ids


@LANGS
def test_from_a_newcomer_meeting_one_tap_to_what_will_happen(open_phone, kristiansand, lang):
    page = open_phone(lang).page
    meeting = MeetingWithFirstTime(page).open_meeting(kristiansand[NEWCOMERS])
    assert_accessible(page)
    assert meeting.shows_first_time_badge()
    assert meeting.first_time_link_top() < PHONE["height"]

    explainer = meeting.what_happens()
    assert path_of(page) == "/meetings/first-time/aa"
    assert explainer.language == lang
    assert "AA" in explainer.heading
    headings = explainer.section_headings()
    going_in = {"nb": "Dette skjer når du kommer inn", "en": "What happens when you go in"}
    assert headings[0] == going_in[lang]
    # the whole answer to "what will happen when I go in" is on the first screen
    assert explainer.going_in_bottom() <= PHONE["height"]
    assert_accessible(page)


@LANGS
def test_a_meeting_not_marked_for_newcomers_has_the_link_but_no_badge(
    open_phone, kristiansand, lang
):
    page = open_phone(lang).page
    meeting = MeetingWithFirstTime(page).open_meeting(kristiansand[OLD_TIMERS])
    assert not meeting.shows_first_time_badge()
    assert meeting.what_happens().heading.startswith("AA")


@LANGS
def test_the_newcomer_filter_finds_the_badged_meetings_and_the_explainer(
    open_phone, kristiansand, lang
):
    page = open_phone(lang).page
    finder = NewcomerFinder(page).open(lang)
    finder.where("Kristiansand").only_newcomer_meetings()
    assert_accessible(page)
    finder.search()
    assert finder.result_names() == [NEWCOMERS]
    assert finder.first_result_top() < PHONE["height"]
    assert finder.cards_with_badge() == 1
    assert_accessible(page)

    overview = finder.what_happens()
    assert path_of(page) == "/meetings/first-time"
    assert overview.section_headings()[0] in (
        "Dette skjer når du kommer inn",
        "What happens when you go in",
    )
    assert overview.going_in_bottom() <= PHONE["height"]
    assert_accessible(page)


@LANGS
def test_every_explainer_says_what_will_happen_on_its_first_screen(open_phone, lang):
    page = open_phone(lang).page
    for fellowship in ["", *FELLOWSHIPS]:
        explainer = FirstTimePage(page)
        if fellowship:
            explainer.of(fellowship)
        explainer.open(lang)
        assert explainer.going_in_bottom() <= PHONE["height"], fellowship
        assert_accessible(page)


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
@pytest.mark.parametrize("fellowship", ["", "aa", "al-anon", "selvhjelp", "smart"])
def test_the_explainer_reflows_at_200_percent_zoom(browser, live_server, fellowship, lang):
    # 200 % zoom on a 360 px phone: 180 CSS pixels across, as in test_checkin's month
    visit = open_visit(
        browser, live_server, viewport={"width": 180, "height": 370}, device_scale_factor=4
    )
    try:
        explainer = FirstTimePage(visit.page)
        if fellowship:
            explainer.of(fellowship)
        explainer.open(lang)
        assert visit.page.evaluate("window.innerWidth") == 180
        assert horizontal_overflow(visit.page) == 0
        visit.assert_only_local()
    finally:
        visit.context.close()
