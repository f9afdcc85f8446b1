"""Our published Meeting Guide feed as real clients read it: filtered like the search, no nulls,
ASCII URLs, the spec's types only, a feedback link; feed notes imported as plain text; and the
peers' warning for a join link that common clients do not show."""

from __future__ import annotations

import sqlalchemy as sa

from peerapp.extensions import db
from peerapp.models import Meeting
from peerapp.services.meetings.feeds.importer import import_records
from peerapp.services.meetings.vocabulary import conference_provider
from tests.integration.openapi_validation import assert_documented
from tests.integration.test_pages import translated
from tests.support.auth import session_client

FEED = "/api/v1/feeds/meeting-guide.json"


def test_the_feed_takes_fellowship_and_region_like_the_search(client, meeting_factory):
    meeting_factory(name="AA Oslo", fellowship="aa", town="oslo")
    meeting_factory(name="NA Oslo", fellowship="na", town="oslo")
    bergen = meeting_factory(name="AA Bergen", fellowship="aa", town="bergen")
    bergen.location.region = "Vestland"
    db.session.commit()
    names = lambda query: sorted(r["name"] for r in client.get(FEED + query).get_json())  # noqa: E731
    assert names("?fellowship=aa") == ["AA Bergen", "AA Oslo"]
    assert names("?fellowship=aa&region=vestland") == ["AA Bergen"]
    assert names("?fellowship=aa&region=46") == ["AA Bergen"]  # Vestland by its number
    assert names("?region=Oslo") == ["AA Oslo", "NA Oslo"]
    assert names("?fellowship=na,aa&region=Oslo&region=Vestland") == [
        "AA Bergen",
        "AA Oslo",
        "NA Oslo",
    ]
    bad = client.get(FEED + "?fellowship=xx")
    assert bad.status_code == 400 and bad.mimetype == "application/problem+json"


def test_records_leave_out_empty_fields_and_write_urls_in_ascii(client, meeting_factory):
    spec = client.get("/api/openapi.json").get_json()
    meeting = meeting_factory(
        name="Nettgruppa",
        attendance_option="online",
        conference_url="https://møte.example.no/rom æ?navn=Åse",
        types=["O", "NS", "ONL", "GER", "W"],
    )
    meeting.location.approximate = False
    db.session.commit()
    response = client.get(FEED)
    [record] = assert_documented(spec, response, FEED)
    assert None not in record.values()
    assert "approximate" not in record and "conference_phone" not in record
    assert record["conference_url"] == ("https://xn--mte-0na.example.no/rom%20%C3%A6?navn=%C3%85se")
    assert record["conference_url"].isascii()
    assert record["types"] == ["O", "DE", "W"]
    assert record["feedback_url"] == f"http://localhost/meetings/{meeting.id}/report"
    assert client.get(record["feedback_url"]).status_code == 200


def test_an_approximate_address_says_so(client, meeting_factory):
    meeting = meeting_factory()
    meeting.location.approximate = True
    db.session.commit()
    [record] = client.get(FEED).get_json()
    assert record["approximate"] == "yes"


def test_notes_with_markup_are_imported_as_plain_text(app, client):
    record = {
        "slug": "html-notes",
        "name": "Fredag &amp; fellesskap",
        "day": 5,
        "time": "19:00",
        "city": "Oslo",
        "latitude": 59.91,
        "longitude": 10.75,
        "notes": "Ring på <b>døra</b>.<br>Inngang bak.<p>Kaffe &amp; kaker</p>"
        "<script>alert(1)</script><a href='https://x.example'>Kart</a>",
        "conference_url": "https://zoom.us/j/123?pwd=a&amp;b",
    }
    import_records([record], source_name="html-feed", fellowship="aa")
    db.session.commit()
    meeting = db.session.scalar(sa.select(Meeting).where(Meeting.external_slug == "html-notes"))
    assert meeting.name == "Fredag & fellesskap"
    assert meeting.notes == "Ring på døra.\nInngang bak.\nKaffe & kaker\nKart"
    assert meeting.conference_url == "https://zoom.us/j/123?pwd=a&b"
    [exported] = client.get(FEED).get_json()
    assert "<" not in exported["notes"]
    page = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert "alert(1)" not in page


def test_peers_are_warned_when_common_clients_would_hide_the_join_link(
    app, meeting_factory, user_factory
):
    unknown = meeting_factory(attendance_option="online", conference_url="https://whereby.com/x")
    known = meeting_factory(
        attendance_option="online", conference_url="https://us02web.zoom.us/j/1"
    )
    browser, _token = session_client(app, user_factory(role="peer"))
    warning = translated(app, "nb", "Other meeting apps will not show this link.")
    assert warning in browser.get(f"/meetings/{unknown.id}/edit").get_data(as_text=True)
    assert warning not in browser.get(f"/meetings/{known.id}/edit").get_data(as_text=True)


def test_the_demo_online_meetings_use_hosts_common_clients_know(app):
    from peerapp.demo.meetings import demo_feed

    urls = [record["conference_url"] for record in demo_feed() if record.get("conference_url")]
    assert len(urls) >= 50
    assert all(conference_provider(url) for url in urls)


def test_the_group_a_feed_names_is_republished_and_never_a_conflict(app, client):
    record = {
        "slug": "with-group",
        "name": "Tirsdagsmøtet",
        "group": "Grünerløkka-gruppa",
        "day": 2,
        "time": "19:00",
        "city": "Oslo",
        "latitude": 59.92,
        "longitude": 10.76,
    }
    import_records([record], source_name="group-feed", fellowship="aa")
    db.session.commit()
    [exported] = client.get(FEED).get_json()
    assert exported["group"] == "Grünerløkka-gruppa"
    meeting = db.session.scalar(sa.select(Meeting).where(Meeting.external_slug == "with-group"))
    meeting.locally_edited_at = meeting.updated_at  # a peer corrected it here
    db.session.commit()
    report = import_records(
        [{**record, "group": "Løkka-gruppa"}], source_name="group-feed", fellowship="aa"
    )
    db.session.commit()
    assert (report.conflicts, report.unchanged) == (0, 1)
    [exported] = client.get(FEED).get_json()
    assert exported["group"] == "Løkka-gruppa"
    meeting_without = {**record, "slug": "no-group", "group": ""}
    import_records([record, meeting_without], source_name="group-feed", fellowship="aa")
    db.session.commit()
    assert [r.get("group") for r in client.get(FEED).get_json()].count(None) == 1
