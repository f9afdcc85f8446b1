"""A non-weekly meeting's moment is remembered until it next starts or ends: asked at every few
minutes across months, both summer-time changes, a moved and a cancelled date, it is what the
rule itself says at that minute."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time, timedelta

import pytest

from peerapp.services.meetings import when
from peerapp.services.meetings.when import RuleRow, moment_at, moment_of

RULES = [
    RuleRow(0, time(18, 0), "Europe/Oslo", 90, "FREQ=MONTHLY;BYDAY=1SU", date(2026, 1, 4), None),
    RuleRow(2, time(23, 30), "Europe/Oslo", 120, "FREQ=WEEKLY;INTERVAL=2", date(2026, 1, 6), None),
    RuleRow(
        5,
        time(19, 0),
        "America/New_York",
        60,
        "FREQ=MONTHLY;BYDAY=-1FR",
        date(2026, 1, 30),
        json.dumps([{"date": "2026-03-27", "time": "18:30"}, {"date": "2026-04-24"}]),
    ),
    # moved so that it overlaps the next day's meeting: two in progress at once
    RuleRow(
        1,
        time(20, 0),
        "Europe/Oslo",
        60,
        "FREQ=DAILY;COUNT=40",
        date(2026, 3, 1),
        json.dumps([{"date": "2026-03-10", "time": "23:30"}]),
    ),
]


@pytest.mark.parametrize("row", RULES, ids=["monthly", "fortnightly", "moved", "overlapping"])
def test_the_remembered_moment_is_the_rules_at_every_minute_asked(row):
    when.forget_moments()
    minute = datetime(2026, 2, 20, 0, 0, tzinfo=UTC)
    end = datetime(2026, 5, 10, tzinfo=UTC)
    asked = 0
    while minute < end:
        assert moment_at(row, minute) == moment_of(row, minute), minute
        minute += timedelta(minutes=7)
        asked += 1
    assert asked > 15_000
