"""Finding listings that keep opening hours (sober places, help services): near a point, open now.

One engine for every such listing: a ``HoursTables`` names the listing's table, its weekly ranges
and its dated exceptions, and the search, the "open now" test in the database and the loading of
hours work on any of them. The distance search narrows the table the way the meeting search does
(the grid cell and bounding box, both indexed), then measures the survivors with the haversine
formula. "Open now" is answered in the database from the weekly ranges on Oslo's wall clock; only
listings with an exception dated today or yesterday are judged in Python, by the rules of
``peerapp.services.openhours`` that the listing's page uses too.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from geopy.distance import geodesic

from peerapp.extensions import db
from peerapp.services import openhours as oh
from peerapp.services.geo import haversine_km
from peerapp.services.meetings.search import GEOCELL_DEGREES, KM_PER_DEGREE, MAX_CELLS, geocell


@dataclass(frozen=True)
class HoursTables:
    """A listing model with ``latitude``/``longitude``/``geocell``/``name``/``archived_at``, its
    weekly ranges (``day``, ``opens``, ``closes``, ``week_start``, ``week_end``) and its dated
    exceptions (``on_date``, ``opens``, ``closes``), both pointing at it through ``owner``;
    ``holiday_flag``, when the listing has one, is its "closed on public holidays" column."""

    listing: Any
    weekly: Any
    dated: Any
    owner: str
    holiday_flag: str | None = None

    def weekly_owner(self) -> Any:
        """The weekly ranges' column naming their listing."""
        return getattr(self.weekly, self.owner)

    def dated_owner(self) -> Any:
        """The exceptions' column naming their listing."""
        return getattr(self.dated, self.owner)


@dataclass(frozen=True)
class Spot:
    """A circle to search in."""

    latitude: float
    longitude: float
    radius_km: float


def area(tables: HoursTables, lat: float, lng: float, radius_km: float) -> list[Any]:
    """Index-backed conditions that keep only listings inside the circle's bounding box."""
    model = tables.listing
    dlat = radius_km / KM_PER_DEGREE
    lat_min, lat_max = max(-90.0, lat - dlat), min(90.0, lat + dlat)
    cos_lat = math.cos(math.radians(min(89.0, max(abs(lat_min), abs(lat_max)))))
    dlng = radius_km / (KM_PER_DEGREE * cos_lat)
    conditions: list[Any] = [model.latitude.between(lat_min, lat_max)]
    if lng - dlng > -180 and lng + dlng < 180:
        conditions.append(model.longitude.between(lng - dlng, lng + dlng))
        rows = range(
            int((lat_min + 90) // GEOCELL_DEGREES), int((lat_max + 90) // GEOCELL_DEGREES) + 1
        )
        first, last = geocell(lat_min, lng - dlng) % 10_000, geocell(lat_min, lng + dlng) % 10_000
        cols = range(first, last + 1)
        if len(rows) * len(cols) <= MAX_CELLS:
            conditions.append(model.geocell.in_([r * 10_000 + c for r in rows for c in cols]))
    return conditions


def open_by_week(tables: HoursTables, now: datetime) -> Any:
    """A weekly range covers this minute of the week (also Saturday night into Sunday)."""
    minute = oh.week_minute(now)
    later = minute + oh.MINUTES_PER_WEEK
    weekly = tables.weekly
    return (
        sa.select(weekly.id)
        .where(
            tables.weekly_owner() == tables.listing.id,
            sa.or_(
                sa.and_(weekly.week_start <= minute, weekly.week_end > minute),
                sa.and_(weekly.week_start <= later, weekly.week_end > later),
            ),
        )
        .exists()
    )


def has_exception_now(tables: HoursTables, now: datetime) -> Any:
    """An exception dated today or yesterday may change what the week says (so may a public
    holiday today or yesterday, for a listing closed on holidays)."""
    today = oh.local_today(now)
    dated = (
        sa.select(tables.dated.id)
        .where(
            tables.dated_owner() == tables.listing.id,
            tables.dated.on_date.in_([today, today - timedelta(days=1)]),
        )
        .exists()
    )
    near_holiday = oh.is_public_holiday(today) or oh.is_public_holiday(today - timedelta(days=1))
    if tables.holiday_flag is not None and near_holiday:
        return sa.or_(dated, getattr(tables.listing, tables.holiday_flag).is_(True))
    return dated


def rank(
    tables: HoursTables,
    conditions: Sequence[Any],
    spot: Spot | None,
    open_now: bool,
    now: datetime,
    keep: Any = None,
) -> list[tuple[float, str, int]]:
    """(distance, folded name, id) of every listing matching, nearest first, then by name.

    ``keep``, when given, is called with each row's id, name and extra columns and may refuse it
    (a filter the database cannot run, such as folded text).
    """
    model = tables.listing
    where = [model.archived_at.is_(None), *conditions]
    if spot is not None:
        where += area(tables, spot.latitude, spot.longitude, spot.radius_km)
    columns: list[Any] = [model.id, model.name, model.latitude, model.longitude]
    if open_now:
        columns += [open_by_week(tables, now), has_exception_now(tables, now)]
    ranked: list[tuple[float, str, int]] = []
    #: listings whose exception today or yesterday decides: judged below, all at once
    special: list[tuple[float, str, int]] = []
    for row in db.session.execute(sa.select(*columns).where(*where)):
        lid, name, lat, lng = row[:4]
        distance: float | None = 0.0
        if spot is not None:
            distance = _distance(spot, lat, lng)
            if distance is None:
                continue
        if keep is not None and not keep(lid):
            continue
        if open_now:
            if row[5]:
                special.append((distance or 0.0, name.casefold(), lid))
                continue
            if not row[4]:
                continue
        ranked.append((distance or 0.0, name.casefold(), lid))
    if special:
        hours = hours_by_listing(tables, [lid for _, _, lid in special])
        ranked += [item for item in special if oh.is_open(hours[item[2]], now)]
    ranked.sort()
    return ranked


def _distance(spot: Spot, lat: float, lng: float) -> float | None:
    """The distance to a listing, or ``None`` when it lies outside the circle (the haversine
    answer is checked on the ellipsoid near the edge, as meetings are)."""
    distance = haversine_km(spot.latitude, spot.longitude, lat, lng)
    if distance > spot.radius_km * 1.006:
        return None
    if (
        distance > spot.radius_km * 0.994
        and geodesic((spot.latitude, spot.longitude), (lat, lng)).km > spot.radius_km
    ):
        return None
    return distance


_STATEMENTS: dict[HoursTables, sa.Select[Any]] = {}


def _hours_statement(tables: HoursTables) -> sa.Select[Any]:
    """Weekly ranges and dated exceptions of the listings in ``ids``, in one round trip.

    Built once per kind of listing: a search page asks for it on every request, and building
    costs more than running.
    """
    if tables in _STATEMENTS:
        return _STATEMENTS[tables]
    ids: sa.BindParameter[list[int]] = sa.bindparam("ids", expanding=True)
    weekly, dated = tables.weekly, tables.dated
    ranges = sa.select(
        tables.weekly_owner().label("owner"),
        weekly.day,
        weekly.opens,
        weekly.closes,
        sa.null().label("on_date"),
    ).where(tables.weekly_owner().in_(ids))
    exceptions = sa.select(
        tables.dated_owner().label("owner"),
        sa.null().label("day"),
        dated.opens,
        dated.closes,
        dated.on_date,
    ).where(tables.dated_owner().in_(ids))
    union = sa.union_all(ranges, exceptions).subquery()
    statement = sa.select(union).order_by(
        union.c.owner, union.c.on_date, union.c.day, union.c.opens
    )
    _STATEMENTS[tables] = statement
    return statement


def hours_by_listing(tables: HoursTables, ids: list[int]) -> dict[int, oh.OpeningHours]:
    """The opening hours of many listings in one plain query (search pages, "open now")."""
    weekly: dict[int, list[oh.WeeklyRange]] = {lid: [] for lid in ids}
    dated: dict[int, list[oh.DateException]] = {lid: [] for lid in ids}
    if ids:
        # a date marks an exception
        rows = db.session.execute(_hours_statement(tables), {"ids": ids})
        for lid, day, opens, closes, on_date in rows:
            if on_date is None:
                weekly[lid].append(oh.WeeklyRange(day, opens, closes))
            else:
                dated[lid].append(oh.DateException(_as_date(on_date), opens, closes))
    closed_on_holidays: set[int] = set()
    if ids and tables.holiday_flag is not None:
        flag = getattr(tables.listing, tables.holiday_flag)
        closed_on_holidays = set(
            db.session.scalars(
                sa.select(tables.listing.id).where(tables.listing.id.in_(ids), flag.is_(True))
            )
        )
    return {
        lid: oh.OpeningHours(tuple(weekly[lid]), tuple(dated[lid]), lid in closed_on_holidays)
        for lid in ids
    }


def hours_values(hours: oh.OpeningHours) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The columns of the weekly ranges and of the exceptions of ``hours`` (without the owner),
    for rows made one by one or inserted many at once."""
    return (
        [
            {
                "day": r.day,
                "opens": r.opens,
                "closes": r.closes,
                "week_start": r.week_start,
                "week_end": r.week_end,
            }
            for r in hours.weekly
        ],
        [{"on_date": e.on, "opens": e.opens, "closes": e.closes} for e in hours.exceptions],
    )


def hours_rows(tables: HoursTables, hours: oh.OpeningHours) -> tuple[list[Any], list[Any]]:
    """New rows of the weekly ranges and exceptions of ``hours``, for a listing to own."""
    weekly, dated = hours_values(hours)
    return [tables.weekly(**row) for row in weekly], [tables.dated(**row) for row in dated]


def stored_hours(listing: Any) -> oh.OpeningHours:
    """The opening hours a loaded listing holds (its ``hours`` and ``exceptions``)."""
    return oh.OpeningHours(
        tuple(oh.WeeklyRange(h.day, h.opens, h.closes) for h in listing.hours),
        tuple(oh.DateException(e.on_date, e.opens, e.closes) for e in listing.exceptions),
        bool(getattr(listing, "closed_on_holidays", False)),
    )


def _as_date(value: Any) -> date:
    """A date column read through a union (SQLite hands back the stored text)."""
    return value if isinstance(value, date) else date.fromisoformat(str(value))
