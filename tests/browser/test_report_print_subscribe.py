"""Report a problem, print and subscribe, in Chromium on a 360 px phone, nb and en, axe clean:
a visitor reports a meeting that moved and a peer settles it; a town's schedule fits A4 in print
preview; a subscribed calendar feed (a search, and the meetings saved on the phone) reads right
in ical.js; an online meeting shows the visitor's own time."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from flask_babel import force_locale, gettext

from peerapp.extensions import db
from peerapp.finder import today_in_norway
from tests.browser.account_pages import log_in
from tests.browser.listing_care_pages import ListingPage, PrintPage
from tests.browser.pages import LANGS, FinderPage, assert_accessible, horizontal_overflow
from tests.browser.steward_pages import TendedPage
from tests.factories import make_meeting
from tests.support.icaljs import read_with_icaljs

#: A4 paper less the schedule's 12 mm margins, in CSS pixels (96 per inch)
A4_CONTENT_WIDTH = round((210 - 24) / 25.4 * 96)


def _translated(live_server, lang: str, message: str, **variables: str) -> str:
    with live_server.app.test_request_context(), force_locale(lang):
        return gettext(message, **variables)


@LANGS
def test_a_visitor_reports_a_problem_and_a_peer_settles_it(
    open_phone, add_person, live_server, lang
):
    stem = f"Fjordgruppa {lang}"
    with live_server.app.app_context():
        reported = make_meeting(name=f"{stem} flyttet", town="tromso", day=today_in_norway())
        make_meeting(name=f"{stem} annen", town="tromso", day=today_in_norway())
        db.session.commit()
        meeting_id = reported.id
    visitor = open_phone(lang).page
    listing = ListingPage(visitor).open_meeting(meeting_id, lang)
    assert not listing.says_a_change_is_reported()
    report = listing.report_a_problem()
    assert_accessible(visitor)
    report.choose("time_changed").write("Nå klokka 18, <ikke 19>.").send()
    assert _translated(live_server, lang, "Thank you, the peer workers will look at it") in (
        report.received()
    )
    assert_accessible(visitor)
    listing = ListingPage(visitor).open_meeting(meeting_id)
    assert listing.says_a_change_is_reported()
    assert_accessible(visitor)

    peer = open_phone(lang).page
    log_in(peer, add_person("peer"))
    tended = TendedPage(peer).open(query=f"q={stem}".replace(" ", "+"))
    assert tended.names()[0] == f"{stem} flyttet"  # a reported problem comes first
    assert_accessible(peer)
    mine = ListingPage(peer).open_meeting(meeting_id)
    assert "Nå klokka 18, <ikke 19>." in mine.reported_problems()
    assert_accessible(peer)
    mine.settle("fixed")
    assert _translated(live_server, lang, "Thank you. The report is settled as fixed.") in (
        mine.notice()
    )
    assert not mine.says_a_change_is_reported()
    assert_accessible(peer)
    assert not ListingPage(visitor).open_meeting(meeting_id).says_a_change_is_reported()


@LANGS
def test_the_schedule_of_a_town_fits_a4_in_print_preview(open_phone, live_server, lang):
    page = open_phone(lang).page
    schedule = PrintPage(page).open(lang, "where=Bergen")
    assert schedule.days()  # the seeded Bergen meetings, by day
    assert "C" in schedule.legend() and "X" in schedule.legend()
    assert_accessible(page)
    page.emulate_media(media="print")
    page.set_viewport_size({"width": A4_CONTENT_WIDTH, "height": 1000})
    assert horizontal_overflow(page) == 0
    assert page.locator(".site-header").is_hidden()
    assert page.locator(".print-controls").is_hidden()
    table = page.locator(".schedule-table").first.bounding_box()
    assert table["width"] <= A4_CONTENT_WIDTH
    pdf = page.pdf(format="A4", prefer_css_page_size=True)
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert 1 <= pages <= 2, pages


@LANGS
def test_a_subscribed_feed_validates_and_online_meetings_show_my_time(
    open_phone, live_server, lang
):
    visit = open_phone(lang)
    page = visit.page
    finder = FinderPage(page).open(lang)
    finder.where("Bergen").search()
    subscribe = page.locator("#subscribe-search")
    assert subscribe.get_attribute("href").startswith("webcal://127.0.0.1")
    assert_accessible(page)
    feed = page.locator("#subscribe-file").get_attribute("href")
    body = page.request.get(feed).body()
    today = datetime.now(UTC).date()
    events = read_with_icaljs(body, today, today + timedelta(days=200))
    names = {event["summary"] for event in events}
    assert {"NA Bergen sentrum", "NA Nordnes", "AA Bergen"} <= names
    assert "NA Oslo" not in names
    sentrum = next(event for event in events if event["summary"] == "NA Bergen sentrum")
    assert {occurrence["local"][11:16] for occurrence in sentrum["occurrences"]} == {"19:00"}

    online = ListingPage(page).open_meeting(live_server.meetings["AA på nett"])
    assert online.local_time().is_hidden()  # the visitor is in Oslo too
    online.save()
    finder = FinderPage(page).open(lang)
    saved_feed = page.locator("#saved-calendar").get_attribute("href")
    assert saved_feed.startswith("webcal://") and f"id={live_server.meetings['AA på nett']}" in (
        saved_feed
    )
    assert_accessible(page)
    body = page.request.get(saved_feed.replace("webcal://", "http://", 1)).body()
    [event] = read_with_icaljs(body, today, today + timedelta(days=8))
    assert event["summary"] == "AA på nett"

    abroad = open_phone(lang, timezone_id="America/New_York").page
    online = ListingPage(abroad).open_meeting(live_server.meetings["AA på nett"], lang)
    assert online.local_time().is_visible()
    assert "America/New_York" in online.local_time().inner_text()
    assert_accessible(abroad)
