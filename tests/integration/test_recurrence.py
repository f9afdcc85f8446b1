"""Meetings that are not weekly: found on the days they are held, and nowhere else.

The first Sunday of each month, every other week, specific dates, a meeting cancelled on a holiday
and one moved once: the search ("today", the day filter, "in progress"), the API (``next_start``,
``recurrence``) and the calendar file (read back by Mozilla's ical.js) all agree.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from peerapp.extensions import db
from peerapp.models import Meeting
from peerapp.services.meetings.search import MeetingQuery, search_meetings
from tests.integration.openapi_validation import assert_documented
from tests.integration.test_stewardship_pages import NEW as STEWARD_NEW
from tests.integration.test_stewardship_pages import post, signed_in
from tests.support.auth import session_client
from tests.support.icaljs import read_with_icaljs

OSLO = ZoneInfo("Europe/Oslo")
FIRST_SUNDAY = "FREQ=MONTHLY;BYDAY=1SU"
LIST = "/api/v1/meetings"


def oslo(*args: int) -> datetime:
    """An instant given as Oslo wall-clock time."""
    return datetime(*args, tzinfo=OSLO)


def names(result) -> list[str]:
    return [hit.meeting.name for hit in result.hits]


@pytest.fixture
def monthly(meeting_factory):
    """Søndagsmøtet: the first Sunday of each month, 19:00-20:00 in Oslo."""
    return meeting_factory(
        name="Søndagsmøtet", day=0, start="19:00", end="20:00", recurrence=FIRST_SUNDAY
    )


def test_a_monthly_meeting_is_found_on_its_sunday_and_not_on_the_others(monthly, meeting_factory):
    meeting_factory(name="Every Sunday", day=0, start="18:00")
    # Friday 1 January 2027: the coming Sunday, 3 January, is the first of the month
    before_first = search_meetings(MeetingQuery(day=0, now=oslo(2027, 1, 1, 12)))
    assert sorted(names(before_first)) == ["Every Sunday", "Søndagsmøtet"]
    assert before_first.total == 2
    # Tuesday 5 January: the coming Sunday is the 10th
    second_week = search_meetings(MeetingQuery(day=0, now=oslo(2027, 1, 5, 12)))
    assert names(second_week) == ["Every Sunday"]
    assert second_week.total == 1
    near = MeetingQuery(latitude=59.9139, longitude=10.7522, day=0, now=oslo(2027, 1, 26, 12))
    assert names(search_meetings(near)) == ["Every Sunday"]  # the coming Sunday is the 31st
    near_first = MeetingQuery(latitude=59.9139, longitude=10.7522, day=0, now=oslo(2027, 2, 2, 9))
    assert sorted(names(search_meetings(near_first))) == ["Every Sunday", "Søndagsmøtet"]


def test_its_next_start_and_in_progress_follow_the_rule(monthly):
    [hit] = search_meetings(MeetingQuery(now=oslo(2027, 1, 3, 19, 30), sort="time")).hits
    assert hit.in_progress and hit.starts_at == oslo(2027, 1, 3, 19)
    on_now = MeetingQuery(in_progress=True, latitude=59.91, longitude=10.75)
    assert names(search_meetings(replace(on_now, now=oslo(2027, 1, 3, 19, 30)))) == ["Søndagsmøtet"]
    assert search_meetings(replace(on_now, now=oslo(2027, 1, 10, 19, 30))).total == 0
    [later] = search_meetings(MeetingQuery(now=oslo(2027, 1, 3, 20, 30))).hits
    assert later.starts_at == oslo(2027, 2, 7, 19) and not later.in_progress
    soon = search_meetings(MeetingQuery(starting_within=60, now=oslo(2027, 2, 7, 18, 30)))
    assert names(soon) == ["Søndagsmøtet"]
    next_week = MeetingQuery(starting_within=60, now=oslo(2027, 2, 14, 18, 30))
    assert search_meetings(next_week).total == 0


def test_every_other_week_counts_from_its_first_date(meeting_factory):
    meeting_factory(
        name="Annenhver tirsdag",
        day=2,
        start="18:00",
        recurrence="FREQ=WEEKLY;INTERVAL=2",
        recurrence_start=date(2027, 1, 5),
    )
    on = search_meetings(MeetingQuery(day=2, now=oslo(2027, 1, 18, 9)))  # the 19th: week 3
    off = search_meetings(MeetingQuery(day=2, now=oslo(2027, 1, 11, 9)))  # the 12th: week 2
    assert names(on) == ["Annenhver tirsdag"] and off.total == 0


def test_a_holiday_cancels_one_meeting_and_a_move_shifts_another(meeting_factory):
    meeting_factory(
        name="Torsdagsgruppa",
        day=4,
        start="19:00",
        exceptions=[{"date": "2026-12-24"}, {"date": "2026-12-31", "time": "17:00"}],
    )
    christmas_week = search_meetings(MeetingQuery(day=4, now=oslo(2026, 12, 21, 9)))
    assert christmas_week.total == 0
    [new_year] = search_meetings(MeetingQuery(day=4, now=oslo(2026, 12, 28, 9))).hits
    assert new_year.starts_at == oslo(2026, 12, 31, 17)
    early = MeetingQuery(day=4, time_from=time(16), time_to=time(18), now=oslo(2026, 12, 28, 9))
    assert search_meetings(early).total == 1
    [january] = search_meetings(MeetingQuery(day=4, now=oslo(2027, 1, 4, 9))).hits
    assert january.starts_at == oslo(2027, 1, 7, 19)


def test_specific_dates_only(meeting_factory):
    meeting_factory(name="Sommerleir", day=6, start="11:00", recurrence="RDATE:20270605,20270703")
    june = search_meetings(MeetingQuery(day=6, now=oslo(2027, 6, 1, 9)))
    assert names(june) == ["Sommerleir"]
    assert search_meetings(MeetingQuery(day=6, now=oslo(2027, 6, 8, 9))).total == 0
    assert search_meetings(MeetingQuery(now=oslo(2027, 7, 4, 9))).total == 0  # none left


@pytest.fixture
def spec(client):
    return client.get("/api/openapi.json").get_json()


@pytest.fixture
def peer(app, user_factory):
    user = user_factory(role="peer")
    browser, token = session_client(app, user)
    return browser, token


def send(who, method, path, body):
    browser, token = who
    return browser.open(path, method=method, json=body, headers={"X-CSRFToken": token})


NEW = {
    "name": "Første søndag",
    "fellowship": "aa",
    "day": 3,
    "time": "19:00",
    "end_time": "20:00",
    "types": ["O"],
    "location": {"address": "Torggata 1", "city": "Oslo", "postal_code": "0181", "country": "NO"},
}


def test_the_api_takes_a_rule_and_exceptions_and_says_when_it_next_starts(peer, client, spec):
    answer = send(
        peer,
        "POST",
        LIST,
        {**NEW, "recurrence": FIRST_SUNDAY, "exceptions": ["2027-01-03"]},
    )
    body = assert_documented(spec, answer, LIST)
    assert answer.status_code == 201, body
    assert body["recurrence"] == FIRST_SUNDAY and body["day"] == 0
    assert body["exceptions"] == [{"date": "2027-01-03"}]
    got = client.get(f"{LIST}/{body['id']}")
    one = assert_documented(spec, got, f"{LIST}/{{meeting_id}}")
    start = datetime.fromisoformat(one["next_start"])
    assert start.utcoffset() is not None
    local = start.astimezone(OSLO)
    assert local.weekday() == 6 and local.day <= 7 and local.strftime("%H:%M") == "19:00"
    patched = send(peer, "PATCH", f"{LIST}/{body['id']}", {"recurrence": None})
    assert patched.status_code == 200
    assert "recurrence" not in patched.get_json()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"recurrence": "FREQ=MONTHLY;BYDAY=9XX"}, "recurrence"),
        ({"recurrence": "FREQ=DAILY"}, "recurrence"),
        ({"recurrence": "BEGIN:VEVENT"}, "recurrence"),
        ({"recurrence": 12}, "recurrence"),
        ({"exceptions": ["24.12.2026"]}, "exceptions"),
        ({"exceptions": [{"date": "2026-12-24", "time": "25:00"}]}, "exceptions"),
        ({"exceptions": "2026-12-24"}, "exceptions"),
    ],
)
def test_a_bad_rule_is_refused_naming_the_field(peer, spec, changes, field):
    answer = send(peer, "POST", LIST, {**NEW, **changes})
    assert_documented(spec, answer, LIST)
    assert answer.status_code == 400
    assert set(answer.get_json()["errors"]) == {field}


def test_the_calendar_file_repeats_as_the_meeting_does(client, meeting_factory):
    meeting = meeting_factory(
        name="Første søndag",
        day=0,
        start="19:00",
        recurrence=FIRST_SUNDAY,
        exceptions=[{"date": "2027-03-07"}, {"date": "2027-04-04", "time": "17:00"}],
    )
    body = client.get(f"/meetings/{meeting.id}.ics").get_data()
    today = date.today()
    [event] = read_with_icaljs(body, today, today + timedelta(days=400))
    starts = [
        datetime.fromisoformat(o["utc"].replace("Z", "+00:00")).astimezone(OSLO)
        for o in event["occurrences"]
    ]
    assert len(starts) >= 11
    for start in starts:
        assert start.weekday() == 6 and start.day <= 7, start
        expected = "17:00" if start.date() == date(2027, 4, 4) else "19:00"
        assert start.strftime("%H:%M") == expected, start
    assert date(2027, 3, 7) not in {start.date() for start in starts}
    ics = body.decode()
    assert "RRULE:FREQ=MONTHLY;BYDAY=1SU" in ics


def test_a_weekly_meeting_file_is_unchanged(client, meeting_factory):
    meeting = meeting_factory(day=2, start="20:00")
    ics = client.get(f"/meetings/{meeting.id}.ics").get_data().decode()
    assert "RRULE:FREQ=WEEKLY;BYDAY=TU" in ics and "EXDATE" not in ics


def test_every_other_week_in_the_calendar_file(client, meeting_factory):
    first = datetime.now(UTC).astimezone(OSLO).date() + timedelta(days=1)
    meeting = meeting_factory(
        day=(first.isoweekday() % 7),
        start="18:00",
        recurrence="FREQ=WEEKLY;INTERVAL=2",
        recurrence_start=first,
    )
    body = client.get(f"/meetings/{meeting.id}.ics").get_data()
    [event] = read_with_icaljs(body, first, first + timedelta(days=60))
    dates = [o["local"][:10] for o in event["occurrences"]]
    assert dates[:3] == [(first + timedelta(days=14 * n)).isoformat() for n in range(3)]


def test_the_meeting_guide_feed_has_no_rule_so_it_says_so_in_the_notes(client, monthly):
    feed = client.get("/api/v1/feeds/meeting-guide.json?lang=en").get_json()
    [record] = [r for r in feed if r["slug"] == monthly.slug]
    assert record["day"] == 0 and record["time"] == "19:00"
    assert record["notes"].startswith("Not every week: see the dates on the meeting's page.")
    assert f"/meetings/{monthly.id}" in record["notes"]


def test_a_steward_sets_a_rule_and_a_holiday_on_the_form(app, user_factory):
    browser, token, _ = signed_in(app, user_factory)
    form = {**STEWARD_NEW, "day": "0", "recurrence": FIRST_SUNDAY, "exceptions": "2027-01-03"}
    answer = post(browser, "/meetings/new", token, **form)
    assert answer.status_code == 303, answer.get_data(as_text=True)[:2000]
    db.session.commit()
    meeting = db.session.scalar(sa.select(Meeting).where(Meeting.name == STEWARD_NEW["name"]))
    assert meeting.recurrence == FIRST_SUNDAY and meeting.irregular
    assert json.loads(meeting.exceptions_text) == [{"date": "2027-01-03"}]
    page = browser.get(f"/meetings/{meeting.id}?lang=en").get_data(as_text=True)
    assert "The first Sunday of each month" in page
    edit = browser.get(f"/meetings/{meeting.id}/edit?lang=en").get_data(as_text=True)
    assert 'value="FREQ=MONTHLY;BYDAY=1SU"' in edit


def test_a_bad_rule_on_the_form_is_named_and_nothing_saved(app, user_factory):
    browser, token, _ = signed_in(app, user_factory)
    form = {**STEWARD_NEW, "recurrence": "every full moon"}
    with app.app_context():
        answer = browser.post("/meetings/new?lang=en", data={**form, "csrf_token": token})
    assert answer.status_code == 400
    assert "This is not a rule we can read." in answer.get_data(as_text=True)
    assert 'href="#recurrence"' in answer.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Meeting)) == 0
