"""What a peer does to a sober place, each as one operation the page and the API share: add,
correct, "still true today", archive. Each takes the acting user, checks the peer's regions
(and, for a correction, that no one saved meanwhile), writes, audits and commits its own unit of
work."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from peerapp.extensions import utcnow
from peerapp.models.people import User
from peerapp.models.places import Place
from peerapp.services.errors import NotFound
from peerapp.services.places import describe, edits
from peerapp.services.stewardship import limits, listings
from peerapp.services.unit import unit_of_work
from peerapp.words import _


def _not_found() -> NotFound:
    return NotFound(_("We could not find that place."))


def find_listed_place(place_id: int) -> Place:
    """The place, if it is listed; ``NotFound`` when there is none or it was archived."""
    place = describe.find_place(place_id)
    if place is None or place.archived_at is not None:
        raise _not_found()
    return place


def check_place(
    actor: User, place: Place | None = None, location: dict[str, Any] | None = None
) -> None:
    """Raise ``OutsideLimits`` unless ``actor`` may change a place there (regions limit places,
    fellowships do not): the stored ``place``, and the ``location`` it is to have."""
    if place is not None:
        limits.check(actor, None, place.region, place.city)
    if location is not None:
        limits.check(actor, None, location.get("region"), location.get("city"))


def add_place(actor: User, body: dict[str, Any]) -> Place:
    """Add a place from what a peer sent (the API's shape): all of it, or ``ValidationError``
    naming every bad field; ``OutsideLimits`` for a region the peer does not keep."""
    fields = edits.read_place(body)
    check_place(actor, location=fields.location)
    with unit_of_work():
        place = edits.create_place(actor, fields)
    return place


def correct_place(
    actor: User,
    place_id: int,
    body: dict[str, Any],
    *,
    expected_version: listings.Version = None,
) -> Place:
    """Change the fields ``body`` sends (lists replaced whole), audited with before and after.

    Refuses with ``NotFound`` (none, or archived), ``Conflict`` when ``expected_version`` is given
    and someone saved the place meanwhile (checked first: what was typed was typed over an older
    place), ``ValidationError``, and ``OutsideLimits``.
    """
    with unit_of_work():
        place = find_listed_place(place_id)
        listings.check_version(place, expected_version)
        fields = edits.read_place(body, current=place)
        check_place(actor, place, fields.location)
        edits.update_place(actor, place, fields)
    return place


def verify_place(actor: User, place_id: int, now: datetime | None = None) -> Place:
    """The listed place is still true today, says ``actor``; audited."""
    with unit_of_work():
        place = find_listed_place(place_id)
        check_place(actor, place)
        edits.verify_place(actor, place, now or utcnow())
    return place


def archive_place(actor: User, place_id: int, now: datetime | None = None) -> Place:
    """Take the place out of search and off its page (already archived: nothing changes)."""
    with unit_of_work():
        place = describe.find_place(place_id)
        if place is None:
            raise _not_found()
        check_place(actor, place)
        edits.archive_place(actor, place, now or utcnow())
    return place
