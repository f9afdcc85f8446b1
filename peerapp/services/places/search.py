"""Finding sober places: near a point (nearest first) or everywhere (by name), by kind, open now.

The search itself is the engine places share with help services (``peerapp.services.hours_search``);
this module adds what only places have: their kinds.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime

import sqlalchemy as sa

from peerapp.extensions import db, utcnow
from peerapp.models.places import PLACE_KINDS, Place
from peerapp.services import openhours as oh
from peerapp.services.errors import ValidationError
from peerapp.services.hours_search import Spot, rank
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
from peerapp.services.places.describe import PLACE_TABLES, hours_by_place
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


def search_places(query: PlaceQuery) -> PlaceResult:
    """Places matching ``query``: nearest first around a point, otherwise by name."""
    now = query.now or utcnow()
    query = replace(query, now=now)
    conditions: list[sa.ColumnElement[bool]] = []
    if query.kinds:
        conditions.append(Place.kind.in_(query.kinds))
    lat, lng = query.latitude, query.longitude
    spot = Spot(lat, lng, query.radius_km) if lat is not None and lng is not None else None
    ranked = rank(PLACE_TABLES, conditions, spot, query.open_now, now)
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
