"""Sober places kept by peers: reading what a peer sends, saving it whole or not at all,
verifying and archiving. Every change is written to the audit log with before and after."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from peerapp.extensions import db, utcnow
from peerapp.models.meetings import coordinate_columns
from peerapp.models.people import User
from peerapp.models.places import PLACE_KINDS, Place, PlaceException, PlaceHours
from peerapp.services import openhours as oh
from peerapp.services.errors import ValidationError
from peerapp.services.hours_search import hours_rows
from peerapp.services.places.describe import PLACE_TABLES, hours_of, weekday_names
from peerapp.services.privacy import audit
from peerapp.services.stewardship import listings
from peerapp.words import _

TEXT_LIMITS = {"name": 300, "description": 5000, "phone": 100, "url": 1000}
#: what a peer may write
WRITABLE = {*TEXT_LIMITS, "kind", "location", "opening_hours", "exceptions"}


@dataclass
class PlaceFields:
    """A place's fields, checked and ready to store."""

    name: str
    kind: str
    description: str | None = None
    phone: str | None = None
    url: str | None = None
    location: dict[str, Any] = field(default_factory=dict)
    hours: oh.OpeningHours = field(default_factory=oh.OpeningHours)


# --- reading what is sent ---------------------------------------------------------------------


def _kind(value: Any, errors: dict[str, str]) -> str | None:
    if value in PLACE_KINDS:
        return str(value)
    errors["kind"] = _(
        "Unknown kind of place: %(kind)s. Use one of: %(kinds)s.",
        kind=str(value)[:40],
        kinds=", ".join(PLACE_KINDS),
    )
    return None


def _hours(body: dict[str, Any], errors: dict[str, str], current: oh.OpeningHours) -> Any:
    weekly, exceptions = current.weekly, current.exceptions
    if "opening_hours" in body:
        try:
            weekly = oh.read_weekly(body["opening_hours"], weekday_names())
        except ValidationError as error:
            errors.update(error.errors)
    if "exceptions" in body:
        try:
            exceptions = oh.read_exceptions(body["exceptions"])
        except ValidationError as error:
            errors.update(error.errors)
    return oh.OpeningHours(weekly, exceptions)


def read_place(body: dict[str, Any], current: Place | None = None) -> PlaceFields:
    """The fields of a new place, or of ``current`` with what ``body`` changes (a PATCH).

    Raises ``ValidationError`` naming every bad field, before anything is changed.
    """
    errors: dict[str, str] = {}
    base = fields_of(current) if current is not None else None
    listings.unknown_fields(body, WRITABLE, errors)

    def pick(name: str, reader: Any) -> Any:
        if base is not None and name not in body:
            return getattr(base, name)
        return reader()

    def text(name: str, required: bool = False) -> Any:
        return listings.read_text(body, name, TEXT_LIMITS[name], errors, required)

    name = pick("name", lambda: text("name", required=True))
    listings.check_name(name, errors, base.name if base is not None else None)
    kind = pick("kind", lambda: _kind(body.get("kind"), errors))
    description = pick("description", lambda: text("description"))
    phone = pick("phone", lambda: text("phone"))
    url = pick("url", lambda: listings.web_url(text("url"), "url", errors))
    if base is not None and "location" not in body:
        location = base.location
    else:
        raw = body.get("location")
        if base is not None and isinstance(raw, dict):
            raw = {**base.location, **raw}
        location = listings.read_location(raw, errors, base.location if base else None)
    hours = _hours(body, errors, base.hours if base is not None else oh.OpeningHours())
    if errors:
        raise ValidationError(errors)
    return PlaceFields(name, kind, description, phone, url, location, hours)


def fields_of(place: Place) -> PlaceFields:
    """A stored place's fields."""
    location = {
        "name": place.venue,
        "address": place.address,
        "city": place.city,
        "postal_code": place.postal_code,
        "region": place.region,
        "country": place.country,
        "latitude": place.latitude,
        "longitude": place.longitude,
    }
    return PlaceFields(
        place.name,
        place.kind,
        place.description,
        place.phone,
        place.url,
        location,
        hours_of(place),
    )


def _snapshot(fields: PlaceFields) -> dict[str, Any]:
    """What the audit log compares: the fields as the API writes them."""
    return {
        "name": fields.name,
        "kind": fields.kind,
        "description": fields.description,
        "phone": fields.phone,
        "url": fields.url,
        "location": dict(fields.location),
        "opening_hours": oh.weekly_to_api(fields.hours.weekly),
        "exceptions": oh.exceptions_to_api(fields.hours.exceptions),
    }


def _apply(place: Place, fields: PlaceFields) -> None:
    loc = fields.location
    place.name, place.kind = fields.name, fields.kind
    place.description, place.phone, place.url = fields.description, fields.phone, fields.url
    place.venue, place.address, place.city = loc.get("name"), loc.get("address"), loc.get("city")
    place.postal_code, place.region = loc.get("postal_code"), loc.get("region")
    place.country = loc.get("country")
    for name, value in coordinate_columns(loc["latitude"], loc["longitude"]).items():
        setattr(place, name, value)
    place.hours, place.exceptions = hours_rows(PLACE_TABLES, fields.hours)
    place.updated_at = utcnow()


def create_place(actor: User | None, fields: PlaceFields, *, is_demo: bool = False) -> Place:
    """Add a place (the caller commits); audited as ``place.create``."""
    place = Place(is_demo=is_demo)
    _apply(place, fields)
    db.session.add(place)
    db.session.flush()
    audit.record(
        actor,
        "place.create",
        object_type="place",
        object_id=place.id,
        changes=listings.changes({}, _snapshot(fields)),
    )
    return place


def update_place(actor: User | None, place: Place, fields: PlaceFields) -> dict[str, list[Any]]:
    """Change a place to ``fields``; audited with before/after of each changed field."""
    changes = listings.changes(_snapshot(fields_of(place)), _snapshot(fields))
    if not changes:
        return changes
    db.session.execute(sa.delete(PlaceHours).where(PlaceHours.place_id == place.id))
    db.session.execute(sa.delete(PlaceException).where(PlaceException.place_id == place.id))
    db.session.expire(place, ["hours", "exceptions"])
    _apply(place, fields)
    audit.record(actor, "place.update", object_type="place", object_id=place.id, changes=changes)
    return changes


def verify_place(actor: User, place: Place, now: datetime | None = None) -> None:
    """Mark the place as checked and still true today, by ``actor``."""
    listings.verify(actor, place, "place", now)


def archive_place(actor: User, place: Place, now: datetime | None = None) -> None:
    """Take the place out of search and off its page (kept for the audit log)."""
    listings.archive(actor, place, "place", now)
