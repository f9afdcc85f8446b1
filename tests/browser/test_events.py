"""Things to do this week, on a phone in Bokmål and English: a peer adds a weekly walk, and a
client finds it among this week's events and sees it repeat."""

from __future__ import annotations

from datetime import timedelta

from peerapp.services.checkins.daily import today
from tests.browser.account_pages import log_in
from tests.browser.event_pages import EventFinderPage, NewEventPage
from tests.browser.pages import LANGS, assert_accessible


@LANGS
def test_a_peer_adds_a_weekly_walk_and_a_client_finds_it_this_week(
    lang, open_phone, live_server, add_person
):
    peer = add_person("peer", language=lang)
    client = add_person("client", language=lang)
    title = f"Tur rundt vannet ({lang})"
    day = (today() + timedelta(days=2)).isoformat()

    adding = open_phone(lang)
    log_in(adding.page, peer)
    form = NewEventPage(adding.page).open(lang)
    assert_accessible(adding.page)
    form.add_weekly(title, day, "19:00", "18:00", "Festplassen", "Bergen")
    assert len(form.errors()) == 1  # it ends before it starts
    assert_accessible(adding.page)
    event = form.add_weekly(title, day, "18:00", "19:30", "Festplassen", "Bergen")
    assert event.heading == title
    assert len(event.times()) == 4  # every week for the coming four weeks
    assert_accessible(adding.page)

    finding = open_phone(lang)
    log_in(finding.page, client)
    finder = EventFinderPage(finding.page).open(lang)
    assert title in finder.titles()
    assert_accessible(finding.page)
    shown = finder.open_event(title)
    assert shown.times()[0] == event.times()[0]
    assert_accessible(finding.page)
