"""The meeting page without JavaScript: when, where, directions, joining online, the calendar."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

from peerapp.extensions import db, utcnow
from tests.integration.test_pages import get_page

# --- the meeting page --------------------------------------------------------------------------


def test_meeting_page_shows_address_directions_and_calendar_link(client, meeting_factory):
    meeting = meeting_factory(
        town="bergen",
        name="Nordnes group",
        fellowship="na",
        day=2,
        start="18:30",
        end="20:00",
        types=["O", "NO", "X"],
    )
    page = get_page(client, f"/meetings/{meeting.id}?lang=en")
    text = page.text
    assert "Nordnes group" in text
    assert "Narcotics Anonymous (NA)" in text
    assert "Every Tuesday, 18:30–20:00" in text
    assert meeting.location.address in text and "5003 Bergen" in text
    assert "Open meeting" in text and "Wheelchair access" in text
    directions = [
        h for h in page.hrefs() if h.startswith("https://www.openstreetmap.org/directions")
    ]
    assert directions == ["https://www.openstreetmap.org/directions?to=60.3913%2C5.3221"]
    assert f"/meetings/{meeting.id}.ics" in page.hrefs()
    assert page.find("button", id="save-meeting", hidden="")
    assert "Not checked by a peer worker yet." in text
    assert "Europe/Oslo" in text


def test_meeting_page_of_an_online_meeting_has_the_link_and_phone(client, meeting_factory):
    meeting = meeting_factory(
        town="oslo",
        name="Online group",
        attendance_option="online",
        conference_url="https://meet.example/room",
    )
    meeting.conference_phone = "+47 21 00 00 00"
    db.session.commit()
    page = get_page(client, f"/meetings/{meeting.id}?lang=en")
    assert "https://meet.example/room" in page.hrefs()
    assert "tel:+4721000000" in page.hrefs()
    assert not [h for h in page.hrefs() if "openstreetmap" in h]


def test_a_conference_link_that_is_not_http_is_not_made_a_link(client, meeting_factory):
    meeting = meeting_factory(
        town="oslo", name="Odd", attendance_option="online", conference_url="javascript:alert(1)"
    )
    page = get_page(client, f"/meetings/{meeting.id}")
    assert not [h for h in page.hrefs() if h.startswith("javascript:")]


def test_verified_date_is_shown(client, meeting_factory):
    meeting = meeting_factory(town="oslo", name="Checked")
    meeting.verified_at = utcnow() - timedelta(days=3)
    db.session.commit()
    page = get_page(client, f"/meetings/{meeting.id}?lang=en")
    assert "Last checked by a peer worker:" in page.text
    assert "Details may have changed" not in page.text


def test_back_to_results_keeps_the_search(client, meeting_factory):
    meeting = meeting_factory(town="bergen", name="Found")
    results = get_page(client, "/?where=Bergen&fellowship=aa")
    link = [h for h in results.hrefs() if h.startswith(f"/meetings/{meeting.id}")][0]
    page = get_page(client, link)
    back = [h for h in page.hrefs() if h.startswith("/?")]
    assert parse_qs(urlsplit(back[0]).query) == {"where": ["Bergen"], "fellowship": ["aa"]}


def test_an_archived_meeting_is_gone_and_an_unknown_one_not_found(client, meeting_factory):
    meeting = meeting_factory(town="oslo", name="Old group")
    meeting.archived_at = utcnow()
    db.session.commit()
    page = get_page(client, f"/meetings/{meeting.id}?lang=en", status=410)
    assert "This meeting has ended" in page.text and "Old group" in page.text
    assert client.get(f"/meetings/{meeting.id}.ics").status_code == 410
    get_page(client, "/meetings/999999", status=404)
    assert client.get("/meetings/999999.ics").status_code == 404
    assert get_page(client, "/?lang=en").card_titles == []


def test_a_meeting_id_beyond_any_database_integer_is_a_404(client):
    assert client.get("/meetings/99999999999999").status_code == 404
    assert client.get("/meetings/99999999999999.ics").status_code == 404
