"""Describing sober places: kind labels, their stored opening hours, finding one, and the public
JSON shape."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from babel.dates import get_day_names
from sqlalchemy.orm import selectinload

from peerapp.extensions import db, utcnow
from peerapp.i18n import current_language
from peerapp.models.places import PLACE_KINDS, Place, PlaceException, PlaceHours
from peerapp.services import openhours as oh
from peerapp.services.hours_search import HoursTables, hours_by_listing, stored_hours
from peerapp.services.meetings.describe import MAX_ID
from peerapp.services.stewardship import listings
from peerapp.words import _l

PLACE_TABLES = HoursTables(Place, PlaceHours, PlaceException, "place_id")

KIND_LABELS = {
    "cafe": _l("Café"),
    "activity_centre": _l("Activity centre"),
    "sport": _l("Sport and outdoor life"),
    "volunteer": _l("Volunteer group"),
    "naloxone": _l("Naloxone hand-out point"),
}


def kind_label(kind: str) -> str:
    """A kind of place as people say it."""
    return str(KIND_LABELS.get(kind, kind))


def kind_choices() -> list[tuple[str, str]]:
    """Every kind of place, with what people call it, in the order forms offer them."""
    return [(kind, kind_label(kind)) for kind in PLACE_KINDS]


def weekday_names() -> list[str]:
    """The weekday names (0 = Sunday) in the page's or request's language, capitalised."""
    lang = current_language()
    names = get_day_names("wide", locale="en_GB" if lang == "en" else lang)
    ordered = [names[(day - 1) % 7] for day in range(7)]
    return [name[:1].upper() + name[1:] for name in ordered]


def hours_of(place: Place) -> oh.OpeningHours:
    """The opening hours stored for a place."""
    return stored_hours(place)


def hours_by_place(ids: list[int]) -> dict[int, oh.OpeningHours]:
    """The opening hours of many places in one plain query (search pages, "open now")."""
    return hours_by_listing(PLACE_TABLES, ids)


def find_place(place_id: int) -> Place | None:
    """The place with this id, archived or not, with its hours; ``None`` when there is none."""
    if not 0 < place_id <= MAX_ID:
        return None
    return db.session.scalar(
        sa.select(Place)
        .where(Place.id == place_id)
        .options(selectinload(Place.hours), selectinload(Place.exceptions))
    )


#: not verified for 90 days (or never): shared with meetings
is_stale = listings.is_stale
_iso = listings.iso


def place_to_api(
    place: Place,
    now: datetime | None = None,
    distance_km: float | None = None,
    hours: oh.OpeningHours | None = None,
    state: oh.OpenState | None = None,
    *,
    link: Callable[[int], str],
) -> dict[str, Any]:
    """The public JSON shape of a place (API.md, "Place"); ``link`` gives its page."""
    moment = now or utcnow()
    hours = hours or hours_of(place)
    state = state or oh.open_state(hours, moment)
    body: dict[str, Any] = {
        "id": place.id,
        "name": place.name,
        "kind": place.kind,
        "description": place.description,
        "location": {
            "name": place.venue,
            "address": place.address,
            "city": place.city,
            "postal_code": place.postal_code,
            "region": place.region,
            "country": place.country,
            "latitude": place.latitude,
            "longitude": place.longitude,
        },
        "opening_hours": oh.weekly_to_api(hours.weekly),
        "exceptions": oh.exceptions_to_api(
            e for e in hours.exceptions if e.on >= oh.local_today(moment) - timedelta(days=1)
        ),
        "timezone": "Europe/Oslo",
        "open_now": state.open_now,
        "opens_at": _iso(state.opens_at),
        "closes_at": _iso(state.closes_at),
        "phone": place.phone,
        "url": place.url,
        "page_url": link(place.id),
        "updated": place.updated_at.isoformat(),
        "verified_at": _iso(place.verified_at),
        "stale": is_stale(place, moment),
        "demo": place.is_demo,
    }
    if distance_km is not None:
        body["distance_km"] = round(distance_km, 2)
    return body
