"""Every listed meeting's search columns in memory, as arrays, so a search is vector arithmetic.

A search in a city with 10,000 meetings inside the circle needs the count and the first page of
those that pass its filters, judged in each meeting's own time zone. Asked of the database, that
is several passes over the circle per search; here it is a slice of meetings sorted by
latitude, a haversine distance and a few comparisons over NumPy arrays (the ring at the edge of
the circle is measured on the ellipsoid, as before). Only the page's meetings are then read.

The copy is per process and per database. It is read again when the ``meetings`` token of
``data_version`` changes: triggers give it a new value whenever any process writes a meeting
(``models/versions.py``). Within a transaction that has written meetings, the search reads a
fresh copy and keeps none of it (PostgreSQL moves the token only at commit).
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from itertools import chain
from typing import Any

import numpy as np
import numpy.typing as npt
import sqlalchemy as sa
from geopy.distance import ELLIPSOIDS
from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, Session

from peerapp.extensions import db, utcnow
from peerapp.models import DataVersion, Location, Meeting
from peerapp.models.meetings import MINUTES_PER_WEEK
from peerapp.models.versions import MEETINGS
from peerapp.services.geo import EARTH_RADIUS_KM, region_postcodes
from peerapp.services.meetings.filters import text_choices, vocabulary_of
from peerapp.services.meetings.nearby import KM_PER_DEGREE, Circle, geodesic_km
from peerapp.services.meetings.when import RuleRow, moment_at, week_minute_at

Rows = npt.NDArray[np.intp]
Mask = npt.NDArray[np.bool_]

ATTENDANCE = {"in_person": 0, "online": 1, "hybrid": 2}
#: copies kept per process: one per database (tests and the benchmark use several)
KEPT = 4
#: the latitude slice read around a circle, a little wider than its radius in degrees (the
#: haversine test decides; a degree of latitude is 110.6 to 111.7 km)
SLICE_MARGIN = 1.02
#: Vincenty's formula: rounds at most, and how near the edge geopy's geodesic decides instead
VINCENTY_ROUNDS = 20
VINCENTY_DOUBT_KM = 1e-6
#: circles and words remembered per copy (a word takes 100 kB at 100,000 meetings)
KEPT_CIRCLES = 8
KEPT_WORDS = 64
#: a session that has written meetings in its open transaction
CHANGED = "peerapp.meetings_changed"


@dataclass(frozen=True)
class Snapshot:
    """The search columns of every listed (not archived) meeting, one row per meeting."""

    token: str | None
    ids: npt.NDArray[np.int64]
    latitude: npt.NDArray[np.float64]
    longitude: npt.NDArray[np.float64]
    irregular: Mask
    fellowship: npt.NDArray[np.int16]
    fellowships: dict[str, int]
    day: npt.NDArray[np.int16]
    week_minute: npt.NDArray[np.int32]
    duration: npt.NDArray[np.int32]
    attendance: npt.NDArray[np.int8]
    zone: npt.NDArray[np.int32]
    zones: tuple[str, ...]
    #: one column per type code: whether the meeting has it
    types: Mask
    type_columns: dict[str, int]
    texts: tuple[str, ...]
    postal_codes: npt.NDArray[np.str_]
    #: the rules of the meetings that are not weekly, by row
    rules: dict[int, RuleRow]
    #: the rows with a position, by latitude, and those latitudes
    by_latitude: Rows
    latitudes: npt.NDArray[np.float64]
    _minutes: dict[datetime, npt.NDArray[np.int32]] = field(default_factory=dict)
    _circles: dict[tuple[float, float, float], tuple[Rows, npt.NDArray[np.float64]]] = field(
        default_factory=dict
    )
    #: for each word asked, which rows' folded text holds it
    _words: OrderedDict[str, Mask] = field(default_factory=OrderedDict)
    #: held while those remembered answers change (a threaded server shares the copy)
    _guard: threading.Lock = field(default_factory=threading.Lock)

    @cached_property
    def vocabulary(self) -> tuple[str, ...]:
        """The words the meetings use, which a misspelt word is compared with."""
        return vocabulary_of(self.texts)

    def holding(self, word: str) -> Mask:
        """Which rows' folded text holds ``word`` (every row read once per word, then
        remembered for this copy: people search for the same places and words)."""
        with self._guard:
            found = self._words.get(word)
            if found is not None:
                self._words.move_to_end(word)
                return found
        texts = self.texts
        found = np.fromiter((word in t for t in texts), np.bool_, len(texts))
        with self._guard:
            if len(self._words) >= KEPT_WORDS:
                self._words.popitem(last=False)
            self._words[word] = found
        return found

    def minutes_now(self, now: datetime) -> npt.NDArray[np.int32]:
        """Each zone's minute of the week at ``now`` (worked out once a minute)."""
        minute = now.replace(second=0, microsecond=0)
        found = self._minutes.get(minute)
        if found is None:
            found = np.array([week_minute_at(minute, zone) for zone in self.zones], np.int32)
            with self._guard:
                if len(self._minutes) > 4:
                    self._minutes.clear()
                self._minutes[minute] = found
        return found

    def in_circle(self, circle: Circle) -> tuple[Rows, npt.NDArray[np.float64]]:
        """The rows inside the circle and their haversine distances (km). The ring where the
        haversine distance cannot tell is measured on the ellipsoid, as ``Circle.distance``.
        The last few circles are remembered (the next page, or the next start after an empty
        answer, asks the same one)."""
        key = (circle.latitude, circle.longitude, circle.radius_km)
        found = self._circles.get(key)
        if found is None:
            found = self._measure(circle)
            with self._guard:
                while len(self._circles) >= KEPT_CIRCLES:
                    self._circles.pop(next(iter(self._circles)))
                self._circles[key] = found
        return found

    def _measure(self, circle: Circle) -> tuple[Rows, npt.NDArray[np.float64]]:
        dlat = circle.radius_km / KM_PER_DEGREE * SLICE_MARGIN
        low = np.searchsorted(self.latitudes, circle.latitude - dlat, "left")
        high = np.searchsorted(self.latitudes, circle.latitude + dlat, "right")
        rows = self.by_latitude[low:high]
        if not circle.wraps and abs(circle.latitude) + dlat < 89:
            dlng = circle._dlng(circle.radius_km * SLICE_MARGIN)
            rows = rows[np.abs(self.longitude[rows] - circle.longitude) <= dlng]
        km = _haversine(
            circle.latitude, circle.longitude, self.latitude[rows], self.longitude[rows]
        )
        inner, outer = circle._band
        keep = km <= inner
        ring = np.flatnonzero((km > inner) & (km <= outer))
        if len(ring):
            lats, lngs = self.latitude[rows[ring]], self.longitude[rows[ring]]
            exact = _vincenty(circle.latitude, circle.longitude, lats, lngs)
            # within a millimetre of the edge (or not settled), geopy's geodesic decides
            for at in np.flatnonzero(~(np.abs(exact - circle.radius_km) > VINCENTY_DOUBT_KM)):
                exact[at] = geodesic_km(
                    circle.latitude, circle.longitude, float(lats[at]), float(lngs[at])
                )
            keep[ring] = exact <= circle.radius_km
        return rows[keep], km[keep]

    def clock_free(
        self,
        rows: Rows,
        *,
        fellowships: tuple[str, ...],
        types: tuple[str, ...],
        attendance: str | None,
        text: str | None,
        region: str | None,
    ) -> Mask:
        """Which of ``rows`` are what the search asks, whenever they meet."""
        mask = np.ones(len(rows), np.bool_)
        if fellowships:
            codes = [self.fellowships[f] for f in set(fellowships) if f in self.fellowships]
            mask &= np.isin(self.fellowship[rows], codes)
        for code in types:
            column = self.type_columns.get(code)
            if column is None:
                return np.zeros(len(rows), np.bool_)
            mask &= self.types[rows, column]
        taken = self.attendance[rows]
        if attendance == "in_person":
            mask &= taken != ATTENDANCE["online"]
        elif attendance == "online":
            mask &= taken != ATTENDANCE["in_person"]
        elif attendance == "hybrid":
            mask &= taken == ATTENDANCE["hybrid"]
        if region:
            mask &= np.isin(self.postal_codes[rows], region_postcodes(region))
        if text:
            mask &= _text_matches(self, rows, mask, text)
        return mask


def _text_matches(snapshot: Snapshot, rows: Rows, mask: Mask, text: str) -> Mask:
    """Which of ``rows`` (those still in ``mask``) hold one choice of every word of ``text`` in
    their folded text (``filters.text_choices``: typos forgiven)."""
    found = mask.copy()
    for choices in text_choices(text, snapshot.vocabulary):
        holds = snapshot.holding(choices[0])
        for choice in choices[1:]:
            holds = holds | snapshot.holding(choice)
        found &= holds[rows]
    return found


def _haversine(
    lat: float, lng: float, lats: npt.NDArray[np.float64], lngs: npt.NDArray[np.float64]
) -> npt.NDArray[np.float64]:
    """``geo.haversine_km`` from one point to many."""
    p1, p2 = np.radians(lat), np.radians(lats)
    dp, dl = p2 - p1, np.radians(lngs - lng)
    a = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return np.asarray(2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(1.0, np.sqrt(a))))


def _vincenty(
    lat: float, lng: float, lats: npt.NDArray[np.float64], lngs: npt.NDArray[np.float64]
) -> npt.NDArray[np.float64]:
    """Vincenty's inverse formula on the WGS-84 ellipsoid (km) from one point to many, to well
    under a millimetre for points a few hundred kilometres apart; NaN where it does not settle."""
    a, b, f = ELLIPSOIDS["WGS-84"]
    u1 = np.arctan((1 - f) * np.tan(np.radians(lat)))
    u2 = np.arctan((1 - f) * np.tan(np.radians(lats)))
    sin_u1, cos_u1, sin_u2, cos_u2 = np.sin(u1), np.cos(u1), np.sin(u2), np.cos(u2)
    difference = np.radians(lngs - lng)
    lam = difference
    settled = np.zeros(len(lats), np.bool_)
    with np.errstate(invalid="ignore", divide="ignore"):
        for _ in range(VINCENTY_ROUNDS):
            sin_lam, cos_lam = np.sin(lam), np.cos(lam)
            sin_sigma = np.hypot(cos_u2 * sin_lam, cos_u1 * sin_u2 - sin_u1 * cos_u2 * cos_lam)
            cos_sigma = sin_u1 * sin_u2 + cos_u1 * cos_u2 * cos_lam
            sigma = np.arctan2(sin_sigma, cos_sigma)
            sin_alpha = cos_u1 * cos_u2 * sin_lam / sin_sigma
            cos2_alpha = 1 - sin_alpha**2
            cos_2sm = np.where(cos2_alpha != 0, cos_sigma - 2 * sin_u1 * sin_u2 / cos2_alpha, 0.0)
            c = f / 16 * cos2_alpha * (4 + f * (4 - 3 * cos2_alpha))
            previous = lam
            lam = difference + (1 - c) * f * sin_alpha * (
                sigma + c * sin_sigma * (cos_2sm + c * cos_sigma * (-1 + 2 * cos_2sm**2))
            )
            settled = np.abs(lam - previous) < 1e-12
            if settled.all():
                break
        u_sq = cos2_alpha * (a * a - b * b) / (b * b)
        big_a = 1 + u_sq / 16384 * (4096 + u_sq * (-768 + u_sq * (320 - 175 * u_sq)))
        big_b = u_sq / 1024 * (256 + u_sq * (-128 + u_sq * (74 - 47 * u_sq)))
        delta = (
            big_b
            * sin_sigma
            * (
                cos_2sm
                + big_b
                / 4
                * (
                    cos_sigma * (-1 + 2 * cos_2sm**2)
                    - big_b / 6 * cos_2sm * (-3 + 4 * sin_sigma**2) * (-3 + 4 * cos_2sm**2)
                )
            )
        )
        distance = b * big_a * (sigma - delta)
    return np.asarray(np.where(settled, distance, np.nan))


def weekly_times(
    snapshot: Snapshot, rows: Rows, now: datetime
) -> tuple[npt.NDArray[np.int32], npt.NDArray[np.int32]]:
    """For weekly meetings: minutes until the next start, and minutes since the last one."""
    local = snapshot.minutes_now(now)[snapshot.zone[rows]]
    minute = snapshot.week_minute[rows]
    return (minute - local) % MINUTES_PER_WEEK, (local - minute) % MINUTES_PER_WEEK


#: the token, asked at every search (a Core statement: no ORM work for one value)
TOKEN = sa.select(DataVersion.token).where(DataVersion.name == MEETINGS)
_kept: OrderedDict[str, Snapshot] = OrderedDict()
_lock = threading.Lock()


def current() -> Snapshot:
    """The meetings as the database holds them now (read again only when they have changed)."""
    token = db.session.connection().execute(TOKEN).scalar()
    if token is None or db.session.info.get(CHANGED):
        return load(None)
    key = db.engine.url.render_as_string(hide_password=True)
    with _lock:
        kept = _kept.get(key)
    if kept is not None and kept.token == token:
        return kept
    snapshot = load(token)
    prepare(snapshot)
    with _lock:
        _kept[key] = snapshot
        _kept.move_to_end(key)
        while len(_kept) > KEPT:
            _kept.popitem(last=False)
    return snapshot


#: the search columns of every listed meeting, as plain SQL both backends read: rows come back as
#: the driver gives them, without a result processor per value (100,000 rows)
LOAD_SQL = (
    "SELECT m.id, m.latitude, m.longitude, m.irregular, m.fellowship, m.day, m.week_minute, "
    "m.duration_minutes, m.attendance_option, m.timezone, m.types_text, m.search_text, "
    "l.postal_code FROM meeting m LEFT OUTER JOIN location l ON l.id = m.location_id "
    "WHERE m.archived_at IS NULL ORDER BY m.id"
)


def prepare(snapshot: Snapshot) -> None:
    """Work out the occurrences of every non-weekly meeting's rule now, once per copy (most are
    remembered from the copy before: only new or changed rules cost anything), rather than at
    the first search that meets each (about a millisecond per rule); and list the words the
    meetings use."""
    minute = utcnow().replace(second=0, microsecond=0)
    for rule in snapshot.rules.values():
        moment_at(rule, minute)
    snapshot.vocabulary  # noqa: B018  # the words, for the first search with a misspelt one


def warm() -> None:
    """Read the copy now (a server before it forks its workers); a database that cannot be
    reached yet is left for the first search, and said in the log."""
    try:
        current()
    except sa.exc.SQLAlchemyError as error:
        logging.getLogger(__name__).warning("meeting search copy not read at start: %s", error)
    finally:
        db.session.remove()


def load(token: str | None) -> Snapshot:
    """Read every listed meeting's search columns (100,000 meetings: about a second)."""
    rows = db.session.connection().exec_driver_sql(LOAD_SQL).all()
    columns: list[tuple[Any, ...]] = list(zip(*rows, strict=True)) if rows else [()] * 13
    (ids, lats, lngs, irregular, fellowship, day, minute, duration) = columns[:8]
    attendance, timezone, types_text, texts, postal = columns[8:]
    fellowships = _codes(fellowship)
    zones = _codes(timezone)
    # types as one column per code; few distinct lists are in use, so each is read once
    parsed = {text: [code for code in text.split(",") if code] for text in set(types_text)}
    type_columns = _codes(chain.from_iterable(parsed.values()))
    kinds = {text: number for number, text in enumerate(parsed)}
    table = np.zeros((len(kinds), len(type_columns)), np.bool_)
    for text, number in kinds.items():
        table[number, [type_columns[code] for code in parsed[text]]] = True
    types = table[np.array([kinds[text] for text in types_text], np.intp)]
    latitude = np.array(lats, np.float64)  # None (no position) becomes NaN
    longitude = np.array(lngs, np.float64)
    placed = np.flatnonzero(~np.isnan(latitude) & ~np.isnan(longitude))
    by_latitude = placed[np.argsort(latitude[placed], kind="stable")]
    id_array = np.array(ids, np.int64)
    irregular_mask = np.array(irregular, np.bool_)
    return Snapshot(
        token=token,
        ids=id_array,
        latitude=latitude,
        longitude=longitude,
        irregular=irregular_mask,
        fellowship=np.array([fellowships[f] for f in fellowship], np.int16),
        fellowships=fellowships,
        day=np.array(day, np.int16),
        week_minute=np.array(minute, np.int32),
        duration=np.array(duration, np.int32),
        attendance=np.array([ATTENDANCE.get(a, -1) for a in attendance], np.int8),
        zone=np.array([zones[z] for z in timezone], np.int32),
        zones=tuple(zones),
        types=types,
        type_columns=type_columns,
        texts=tuple(texts),
        postal_codes=np.array([p or "" for p in postal], np.str_),
        rules=_rules(id_array, irregular_mask),
        by_latitude=by_latitude,
        latitudes=latitude[by_latitude],
    )


def _codes(values: Any) -> dict[str, int]:
    """Each distinct value, numbered in sorted order."""
    return {value: number for number, value in enumerate(sorted(set(values)))}


def _rules(ids: npt.NDArray[np.int64], irregular: Mask) -> dict[int, RuleRow]:
    """The rules of the meetings that are not weekly (a few in a hundred), by row."""
    row_of = {int(ids[row]): int(row) for row in np.flatnonzero(irregular)}
    if not row_of:
        return {}
    found = db.session.execute(
        sa.select(
            Meeting.id,
            Meeting.day,
            Meeting.time,
            Meeting.timezone,
            Meeting.duration_minutes,
            Meeting.recurrence,
            Meeting.recurrence_start,
            Meeting.exceptions_text,
        ).where(Meeting.irregular.is_(True), Meeting.archived_at.is_(None))
    )
    return {row_of[r[0]]: RuleRow(*r[1:]) for r in found if r[0] in row_of}


@event.listens_for(Session, "after_flush")
def _flushed(session: Session, _context: Any) -> None:
    """Mark a session that has written meetings or locations in its open transaction."""
    written = chain(session.new, session.dirty, session.deleted)
    if any(isinstance(item, Meeting | Location) for item in written):
        session.info[CHANGED] = True


@event.listens_for(Session, "do_orm_execute")
def _executed(state: ORMExecuteState) -> None:
    """The same for an INSERT, UPDATE or DELETE statement on those tables."""
    if state.is_insert or state.is_update or state.is_delete:
        table = getattr(state.statement, "table", None)
        if table is not None and table.name in ("meeting", "location"):
            state.session.info[CHANGED] = True


@event.listens_for(Session, "after_commit")
@event.listens_for(Session, "after_rollback")
def _ended(session: Session) -> None:
    session.info.pop(CHANGED, None)
