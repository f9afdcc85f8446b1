"""Peers keep meetings true from the phone's pages, without JavaScript: still true today, edit,
archive, a new meeting, the list they look after, a feed conflict settled, and their limits."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from babel.dates import format_date

from peerapp.extensions import db, utcnow
from peerapp.models import AuditEvent, Meeting, User
from peerapp.services.meetings import edits, peer_input
from peerapp.services.meetings.feeds.importer import import_records
from peerapp.services.peers import profiles
from peerapp.services.stewardship import limits
from tests.integration.test_pages import Page, fetch, get_page
from tests.support.auth import session_client


def post(client, url: str, token: str, **data):
    """Send a form as the browser does (in an app context of its own, like ``fetch``)."""
    with client.application.app_context():
        return client.post(url, data={**data, "csrf_token": token})


def today_in_english() -> str:
    return format_date(utcnow().astimezone(ZoneInfo("Europe/Oslo")).date(), "full", locale="en_GB")


def signed_in(app, user_factory, role="peer"):
    user = user_factory(role=role)
    browser, token = session_client(app, user)
    return browser, token, user


def fresh(meeting_id: int) -> Meeting:
    db.session.commit()  # end this test's read, so that it sees what the requests wrote
    return db.session.get(Meeting, meeting_id)


NEW = {
    "name": "Torsdagsgruppa",
    "fellowship": "na",
    "day": "4",
    "time": "18:00",
    "end_time": "19:30",
    "attendance_option": "in_person",
    "location_name": "Blå Kors-huset",
    "address": "Torggata 2",
    "postal_code": "5014",
    "city": "Bergen",
    "region": "Vestland",
    "openness": "O",
    "types": ["NO", "X"],
    "notes": "",
}


def test_a_peer_sees_the_tools_on_a_meeting_page_and_visitors_do_not(
    app, client, meeting_factory, user_factory
):
    meeting = meeting_factory()
    browser, _token, _ = signed_in(app, user_factory)
    page = get_page(browser, f"/meetings/{meeting.id}?lang=en")
    assert page.find("button", id="verify-meeting")
    assert page.find("a", id="edit-meeting", href=f"/meetings/{meeting.id}/edit")
    assert page.find("a", id="archive-meeting", href=f"/meetings/{meeting.id}/archive")
    assert "Not checked by a peer worker yet." in page.text
    assert "May be out of date" in page.text
    public = get_page(client, f"/meetings/{meeting.id}?lang=en")
    assert not public.find("button", id="verify-meeting")
    assert "May be out of date" in public.text
    client_browser, _token, _ = signed_in(app, user_factory, role="client")
    assert not get_page(client_browser, f"/meetings/{meeting.id}").find(
        "button", id="verify-meeting"
    )


def test_still_true_today_shows_todays_check_to_everyone(
    app, client, meeting_factory, user_factory
):
    meeting = meeting_factory(town="bergen")
    browser, token, peer = signed_in(app, user_factory)
    answer = post(browser, f"/meetings/{meeting.id}/verify", token)
    assert answer.status_code == 303 and answer.location.endswith(f"/meetings/{meeting.id}")
    assert fresh(meeting.id).verified_by_id == peer.id
    page = get_page(client, f"/meetings/{meeting.id}?lang=en")
    assert f"Last checked by a peer worker: {today_in_english()}." in page.text
    assert "May be out of date" not in page.text
    finder = get_page(client, "/?where=Bergen&lang=en")
    assert finder.card_titles == [meeting.name] and "May be out of date" not in finder.text


def test_the_finder_marks_meetings_not_checked_for_90_days(client, meeting_factory):
    old = meeting_factory(town="bergen", name="Gammel")
    old.verified_at = utcnow() - timedelta(days=91)
    db.session.commit()
    assert "May be out of date" in get_page(client, "/?where=Bergen&lang=en").text


def test_a_peer_adds_a_meeting_from_the_form(app, client, user_factory):
    browser, token, peer = signed_in(app, user_factory)
    form = get_page(browser, "/meetings/new?lang=en")
    for control in ("name", "fellowship", "day", "time", "end_time", "address", "postal_code"):
        assert form.find("label", for_=control), control
    answer = post(browser, "/meetings/new", token, **NEW)
    assert answer.status_code == 303, answer.get_data(as_text=True)[:3000]
    db.session.commit()
    meeting = db.session.scalar(sa.select(Meeting).where(Meeting.name == "Torsdagsgruppa"))
    assert meeting.types == ["O", "NO", "X"] and meeting.location.latitude is not None
    assert meeting.verified_by_id == peer.id
    assert get_page(client, "/?where=Bergen&lang=en").card_titles == ["Torsdagsgruppa"]


def test_a_bad_new_meeting_is_shown_again_with_each_error_and_nothing_saved(app, user_factory):
    browser, token, _ = signed_in(app, user_factory)
    bad = {**NEW, "time": "25:61", "fellowship": "beer", "name": "", "postal_code": "", "city": ""}
    with app.app_context():
        answer = browser.post("/meetings/new?lang=en", data={**bad, "csrf_token": token})
    assert answer.status_code == 400
    page = Page(answer.get_data(as_text=True))
    assert set(page.error_links()) >= {"#name", "#fellowship", "#time", "#latitude"}
    assert page.find("input", id="address", value="Torggata 2")
    assert "Give the time as HH:MM, such as 19:00." in page.text
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Meeting)) == 0


def test_a_peer_corrects_a_meeting_and_it_is_audited(app, meeting_factory, user_factory):
    meeting = meeting_factory(town="bergen", types=["O", "NO"])
    old_name = meeting.name
    browser, token, _ = signed_in(app, user_factory)
    form = get_page(browser, f"/meetings/{meeting.id}/edit?lang=en")
    assert form.find("input", id="name", value=meeting.name)
    values = {
        **NEW,
        "name": "Nytt navn",
        "day": str(meeting.day),
        "time": "19:00",
        "end_time": "20:00",
        "location_name": meeting.location.name,
        "address": meeting.location.address,
        "postal_code": meeting.location.postal_code,
        "city": meeting.location.city,
        "region": "",
        "latitude": str(meeting.location.latitude),
        "longitude": str(meeting.location.longitude),
        "fellowship": "aa",
        "types": ["NO"],
    }
    answer = post(browser, f"/meetings/{meeting.id}/edit", token, **values)
    assert answer.status_code == 303
    assert fresh(meeting.id).name == "Nytt navn"
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "meeting.update"))
    assert event.changes == {"name": [old_name, "Nytt navn"]}


def test_archiving_asks_first_then_the_meeting_is_gone(app, client, meeting_factory, user_factory):
    meeting = meeting_factory(town="bergen")
    browser, token, _ = signed_in(app, user_factory)
    confirm = get_page(browser, f"/meetings/{meeting.id}/archive?lang=en")
    assert "Archive this meeting?" in confirm.text and confirm.find("button", id="confirm-archive")
    assert fresh(meeting.id).archived_at is None
    answer = post(browser, f"/meetings/{meeting.id}/archive", token)
    assert answer.status_code == 303 and answer.location.endswith("/peer/meetings")
    assert fetch(client, f"/meetings/{meeting.id}").status_code == 410
    assert get_page(client, "/?where=Bergen&lang=en").card_titles == []


def test_the_peer_list_flags_stale_meetings_and_conflicts_first(app, meeting_factory, user_factory):
    browser, _token, peer = signed_in(app, user_factory)
    checked = meeting_factory(name="Nylig sjekket")
    checked.verified_at = utcnow() - timedelta(days=3)
    meeting_factory(name="Aldri sjekket")
    db.session.commit()
    record = {
        "slug": "k",
        "name": "Fra feeden",
        "day": 1,
        "time": "19:00",
        "address": "Gate 1",
        "city": "Bergen",
        "latitude": 60.39,
        "longitude": 5.32,
    }
    import_records([record], source_name="feed", fellowship="aa")
    imported = db.session.scalar(sa.select(Meeting).where(Meeting.name == "Fra feeden"))
    edits.update_by_peer(peer, imported, peer_input.read_meeting({"name": "Rettet"}, imported))
    db.session.commit()
    import_records([{**record, "time": "18:00"}], source_name="feed", fellowship="aa")

    dashboard = get_page(browser, "/peer?lang=en")
    assert dashboard.find("a", id="tended-meetings", href="/peer/meetings")
    page = get_page(browser, "/peer/meetings?lang=en")
    text = page.text
    assert text.index("Rettet") < text.index("Aldri sjekket") < text.index("Nylig sjekket")
    assert "Changed in the feed" in text and "2 not checked for 90 days." in text
    assert f"/meetings/{imported.id}/edit#conflict-heading" in page.hrefs()
    assert "Rettet" in get_page(browser, "/peer/meetings?q=rettet&lang=en").text
    assert "Nylig sjekket" not in get_page(browser, "/peer/meetings?q=rettet&lang=en").text


def test_a_conflict_is_shown_on_the_edit_page_and_the_feed_version_can_be_taken(app, user_factory):
    browser, token, peer = signed_in(app, user_factory)
    record = {
        "slug": "k",
        "name": "Fra feeden",
        "day": 1,
        "time": "19:00",
        "address": "Gate 1",
        "city": "Bergen",
        "latitude": 60.39,
        "longitude": 5.32,
    }
    import_records([record], source_name="feed", fellowship="aa")
    meeting = db.session.scalar(sa.select(Meeting).where(Meeting.name == "Fra feeden"))
    edits.update_by_peer(peer, meeting, peer_input.read_meeting({"name": "Rettet"}, meeting))
    db.session.commit()
    import_records([{**record, "time": "18:00"}], source_name="feed", fellowship="aa")

    page = get_page(browser, f"/meetings/{meeting.id}/edit?lang=en")
    assert "The feed has changed this meeting" in page.text
    assert "Rettet" in page.text and "Fra feeden" in page.text and "18:00" in page.text
    assert page.find("button", id="accept-feed") and page.find("button", id="keep-local")
    assert (
        "The feed has changed this meeting."
        in get_page(browser, f"/meetings/{meeting.id}?lang=en").text
    )

    answer = post(browser, f"/meetings/{meeting.id}/feed-version", token, choice="accept")
    assert answer.status_code == 303
    settled = fresh(meeting.id)
    assert settled.name == "Fra feeden" and settled.time.isoformat(timespec="minutes") == "18:00"
    assert (
        "The feed has changed" not in get_page(browser, f"/meetings/{meeting.id}/edit?lang=en").text
    )


def test_a_limited_peer_is_told_clearly_outside_their_area(app, meeting_factory, user_factory):
    browser, token, peer = signed_in(app, user_factory)
    limits.set_limits(None, peer, ["Vestland", "Bergen"], [])
    db.session.commit()
    oslo, bergen = meeting_factory(town="oslo"), meeting_factory(town="bergen")
    refused = fetch(browser, f"/meetings/{oslo.id}/edit?lang=en")
    assert refused.status_code == 403
    assert (
        "You look after listings in Vestland, Bergen only."
        in Page(refused.get_data(as_text=True)).text
    )
    assert post(browser, f"/meetings/{oslo.id}/verify", token).status_code == 403
    assert fresh(oslo.id).verified_at is None
    assert not get_page(browser, f"/meetings/{oslo.id}").find("button", id="verify-meeting")
    assert get_page(browser, f"/meetings/{bergen.id}").find("button", id="verify-meeting")
    listed = get_page(browser, "/peer/meetings?lang=en")
    assert "Your area: Vestland, Bergen." in listed.text and oslo.name not in listed.text


def test_an_admin_limits_a_peer_from_the_user_page(app, user_factory):
    browser, token, _ = signed_in(app, user_factory, role="admin")
    peer = user_factory(role="peer")
    page = get_page(browser, f"/admin/users/{peer.id}?lang=en")
    assert page.find("input", id="regions") and page.find("input", id="limit-na")
    answer = post(
        browser,
        f"/admin/users/{peer.id}/limits",
        token,
        regions="Bergen, Vestland",
        fellowships=["na"],
    )
    assert answer.status_code == 303
    db.session.commit()
    limit = limits.limit_of(db.session.get(User, peer.id))
    assert (limit.regions, limit.fellowships) == (["Bergen", "Vestland"], ["na"])
    bad = post(
        browser,
        f"/admin/users/{peer.id}/limits?lang=en",
        token,
        regions="Bergen",
        fellowships=["beer"],
    )
    assert bad.status_code == 400 and "Unknown fellowship: beer." in bad.get_data(as_text=True)


def test_create_user_limits_a_peer_from_the_command_line(runner):
    result = runner.invoke(
        args=[
            "create-user",
            "likeperson-vest",
            "--role",
            "peer",
            "--region",
            "Vestland",
            "--fellowship",
            "na",
            "--password-stdin",
        ],
        input="et langt og trygt passord\n",
    )
    assert result.exit_code == 0, result.output
    assert "limited to Vestland, na" in result.output
    peer = db.session.scalar(sa.select(User).where(User.username == "likeperson-vest"))
    limit = limits.limit_of(peer)
    assert (limit.regions, limit.fellowships) == (["Vestland"], ["na"])
    refused = runner.invoke(
        args=[
            "create-user",
            "klient-vest",
            "--role",
            "client",
            "--region",
            "Vestland",
            "--password-stdin",
        ],
        input="et langt og trygt passord\n",
    )
    assert refused.exit_code == 2 and "regions:" in refused.output
    assert db.session.scalar(sa.select(User).where(User.username == "klient-vest")) is None


def test_an_archived_meeting_can_be_edited_only_to_settle_its_feed_relisting_it(app, user_factory):
    browser, token, peer = signed_in(app, user_factory)
    record = {
        "slug": "r",
        "name": "Igjen",
        "day": 1,
        "time": "19:00",
        "address": "Gate 1",
        "city": "Bergen",
        "latitude": 60.39,
        "longitude": 5.32,
    }
    import_records([record], source_name="feed", fellowship="aa")
    meeting = db.session.scalar(sa.select(Meeting).where(Meeting.name == "Igjen"))
    edits.archive(peer, meeting)
    db.session.commit()
    assert fetch(browser, f"/meetings/{meeting.id}/edit").status_code == 410
    import_records([{**record, "name": "Igjen på nytt"}], source_name="feed", fellowship="aa")
    page = get_page(browser, f"/meetings/{meeting.id}/edit?lang=en")
    assert "The feed lists this meeting again, but it is archived here." in page.text
    assert (
        post(browser, f"/meetings/{meeting.id}/feed-version", token, choice="keep").status_code
        == 303
    )
    assert fresh(meeting.id).archived_at is not None
    assert fetch(browser, f"/meetings/{meeting.id}/edit").status_code == 410


def test_a_peer_limited_to_a_region_may_not_change_places_elsewhere_on_the_pages(
    app, place_factory, user_factory
):
    browser, token, peer = signed_in(app, user_factory)
    limits.set_limits(None, peer, ["Bergen"], [])
    db.session.commit()
    oslo, bergen = place_factory(town="oslo"), place_factory(town="bergen")
    refused = fetch(browser, f"/places/{oslo.id}/edit?lang=en")
    assert refused.status_code == 403
    assert "You look after listings in Bergen only." in refused.get_data(as_text=True)
    assert post(browser, f"/places/{oslo.id}/verify", token).status_code == 403
    assert post(browser, f"/places/{oslo.id}/archive", token).status_code == 403
    assert post(browser, f"/places/{bergen.id}/verify", token).status_code == 303
    db.session.commit()
    from peerapp.models import Place

    assert db.session.get(Place, oslo.id).archived_at is None
    assert db.session.get(Place, oslo.id).verified_at is None


def test_peers_see_who_last_checked_a_meeting(app, client, meeting_factory, user_factory):
    meeting = meeting_factory()
    browser, token, peer = signed_in(app, user_factory)
    profiles.save_profile(peer, profiles.ProfileSpec("Kari Likeperson"))
    db.session.commit()
    post(browser, f"/meetings/{meeting.id}/verify", token)
    page = get_page(browser, f"/meetings/{meeting.id}?lang=en").text
    assert "by Kari Likeperson." in page and peer.username not in page  # no login names
    assert "Kari Likeperson" not in get_page(client, f"/meetings/{meeting.id}?lang=en").text


def test_two_peers_correcting_one_meeting_never_silently_replace_each_other(
    app, meeting_factory, user_factory
):
    meeting = meeting_factory(town="bergen")
    first, first_token, _ = signed_in(app, user_factory)
    second, second_token, _ = signed_in(app, user_factory)

    def opened(browser) -> dict:
        page = get_page(browser, f"/meetings/{meeting.id}/edit?lang=en")
        (version,) = page.find("input", name="version")
        return {**NEW, "version": version["value"]}

    mine, theirs = opened(first), opened(second)
    url = f"/meetings/{meeting.id}/edit"
    assert post(second, url, second_token, **{**theirs, "name": "Fredagsgruppa"}).status_code == 303

    answer = post(first, f"{url}?lang=en", first_token, **{**mine, "name": "Lørdagsgruppa"})
    assert answer.status_code == 409
    page = Page(answer.get_data(as_text=True))
    assert "someone else changed this meeting meanwhile" in page.text
    assert page.find("input", id="name", value="Lørdagsgruppa")  # what I wrote is kept
    assert fresh(meeting.id).name == "Fredagsgruppa"  # theirs stands

    (version,) = page.find("input", name="version")  # having seen it, saving again is meant
    again = {**mine, "name": "Lørdagsgruppa", "version": version["value"]}
    assert post(first, url, first_token, **again).status_code == 303
    assert fresh(meeting.id).name == "Lørdagsgruppa"
