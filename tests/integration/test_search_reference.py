"""The fast meeting search against a plain reference on random data (fixed seeds).

The search counts and pages in the database, decides the edge of the circle from the ellipsoid's
curvature and judges only the meetings that are not weekly in Python. The reference here does
none of that: it measures every meeting with geopy's geodesic, asks each one for its moment and
its match with ``irregular_matches`` and sorts them all. Order, page and total must agree, with
meetings in progress, across midnight and across the end of the week, and with filters.
"""

from __future__ import annotations

import math
import random
from dataclasses import replace
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from geopy.distance import geodesic

from peerapp.extensions import db
from peerapp.models import Meeting
from peerapp.services.geo import haversine_km
from peerapp.services.meetings.nearby import Circle
from peerapp.services.meetings.search import MeetingQuery, search_meetings
from peerapp.services.meetings.when import irregular_matches, moment_of
from tests.factories import make_meeting

CENTRE = (69.6492, 18.9553)  # Tromsø
RULES = ["FREQ=MONTHLY;BYDAY=1SU", "FREQ=WEEKLY;INTERVAL=2", "FREQ=MONTHLY;BYDAY=-1FR"]
TYPES = ["O", "C", "D", "SP", "W"]
ZONES = ["Europe/Oslo", "Europe/Oslo", "Europe/London", "America/New_York"]
#: instants that matter (away from summer time, which moves a weekly meeting by an hour in
#: the minute arithmetic): Saturday night as the week turns, midnight, a weekday evening
INSTANTS = [
    datetime(2027, 2, 6, 23, 50, tzinfo=ZoneInfo("Europe/Oslo")),  # Saturday 23:50
    datetime(2027, 2, 7, 0, 0, tzinfo=ZoneInfo("Europe/Oslo")),  # Sunday midnight
    datetime(2027, 2, 9, 19, 30, tzinfo=ZoneInfo("Europe/Oslo")),  # Tuesday evening
    datetime(2027, 2, 10, 23, 59, tzinfo=ZoneInfo("America/New_York")),
]


def _seed(rng: random.Random, count: int) -> None:
    for i in range(count):
        bearing = rng.uniform(0, 2 * math.pi)
        # a third of them close to the 25 km edge, where the exact measure decides
        km = rng.uniform(24.8, 25.2) if i % 3 == 0 else rng.uniform(0, 30)
        lat = CENTRE[0] + km * math.cos(bearing) / 111.2
        lng = CENTRE[1] + km * math.sin(bearing) / (111.2 * math.cos(math.radians(lat)))
        hour, minute = rng.randint(0, 23), rng.choice((0, 15, 30, 45, 50))
        length = rng.choice((30, 60, 90, 120))
        end = (hour * 60 + minute + length) % 1440
        rule = rng.choice(RULES) if rng.random() < 0.2 else None
        make_meeting(
            town="tromso",
            name=f"Reference {i}",
            fellowship=rng.choice(("aa", "na", "ca")),
            day=rng.randint(0, 6),
            start=f"{hour:02d}:{minute:02d}",
            end=f"{end // 60:02d}:{end % 60:02d}",
            timezone=rng.choice(ZONES),
            types=rng.sample(TYPES, 2),
            attendance_option=rng.choice(("in_person", "in_person", "hybrid", "online")),
            latitude=round(lat, 6),
            longitude=round(lng, 6),
            recurrence=rule,
            recurrence_start=date(2027, 1, 3) if rule else None,
        )
    db.session.commit()


def _random_query(rng: random.Random, now: datetime) -> MeetingQuery:
    options: dict = {"now": now, "limit": rng.choice((5, 20)), "offset": rng.choice((0, 0, 3))}
    if rng.random() < 0.85:
        options.update(latitude=CENTRE[0], longitude=CENTRE[1], radius_km=25.0)
    options["sort"] = rng.choice((None, "time", "distance"))
    if rng.random() < 0.3:
        options["fellowships"] = tuple(rng.sample(("aa", "na", "ca"), 2))
    if rng.random() < 0.3:
        options["types"] = (rng.choice(TYPES),)
    if rng.random() < 0.3:
        options["day"] = rng.randint(0, 6)
    if rng.random() < 0.3:
        options["time_from"] = time(rng.randint(0, 23), rng.choice((0, 30)))
        options["time_to"] = time(rng.randint(0, 23), rng.choice((0, 30)))
    clock = rng.random()
    if clock < 0.2:
        options["in_progress"] = True
    elif clock < 0.4:
        options["starting_within"] = rng.choice((30, 60, 600))
    if rng.random() < 0.2:
        options["attendance"] = rng.choice(("in_person", "online", "hybrid"))
    return MeetingQuery(**options)


def _attends(meeting: Meeting, attendance: str | None) -> bool:
    if attendance == "in_person":
        return meeting.attendance_option in ("in_person", "hybrid")
    if attendance == "online":
        return meeting.attendance_option in ("online", "hybrid")
    if attendance == "hybrid":
        return meeting.attendance_option == "hybrid"
    return True


def reference(meetings: list[Meeting], query: MeetingQuery) -> tuple[list[int], int]:
    """Every meeting measured, judged and sorted: the ids of the page and the total."""
    assert query.now is not None
    now = query.now.replace(second=0, microsecond=0)
    found = []
    for meeting in meetings:
        if query.fellowships and meeting.fellowship not in query.fellowships:
            continue
        if any(code not in meeting.types for code in query.types):
            continue
        if not _attends(meeting, query.attendance):
            continue
        distance = 0.0
        if query.near:
            point = (meeting.latitude, meeting.longitude)
            if geodesic((query.latitude, query.longitude), point).km > query.radius_km:
                continue
            assert query.latitude is not None and query.longitude is not None
            distance = haversine_km(query.latitude, query.longitude, *point)
        moment = irregular_matches(
            meeting,
            now,
            day=query.day,
            time_from=query.time_from,
            time_to=query.time_to,
            in_progress=query.in_progress,
            starting_within=query.starting_within,
        )
        if moment is None:
            continue
        if query.sort == "time":
            key = (moment.rank, distance, meeting.id)
        elif query.near:
            key = (distance, moment.until, meeting.id)
        else:
            key = (moment.until, 0.0, meeting.id)
        found.append(key)
    found.sort()
    page = found[query.offset : query.offset + query.limit]
    return [key[2] for key in page], len(found)


def reference_next_start(meetings: list[Meeting], query: MeetingQuery) -> datetime | None:
    """When "in progress" or "starting within" found nothing: when the soonest meeting of the
    same search without them starts (``None`` when it is in progress, or there is none)."""
    assert query.now is not None
    later = replace(query, in_progress=False, starting_within=None, sort="time", limit=1, offset=0)
    ids, _total = reference(meetings, later)
    if not ids:
        return None
    moment = moment_of(next(m for m in meetings if m.id == ids[0]), query.now)
    assert moment is not None
    return None if moment.in_progress else moment.starts_at


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_search_agrees_with_the_plain_reference(app, seed):
    rng = random.Random(seed)
    _seed(rng, 160)
    meetings = list(db.session.scalars(db.select(Meeting)))
    for now in INSTANTS:
        for _ in range(25):
            query = _random_query(rng, now.astimezone(UTC))
            result = search_meetings(query)
            expected_ids, expected_total = reference(meetings, query)
            assert [hit.meeting.id for hit in result.hits] == expected_ids, query
            assert result.total == expected_total, query
            if query.offset == 0 and not expected_ids:
                if query.in_progress or query.starting_within is not None:
                    assert result.next_start == reference_next_start(meetings, query), query


def test_edge_of_the_circle_is_the_geodesic_everywhere():
    """The curvature band decides as the geodesic does, from the equator to the far north."""
    rng = random.Random(7)
    for _ in range(400):
        lat, lng = rng.uniform(-80, 80), rng.uniform(-170, 170)
        radius = rng.choice((0.5, 5.0, 25.0, 60.0, 100.0))
        circle = Circle(lat, lng, radius)
        for _ in range(25):
            bearing = rng.uniform(0, 2 * math.pi)
            step = radius * rng.uniform(0.99, 1.01) / 111.2
            plat = lat + step * math.cos(bearing)
            plng = lng + step * math.sin(bearing) / math.cos(math.radians(plat))
            inside = geodesic((lat, lng), (plat, plng)).km <= radius
            assert (circle.distance(plat, plng) is not None) == inside
