"""What meetings and sober places share as listings peers keep true: reading what a peer sends,
the before/after of a change, "still true today", archiving, and the 90-day stale flag."""

from __future__ import annotations

import math
import re
from datetime import datetime, timedelta
from typing import Any, Protocol
from urllib.parse import urlsplit

import sqlalchemy as sa

from peerapp.extensions import db, utcnow
from peerapp.models.peers import PeerProfile
from peerapp.models.people import User
from peerapp.services.errors import Conflict
from peerapp.services.privacy import audit
from peerapp.words import _

#: a listing not verified for this long is flagged to peers and marked to the public
STALE_AFTER = timedelta(days=90)
#: the longest text each part of a location may hold (the columns of meetings and places alike)
LOCATION_LIMITS = {
    "name": 300,
    "address": 500,
    "city": 200,
    "postal_code": 20,
    "region": 200,
    "country": 100,
}
#: the longest name a peer may give a meeting or a place (the columns hold more: feeds may carry
#: longer names, which are kept as imported)
NAME_MAX = 120
#: how people write Norway in a listing's country ("NO" is what the forms send; none means here)
NORWAY = frozenset({"", "no", "nor", "norway", "norge", "noreg"})
_NORWEGIAN_POSTAL_CODE = re.compile(r"^[0-9]{4}$")


class Listing(Protocol):
    """A meeting or a place: what verifying and archiving touch."""

    id: int
    verified_at: datetime | None
    verified_by_id: int | None
    archived_at: datetime | None
    updated_at: datetime


#: the version of a listing a user saw (its ``updated_at`` in ISO 8601), or several an HTTP
#: ``If-Match`` names; ``None``: write whatever is stored now
Version = str | frozenset[str] | None


def version_of(listing: Listing) -> str:
    """The listing's version: when it was last changed, as a user's edit names it."""
    return listing.updated_at.isoformat()


def check_version(listing: Listing, expected: Version) -> None:
    """Raise ``Conflict`` when the listing changed after the user opened it (so that one peer's
    correction never silently replaces another's); saving again with the new version is then
    deliberate."""
    if expected is None:
        return
    seen = {expected} if isinstance(expected, str) else expected
    if version_of(listing) not in seen:
        raise Conflict(
            saved_at=listing.updated_at,
            message=_(
                "Someone else saved this listing at %(saved_at)s. Look at it again, then save "
                "your change.",
                saved_at=version_of(listing),
            ),
        )


def is_stale(listing: Listing, now: datetime | None = None) -> bool:
    """Not verified for 90 days (or never)."""
    verified = listing.verified_at
    return verified is None or (now or utcnow()) - verified > STALE_AFTER


def checked_by(listing: Listing) -> str | None:
    """The display name of the peer who last said the listing is still true, if they have one.

    Never the user name: that is half of someone's login, and colleagues know each other by the
    name on their peer profile.
    """
    if listing.verified_by_id is None:
        return None
    return db.session.scalar(
        sa.select(PeerProfile.display_name).where(PeerProfile.user_id == listing.verified_by_id)
    )


def iso(moment: datetime | None) -> str | None:
    """An instant as ISO 8601, or ``None``."""
    return moment.isoformat() if moment else None


def changes(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """``{field: [before, after]}`` for each field whose value differs."""
    return {k: [before.get(k), after[k]] for k in after if before.get(k) != after[k]}


# --- reading what a peer sends -------------------------------------------------------------


def read_text(
    body: dict[str, Any], name: str, limit: int, errors: dict[str, str], required: bool = False
) -> Any:
    """``body[name]`` as stripped text of at most ``limit`` characters; empty is ``None``."""
    value = body.get(name)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            errors[name] = _("This field is required.")
        return None
    if not isinstance(value, str):
        errors[name] = _("Must be text.")
        return None
    if len(value) > limit:
        errors[name] = _("At most %(num)d characters.", num=limit)
        return None
    return value.strip()


def web_url(value: str | None, name: str, errors: dict[str, str]) -> str | None:
    """An http(s) address, or ``None``; anything else is an error on ``name``."""
    if value is None:
        return None
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        errors[name] = _("Give a web address starting with https://.")
        return None
    return value


def coordinate(value: Any, low: float, high: float) -> float | None:
    """A finite number between ``low`` and ``high``, else ``None``."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    number = float(value)
    return number if math.isfinite(number) and low <= number <= high else None


def check_name(name: str | None, errors: dict[str, str], stored: str | None = None) -> None:
    """A name a peer gives is at most ``NAME_MAX`` characters; the ``stored`` one (as a feed
    imported it) is not judged again."""
    if name is not None and name != stored and len(name) > NAME_MAX and "name" not in errors:
        errors["name"] = _("The name can be at most %(num)d characters.", num=NAME_MAX)


def is_norway(country: str | None) -> bool:
    """Whether a listing's country is Norway (a listing without one is in Norway)."""
    return (country or "").strip().casefold() in NORWAY


def check_postal_code(
    location: dict[str, Any], errors: dict[str, str], stored: dict[str, Any] | None = None
) -> None:
    """In Norway a postal code is four digits; the ``stored`` one (as a feed imported it, with
    its country) is not judged again."""
    code, country = location.get("postal_code"), location.get("country")
    if stored is not None and (code, country) == (stored.get("postal_code"), stored.get("country")):
        return
    if code and is_norway(country) and not _NORWEGIAN_POSTAL_CODE.match(code):
        errors.setdefault(
            "location.postal_code",
            _("The postal code must be four digits in Norway, such as 0150."),
        )


def read_location(
    raw: Any, errors: dict[str, str], stored: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Where a listing is; without coordinates, those of its postal code or town. ``stored``:
    the location before this change, whose postal code is not judged again."""
    if not isinstance(raw, dict):
        errors["location"] = _("Give the location as an object with an address and coordinates.")
        return {}
    location: dict[str, Any] = {}
    for key, limit in LOCATION_LIMITS.items():
        value = raw.get(key)
        if value is not None and (not isinstance(value, str) or len(value) > limit):
            errors[f"location.{key}"] = _("Must be text of at most %(num)d characters.", num=limit)
            continue
        location[key] = value.strip() or None if isinstance(value, str) else None
    check_postal_code(location, errors, stored)
    lat, lng = raw.get("latitude"), raw.get("longitude")
    if lat is None and lng is None:
        from peerapp.services.geo import resolve_place

        hint = " ".join(v for v in (location.get("postal_code"), location.get("city")) if v)
        found = resolve_place(hint) if hint else None
        if found is None and "location.postal_code" in errors:
            return location  # the postal code's message says what to change
        if found is None:
            errors["location.latitude"] = _(
                "Give latitude and longitude, or a postal code or town we can find."
            )
            return location
        location["latitude"], location["longitude"] = found.latitude, found.longitude
        return location
    location["latitude"] = coordinate(lat, -90, 90)
    location["longitude"] = coordinate(lng, -180, 180)
    if location["latitude"] is None:
        errors["location.latitude"] = _("Must be a number between -90 and 90.")
    if location["longitude"] is None:
        errors["location.longitude"] = _("Must be a number between -180 and 180.")
    return location


def unknown_fields(body: dict[str, Any], known: set[str], errors: dict[str, str]) -> None:
    """Name each field of ``body`` that cannot be written."""
    for name in sorted(set(body) - known):
        errors[name] = _("This field cannot be set here.")


# --- verifying and archiving ------------------------------------------------------------------


def verify(actor: User, listing: Listing, kind: str, now: datetime | None = None) -> None:
    """Mark the listing as checked and still true today, by ``actor``; audited."""
    moment = now or utcnow()
    before = [iso(listing.verified_at), listing.verified_by_id]
    listing.verified_at, listing.verified_by_id = moment, actor.id
    audit.record(
        actor,
        f"{kind}.verify",
        object_type=kind,
        object_id=listing.id,
        changes={
            "verified_at": [before[0], moment.isoformat()],
            "verified_by": [before[1], actor.id],
        },
    )


def archive(actor: User, listing: Listing, kind: str, now: datetime | None = None) -> bool:
    """Take the listing out of search and off its page (kept for the audit log).

    ``False`` when it already was archived (nothing changes, nothing is logged).
    """
    if listing.archived_at is not None:
        return False
    moment = now or utcnow()
    listing.archived_at = moment
    audit.record(
        actor,
        f"{kind}.archive",
        object_type=kind,
        object_id=listing.id,
        changes={"archived_at": [None, moment.isoformat()]},
    )
    return True
