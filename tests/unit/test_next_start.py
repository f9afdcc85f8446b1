"""When a meeting next starts: the wall-clock time in the meeting's own zone."""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

from peerapp.services.meetings.search import next_start

OSLO = ZoneInfo("Europe/Oslo")


def oslo(*args: int) -> datetime:
    """An instant given as Oslo wall-clock time."""
    return datetime(*args, tzinfo=OSLO)


def test_next_start_keeps_wall_clock_time_across_daylight_saving():
    # Saturday 28 March 2026, 20:00 in Oslo; the clocks go forward that night
    before = oslo(2026, 3, 28, 20, 0)
    start = next_start(0, time(19, 0), "Europe/Oslo", before)  # Sunday 19:00
    assert start.hour == 19 and start.utcoffset().total_seconds() == 7200
    assert start.date().isoformat() == "2026-03-29"
