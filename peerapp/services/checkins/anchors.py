"""A meeting as an anchor of the day: which meetings may be planned, and what they bring.

An anchor of the plan may name a listed meeting by its id. The meeting's name and its start on
the clock in Norway that day become the anchor's label and time, and the plan links to the
meeting's page. The meetings offered for a day are those held that day near a place the person
gives on that one request (a town, a postal code or the phone's position); the place is never
stored.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from peerapp.models import Meeting
from peerapp.services.meetings.describe import MAX_ID, find_meeting, hhmm
from peerapp.services.meetings.search import MeetingQuery, search_meetings

OSLO = ZoneInfo("Europe/Oslo")
#: the most meetings offered near a place
NEARBY_LIMIT = 10


@dataclass(frozen=True)
class MeetingChoice:
    """A meeting one may plan for the day, as the plan will name it."""

    meeting_id: int
    name: str
    #: its start that day, HH:MM on the clock in Norway
    time: str
    distance_km: float | None = None


def listed_meeting(meeting_id: int) -> Meeting | None:
    """The meeting with this id while it is listed (not archived), else ``None``."""
    if not 0 < meeting_id <= MAX_ID:
        return None
    meeting = find_meeting(meeting_id)
    return meeting if meeting is not None and meeting.archived_at is None else None


def start_in_norway(meeting: Meeting, day: date) -> str:
    """When the meeting starts on ``day``, as HH:MM on the clock in Norway."""
    if meeting.timezone == "Europe/Oslo":
        return hhmm(meeting.time)
    start = datetime.combine(day, meeting.time, ZoneInfo(meeting.timezone))
    return start.astimezone(OSLO).strftime("%H:%M")


def label_of(meeting: Meeting, max_length: int) -> str:
    """The meeting's name as an anchor's label, shortened to ``max_length`` when it is longer."""
    name = " ".join(meeting.name.split())
    return name if len(name) <= max_length else name[: max_length - 1].rstrip() + "…"


def meetings_near(
    query: MeetingQuery, day: date, leave_out: Iterable[int] = ()
) -> list[MeetingChoice]:
    """Meetings held on ``query.day`` near the query's point, nearest first, without those in
    ``leave_out`` (already planned)."""
    planned = set(leave_out)
    result = search_meetings(replace(query, limit=NEARBY_LIMIT + len(planned), sort="distance"))
    return [
        MeetingChoice(
            hit.meeting.id, hit.meeting.name, start_in_norway(hit.meeting, day), hit.distance_km
        )
        for hit in result.hits
        if hit.meeting.id not in planned
    ][:NEARBY_LIMIT]


def described(
    plan: Iterable[dict[str, Any]],
    day: date,
    max_length: int,
    earlier: Iterable[dict[str, Any]] = (),
) -> list[dict[str, Any]]:
    """A plan as sent (meetings named only by id) with each meeting's label and time filled in,
    to show it again: from the listed meeting, or else as the day's ``earlier`` plan had it. A
    meeting that is neither, with no label of its own, is left out."""
    known = {item.get("meeting_id"): item for item in earlier if item.get("meeting_id")}
    shown = []
    for item in plan:
        meeting_id = item.get("meeting_id")
        if item.get("label"):
            shown.append(item)
            continue
        if not isinstance(meeting_id, int) or isinstance(meeting_id, bool):
            continue
        meeting = listed_meeting(meeting_id)
        label: str | None
        time: str | None
        if meeting is not None:
            label, time = label_of(meeting, max_length), start_in_norway(meeting, day)
        elif meeting_id in known:
            label, time = known[meeting_id].get("label"), known[meeting_id].get("time")
        else:
            continue
        shown.append({"label": label, "time": item.get("time") or time, "meeting_id": meeting_id})
    return shown
