"""A meeting's calendar file: weekly, in the meeting's own zone, readable by calendar programs."""

from __future__ import annotations

from datetime import UTC, datetime

from icalendar import Calendar

from peerapp.services.meetings.calendar import meetings_calendar


def fetch_calendar(client, meeting_id: int) -> tuple[Calendar, object]:
    """GET a meeting's .ics and parse it."""
    response = client.get(f"/meetings/{meeting_id}.ics")
    assert response.status_code == 200
    return Calendar.from_ical(response.get_data()), response


def test_ics_is_a_weekly_event_in_the_meetings_zone(client, meeting_factory):
    meeting = meeting_factory(
        town="bergen", name="Tuesday group", day=2, start="18:30", end="20:00"
    )
    calendar, response = fetch_calendar(client, meeting.id)
    assert response.mimetype == "text/calendar"
    assert response.mimetype_params["charset"] == "utf-8"
    disposition = response.headers["Content-Disposition"]
    assert disposition == f'attachment; filename="{meeting.slug}.ics"'

    [event] = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == "Tuesday group"
    assert event["RRULE"]["FREQ"] == ["WEEKLY"]
    assert event["RRULE"]["BYDAY"] == ["TU"]
    start, end = event["DTSTART"], event["DTEND"]
    assert start.params["TZID"] == "Europe/Oslo"
    assert end.params["TZID"] == "Europe/Oslo"
    assert start.dt.strftime("%A %H:%M") == "Tuesday 18:30"
    assert (end.dt - start.dt).total_seconds() == 90 * 60
    assert [str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE")] == ["Europe/Oslo"]
    assert str(event["UID"]) == f"{meeting.slug}@localhost"
    assert str(event["URL"]) == f"http://localhost/meetings/{meeting.id}"
    assert "Storgata" in str(event["LOCATION"]) and "Bergen" in str(event["LOCATION"])


def test_uid_is_stable(client, meeting_factory):
    meeting = meeting_factory(town="oslo", name="Stable")
    first, _ = fetch_calendar(client, meeting.id)
    second, _ = fetch_calendar(client, meeting.id)
    assert first.walk("VEVENT")[0]["UID"] == second.walk("VEVENT")[0]["UID"]


def test_online_link_is_in_the_description(client, meeting_factory):
    meeting = meeting_factory(
        town="oslo",
        name="Online",
        day=0,
        attendance_option="online",
        conference_url="https://meet.example/room",
    )
    calendar, _ = fetch_calendar(client, meeting.id)
    [event] = calendar.walk("VEVENT")
    assert "https://meet.example/room" in str(event["DESCRIPTION"])
    assert event["RRULE"]["BYDAY"] == ["SU"]


def test_a_meeting_in_another_zone_keeps_its_own_zone(client, meeting_factory):
    meeting = meeting_factory(
        town="oslo", name="Abroad", timezone="America/New_York", start="07:00"
    )
    calendar, _ = fetch_calendar(client, meeting.id)
    [event] = calendar.walk("VEVENT")
    assert event["DTSTART"].params["TZID"] == "America/New_York"
    assert event["DTSTART"].dt.strftime("%H:%M") == "07:00"
    assert [str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE")] == ["America/New_York"]


def test_a_calendar_of_many_meetings_for_feeds(app, meeting_factory):
    meetings = [
        meeting_factory(town="oslo", name="One", day=1),
        meeting_factory(town="bergen", name="Two", day=5, timezone="Europe/Oslo"),
    ]
    with app.test_request_context():  # the labels in the description speak the request's language
        calendar = meetings_calendar(
            meetings,
            url_for_meeting=lambda meeting: f"https://peerapp.example/meetings/{meeting.id}",
            host="peerapp.example",
            now=datetime(2026, 3, 1, 12, tzinfo=UTC),
        )
    parsed = Calendar.from_ical(calendar.to_ical())
    events = parsed.walk("VEVENT")
    assert [str(event["SUMMARY"]) for event in events] == ["One", "Two"]
    assert [event["RRULE"]["BYDAY"] for event in events] == [["MO"], ["FR"]]
    # the first occurrence after 1 March 2026, which was a Sunday
    assert events[0]["DTSTART"].dt.date().isoformat() == "2026-03-02"
    assert len(parsed.walk("VTIMEZONE")) == 1
