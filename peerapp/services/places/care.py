"""Looking after sober places: which listed places a peer should check first, and who checked.

The stale-first list is the one places share with help services
(``peerapp.services.stewardship.care_list``).
"""

from __future__ import annotations

from datetime import datetime

from peerapp.models.places import Place
from peerapp.services.stewardship import care_list
from peerapp.services.stewardship.care_list import MAX_PAGE, PAGE_SIZE, CareList
from peerapp.services.stewardship.listings import checked_by


def count_needing_check(now: datetime | None = None) -> int:
    """How many listed places were never checked, or not for 90 days."""
    return care_list.count_needing_check(Place, now)


def places_to_look_after(text: str = "", page: int = 1, now: datetime | None = None) -> CareList:
    """Listed places matching ``text`` (name, town, region or postal code): those with a
    reported problem first, then the least recently checked (never checked before all others)."""
    searched = (Place.name, Place.city, Place.region, Place.postal_code)
    return care_list.to_look_after(Place, searched, text, page, now, report_kind="place")


__all__ = [
    "MAX_PAGE",
    "PAGE_SIZE",
    "CareList",
    "checked_by",
    "count_needing_check",
    "places_to_look_after",
]
