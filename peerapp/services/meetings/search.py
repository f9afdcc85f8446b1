"""Meeting search: one service behind the finder page, the JSON API and the benchmark.

The search reads the meetings' search columns from a copy in memory (``snapshot.py``): a slice
by latitude, the haversine distance to each meeting in it (the thin ring at the circle's edge
decided on the ellipsoid with geopy's geodesic), and the filters, as NumPy arithmetic over
arrays. Day, time window, "starting within" and "in progress" are judged in each meeting's own
time zone, across midnight and the end of the week; the few meetings that are not weekly are
asked for their occurrences (``when.py``). So a city with 10,000 meetings inside the circle
costs a few vector operations more than a village. The count is exact; only the page is sorted
and read from the database. The page shown gets geopy's great-circle distance (within 0.5 % of
the geodesic, at a twentieth of the cost).
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, time
from typing import Any

import numpy as np
import numpy.typing as npt
import sqlalchemy as sa
from geopy.distance import EARTH_RADIUS
from sqlalchemy.orm import joinedload

from peerapp.extensions import db, utcnow
from peerapp.models import Meeting
from peerapp.models.meetings import GEOCELL_DEGREES, MINUTES_PER_WEEK, geocell
from peerapp.services.geo import EARTH_RADIUS_KM
from peerapp.services.meetings import snapshot
from peerapp.services.meetings.nearby import KM_PER_DEGREE, MAX_CELLS, Circle
from peerapp.services.meetings.snapshot import Snapshot
from peerapp.services.meetings.when import (
    STARTING_SOON_MINUTES,
    Moment,
    irregular_matches_at,
    moment_of,
    next_start,
    week_minute_at,
)

#: geopy's great-circle distance over the haversine distance computed on our earth radius
GREAT_CIRCLE_SCALE = EARTH_RADIUS / EARTH_RADIUS_KM
#: cursors point at most this far into a result, and at instants before 2100
MAX_OFFSET = 1_000_000
LATEST_CURSOR_TIME = 4_102_444_800
#: kept importable from here (the calendar, reminders and pages use them)
__all__ = [
    "GEOCELL_DEGREES",
    "KM_PER_DEGREE",
    "MAX_CELLS",
    "STARTING_SOON_MINUTES",
    "geocell",
    "next_start",
    "week_minute_at",
]


@dataclass(frozen=True)
class MeetingQuery:
    """What a person or program asked for; ``now`` defaults to the current instant."""

    latitude: float | None = None
    longitude: float | None = None
    radius_km: float = 25.0
    text: str | None = None
    fellowships: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    day: int | None = None
    time_from: time | None = None
    time_to: time | None = None
    starting_within: int | None = None
    in_progress: bool = False
    attendance: str | None = None
    #: a county number or a post town (``geo.region_key``)
    region: str | None = None
    limit: int = 20
    offset: int = 0
    now: datetime | None = None
    #: ``distance`` (nearest first) or ``time`` (in progress, then soonest); ``None``: nearest
    #: first around a point, otherwise by next start (the API's documented default)
    sort: str | None = None

    @property
    def near(self) -> bool:
        """Whether this is a distance search (online-only searches ignore the point)."""
        return (
            self.latitude is not None and self.longitude is not None and self.attendance != "online"
        )


@dataclass
class MeetingHit:
    """One meeting in the answer, with what is true of it right now."""

    meeting: Meeting
    distance_km: float | None
    starts_at: datetime
    in_progress: bool
    starting_soon: bool


@dataclass
class SearchResult:
    """A page of hits, how many match in all, and the cursor of the next page."""

    hits: list[MeetingHit] = field(default_factory=list)
    total: int = 0
    next_cursor: str | None = None
    now: datetime = field(default_factory=utcnow)
    #: when nothing found is in progress: when the next meeting of this search starts
    next_start: datetime | None = None


def encode_cursor(offset: int, now: datetime) -> str:
    """An opaque cursor: where the next page starts, and the instant the search was made at."""
    raw = json.dumps({"o": offset, "t": int(now.timestamp())}).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[int, datetime]:
    """The offset and instant in a cursor; ``ValueError`` when it is not one of ours."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        data = json.loads(raw)
        offset, stamp = data["o"], data["t"]
    except (ValueError, TypeError, KeyError) as error:
        raise ValueError("not a cursor") from error
    if type(offset) is not int or type(stamp) is not int:
        raise ValueError("not a cursor")
    if not 0 <= offset <= MAX_OFFSET or not 0 <= stamp <= LATEST_CURSOR_TIME:
        raise ValueError("not a cursor")
    return offset, datetime.fromtimestamp(stamp, UTC)


def _weekly_mask(
    snap: Snapshot,
    rows: snapshot.Rows,
    query: MeetingQuery,
    until: npt.NDArray[np.int32],
    elapsed: npt.NDArray[np.int32],
) -> snapshot.Mask:
    """Which of ``rows`` are weekly meetings that pass the clock filters, in their own zone."""
    mask = ~snap.irregular[rows]
    if query.day is not None:
        mask &= snap.day[rows] == query.day
    start = snap.week_minute[rows] % 1440
    low = None if query.time_from is None else _clock_minute(query.time_from)
    high = None if query.time_to is None else _clock_minute(query.time_to)
    if low is not None and high is not None:
        if low <= high:
            mask &= (start >= low) & (start <= high)
        else:  # a window across midnight, such as 22:00-02:00
            mask &= (start >= low) | (start <= high)
    elif low is not None:
        mask &= start >= low
    elif high is not None:
        mask &= start <= high
    if query.in_progress:
        mask &= elapsed < snap.duration[rows]
    if query.starting_within is not None:
        mask &= until <= query.starting_within
    return mask


def _clock_minute(value: time) -> int:
    """A time of day as minutes since midnight (a start at 18:30:30 is 18:30's)."""
    return value.hour * 60 + value.minute


def _first(keys: tuple[npt.NDArray[Any], ...], wanted: int) -> npt.NDArray[np.intp]:
    """The positions of the ``wanted`` smallest by ``keys`` (the first key first), in order,
    without sorting them all."""
    primary = keys[0]
    if 0 < wanted < len(primary):
        bound = np.partition(primary, wanted - 1)[wanted - 1]
        chosen = np.flatnonzero(primary <= bound)
    else:
        chosen = np.arange(len(primary))
    order = np.lexsort(tuple(key[chosen] for key in reversed(keys)))
    return chosen[order][:wanted]


def _irregular(
    snap: Snapshot, rows: snapshot.Rows, query: MeetingQuery, now: datetime
) -> list[tuple[int, Moment]]:
    """The meetings among ``rows`` that are not weekly and pass the clock filters (asked of
    their rules, to the minute), with their moments."""
    minute = now.replace(second=0, microsecond=0)
    found = []
    for at in np.flatnonzero(snap.irregular[rows]):
        rule = snap.rules.get(int(rows[at]))
        if rule is None:  # made irregular while the copy was read: the next copy has its rule
            continue
        moment = irregular_matches_at(
            rule,
            minute,
            query.day,
            query.time_from,
            query.time_to,
            query.in_progress,
            query.starting_within,
        )
        if moment is not None:
            found.append((int(at), moment))
    return found


def _clock_free(snap: Snapshot, rows: snapshot.Rows, query: MeetingQuery) -> snapshot.Mask:
    return snap.clock_free(
        rows,
        fellowships=query.fellowships,
        types=query.types,
        attendance=query.attendance,
        text=query.text,
        region=query.region,
    )


def _search_near(query: MeetingQuery, now: datetime) -> SearchResult:
    assert query.latitude is not None and query.longitude is not None
    circle = Circle(query.latitude, query.longitude, query.radius_km)
    snap = snapshot.current()
    rows, km = snap.in_circle(circle)
    keep = _clock_free(snap, rows, query)
    rows, km = rows[keep], km[keep]
    until, elapsed = snapshot.weekly_times(snap, rows, now)
    weekly = _weekly_mask(snap, rows, query, until, elapsed)
    wanted = query.offset + query.limit
    ids = snap.ids[rows]
    # (rank, row position, moment of a meeting that is not weekly)
    ranked: list[tuple[tuple[float, float, int], int, Moment | None]] = []
    irregular = _irregular(snap, rows, query, now)
    for at, moment in irregular:
        distance = float(km[at])
        first, second = (
            (moment.rank, distance) if query.sort == "time" else (distance, moment.until)
        )
        ranked.append(((first, second, int(ids[at])), at, moment))
    positions = np.flatnonzero(weekly)
    if query.sort == "time":
        in_progress = elapsed[positions] < snap.duration[rows[positions]]
        soonest = np.where(in_progress, elapsed[positions] - MINUTES_PER_WEEK, until[positions])
        keys: tuple[npt.NDArray[Any], ...] = (soonest, km[positions], ids[positions])
    else:
        keys = (km[positions], until[positions], ids[positions])
    for chosen in _first(keys, wanted):
        at = int(positions[chosen])
        key = (float(keys[0][chosen]), float(keys[1][chosen]), int(ids[at]))
        ranked.append((key, at, None))
    ranked.sort(key=lambda entry: entry[0])
    page = [at for _, at, _ in ranked[query.offset : wanted]]
    meetings = _load([int(ids[at]) for at in page])
    hits = []
    for at in page:
        meeting = meetings.get(int(ids[at]))
        if meeting is None:
            continue  # removed since the copy was read
        # geopy's great circle: the same haversine on geopy's earth radius
        shown = float(km[at]) * GREAT_CIRCLE_SCALE
        # an online-only meeting is reached from anywhere: a distance to its address misleads
        hits.append(_hit(meeting, now, None if meeting.attendance_option == "online" else shown))
    return _result(hits, len(positions) + len(irregular), query, now)


def _search_by_time(query: MeetingQuery, now: datetime) -> SearchResult:
    snap = snapshot.current()
    rows = np.flatnonzero(_clock_free(snap, np.arange(len(snap.ids)), query))
    until, elapsed = snapshot.weekly_times(snap, rows, now)
    weekly = _weekly_mask(snap, rows, query, until, elapsed)
    wanted = query.offset + query.limit
    ids = snap.ids[rows]
    ranked: list[tuple[tuple[int, int], int]] = []
    irregular = _irregular(snap, rows, query, now)
    for at, moment in irregular:
        rank = moment.rank if query.sort == "time" else moment.until
        ranked.append(((rank, int(ids[at])), int(ids[at])))
    positions = np.flatnonzero(weekly)
    if query.sort == "time":
        in_progress = elapsed[positions] < snap.duration[rows[positions]]
        order = np.where(in_progress, elapsed[positions] - MINUTES_PER_WEEK, until[positions])
    else:
        order = until[positions]
    for chosen in _first((order, ids[positions]), wanted):
        mid = int(ids[positions[chosen]])
        ranked.append(((int(order[chosen]), mid), mid))
    ranked.sort(key=lambda entry: entry[0])
    chosen_ids = [mid for _, mid in ranked[query.offset : wanted]]
    meetings = _load(chosen_ids)
    hits = [_hit(meetings[mid], now, None) for mid in chosen_ids if mid in meetings]
    return _result(hits, len(positions) + len(irregular), query, now)


def _load(ids: list[int]) -> dict[int, Meeting]:
    """The meetings of one page, with their locations, in one round trip."""
    if not ids:
        return {}
    found = db.session.scalars(
        sa.select(Meeting).where(Meeting.id.in_(ids)).options(joinedload(Meeting.location))
    )
    return {meeting.id: meeting for meeting in found}


def _hit(meeting: Meeting, now: datetime, distance_km: float | None) -> MeetingHit:
    moment = moment_of(meeting, now)
    assert moment is not None  # the search only finds meetings still held
    return MeetingHit(
        meeting=meeting,
        distance_km=distance_km,
        starts_at=moment.starts_at,
        in_progress=moment.in_progress,
        starting_soon=moment.starting_soon,
    )


def _result(hits: list[MeetingHit], total: int, query: MeetingQuery, now: datetime) -> SearchResult:
    following = query.offset + len(hits)
    cursor = encode_cursor(following, now) if following < total else None
    return SearchResult(hits=hits, total=total, next_cursor=cursor, now=now)


def _search(query: MeetingQuery, now: datetime) -> SearchResult:
    if query.near:
        return _search_near(query, now)
    return _search_by_time(query, now)


def search_meetings(query: MeetingQuery) -> SearchResult:
    """Meetings matching ``query``: nearest first around a point, otherwise by next start;
    ``sort="time"`` puts those in progress first, then the soonest, across midnight.

    When none of the meetings found is in progress, the result says when the next one of the
    search starts (also when "in progress" or "starting within" left nothing to show).
    """
    now = query.now or utcnow()
    query = replace(query, now=now)
    result = _search(query, now)
    if query.offset == 0 and not any(hit.in_progress for hit in result.hits):
        if result.hits and query.sort == "time":
            result.next_start = result.hits[0].starts_at
        elif not result.hits and (query.in_progress or query.starting_within is not None):
            later = replace(
                query, in_progress=False, starting_within=None, sort="time", limit=1, offset=0
            )
            found = _search(later, now).hits
            if found and not found[0].in_progress:
                result.next_start = found[0].starts_at
    return result


def meeting_moment(meeting: Meeting, now: datetime | None = None) -> Moment | None:
    """The meeting now: in progress (since when), else when it next starts; ``None`` when its
    rule has no date left."""
    return moment_of(meeting, now or utcnow())
