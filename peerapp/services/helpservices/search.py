"""Finding help services: near a point (nearest first) or everywhere (by name), by category,
municipality, words, open now. The search is the engine places use (``services.hours_search``)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from peerapp.extensions import db, utcnow
from peerapp.models.helpservices import SERVICE_CATEGORIES, HelpService
from peerapp.services import openhours as oh
from peerapp.services.errors import ValidationError
from peerapp.services.helpservices.describe import SERVICE_TABLES, hours_by_service
from peerapp.services.hours_search import Spot, rank
from peerapp.services.meetings.query import (
    CONTROL,
    MAX_LIMIT,
    MAX_RADIUS_KM,
    Params,
    _codes,
    _number,
    _whole,
    every,
    first,
)
from peerapp.services.text import fold
from peerapp.words import _

DEFAULT_RADIUS_KM = 25.0
MAX_WORDS = 100


@dataclass(frozen=True)
class ServiceQuery:
    """What a person or program asked for; ``now`` defaults to the current instant."""

    latitude: float | None = None
    longitude: float | None = None
    radius_km: float = DEFAULT_RADIUS_KM
    categories: tuple[str, ...] = ()
    municipality: str = ""
    words: str = ""
    open_now: bool = False
    limit: int = 20
    now: datetime | None = None

    @property
    def near(self) -> bool:
        """Whether this is a distance search."""
        return self.latitude is not None and self.longitude is not None


@dataclass
class ServiceHit:
    """One service in the answer, with its distance and what is true of it now."""

    service: HelpService
    distance_km: float | None
    hours: oh.OpeningHours
    state: oh.OpenState

    @property
    def place(self) -> HelpService:
        """The service, under the name the shared map partial reads."""
        return self.service


@dataclass
class ServiceResult:
    """The services shown, how many match in all, and the instant they were judged at."""

    hits: list[ServiceHit] = field(default_factory=list)
    total: int = 0
    now: datetime = field(default_factory=utcnow)


def _municipalities(wanted: str) -> list[str]:
    """The stored spellings of the municipality ``wanted`` names (Bærum for "baerum")."""
    key = fold(wanted.strip())
    stored = db.session.scalars(sa.select(HelpService.municipality).distinct())
    return [name for name in stored if name and fold(name) == key]


def search_services(query: ServiceQuery) -> ServiceResult:
    """Services matching ``query``: nearest first around a point, otherwise by name."""
    now = query.now or utcnow()
    query = replace(query, now=now)
    conditions: list[Any] = []
    if query.categories:
        conditions.append(HelpService.category.in_(query.categories))
    if query.municipality:
        conditions.append(HelpService.municipality.in_(_municipalities(query.municipality)))
    for word in fold(query.words).split():
        escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        conditions.append(HelpService.search_text.like(f"%{escaped}%", escape="\\"))
    lat, lng = query.latitude, query.longitude
    spot = Spot(lat, lng, query.radius_km) if lat is not None and lng is not None else None
    ranked = rank(SERVICE_TABLES, conditions, spot, query.open_now, now)
    page = ranked[: query.limit]
    ids = [sid for _, _, sid in page]
    services = _load(ids)
    hours = hours_by_service(ids)
    hits = [
        ServiceHit(
            service=services[sid],
            distance_km=distance if query.near else None,
            hours=hours[sid],
            state=oh.open_state(hours[sid], now),
        )
        for distance, _, sid in page
    ]
    return ServiceResult(hits=hits, total=len(ranked), now=now)


def _load(ids: list[int]) -> dict[int, HelpService]:
    """The services of one page with their phones and organisation."""
    if not ids:
        return {}
    found = db.session.scalars(
        sa.select(HelpService)
        .where(HelpService.id.in_(ids))
        .options(selectinload(HelpService.phones), selectinload(HelpService.organisation))
    )
    return {service.id: service for service in found}


def parse_service_args(args: Params) -> ServiceQuery:
    """A ``ServiceQuery`` from API or page parameters; ``ValidationError`` names each bad field."""
    errors: dict[str, str] = {}
    lat = _number(args, "lat", -90, 90, errors)
    lng = _number(args, "lng", -180, 180, errors)
    if (lat is None) != (lng is None) and "lat" not in errors and "lng" not in errors:
        errors["lat" if lat is None else "lng"] = _("Give both lat and lng, or neither.")
    radius = _number(args, "radius_km", 0.1, MAX_RADIUS_KM, errors)
    categories = [code.lower() for code in _codes(every(args, "category"))]
    unknown = [code for code in categories if code not in SERVICE_CATEGORIES]
    if unknown:
        errors["category"] = _(
            "Unknown category: %(category)s. Use one of: %(categories)s.",
            category=", ".join(unknown)[:100],
            categories=", ".join(SERVICE_CATEGORIES),
        )
    municipality = first(args, "municipality").strip()
    words = first(args, "q").strip()
    for name, value in (("municipality", municipality), ("q", words)):
        if len(value) > MAX_WORDS or CONTROL.search(value):
            errors[name] = _("At most %(num)d characters, without control characters.", num=100)
    raw_open = first(args, "open_now").strip().lower()
    if raw_open not in {"", "1", "0", "true", "false", "yes", "no", "on", "off"}:
        errors["open_now"] = _("Must be true or false.")
    limit = _whole(args, "limit", 1, MAX_LIMIT, errors)
    if errors:
        raise ValidationError(errors)
    return ServiceQuery(
        latitude=lat,
        longitude=lng,
        radius_km=radius if radius is not None else DEFAULT_RADIUS_KM,
        categories=tuple(dict.fromkeys(categories)),
        municipality=municipality,
        words=words,
        open_now=raw_open in {"1", "true", "yes", "on"},
        limit=limit or 20,
    )
