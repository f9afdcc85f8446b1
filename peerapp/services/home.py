"""A client's home: what matters today, gathered from the journeys that keep it (the day's plan,
the sober-days counter and help on a hard day; the way back to the clinic comes with its own
template global). It only reads."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from peerapp.models.clinics import Clinic
from peerapp.models.people import User
from peerapp.services import first_months
from peerapp.services.checkins import daily, sober_days, steps, support
from peerapp.services.checkins.consent import has_consent
from peerapp.services.checkins.daily import OSLO


@dataclass(frozen=True)
class NextAnchor:
    """The next thing in today's plan that is not done yet."""

    label: str
    #: HH:MM on the clock in Norway, or ``None`` for an anchor without a time
    time: str | None
    meeting_id: int | None


@dataclass(frozen=True)
class Home:
    """What a client's home shows, most important first."""

    #: the clinic the client may come back to (the button, or the open request, comes first)
    clinic: Clinic | None
    keeps_checkins: bool
    checked_in_today: bool
    #: the check-in step the home's tap opens: the plan in the morning until one is saved, the
    #: evening check from 15:00 until it is saved; ``None`` opens the check-in hub
    checkin_step: steps.Step | None
    next_anchor: NextAnchor | None
    #: days in the current sober stretch, when the client keeps the counter
    sober_days: int | None
    #: help brought up because the last check-ins say the day is hard
    support: support.Support | None
    #: the week since discharge, in the first three months (or longer, if the client keeps it)
    first_weeks: first_months.FirstWeeks | None = None


def next_anchor(plan: list[dict[str, Any]], done: list[str], now: datetime) -> NextAnchor | None:
    """The first anchor of ``plan`` still ahead at ``now`` and not done: timed ones by their
    time, then those without one."""
    clock = now.astimezone(OSLO).strftime("%H:%M")
    left = [item for item in plan if item.get("label") and item["label"] not in done]
    timed = sorted(
        (item for item in left if isinstance(item.get("time"), str) and item["time"] >= clock),
        key=lambda item: item["time"],
    )
    untimed = [item for item in left if not item.get("time")]
    for item in (*timed, *untimed):
        meeting_id = item.get("meeting_id")
        return NextAnchor(
            label=str(item["label"]),
            time=item.get("time"),
            meeting_id=meeting_id if isinstance(meeting_id, int) else None,
        )
    return None


def home_of(client: User, now: datetime) -> Home:
    """The client's home at ``now``."""
    keeps = has_consent(client)
    today = now.astimezone(OSLO).date()
    checkin = daily.day_of(client, today) if keeps else None
    counter = sober_days.sober_days(client, today)
    return Home(
        clinic=client.clinic,
        keeps_checkins=keeps,
        checked_in_today=checkin is not None,
        checkin_step=steps.step_to_do(checkin, now) if keeps else None,
        next_anchor=next_anchor(checkin.plan or [], checkin.done or [], now) if checkin else None,
        sober_days=counter.days if counter.current is not None else None,
        support=support.support_for(client) if keeps else None,
        first_weeks=first_months.first_weeks(client, today),
    )
