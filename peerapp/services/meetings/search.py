"""Meeting search: one service behind the finder page, the JSON API and the benchmark.

A distance search reads one covering index on the meeting table (grid cell, coordinates and the
filter columns): the database counts the weekly meetings well inside the circle and hands back
only the page, nearest (or soonest) first, measured on a locally flat earth. Python sees just the
page, the thin ring at the circle's edge (decided on the ellipsoid with geopy's geodesic) and the
few meetings that are not weekly (asked for their occurrences, ``when.py``). So a city with
10,000 meetings inside the circle costs about what a village does. The page shown gets geopy's
great-circle distance (within 0.5 % of the geodesic, at a twentieth of the cost). Day, time window,
"starting within" and "in progress" are judged in each meeting's own time zone, across midnight
and the end of the week.
"""

from __future__ import annotations

import base64
import json
import math
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, time
from typing import Any, cast

import sqlalchemy as sa
from geopy.distance import great_circle
from sqlalchemy.orm import joinedload

from peerapp.extensions import db, utcnow
from peerapp.models import Meeting
from peerapp.models.meetings import GEOCELL_DEGREES, MINUTES_PER_WEEK, geocell
from peerapp.services.geo import haversine_km
from peerapp.services.meetings.filters import clock_free_conditions
from peerapp.services.meetings.nearby import KM_PER_DEGREE, MAX_CELLS, Circle
from peerapp.services.meetings.when import (
    STARTING_SOON_MINUTES,
    Moment,
    RuleRow,
    irregular_matches_at,
    moment_of,
    next_start,
    week_minute_at,
    zone_expressions,
)

#: cursors point at most this far into a result, and at instants before 2100
MAX_OFFSET = 1_000_000
#: a crowded circle is first asked for a slice expected to hold this many times the page
SLICE_FACTOR = 4
LATEST_CURSOR_TIME = 4_102_444_800
#: the slice first asked for when the circle is not counted (the "next start" search)
UNCOUNTED_SHARE = 1 / 16
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


#: the columns the rules of a meeting that is not weekly need, read without loading the meeting
RULE_COLUMNS = (
    Meeting.day,
    Meeting.time,
    Meeting.timezone,
    Meeting.duration_minutes,
    Meeting.recurrence,
    Meeting.recurrence_start,
    Meeting.exceptions_text,
)


def _conditions(query: MeetingQuery) -> list[sa.ColumnElement[bool]]:
    """What a meeting must be whenever it meets (fellowship, types, words, region...)."""
    return clock_free_conditions(
        fellowships=query.fellowships,
        types=query.types,
        attendance=query.attendance,
        text=query.text,
        region=query.region,
    )


def _clock_minute(value: time) -> int:
    """A time of day as minutes since midnight (a start at 18:30:30 is 18:30's)."""
    return value.hour * 60 + value.minute


def _weekly_clock(
    query: MeetingQuery, until: sa.ColumnElement[int], elapsed: sa.ColumnElement[int]
) -> list[sa.ColumnElement[bool]]:
    """The clock filters for weekly meetings, answered from the minute of the week."""
    conditions: list[sa.ColumnElement[bool]] = [Meeting.irregular.is_(False)]
    if query.day is not None:
        conditions.append(Meeting.day == query.day)
    # the start as minutes of the day, read from the covering index (``time`` is not in it)
    start = Meeting.week_minute % 1440
    low = None if query.time_from is None else _clock_minute(query.time_from)
    high = None if query.time_to is None else _clock_minute(query.time_to)
    if low is not None and high is not None:
        if low <= high:
            conditions.append(start.between(low, high))
        else:  # a window across midnight, such as 22:00-02:00
            conditions.append(sa.or_(start >= low, start <= high))
    elif low is not None:
        conditions.append(start >= low)
    elif high is not None:
        conditions.append(start <= high)
    if query.in_progress:
        conditions.append(elapsed < Meeting.duration_minutes)
    if query.starting_within is not None:
        conditions.append(until <= query.starting_within)
    return conditions


def _time_order(
    until: sa.ColumnElement[int], elapsed: sa.ColumnElement[int]
) -> sa.ColumnElement[int]:
    """SQL: in progress first (the latest started first), then by next start."""
    in_progress = elapsed < Meeting.duration_minutes
    return sa.case((in_progress, elapsed - MINUTES_PER_WEEK), else_=until)


def _judge(query: MeetingQuery, row: Any, now: datetime) -> Moment | None:
    """A meeting that is not weekly, held against the clock filters of the search (to the
    minute, as weekly meetings are)."""
    return irregular_matches_at(
        RuleRow(*row[-len(RULE_COLUMNS) :]),
        now.replace(second=0, microsecond=0),
        query.day,
        query.time_from,
        query.time_to,
        query.in_progress,
        query.starting_within,
    )


def _zones(conditions: list[sa.ColumnElement[bool]]) -> list[str]:
    """The time zones of the meetings these conditions find (a handful around a point)."""
    return sorted(db.session.scalars(sa.select(Meeting.timezone).where(*conditions).distinct()))


def _search_near(query: MeetingQuery, now: datetime, counted: bool = True) -> SearchResult:
    assert query.latitude is not None and query.longitude is not None
    circle = Circle(query.latitude, query.longitude, query.radius_km)
    clock_free = _conditions(query)
    where = [*circle.box(), *clock_free]
    zones = _zones([*circle.box(), Meeting.archived_at.is_(None)])
    until, elapsed = zone_expressions(zones, now)
    weekly = _weekly_clock(query, until, elapsed)
    wanted = query.offset + query.limit
    # (rank, distance, id, moment for a meeting that is not weekly)
    ranked: list[tuple[tuple[float, float, int], float, int, Moment | None]] = []
    # the edge ring and the meetings that are not weekly: few, and measured here
    outside: list[int] = []
    edge_inside = 0
    # only columns of the covering index: the rules are read for the few inside the circle
    odd = sa.select(Meeting.id, Meeting.irregular, Meeting.latitude, Meeting.longitude).where(
        *where,
        sa.or_(
            sa.and_(Meeting.irregular.is_(True), circle.maybe_inside()),
            sa.and_(*weekly, circle.at_edge()),
        ),
    )
    irregular: dict[int, float] = {}
    for mid, is_irregular, lat, lng in db.session.execute(odd):
        if lat is None or lng is None:  # the circle holds only meetings with a position
            continue
        distance = circle.distance(lat, lng)
        if not is_irregular:
            if distance is None:
                outside.append(mid)
            else:
                edge_inside += 1
        elif distance is not None:
            irregular[mid] = distance
    if irregular:
        rules = sa.select(Meeting.id, *RULE_COLUMNS).where(Meeting.id.in_(list(irregular)))
        for row in db.session.execute(rules):
            moment = _judge(query, row, now)
            if moment is not None:
                distance = irregular[row.id]
                rank = (moment.rank, distance) if query.sort == "time" else (distance, moment.until)
                ranked.append(((*rank, row.id), distance, row.id, moment))
    inner = (
        (
            db.session.scalar(
                sa.select(sa.func.count())
                .select_from(Meeting)
                .where(*where, *weekly, circle.surely_inside())
            )
            or 0
        )
        if counted
        else None
    )
    total = (inner or 0) + edge_inside + len(ranked)
    rows = _weekly_page(query, circle, [*clock_free, *weekly], until, elapsed, outside, inner)
    for mid, lat, lng, duration, minutes, since in rows:
        distance = haversine_km(
            circle.latitude, circle.longitude, cast(float, lat), cast(float, lng)
        )
        soonest = since - MINUTES_PER_WEEK if since < duration else minutes
        rank = (soonest, distance) if query.sort == "time" else (distance, minutes)
        ranked.append(((*rank, mid), distance, mid, None))
    ranked.sort(key=lambda entry: entry[0])
    chosen = ranked[query.offset : wanted]
    meetings = _load([mid for _, _, mid, _ in chosen])
    hits = []
    for _, _, mid, _moment in chosen:
        meeting = meetings[mid]
        assert meeting.latitude is not None and meeting.longitude is not None
        shown = great_circle(
            (circle.latitude, circle.longitude), (meeting.latitude, meeting.longitude)
        ).km
        # an online-only meeting is reached from anywhere: a distance to its address misleads
        hits.append(_hit(meeting, now, None if meeting.attendance_option == "online" else shown))
    return _result(hits, total, query, now)


def _weekly_page(
    query: MeetingQuery,
    circle: Circle,
    conditions: list[sa.ColumnElement[bool]],
    until: sa.ColumnElement[int],
    elapsed: sa.ColumnElement[int],
    outside: list[int],
    inner: int | None,
) -> list[Any]:
    """The first ``offset + limit`` weekly meetings in the circle, in the order asked for.

    Where the circle is crowded, the database is first asked only for a slice that should
    already hold the page: a smaller circle (nearest first) or the next few minutes (soonest
    first). Whatever is outside that slice ranks after all of it, so a full slice is the answer;
    a slice that comes back short is asked again whole. Uncounted (``inner`` is ``None``: only
    the next start is wanted), the slice is a guess (``UNCOUNTED_SHARE``).
    """
    wanted = query.offset + query.limit
    if inner is None:
        share = UNCOUNTED_SHARE
    else:
        share = min(1.0, SLICE_FACTOR * wanted / inner) if inner else 1.0
    columns = (Meeting.id, Meeting.latitude, Meeting.longitude, Meeting.duration_minutes)
    flat = circle.flat_km2()
    page = sa.select(*columns, until, elapsed).where(*conditions)
    if outside:
        page = page.where(Meeting.id.not_in(outside))
    if query.sort == "time":
        page = page.order_by(_time_order(until, elapsed), flat, Meeting.id)
        whole = page.where(*circle.box(), circle.maybe_inside())
        soon = sa.or_(elapsed < Meeting.duration_minutes, until <= int(MINUTES_PER_WEEK * share))
        # the cheap test first: the circle is measured only for the next few minutes' meetings
        slice_ = page.where(*circle.box(), soon, circle.maybe_inside())
    else:
        page = page.order_by(flat, until, Meeting.id)
        small = circle.radius_km * math.sqrt(share)
        slice_ = page.where(*circle.box(small), flat <= small * small)
        whole = page.where(*circle.box(), circle.maybe_inside())
    if share < 1.0 and not circle.wraps:
        found = list(db.session.execute(slice_.limit(wanted)))
        if len(found) == wanted:
            return found
    return list(db.session.execute(whole.limit(wanted)))


def _search_by_time(query: MeetingQuery, now: datetime, counted: bool = True) -> SearchResult:
    where = _conditions(query)
    # an online-only search reads the zones of its few meetings (the attendance index)
    zones = _zones(where if query.attendance else [Meeting.archived_at.is_(None)])
    until, elapsed = zone_expressions(zones, now)
    weekly = _weekly_clock(query, until, elapsed)
    wanted = query.offset + query.limit
    ranked: list[tuple[tuple[int, int], int, Moment | None]] = []
    odd = sa.select(Meeting.id, *RULE_COLUMNS).where(*where, Meeting.irregular.is_(True))
    for row in db.session.execute(odd):
        moment = _judge(query, row, now)
        if moment is not None:
            rank = moment.rank if query.sort == "time" else moment.until
            ranked.append(((rank, row.id), row.id, moment))
    count = sa.select(sa.func.count()).select_from(Meeting).where(*where, *weekly)
    total = ((db.session.scalar(count) or 0) if counted else 0) + len(ranked)
    order = _time_order(until, elapsed) if query.sort == "time" else until
    page = sa.select(Meeting.id, order).where(*where, *weekly).order_by(order, Meeting.id)
    for mid, rank in db.session.execute(page.limit(wanted)):
        ranked.append(((rank, mid), mid, None))
    ranked.sort(key=lambda entry: entry[0])
    chosen = ranked[query.offset : wanted]
    meetings = _load([mid for _, mid, _ in chosen])
    hits = [_hit(meetings[mid], now, None) for _, mid, _ in chosen]
    return _result(hits, total, query, now)


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


def _search(query: MeetingQuery, now: datetime, counted: bool = True) -> SearchResult:
    """The search; ``counted=False`` leaves ``total`` unknown (only the first hits wanted)."""
    if query.near:
        return _search_near(query, now, counted)
    return _search_by_time(query, now, counted)


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
            found = _search(later, now, counted=False).hits
            if found and not found[0].in_progress:
                result.next_start = found[0].starts_at
    return result


def meeting_moment(meeting: Meeting, now: datetime | None = None) -> Moment | None:
    """The meeting now: in progress (since when), else when it next starts; ``None`` when its
    rule has no date left."""
    return moment_of(meeting, now or utcnow())
