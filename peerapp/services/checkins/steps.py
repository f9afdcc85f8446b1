"""Which of the day's two check-in steps is the one to do now: the morning plan before 15:00,
the evening check from then on. The hub highlights it, the home's check-in leads straight to it,
and each reminder opens it."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from peerapp.models.checkins import CheckIn
from peerapp.services.checkins.daily import OSLO

Step = Literal["plan", "evening"]
#: the hour (in Norway) from which the evening check is the one to do
EVENING_FROM = 15


def evening_now(now: datetime | None = None) -> bool:
    """Whether it is evening in Norway at ``now`` (default: this moment): the evening check
    comes first."""
    moment = now.astimezone(OSLO) if now is not None else datetime.now(OSLO)
    return moment.hour >= EVENING_FROM


def evening_checked(checkin: CheckIn | None) -> bool:
    """Whether the day's evening check has been saved (a figure, or a ticked anchor)."""
    if checkin is None:
        return False
    figures = (checkin.mood, checkin.craving, checkin.sleep_hours)
    return any(value is not None for value in figures) or bool(checkin.done)


def step_to_do(checkin: CheckIn | None, now: datetime | None = None) -> Step | None:
    """The step still to do at ``now``: the plan in the morning when none is saved, the evening
    check from 15:00 until it is saved; ``None`` when the one of the hour is done."""
    if evening_now(now):
        return None if evening_checked(checkin) else "evening"
    return None if checkin is not None and checkin.plan else "plan"
