"""Sober places: reading what a peer sends, saving it whole or not at all, verifying, archiving,
and the public JSON shape. Every change is written to the audit log with before and after."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from babel.dates import get_day_names
from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from peerapp.errors import ValidationError
from peerapp.extensions import db, utcnow
from peerapp.i18n import current_language
from peerapp.models.meetings import coordinate_columns
from peerapp.models.people import User
from peerapp.models.places import PLACE_KINDS, Place, PlaceException, PlaceHours
from peerapp.services.meetings.describe import MAX_ID
from peerapp.services.places import hours as oh
from peerapp.services.privacy import audit
from peerapp.services.stewardship import listings

TEXT_LIMITS = {"name": 300, "description": 5000, "phone": 100, "url": 1000}
#: what a peer may write
WRITABLE = {*TEXT_LIMITS, "kind", "location", "opening_hours", "exceptions"}

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


def weekday_names() -> list[str]:
    """The weekday names (0 = Sunday) in the page's or request's language, capitalised."""
    lang = current_language()
    names = get_day_names("wide", locale="en_GB" if lang == "en" else lang)
    ordered = [names[(day - 1) % 7] for day in range(7)]
    return [name[:1].upper() + name[1:] for name in ordered]


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
        location = listings.read_location(raw, errors)
    hours = _hours(body, errors, base.hours if base is not None else oh.OpeningHours())
    if errors:
        raise ValidationError(errors)
    return PlaceFields(name, kind, description, phone, url, location, hours)


# --- the stored place and its JSON shape --------------------------------------------------------


def hours_of(place: Place) -> oh.OpeningHours:
    """The opening hours stored for a place."""
    return oh.OpeningHours(
        tuple(oh.WeeklyRange(h.day, h.opens, h.closes) for h in place.hours),
        tuple(oh.DateException(e.on_date, e.opens, e.closes) for e in place.exceptions),
    )


def _hours_statement() -> sa.Select[Any]:
    """Weekly ranges and dated exceptions of the places in ``ids``, in one round trip.

    Built once: a search page asks for it on every request, and building costs more than running.
    """
    ids: sa.BindParameter[list[int]] = sa.bindparam("ids", expanding=True)
    ranges = sa.select(
        PlaceHours.place_id,
        PlaceHours.day,
        PlaceHours.opens,
        PlaceHours.closes,
        sa.null().label("on_date"),
    ).where(PlaceHours.place_id.in_(ids))
    exceptions = sa.select(
        PlaceException.place_id,
        sa.null().label("day"),
        PlaceException.opens,
        PlaceException.closes,
        PlaceException.on_date,
    ).where(PlaceException.place_id.in_(ids))
    union = sa.union_all(ranges, exceptions).subquery()
    return sa.select(union).order_by(union.c.place_id, union.c.on_date, union.c.day, union.c.opens)


HOURS_OF_PLACES = _hours_statement()


def hours_by_place(ids: list[int]) -> dict[int, oh.OpeningHours]:
    """The opening hours of many places in one plain query (search pages, "open now")."""
    weekly: dict[int, list[oh.WeeklyRange]] = {pid: [] for pid in ids}
    dated: dict[int, list[oh.DateException]] = {pid: [] for pid in ids}
    if ids:
        # a date marks an exception
        for pid, day, opens, closes, on_date in db.session.execute(HOURS_OF_PLACES, {"ids": ids}):
            if on_date is None:
                weekly[pid].append(oh.WeeklyRange(day, opens, closes))
            else:
                dated[pid].append(oh.DateException(_as_date(on_date), opens, closes))
    return {pid: oh.OpeningHours(tuple(weekly[pid]), tuple(dated[pid])) for pid in ids}


def _as_date(value: Any) -> date:
    """A date column read through a union (SQLite hands back the stored text)."""
    return value if isinstance(value, date) else date.fromisoformat(str(value))


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
    place.hours = [
        PlaceHours(
            day=r.day,
            opens=r.opens,
            closes=r.closes,
            week_start=r.week_start,
            week_end=r.week_end,
        )
        for r in fields.hours.weekly
    ]
    place.exceptions = [
        PlaceException(on_date=e.on, opens=e.opens, closes=e.closes)
        for e in fields.hours.exceptions
    ]
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
) -> dict[str, Any]:
    """The public JSON shape of a place (API.md, "Place")."""
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
        "page_url": url_for("places.place_page", place_id=place.id, _external=True),
        "updated": place.updated_at.isoformat(),
        "verified_at": _iso(place.verified_at),
        "stale": is_stale(place, moment),
        "demo": place.is_demo,
    }
    if distance_km is not None:
        body["distance_km"] = round(distance_km, 2)
    return body
