"""Journey 7 in Chromium on a 360 px phone, by keyboard: a peer verifies three meetings and
archives one; then the public finder no longer lists the archived one, and the verified ones say
they were checked today."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from babel.dates import format_date
from flask_babel import force_locale, gettext

from peerapp.extensions import db, utcnow
from peerapp.finder import today_in_norway
from peerapp.models import User
from tests.browser.account_pages import log_in
from tests.browser.pages import FinderPage, assert_accessible, path_of
from tests.browser.peer_pages import PeerDashboardPage
from tests.browser.steward_pages import EditMeetingPage, NewMeetingPage, TendedPage
from tests.factories import make_meeting


def _translated(live_server, lang: str, message: str, **variables: str) -> str:
    with live_server.app.test_request_context(), force_locale(lang):
        return gettext(message, **variables)


def _today(lang: str) -> str:
    today = utcnow().astimezone(ZoneInfo("Europe/Oslo")).date()  # the app's clock
    text = format_date(today, "full", locale="en_GB" if lang == "en" else lang)
    return text[:1].upper() + text[1:]


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_a_peer_verifies_three_meetings_and_archives_one(open_phone, add_person, live_server, lang):
    stem = f"Fjellgruppa {lang}"
    names = [f"{stem} {n}" for n in (1, 2, 3, 4)]
    with live_server.app.app_context():
        for name in names:
            make_meeting(name=name, town="tromso", day=today_in_norway(), start="20:00")
        db.session.commit()
    peer = add_person("peer")
    page = open_phone(lang).page
    log_in(page, peer)

    dashboard = PeerDashboardPage(page).open()
    assert_accessible(page)
    tended = dashboard.open_meetings_to_look_after().find(stem)
    assert tended.language == lang
    assert tended.names() == names
    assert tended.not_checked() == names
    assert_accessible(page)

    for name in names[:3]:
        meeting = tended.open_meeting(name)
        assert meeting.name == name
        assert_accessible(page)
        meeting.still_true_today()
        assert name in meeting.notice()
        assert _today(lang) in meeting.last_checked()
        assert_accessible(page)
        tended = TendedPage(page).open(query=f"q={stem}")

    assert tended.not_checked() == names[3:]
    meeting = tended.open_meeting(names[3])
    confirm = meeting.archive()
    assert names[3] in confirm.main_text()
    assert_accessible(page)
    tended = confirm.confirm()
    assert path_of(page) == "/peer/meetings"
    assert names[3] in tended.notice()
    assert_accessible(page)
    assert tended.find(stem).names() == names[:3]

    public = open_phone(lang).page
    # the words narrow the results to this test's meetings: other tests list meetings in Tromsø
    # too, and at a late hour theirs come sooner than these (held today at 20:00) on a first page
    finder = FinderPage(public).open(query=f"where=Troms%C3%B8&q={stem.replace(' ', '+')}")
    listed = [name for name in finder.result_names() if name.startswith(stem)]
    assert sorted(listed) == names[:3]
    stale_mark = _translated(live_server, lang, "May be out of date")
    for name in names[:3]:
        assert stale_mark not in finder.result_card(name)
    assert_accessible(public)
    checked = _translated(
        live_server, lang, "Last checked by a peer worker: %(date)s.", date=_today(lang)
    )
    meeting_page = finder.open_meeting(names[0])
    assert checked in meeting_page.last_checked()
    assert not meeting_page.offers_still_true_today()
    assert_accessible(public)


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_a_peer_adds_a_meeting_and_settles_a_feed_conflict(
    open_phone, add_person, live_server, lang
):
    from peerapp.models import Meeting
    from peerapp.services.meetings import edits, peer_input
    from peerapp.services.meetings.feeds.importer import import_records

    record = {
        "slug": f"kveld-{lang}",
        "name": f"Kveldsgruppa {lang}",
        "day": 3,
        "time": "19:00",
        "address": "Storgata 9",
        "city": "Tromsø",
        "latitude": 69.65,
        "longitude": 18.95,
    }
    peer = add_person("peer")
    with live_server.app.app_context():
        import_records([record], source_name=f"feed-{lang}", fellowship="aa")
        meeting = db.session.scalar(sa.select(Meeting).where(Meeting.name == record["name"]))
        fields = peer_input.read_meeting({"name": f"Kveldsgruppa {lang} (rettet)"}, meeting)
        edits.update_by_peer(db.session.get(User, peer.id), meeting, fields)
        db.session.commit()
        import_records([{**record, "time": "18:30"}], source_name=f"feed-{lang}", fellowship="aa")
        meeting_id = meeting.id
    page = open_phone(lang).page
    log_in(page, peer)

    new = NewMeetingPage(page).open()
    new.fill(name=f"Morgengruppa {lang}", time="07:30", address="Storgata 1", postal_code="")
    new.save()
    assert new.error_for("latitude") == 1
    assert_accessible(page)
    added = new.fill(postal_code="9008").save()
    assert added.name == f"Morgengruppa {lang}"
    assert _today(lang) in added.last_checked()
    assert_accessible(page)

    edit = EditMeetingPage(page).open_meeting(meeting_id)
    assert edit.shows_conflict()
    assert "18:30" in edit.comparison()
    assert_accessible(page)
    edit.accept_feed_by_keyboard()
    assert not edit.shows_conflict()
    assert edit.value("time") == "18:30"
    assert edit.value("name") == record["name"]
    assert_accessible(page)
