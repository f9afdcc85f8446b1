"""Finding sober places: near a point (nearest first) or everywhere (by name), by kind, open now.

The distance search narrows the table the way the meeting search does (the place's grid cell and
bounding box, both indexed), then measures the survivors with the haversine formula. "Open now" is
answered in the database from the weekly ranges on Oslo's wall clock; only places with an exception
dated today or yesterday are judged in Python, by the same rules the place page uses.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from geopy.distance import geodesic

from peerapp.extensions import db, utcnow
from peerapp.models.places import PLACE_KINDS, Place, PlaceException, PlaceHours
from peerapp.services.errors import ValidationError
from peerapp.services.geo import haversine_km
from peerapp.services.meetings.query import (
    MAX_LIMIT,
    MAX_RADIUS_KM,
    Params,
    _codes,
    _number,
    _whole,
    every,
    first,
)
from peerapp.services.meetings.search import GEOCELL_DEGREES, KM_PER_DEGREE, MAX_CELLS, geocell
from peerapp.services.places import hours as oh
from peerapp.services.places.describe import hours_by_place
from peerapp.words import _

DEFAULT_RADIUS_KM = 25.0


@dataclass(frozen=True)
class PlaceQuery:
    """What a person or program asked for; ``now`` defaults to the current instant."""

    latitude: float | None = None
    longitude: float | None = None
    radius_km: float = DEFAULT_RADIUS_KM
    kinds: tuple[str, ...] = ()
    open_now: bool = False
    limit: int = 20
    now: datetime | None = None

    @property
    def near(self) -> bool:
        """Whether this is a distance search."""
        return self.latitude is not None and self.longitude is not None


@dataclass
class PlaceHit:
    """One place in the answer, with its distance and what is true of it now."""

    place: Place
    distance_km: float | None
    hours: oh.OpeningHours
    state: oh.OpenState


@dataclass
class PlaceResult:
    """The places shown, how many match in all, and the instant they were judged at."""

    hits: list[PlaceHit] = field(default_factory=list)
    total: int = 0
    now: datetime = field(default_factory=utcnow)


def _area(lat: float, lng: float, radius_km: float) -> list[sa.ColumnElement[bool]]:
    """Index-backed conditions that keep only places inside the circle's bounding box."""
    dlat = radius_km / KM_PER_DEGREE
    lat_min, lat_max = max(-90.0, lat - dlat), min(90.0, lat + dlat)
    cos_lat = math.cos(math.radians(min(89.0, max(abs(lat_min), abs(lat_max)))))
    dlng = radius_km / (KM_PER_DEGREE * cos_lat)
    conditions: list[sa.ColumnElement[bool]] = [Place.latitude.between(lat_min, lat_max)]
    if lng - dlng > -180 and lng + dlng < 180:
        conditions.append(Place.longitude.between(lng - dlng, lng + dlng))
        rows = range(
            int((lat_min + 90) // GEOCELL_DEGREES), int((lat_max + 90) // GEOCELL_DEGREES) + 1
        )
        first, last = geocell(lat_min, lng - dlng) % 10_000, geocell(lat_min, lng + dlng) % 10_000
        cols = range(first, last + 1)
        if len(rows) * len(cols) <= MAX_CELLS:
            conditions.append(Place.geocell.in_([r * 10_000 + c for r in rows for c in cols]))
    return conditions


def _open_by_week(now: datetime) -> sa.ColumnElement[bool]:
    """A weekly range covers this minute of the week (also Saturday night into Sunday)."""
    minute = oh.week_minute(now)
    later = minute + oh.MINUTES_PER_WEEK
    return (
        sa.select(PlaceHours.id)
        .where(
            PlaceHours.place_id == Place.id,
            sa.or_(
                sa.and_(PlaceHours.week_start <= minute, PlaceHours.week_end > minute),
                sa.and_(PlaceHours.week_start <= later, PlaceHours.week_end > later),
            ),
        )
        .exists()
    )


def _has_exception_now(now: datetime) -> sa.ColumnElement[bool]:
    """An exception dated today or yesterday may change what the week says."""
    today = oh.local_today(now)
    return (
        sa.select(PlaceException.id)
        .where(
            PlaceException.place_id == Place.id,
            PlaceException.on_date.in_([today, today - timedelta(days=1)]),
        )
        .exists()
    )


def search_places(query: PlaceQuery) -> PlaceResult:
    """Places matching ``query``: nearest first around a point, otherwise by name."""
    now = query.now or utcnow()
    query = replace(query, now=now)
    conditions: list[sa.ColumnElement[bool]] = [Place.archived_at.is_(None)]
    if query.kinds:
        conditions.append(Place.kind.in_(query.kinds))
    lat, lng = query.latitude, query.longitude
    if lat is not None and lng is not None:
        conditions += _area(lat, lng, query.radius_km)
    columns: list[Any] = [Place.id, Place.name, Place.latitude, Place.longitude]
    if query.open_now:
        columns += [_open_by_week(now), _has_exception_now(now)]
    ranked: list[tuple[float, str, int]] = []
    #: places whose exception today or yesterday decides: judged below, all at once
    special: list[tuple[float, str, int]] = []
    outer = query.radius_km * 1.006
    inner = query.radius_km * 0.994
    for row in db.session.execute(sa.select(*columns).where(*conditions)):
        pid, name, plat, plng = row[:4]
        distance = 0.0
        if lat is not None and lng is not None:
            distance = haversine_km(lat, lng, plat, plng)
            if distance > outer:
                continue
            if distance > inner and geodesic((lat, lng), (plat, plng)).km > query.radius_km:
                continue
        if query.open_now:
            if row[5]:
                special.append((distance, name.casefold(), pid))
                continue
            if not row[4]:
                continue
        ranked.append((distance, name.casefold(), pid))
    if special:
        hours = hours_by_place([pid for _, _, pid in special])
        ranked += [item for item in special if oh.is_open(hours[item[2]], now)]
    ranked.sort()
    page = ranked[: query.limit]
    places = _load([pid for _, _, pid in page])
    hours = hours_by_place([pid for _, _, pid in page])
    hits = [
        PlaceHit(
            place=places[pid],
            distance_km=distance if query.near else None,
            hours=hours[pid],
            state=oh.open_state(hours[pid], now),
        )
        for distance, _, pid in page
    ]
    return PlaceResult(hits=hits, total=len(ranked), now=now)


def _load(ids: list[int]) -> dict[int, Place]:
    """The places of one page with their hours, in a round trip each."""
    if not ids:
        return {}
    found = db.session.scalars(sa.select(Place).where(Place.id.in_(ids)))
    return {place.id: place for place in found}


def parse_place_args(args: Params) -> PlaceQuery:
    """A ``PlaceQuery`` from API or page parameters; ``ValidationError`` names each bad field."""
    errors: dict[str, str] = {}
    lat = _number(args, "lat", -90, 90, errors)
    lng = _number(args, "lng", -180, 180, errors)
    if (lat is None) != (lng is None) and "lat" not in errors and "lng" not in errors:
        errors["lat" if lat is None else "lng"] = _("Give both lat and lng, or neither.")
    radius = _number(args, "radius_km", 0.1, MAX_RADIUS_KM, errors)
    kinds = [code.lower() for code in _codes(every(args, "kind"))]
    unknown = [code for code in kinds if code not in PLACE_KINDS]
    if unknown:
        errors["kind"] = _(
            "Unknown kind of place: %(kind)s. Use one of: %(kinds)s.",
            kind=", ".join(unknown)[:100],
            kinds=", ".join(PLACE_KINDS),
        )
    raw_open = first(args, "open_now").strip().lower()
    if raw_open not in {"", "1", "0", "true", "false", "yes", "no", "on", "off"}:
        errors["open_now"] = _("Must be true or false.")
    limit = _whole(args, "limit", 1, MAX_LIMIT, errors)
    if errors:
        raise ValidationError(errors)
    return PlaceQuery(
        latitude=lat,
        longitude=lng,
        radius_km=radius if radius is not None else DEFAULT_RADIUS_KM,
        kinds=tuple(dict.fromkeys(kinds)),
        open_now=raw_open in {"1", "true", "yes", "on"},
        limit=limit or 20,
    )
