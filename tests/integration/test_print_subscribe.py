"""Print and subscribe: a town's or county's schedule for A4 (by day, with the legend), and the
meetings as a calendar feed (a saved search, or the meetings saved on a phone) that calendar apps
subscribe to and a second parser (ical.js) reads right across both changes of summer time."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from peerapp.extensions import db, utcnow
from tests.integration.test_pages import translated
from tests.support.icaljs import read_with_icaljs

OSLO = ZoneInfo("Europe/Oslo")
FEED = "/api/v1/meetings.ics"


def test_the_schedule_of_a_town_is_by_day_monday_first_with_the_legend(
    app, client, meeting_factory
):
    meeting_factory(town="bergen", name="Søndagsgruppa", day=0, start="18:00", types=["O", "W"])
    meeting_factory(town="bergen", name="Mandagsgruppa", day=1, start="19:00", types=["C", "NO"])
    meeting_factory(town="bergen", name="Tidlig mandag", day=1, start="07:00", types=["C"])
    meeting_factory(town="oslo", name="Oslogruppa", day=1)
    gone = meeting_factory(town="bergen", name="Nedlagt", day=2)
    gone.archived_at = utcnow()
    db.session.commit()
    page = client.get("/meetings/print?where=bergen")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Oslogruppa" not in html and "Nedlagt" not in html
    order = [html.index(name) for name in ("Tidlig mandag", "Mandagsgruppa", "Søndagsgruppa")]
    assert order == sorted(order)  # Monday (early first), then Sunday last
    assert 'id="legend-heading"' in html
    for code in ("O", "W", "C", "NO"):
        assert f"<dt>{code}</dt>" in html
    assert translated(app, "nb", "Women") in html
    assert "css/print.css" in html


def test_the_schedule_asks_for_a_place_and_names_a_bad_one(app, client):
    assert client.get("/meetings/print").status_code == 200
    bad = client.get("/meetings/print?where=" + "x" * 300)
    assert bad.status_code == 400
    assert client.get("/meetings/print?where=Bergen&fellowship=xx").status_code == 400
    empty = client.get("/meetings/print?where=Atlantis").get_data(as_text=True)
    assert (
        translated(
            app,
            "nb",
            "No meetings are listed in %(place)s. Check the spelling, or try the county.",
            place="Atlantis",
        )
        in empty
    )


def test_a_search_feed_holds_what_the_search_finds_as_weekly_events(client, meeting_factory):
    meeting_factory(name="NA tirsdag", fellowship="na", day=2, start="20:00")
    meeting_factory(name="AA onsdag", fellowship="aa", day=3)
    response = client.get(FEED + "?fellowship=na")
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    body = response.data
    assert b"REFRESH-INTERVAL;VALUE=DURATION:PT12H" in body
    assert b"BEGIN:VTIMEZONE" in body and b"TZID:Europe/Oslo" in body
    today = utcnow().date()
    events = read_with_icaljs(body, today, today + timedelta(days=400))
    assert [event["summary"] for event in events] == ["NA tirsdag"]
    occurrences = events[0]["occurrences"]
    assert len(occurrences) >= 52
    for occurrence in occurrences:  # the same wall-clock time in winter and in summer
        utc = datetime.fromisoformat(occurrence["utc"].replace("Z", "+00:00"))
        assert utc.astimezone(OSLO).strftime("%a %H:%M") == "Tue 20:00", occurrence


def test_a_feed_of_the_meetings_saved_on_a_phone(client, meeting_factory):
    first = meeting_factory(name="Første")
    second = meeting_factory(name="Andre")
    meeting_factory(name="Ikke lagret")
    gone = meeting_factory(name="Nedlagt")
    gone.archived_at = utcnow()
    db.session.commit()
    body = client.get(f"{FEED}?id={second.id}&id={first.id}&id={gone.id}&id=99999").data
    events = read_with_icaljs(body, date.today(), date.today() + timedelta(days=8))
    assert [event["summary"] for event in events] == ["Andre", "Første"]


def test_bad_feed_queries_are_problems(client):
    for query in ("?fellowship=xx", "?id=abc", "?id=0", "?lat=91&lng=10"):
        answer = client.get(FEED + query)
        assert answer.status_code == 400, query
        assert answer.mimetype == "application/problem+json"


def test_the_finder_results_offer_a_webcal_subscription_of_the_same_search(client, meeting_factory):
    meeting_factory(town="bergen", name="Bergensgruppa", fellowship="na")
    html = client.get("/?where=Bergen&fellowship=na").get_data(as_text=True)
    assert 'href="webcal://localhost/api/v1/meetings.ics?' in html
    start = html.index('id="subscribe-file"')
    href = html[html.rindex('href="', 0, start) + 6 :]
    href = href[: href.index('"')].replace("&amp;", "&")
    assert "fellowship=na" in href and "lat=" in href
    events = read_with_icaljs(client.get(href).data, date.today(), date.today() + timedelta(days=8))
    assert [event["summary"] for event in events] == ["Bergensgruppa"]
    assert "/meetings/print?where=Bergen" in html


def _feed_names(client, query: str) -> list[str]:
    """The events of a calendar feed, read by ical.js."""
    answer = client.get(FEED + query)
    assert answer.status_code == 200, answer.data
    events = read_with_icaljs(answer.data, date.today(), date.today() + timedelta(days=8))
    return sorted(event["summary"] for event in events)


def test_the_feed_takes_the_searchs_region_and_every_other_filter(client, meeting_factory):
    meeting_factory(town="bergen", name="Nordnes kveld", types=["O", "W"], day=2, start="19:00")
    meeting_factory(town="bergen", name="Nordnes morgen", types=["C"], day=4, start="08:00")
    meeting_factory(town="oslo", name="Grünerløkka kveld", types=["O", "W"], day=2, start="19:00")
    meeting_factory(town="tromso", name="Tromsø kveld", types=["O", "W"], day=2, start="19:00")
    assert _feed_names(client, "?region=Vestland") == ["Nordnes kveld", "Nordnes morgen"]
    assert _feed_names(client, "?region=46") == ["Nordnes kveld", "Nordnes morgen"]
    assert _feed_names(client, "?region=troms%C3%B8") == ["Tromsø kveld"]
    assert _feed_names(client, "?region=03&types=W") == ["Grünerløkka kveld"]
    assert _feed_names(client, "?region=Vestland&types=O&day=2&from=18:00&to=21:00") == [
        "Nordnes kveld"
    ]
    assert _feed_names(client, "?region=Vestland&q=morgen&attendance=in_person") == [
        "Nordnes morgen"
    ]
    bad = client.get(FEED + "?region=Atlantis&lang=en")
    assert bad.status_code == 400 and bad.mimetype == "application/problem+json"
    assert list(bad.get_json()["errors"]) == ["region"]


def test_the_finders_subscription_keeps_its_region_and_filters(client, meeting_factory):
    meeting_factory(town="bergen", name="Nordnes kveld", types=["O", "W"], day=2, start="19:00")
    meeting_factory(town="bergen", name="Nordnes lukket", types=["C", "W"], day=2, start="19:00")
    meeting_factory(town="oslo", name="Grünerløkka kveld", types=["O", "W"], day=2, start="19:00")
    html = client.get("/?region=Vestland&types=O&types=W&band=evening").get_data(as_text=True)
    start = html.index('id="subscribe-file"')
    href = html[html.rindex('href="', 0, start) + 6 :]
    href = href[: href.index('"')].replace("&amp;", "&")
    assert "region=46" in href and "types=O" in href and "from=" in href
    events = read_with_icaljs(client.get(href).data, date.today(), date.today() + timedelta(days=8))
    assert [event["summary"] for event in events] == ["Nordnes kveld"]  # Oslo's is left out
