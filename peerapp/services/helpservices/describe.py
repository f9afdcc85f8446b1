"""Describing help services: category labels, their stored hours, finding one, the public JSON."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from peerapp.extensions import db, utcnow
from peerapp.models.helpservices import (
    SERVICE_CATEGORIES,
    HelpService,
    HelpServiceException,
    HelpServiceHours,
)
from peerapp.services import openhours as oh
from peerapp.services.hours_search import HoursTables, hours_by_listing, stored_hours
from peerapp.services.meetings.describe import MAX_ID
from peerapp.services.stewardship import listings
from peerapp.words import _l

SERVICE_TABLES = HoursTables(
    HelpService, HelpServiceHours, HelpServiceException, "service_id", "closed_on_holidays"
)

CATEGORY_LABELS = {
    "nav_office": _l("NAV office"),
    "housing": _l("Housing"),
    "low_threshold_day_centre": _l("Low-threshold day centre"),
    "lar_dispensing": _l("LAR dispensing"),
    "mental_health_quick_help": _l("Mental health quick help"),
    "dental_care": _l("Dental care"),
    "debt_advice": _l("Debt and money advice"),
    "emergency_room": _l("Emergency room (legevakt)"),
    "work_training": _l("Work and training"),
    "relatives_support": _l("Relatives' support"),
    "naloxone_harm_reduction": _l("Naloxone and harm reduction"),
}
ACCESS_LABELS = {
    "drop_in": _l("Drop in, no appointment"),
    "appointment": _l("By appointment"),
    "both": _l("Drop in or by appointment"),
}


def category_label(category: str) -> str:
    """A category as people say it."""
    return str(CATEGORY_LABELS.get(category, category))


def category_choices() -> list[tuple[str, str]]:
    """Every category with what people call it, in the order forms offer them."""
    return [(code, category_label(code)) for code in SERVICE_CATEGORIES]


def access_label(access: str) -> str:
    """How to get in, as people say it."""
    return str(ACCESS_LABELS.get(access, access))


def hours_of(service: HelpService) -> oh.OpeningHours:
    """The opening hours stored for a service."""
    return stored_hours(service)


def hours_by_service(ids: list[int]) -> dict[int, oh.OpeningHours]:
    """The opening hours of many services in one query (search pages, "open now")."""
    return hours_by_listing(SERVICE_TABLES, ids)


def find_service(service_id: int) -> HelpService | None:
    """The service with this id, archived or not, with its hours; ``None`` when there is none."""
    if not 0 < service_id <= MAX_ID:
        return None
    return db.session.scalar(
        sa.select(HelpService)
        .where(HelpService.id == service_id)
        .options(
            selectinload(HelpService.hours),
            selectinload(HelpService.exceptions),
            selectinload(HelpService.phones),
            selectinload(HelpService.organisation),
        )
    )


def moved_from_place(place_id: int) -> int | None:
    """The service a sober place became when naloxone points moved here, if it did."""
    if not 0 < place_id <= MAX_ID:
        return None
    return db.session.scalar(
        sa.select(HelpService.id).where(HelpService.former_place_id == place_id)
    )


#: the search parameters a sober place search and a service search share
SHARED_SEARCH_KEYS = ("where", "lat", "lng", "radius_km", "open_now", "limit", "lang")


def naloxone_search(args: dict[str, list[str]]) -> dict[str, Any] | None:
    """For a sober place search that asks only for naloxone points (which moved here), the
    service search that answers it now; ``None`` for any other place search."""
    kinds = {code.strip().lower() for value in args.get("kind", []) for code in value.split(",")}
    if kinds != {"naloxone"}:
        return None
    kept = {key: values for key, values in args.items() if key in SHARED_SEARCH_KEYS}
    return {**kept, "category": ["naloxone_harm_reduction"]}


is_stale = listings.is_stale
_iso = listings.iso


def service_to_api(
    service: HelpService,
    now: datetime | None = None,
    distance_km: float | None = None,
    hours: oh.OpeningHours | None = None,
    state: oh.OpenState | None = None,
    *,
    link: Callable[[int], str],
) -> dict[str, Any]:
    """The public JSON shape of a help service (API.md, "Help service"); ``link`` its page."""
    moment = now or utcnow()
    hours = hours or hours_of(service)
    state = state or oh.open_state(hours, moment)
    organisation = service.organisation
    body: dict[str, Any] = {
        "id": service.id,
        "uid": service.uid,
        "name": service.name,
        "category": service.category,
        "organisation": (
            {"name": organisation.name, "url": organisation.url} if organisation else None
        ),
        "description": service.description,
        "location": {
            "name": service.venue,
            "address": service.address,
            "city": service.city,
            "postal_code": service.postal_code,
            "municipality": service.municipality,
            "region": service.region,
            "country": service.country,
            "latitude": service.latitude,
            "longitude": service.longitude,
        },
        "phones": [{"number": p.number, "description": p.description} for p in service.phones],
        "url": service.url,
        "email": service.email,
        "eligibility": service.eligibility,
        "access": service.access,
        "referral_required": service.referral_required,
        "cost": service.cost,
        "cost_note": service.cost_note,
        "languages": list(service.languages or []),
        "accessibility": service.accessibility,
        "opening_hours": oh.weekly_to_api(hours.weekly),
        "exceptions": oh.exceptions_to_api(
            e for e in hours.exceptions if e.on >= oh.local_today(moment) - timedelta(days=1)
        ),
        "closed_on_holidays": service.closed_on_holidays,
        "timezone": "Europe/Oslo",
        "open_now": state.open_now,
        "opens_at": _iso(state.opens_at),
        "closes_at": _iso(state.closes_at),
        "page_url": link(service.id),
        "updated": service.updated_at.isoformat(),
        "verified_at": _iso(service.verified_at),
        "stale": is_stale(service, moment),
        "demo": service.is_demo,
    }
    if distance_km is not None:
        body["distance_km"] = round(distance_km, 2)
    return body
