"""Which step of the day's check-in is the one to do: the plan in the morning until one is saved,
the evening check from 15:00 in Norway until it is saved (the hub, the home and the reminders
follow this one rule)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from peerapp.models.checkins import CheckIn
from peerapp.services.checkins.steps import evening_checked, evening_now, step_to_do


def oslo(hour: int, minute: int = 0) -> datetime:
    """An instant on a winter day (CET, UTC+1) at this hour in Norway."""
    return datetime(2026, 12, 3, (hour - 1) % 24, minute, tzinfo=UTC)


def test_evening_begins_at_three_in_the_afternoon_in_norway():
    assert not evening_now(oslo(14, 59))
    assert evening_now(oslo(15, 0))
    assert evening_now(datetime(2026, 7, 1, 13, 0, tzinfo=UTC)), "15:00 in summer time"
    assert not evening_now(datetime(2026, 7, 1, 12, 59, tzinfo=UTC))


@pytest.mark.parametrize(
    ("fields", "checked"),
    [
        ({}, False),
        ({"plan": [{"label": "Tur", "time": "17:00"}]}, False),
        ({"mood": 3}, True),
        ({"craving": 0}, True),
        ({"sleep_hours": 0.0}, True),
        ({"done": ["Tur"]}, True),
    ],
)
def test_the_evening_check_counts_as_saved_with_any_figure_or_tick(fields, checked):
    assert evening_checked(CheckIn(**fields)) is checked


def test_the_step_to_do_follows_the_hour_and_what_is_saved():
    planned = CheckIn(plan=[{"label": "Tur", "time": "17:00"}])
    evening_done = CheckIn(plan=planned.plan, mood=4)
    assert step_to_do(None, oslo(7)) == "plan"
    assert step_to_do(CheckIn(plan=[]), oslo(7)) == "plan"
    assert step_to_do(planned, oslo(7)) is None
    assert step_to_do(None, oslo(15)) == "evening"
    assert step_to_do(planned, oslo(23, 30)) == "evening"
    assert step_to_do(evening_done, oslo(16)) is None
