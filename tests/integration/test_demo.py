"""``peerapp demo``: the Quick start's first command really loads the data and serves it, and
what it loads shows the app at its best at any hour."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from datetime import UTC, date, datetime, timedelta
from datetime import time as wall_time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

import peerapp
from peerapp.extensions import utcnow
from peerapp.services.geo import resolve_place
from peerapp.services.meetings.search import MeetingQuery, search_meetings
from peerapp.services.peers.profiles import shown_profiles
from peerapp.services.people.accounts import find_user
from peerapp.services.places.search import PlaceQuery, search_places
from peerapp.services.stewardship.limits import tended_meetings
from peerapp.services.stewardship.listings import checked_by, is_stale


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def demo_env(tmp_path) -> dict[str, str]:
    """A throw-away SQLite database; no secret key, as in a fresh clone."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PEERAPP_")}
    env["PEERAPP_DATABASE_URL"] = f"sqlite:///{tmp_path / 'demo.sqlite3'}"
    # the command runs the code under test, whichever checkout the installed script points at
    env["PYTHONPATH"] = str(Path(peerapp.__file__).resolve().parents[1])
    return env


def _peerapp(*args: str) -> list[str]:
    return [str(Path(sys.executable).with_name("peerapp")), *args]


def test_demo_loads_idempotently_and_prints_the_url(demo_env):
    first = subprocess.run(
        _peerapp("demo", "--no-run"), env=demo_env, capture_output=True, text=True, timeout=120
    )
    assert first.returncode == 0, first.stderr
    assert "http://127.0.0.1:5000/" in first.stdout
    assert "357 meetings created" in first.stdout
    assert "Demo peers: 4 profiles shown at /peers." in first.stdout
    for login in (
        "demo-klient",
        "demo-likeperson",
        "demo-behandler",
        "demo-admin",
        "demo-kommune",
        "demo-parorende",
    ):
        assert f"{login} / demo-passord-123" in first.stdout
    again = subprocess.run(
        _peerapp("demo", "--no-run"), env=demo_env, capture_output=True, text=True, timeout=120
    )
    assert again.returncode == 0, again.stderr
    assert "0 meetings created" in again.stdout and "357 unchanged" in again.stdout


def test_demo_serves_the_finder_with_demo_meetings(demo_env):
    port = _free_port()
    server = subprocess.Popen(
        _peerapp("demo", "--port", str(port)),
        env=demo_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline, page = time.monotonic() + 90, None
        while time.monotonic() < deadline and page is None:
            try:
                url = f"http://127.0.0.1:{port}/?where=Bergen"
                with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310
                    page = response.read().decode()
            except OSError:
                assert server.poll() is None, server.stdout.read() if server.stdout else ""
                time.sleep(0.5)
        assert page is not None, "the demo server never answered"
        assert "Bergen" in page
    finally:
        server.terminate()
        server.wait(timeout=10)
        if server.stdout:
            server.stdout.close()


# --- what the loaded demo shows, checked through the services at fixed clock times ----------

OSLO = ZoneInfo("Europe/Oslo")
#: a winter and a summer week (either side of daylight saving), every day, at the hours a
#: person may open the app: in the night, early, at noon, and late
CLOCK_TIMES = ((3, 0), (7, 0), (12, 0), (23, 30))
DAYS = [date(2026, 12, 7) + timedelta(days=n) for n in range(7)] + [date(2027, 6, 16)]


@pytest.fixture
def loaded_demo(app):
    """The demo loaded into the test database, as ``peerapp demo`` loads it."""
    from peerapp.demo import load_everything

    return load_everything()


def _at(day: date, hour: int, minute: int) -> datetime:
    return datetime.combine(day, wall_time(hour, minute), OSLO).astimezone(UTC)


def _count(now: datetime, **filters) -> int:
    return search_meetings(MeetingQuery(now=now, limit=1, **filters)).total


@pytest.mark.parametrize(("hour", "minute"), CLOCK_TIMES)
def test_the_finder_always_has_a_meeting_in_progress_and_one_starting_soon(
    loaded_demo, hour, minute
):
    for day in DAYS:
        now = _at(day, hour, minute)
        assert _count(now, in_progress=True) >= 1, now
        assert _count(now, starting_within=60) >= 1, now
        # an online meeting with a link carries the night; by day one is there in person
        attendance = "online" if hour < 7 or hour >= 23 else "in_person"
        assert _count(now, in_progress=True, attendance=attendance) >= 1, now
        assert _count(now, starting_within=60, attendance=attendance) >= 1, now


def test_in_person_something_is_on_every_hour_of_the_day(loaded_demo):
    for day in DAYS:
        for hour in range(7, 23):
            for minute in (0, 30):
                now = _at(day, hour, minute)
                assert _count(now, in_progress=True, attendance="in_person") >= 1, now
                if (hour, minute) < (22, 0):
                    assert _count(now, starting_within=60, attendance="in_person") >= 1, now


#: the hours an evaluator may search Oslo, from the first meeting to the late evening
OSLO_CLOCK_TIMES = ((7, 30), (12, 0), (15, 0), (19, 0), (22, 30), (23, 30))


@pytest.mark.parametrize(("hour", "minute"), OSLO_CLOCK_TIMES)
def test_near_oslo_a_meeting_is_in_progress_and_another_starts_within_the_hour(
    loaded_demo, hour, minute
):
    oslo = resolve_place("Oslo")
    assert oslo is not None
    near = {"latitude": oslo.latitude, "longitude": oslo.longitude, "radius_km": 25.0}
    for day in DAYS[:7]:
        now = _at(day, hour, minute)
        assert _count(now, in_progress=True, **near) >= 1, now
        assert _count(now, starting_within=60, **near) >= 1, now
        if hour < 22:  # until the last one of the day, in person
            assert _count(now, in_progress=True, attendance="in_person", **near) >= 1, now
            assert _count(now, starting_within=60, attendance="in_person", **near) >= 1, now


def test_oslo_is_dense_and_spread_over_its_neighbourhoods(loaded_demo):
    oslo = resolve_place("Oslo")
    assert oslo is not None
    week = search_meetings(
        MeetingQuery(latitude=oslo.latitude, longitude=oslo.longitude, radius_km=25.0, limit=500)
    ).hits
    in_person = [hit for hit in week if hit.meeting.attendance_option != "online"]
    assert len(in_person) >= 7 * 16
    postal_codes = {hit.meeting.location.postal_code for hit in in_person if hit.meeting.location}
    assert len(postal_codes) >= 8
    assert len({hit.meeting.fellowship for hit in in_person}) >= 6


def test_bergen_has_a_meeting_every_evening(loaded_demo):
    bergen = resolve_place("Bergen")
    assert bergen is not None
    for day in DAYS[:7]:
        now = _at(day, 17, 0)
        evening = search_meetings(
            MeetingQuery(
                now=now,
                latitude=bergen.latitude,
                longitude=bergen.longitude,
                radius_km=25.0,
                starting_within=4 * 60,
                attendance="in_person",
                limit=10,
            )
        )
        assert evening.total >= 2, now


def test_the_soonest_first_shows_something_in_progress_in_a_town_at_noon(loaded_demo):
    hits = search_meetings(MeetingQuery(now=_at(DAYS[0], 12, 0), in_progress=True, limit=50))
    assert any(hit.meeting.attendance_option != "online" for hit in hits.hits)


def test_most_listings_are_freshly_checked_and_a_few_are_stale(loaded_demo):
    now = utcnow()
    meetings = search_meetings(MeetingQuery(now=now, limit=1000)).hits
    stale = [hit.meeting for hit in meetings if is_stale(hit.meeting, now)]
    assert len(meetings) == 357
    assert 5 <= len(stale) <= len(meetings) // 8
    assert all(checked_by(hit.meeting) for hit in meetings[:20])
    places = search_places(PlaceQuery(latitude=65.0, longitude=13.0, radius_km=2000, limit=100))
    stale_places = [hit.place for hit in places.hits if is_stale(hit.place, now)]
    assert places.total == 12  # the three naloxone points are help services now
    assert 1 <= len(stale_places) <= 4
    peer = find_user("demo-likeperson")
    tended = tended_meetings(peer, now=now)
    assert tended.stale == len(stale) and tended.items[0].stale


def test_reloading_creates_nothing_and_refreshes_the_dates(loaded_demo):
    from peerapp.demo import load_everything

    again = load_everything()
    assert again.meetings["created"] == 0 and again.meetings["unchanged"] == 357
    assert again.places["created"] == 0
    assert len(shown_profiles()) == 4
    meetings = search_meetings(MeetingQuery(limit=1000)).hits
    assert len(meetings) == 357
    newest = max(hit.meeting.verified_at for hit in meetings)
    assert utcnow() - newest < timedelta(days=2)


def test_peers_lists_four_peers_in_four_towns(loaded_demo, client):
    profiles = shown_profiles()
    assert len(profiles) >= 4
    towns = {profile.regions[0] for profile in profiles}
    assert len(towns) >= 4
    assert "demo-likeperson" in {profile.user.username for profile in profiles}
    assert all(profile.languages and profile.fellowships for profile in profiles)
    page = client.get("/peers").get_data(as_text=True)
    for profile in profiles:
        assert profile.display_name in page


def test_things_to_do_this_week_are_never_empty_and_reloading_adds_none(loaded_demo):
    from peerapp.demo import load_everything
    from peerapp.demo.events import EVENTS, ORGANISER
    from peerapp.services.events.operations import coming_this_week

    # whatever hour the demo is opened, several events are still ahead this week
    for hour in (0, 12, 23):
        now = datetime.now(OSLO).replace(hour=hour, minute=30).astimezone(UTC)
        assert len(coming_this_week(10, now=now)) >= len(EVENTS) - 2
    load_everything()
    found = coming_this_week(20)
    assert {hit.event.organiser for hit in found} == {ORGANISER}
    from peerapp.extensions import db
    from peerapp.models import Event

    assert db.session.query(Event).count() == len(EVENTS)
