"""Our calendar files as another client reads them: Mozilla's ical.js, across summer time."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar

from peerapp.services.meetings.calendar import meetings_calendar
from tests.support.icaljs import read_with_icaljs

OSLO = ZoneInfo("Europe/Oslo")


def _oslo_tuesdays(app, meeting_factory, now):
    meeting = meeting_factory(town="oslo", name="Tirsdagsgruppa", day=2, start="20:00", end="21:30")
    with app.test_request_context():
        calendar = meetings_calendar(
            [meeting],
            url_for_meeting=lambda m: f"https://peerapp.example/meetings/{m.id}",
            host="peerapp.example",
            now=now,
        )
    return calendar.to_ical()


def test_a_tuesday_evening_in_oslo_stays_at_eight_across_both_changes(app, meeting_factory):
    ics = _oslo_tuesdays(app, meeting_factory, datetime(2027, 1, 4, 12, tzinfo=UTC))
    [event] = read_with_icaljs(ics, date(2027, 3, 20), date(2027, 11, 6))
    by_date = {o["local"][:10]: o for o in event["occurrences"]}
    # summer time starts on Sunday 28 March 2027 and ends on Sunday 31 October 2027
    assert by_date["2027-03-23"]["utc"] == "2027-03-23T19:00:00.000Z"
    assert by_date["2027-03-30"]["utc"] == "2027-03-30T18:00:00.000Z"
    assert by_date["2027-10-26"]["utc"] == "2027-10-26T18:00:00.000Z"
    assert by_date["2027-11-02"]["utc"] == "2027-11-02T19:00:00.000Z"
    assert {o["local"][11:16] for o in event["occurrences"]} == {"20:00"}
    assert {o["zone"] for o in event["occurrences"]} == {"Europe/Oslo"}


def test_the_zone_is_written_as_yearly_rules(app, meeting_factory):
    ics = _oslo_tuesdays(app, meeting_factory, datetime(2027, 1, 4, 12, tzinfo=UTC))
    [zone] = Calendar.from_ical(ics).walk("VTIMEZONE")
    assert "RDATE" not in zone.to_ical().decode()
    rules = {
        part.name: (part["RRULE"]["BYMONTH"], part["RRULE"]["BYDAY"], part["TZOFFSETTO"].td)
        for part in zone.subcomponents
    }
    assert rules == {
        "DAYLIGHT": ([3], ["-1SU"], timedelta(hours=2)),
        "STANDARD": ([10], ["-1SU"], timedelta(hours=1)),
    }


def test_the_meeting_pages_file_reads_right_for_a_year(client, meeting_factory):
    meeting = meeting_factory(town="oslo", name="Tirsdag", day=2, start="20:00", end="21:00")
    body = client.get(f"/meetings/{meeting.id}.ics").get_data()
    today = date.today()
    [event] = read_with_icaljs(body, today, today + timedelta(days=400))
    assert len(event["occurrences"]) >= 52
    for occurrence in event["occurrences"]:
        utc = datetime.fromisoformat(occurrence["utc"].replace("Z", "+00:00"))
        assert utc.astimezone(OSLO).strftime("%a %H:%M") == "Tue 20:00", occurrence
        assert occurrence["local"][11:16] == "20:00"
    assert event["alarms"] == []


def test_a_meeting_in_new_york_keeps_its_time_across_both_us_changes(client, meeting_factory):
    meeting = meeting_factory(
        town="oslo", name="Abroad", timezone="America/New_York", day=0, start="07:00"
    )
    body = client.get(f"/meetings/{meeting.id}.ics").get_data()
    today = date.today()
    [event] = read_with_icaljs(body, today, today + timedelta(days=400))
    new_york = ZoneInfo("America/New_York")
    offsets = set()
    for occurrence in event["occurrences"]:
        utc = datetime.fromisoformat(occurrence["utc"].replace("Z", "+00:00"))
        assert utc.astimezone(new_york).strftime("%a %H:%M") == "Sun 07:00", occurrence
        offsets.add(utc.astimezone(new_york).utcoffset())
    assert offsets == {timedelta(hours=-5), timedelta(hours=-4)}


def test_a_zone_whose_changes_follow_no_yearly_rule_still_reads_right(client, meeting_factory):
    """Morocco leaves summer time for Ramadan, on dates no yearly rule gives: the dated form."""
    meeting = meeting_factory(
        town="oslo", name="Casablanca", timezone="Africa/Casablanca", day=5, start="19:00"
    )
    body = client.get(f"/meetings/{meeting.id}.ics").get_data()
    assert b"RDATE" not in body and b"RRULE:FREQ=YEARLY" not in body
    today = date.today()
    [event] = read_with_icaljs(body, today, today + timedelta(days=400))
    casablanca = ZoneInfo("Africa/Casablanca")
    offsets = set()
    for occurrence in event["occurrences"]:
        utc = datetime.fromisoformat(occurrence["utc"].replace("Z", "+00:00"))
        assert utc.astimezone(casablanca).strftime("%a %H:%M") == "Fri 19:00", occurrence
        offsets.add(utc.astimezone(casablanca).utcoffset())
    assert len(offsets) == 2
