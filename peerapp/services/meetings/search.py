"""Meeting search: one service behind the finder page, the JSON API and the benchmark.

Distance searches first narrow the table with an index (the coarse grid cell of the location, then
its bounding box), so the cost follows the neighbourhood rather than the size of the table; the
survivors are measured with the haversine formula and sorted; only those at the very edge of the
circle are measured on the ellipsoid (geopy's geodesic) to decide whether they are in, and the page
shown gets geopy's great-circle distance (within 0.5 % of the geodesic, at a twentieth of the
cost). Day, time window, "starting within" and "in progress" are judged in each meeting's own
time zone, across midnight and the end of the week.
"""

from __future__ import annotations

import base64
import json
import math
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from geopy.distance import geodesic, great_circle
from sqlalchemy.orm import selectinload

from peerapp.extensions import db, utcnow
from peerapp.models import Location, Meeting
from peerapp.models.meetings import GEOCELL_DEGREES, MINUTES_PER_WEEK, geocell
from peerapp.services.geo import haversine_km
from peerapp.services.text import fold

KM_PER_DEGREE = 111.32
MAX_CELLS = 64
#: cursors point at most this far into a result, and at instants before 2100
MAX_OFFSET = 1_000_000
LATEST_CURSOR_TIME = 4_102_444_800
#: a meeting counts as "starting soon" this many minutes ahead
STARTING_SOON_MINUTES = 60


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


def week_minute_at(instant: datetime, zone: str) -> int:
    """Minutes since Sunday 00:00 in ``zone`` at ``instant``."""
    local = instant.astimezone(ZoneInfo(zone))
    return (local.isoweekday() % 7) * 1440 + local.hour * 60 + local.minute


def next_start(meeting_day: int, start: time, zone: str, instant: datetime) -> datetime:
    """The next time this weekly meeting starts, as an aware local datetime (DST-correct)."""
    tz = ZoneInfo(zone)
    local = instant.astimezone(tz)
    days_ahead = (meeting_day - local.isoweekday() % 7) % 7
    candidate = datetime.combine(local.date() + timedelta(days=days_ahead), start, tz)
    if candidate <= local.replace(second=0, microsecond=0) - timedelta(seconds=1):
        candidate = datetime.combine(candidate.date() + timedelta(days=7), start, tz)
    return candidate


def _minutes_until(week_minute: int, now_minute: int) -> int:
    return (week_minute - now_minute) % MINUTES_PER_WEEK


def _is_in_progress(week_minute: int, duration: int, now_minute: int) -> bool:
    return (now_minute - week_minute) % MINUTES_PER_WEEK < duration


def _filters(query: MeetingQuery) -> list[sa.ColumnElement[bool]]:
    """The conditions every backend can answer from the meeting row itself."""
    conditions: list[sa.ColumnElement[bool]] = [Meeting.archived_at.is_(None)]
    if query.fellowships:
        conditions.append(Meeting.fellowship.in_(query.fellowships))
    for code in query.types:
        conditions.append(Meeting.types_text.contains(f",{code},", autoescape=True))
    if query.attendance == "in_person":
        conditions.append(Meeting.attendance_option.in_(("in_person", "hybrid")))
    elif query.attendance == "online":
        conditions.append(Meeting.attendance_option.in_(("online", "hybrid")))
    elif query.attendance == "hybrid":
        conditions.append(Meeting.attendance_option == "hybrid")
    if query.day is not None:
        conditions.append(Meeting.day == query.day)
    if query.time_from is not None and query.time_to is not None:
        if query.time_from <= query.time_to:
            conditions.append(Meeting.time.between(query.time_from, query.time_to))
        else:  # a window across midnight, such as 22:00-02:00
            conditions.append(
                sa.or_(Meeting.time >= query.time_from, Meeting.time <= query.time_to)
            )
    elif query.time_from is not None:
        conditions.append(Meeting.time >= query.time_from)
    elif query.time_to is not None:
        conditions.append(Meeting.time <= query.time_to)
    if query.text:
        conditions.append(Meeting.search_text.contains(fold(query.text), autoescape=True))
    return conditions


def _area(lat: float, lng: float, radius_km: float) -> list[sa.ColumnElement[bool]]:
    """Index-backed conditions that keep only locations inside the circle's bounding box."""
    dlat = radius_km / KM_PER_DEGREE
    lat_min, lat_max = max(-90.0, lat - dlat), min(90.0, lat + dlat)
    cos_lat = math.cos(math.radians(min(89.0, max(abs(lat_min), abs(lat_max)))))
    dlng = radius_km / (KM_PER_DEGREE * cos_lat)
    conditions: list[sa.ColumnElement[bool]] = [Location.latitude.between(lat_min, lat_max)]
    if lng - dlng > -180 and lng + dlng < 180:
        conditions.append(Location.longitude.between(lng - dlng, lng + dlng))
        rows = range(
            int((lat_min + 90) // GEOCELL_DEGREES), int((lat_max + 90) // GEOCELL_DEGREES) + 1
        )
        first, last = geocell(lat_min, lng - dlng) % 10_000, geocell(lat_min, lng + dlng) % 10_000
        cols = range(first, last + 1)
        if len(rows) * len(cols) <= MAX_CELLS:
            conditions.append(Location.geocell.in_([r * 10_000 + c for r in rows for c in cols]))
    return conditions


def _load(ids: list[int]) -> dict[int, Meeting]:
    """The meetings of one page, with their locations, in one round trip each."""
    if not ids:
        return {}
    found = db.session.scalars(
        sa.select(Meeting).where(Meeting.id.in_(ids)).options(selectinload(Meeting.location))
    )
    return {meeting.id: meeting for meeting in found}


def _hit(meeting: Meeting, now: datetime, distance_km: float | None) -> MeetingHit:
    minute = week_minute_at(now, meeting.timezone)
    until = _minutes_until(meeting.week_minute, minute)
    return MeetingHit(
        meeting=meeting,
        distance_km=distance_km,
        starts_at=next_start(meeting.day, meeting.time, meeting.timezone, now),
        in_progress=_is_in_progress(meeting.week_minute, meeting.duration_minutes, minute),
        starting_soon=until <= STARTING_SOON_MINUTES,
    )


def _time_rank(week_minute: int, duration: int, now_minute: int) -> int:
    """Soonest first: meetings in progress (the latest started first), then by next start."""
    elapsed = (now_minute - week_minute) % MINUTES_PER_WEEK
    if elapsed < duration:
        return elapsed - MINUTES_PER_WEEK
    return _minutes_until(week_minute, now_minute)


def _now_filter(query: MeetingQuery, week_minute: int, duration: int, now_minute: int) -> bool:
    if query.in_progress and not _is_in_progress(week_minute, duration, now_minute):
        return False
    if query.starting_within is not None:
        return _minutes_until(week_minute, now_minute) <= query.starting_within
    return True


def _search_near(query: MeetingQuery, now: datetime) -> SearchResult:
    lat, lng = query.latitude, query.longitude
    assert lat is not None and lng is not None
    statement = (
        sa.select(
            Meeting.id,
            Meeting.week_minute,
            Meeting.duration_minutes,
            Meeting.timezone,
            Location.latitude,
            Location.longitude,
        )
        .join(Location, Meeting.location_id == Location.id)
        .where(*_filters(query), *_area(lat, lng, query.radius_km))
    )
    now_minutes: dict[str, int] = {}
    # sort by distance, then by how soon the meeting starts
    ranked: list[tuple[float, float, int]] = []
    # the sphere and the ellipsoid differ by under 0.5 %: only the edge needs geopy to decide
    outer, inner = query.radius_km * 1.006, query.radius_km * 0.994
    for mid, week_minute, duration, zone, mlat, mlng in db.session.execute(statement):
        if mlat is None or mlng is None:  # excluded by the area conditions; for the type checker
            continue
        distance = haversine_km(lat, lng, mlat, mlng)
        if distance > outer:
            continue
        if distance > inner and geodesic((lat, lng), (mlat, mlng)).km > query.radius_km:
            continue
        if zone not in now_minutes:
            now_minutes[zone] = week_minute_at(now, zone)
        if not _now_filter(query, week_minute, duration, now_minutes[zone]):
            continue
        minute = now_minutes[zone]
        if query.sort == "time":
            ranked.append((_time_rank(week_minute, duration, minute), distance, mid))
        else:
            ranked.append((distance, _minutes_until(week_minute, minute), mid))
    ranked.sort()
    page = ranked[query.offset : query.offset + query.limit]
    meetings = _load([mid for _, _, mid in page])
    hits = []
    for _, _, mid in page:
        meeting = meetings[mid]
        loc = meeting.location
        assert loc is not None and loc.latitude is not None and loc.longitude is not None
        shown = great_circle((lat, lng), (loc.latitude, loc.longitude)).km
        # an online-only meeting is reached from anywhere: a distance to its address misleads
        hits.append(_hit(meeting, now, None if meeting.attendance_option == "online" else shown))
    return _result(hits, len(ranked), query, now)


def _search_by_time(query: MeetingQuery, now: datetime) -> SearchResult:
    conditions = _filters(query)
    zones = db.session.scalars(
        sa.select(Meeting.timezone).where(Meeting.archived_at.is_(None)).distinct()
    ).all()
    until_cases, progress_cases = [], []
    for zone in zones:
        minute = week_minute_at(now, zone)
        until = (Meeting.week_minute - minute + MINUTES_PER_WEEK) % MINUTES_PER_WEEK
        elapsed = (minute - Meeting.week_minute + MINUTES_PER_WEEK) % MINUTES_PER_WEEK
        until_cases.append((Meeting.timezone == zone, until))
        progress_cases.append((Meeting.timezone == zone, elapsed))
    if not zones:
        return _result([], 0, query, now)
    until_expr = sa.case(*until_cases, else_=0)
    elapsed_expr = sa.case(*progress_cases, else_=MINUTES_PER_WEEK)
    if query.in_progress:
        conditions.append(elapsed_expr < Meeting.duration_minutes)
    if query.starting_within is not None:
        conditions.append(until_expr <= query.starting_within)
    total = db.session.scalar(sa.select(sa.func.count()).select_from(Meeting).where(*conditions))
    order: list[sa.ColumnElement[int]] = [until_expr]
    if query.sort == "time":
        in_progress = elapsed_expr < Meeting.duration_minutes
        order = [sa.case((in_progress, elapsed_expr - MINUTES_PER_WEEK), else_=until_expr)]
    ids = db.session.scalars(
        sa.select(Meeting.id)
        .where(*conditions)
        .order_by(*order, Meeting.id)
        .offset(query.offset)
        .limit(query.limit)
    ).all()
    meetings = _load(list(ids))
    hits = [_hit(meetings[mid], now, None) for mid in ids]
    return _result(hits, total or 0, query, now)


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
