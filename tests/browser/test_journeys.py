"""Journeys 1 and 8 in Chromium on a 360 px phone, as a person would walk them."""

from __future__ import annotations

from tests.browser.conftest import open_visit
from tests.browser.pages import FinderPage, HelpPage, MeetingPage, OfflinePage

#: whether a service worker is active for the page, waiting up to 10 s for it
#: (a script rather than wait_for_function, which would need eval under our CSP)
SW_ACTIVE = """Promise.race([
  navigator.serviceWorker.ready.then(() => true),
  new Promise((resolve) => setTimeout(() => resolve(false), 10000)),
])"""


def test_find_an_na_meeting_in_bergen_today_and_add_it_to_the_calendar(visit, live_server):
    finder = FinderPage(visit.page).open()
    assert finder.language == "nb"
    finder.where("Bergen").tick_fellowship("na").choose_day("today").search()

    # soonest first: which of the two leads depends on the hour the test runs
    assert set(finder.result_names()) == {"NA Bergen sentrum", "NA Nordnes"}
    assert "Bergen" in finder.results_heading()

    meeting = finder.open_meeting("NA Nordnes")
    assert meeting.name == "NA Nordnes"
    assert visit.page.url.startswith(f"{live_server.url}/meetings/")
    response = visit.page.request.get(meeting.calendar_link().get_attribute("href"))
    assert response.headers["content-type"].startswith("text/calendar")
    filename, text = meeting.download_calendar()
    assert filename.endswith(".ics")
    assert text.startswith("BEGIN:VCALENDAR")
    assert "SUMMARY:NA Nordnes" in text
    assert "RRULE:FREQ=WEEKLY;BYDAY=" in text


def test_keyboard_reaches_the_search_button_and_enter_submits(visit):
    finder = FinderPage(visit.page).open()
    assert finder.skip_link_comes_first()
    finder.search_by_keyboard("Bergen")
    assert "where=Bergen" in visit.page.url
    assert "NA Bergen sentrum" in finder.result_names()


def test_use_my_location_searches_around_the_phone(browser, live_server):
    visit = open_visit(
        browser,
        live_server,
        geolocation={"latitude": 60.3913, "longitude": 5.3221},
        permissions=["geolocation"],
    )
    try:
        finder = FinderPage(visit.page).open(lang="en")
        assert finder.offers_my_location()
        finder.use_my_location()
        assert "lat=60.391" in visit.page.url
        finder.nearest_first()
        # the three meetings at the phone's own spot come before the one 1.5 km away (which of
        # the three leads depends on the hour the test runs)
        names = finder.result_names()
        assert set(names[:3]) == {"NA Bergen sentrum", "AA Bergen", "NA Bergen i morgen"}
        assert "NA Nordnes" in names[3:]
        assert "near you" in finder.results_heading()
        visit.assert_only_local()
    finally:
        visit.context.close()


def test_save_a_meeting_on_the_phone_and_find_it_on_the_finder(visit, live_server):
    meeting = MeetingPage(visit.page).open_meeting(live_server.meetings["AA Bergen"])
    assert not meeting.shows_save_hint()
    meeting.save()
    assert meeting.is_saved()
    finder = FinderPage(visit.page).open()
    assert finder.saved_meetings() == ["AA Bergen"]
    meeting = MeetingPage(visit.page).open_meeting(live_server.meetings["AA Bergen"])
    meeting.save()
    assert not meeting.is_saved()
    assert FinderPage(visit.page).open().saved_meetings() == []


def test_the_pages_work_without_javascript(browser, live_server):
    visit = open_visit(browser, live_server, java_script_enabled=False)
    try:
        finder = FinderPage(visit.page).open()
        assert not finder.offers_my_location()
        finder.where("5003").tick_fellowship("na").search()
        finder.nearest_first()
        names = finder.result_names()
        assert set(names) == {"NA Bergen sentrum", "NA Bergen i morgen", "NA Nordnes"}
        assert names[-1] == "NA Nordnes"  # the one farther from the centre
        meeting = finder.open_meeting("NA Bergen sentrum")
        assert meeting.shows_save_hint()
        assert meeting.calendar_link().is_visible()
        assert "tel:113" in HelpPage(visit.page).open().phone_links()
        visit.assert_only_local()
    finally:
        visit.context.close()


def test_crisis_help_is_one_tap_from_every_page(visit, live_server):
    pages = ["/", "/?where=Bergen", f"/meetings/{live_server.meetings['NA Oslo']}", "/nowhere"]
    for path in pages:
        visit.page.goto(path)
        link = FinderPage(visit.page).crisis_link()
        assert link.is_visible(), path
        box = link.bounding_box()
        assert box["height"] >= 44 and box["y"] < 100, path
    with visit.page.expect_navigation():
        FinderPage(visit.page).crisis_link().click()
    help_page = HelpPage(visit.page)
    for number in ("tel:113", "tel:116117", "tel:116123", "tel:22591300"):
        assert number in help_page.phone_links()


def test_help_opens_offline_once_visited(browser, live_server):
    visit = open_visit(browser, live_server, service_workers="allow")
    page = visit.page
    try:
        offline_title = OfflinePage(page).open().title
        FinderPage(page).open()
        assert page.evaluate(SW_ACTIVE)
        page.reload()  # a page loaded while the worker was installing may not be claimed by it
        assert page.evaluate("!!navigator.serviceWorker.controller")
        visit.context.set_offline(True)
        help_page = HelpPage(page).open()
        assert "tel:113" in help_page.phone_links()
        not_kept = FinderPage(page).open(query="where=Oslo")
        assert not_kept.title == offline_title
        assert not_kept.link_to("/help").count() == 1
        visit.context.set_offline(False)
        visit.assert_only_local()
    finally:
        visit.context.close()
