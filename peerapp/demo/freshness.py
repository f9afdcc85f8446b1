"""When the demo listings were last checked: recently for most, long ago for a few on purpose.

The dates are relative to the moment the demo is loaded, and set again on every load, so a demo
that has run for months still looks looked-after. Every eleventh meeting and every fifth place
was last checked more than 90 days ago: the look-after list of the demo peer has work to show,
and the public sees how a stale listing is marked. Each is "checked by" the demo peer.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

import sqlalchemy as sa

from peerapp.extensions import utcnow
from peerapp.models import Meeting
from peerapp.models.places import Place
from peerapp.services.people import accounts
from peerapp.services.stewardship.listings import Listing
from peerapp.services.unit import unit_of_work

#: the peer account said to have checked the demo listings
CHECKED_BY = "demo-likeperson"
STALE_MEETING_EVERY = 11
STALE_PLACE_EVERY = 5
#: fresh listings were checked 1 to this many days ago
FRESH_WITHIN_DAYS = 35


def checked_ago(index: int, stale_every: int) -> timedelta:
    """How long ago the listing at ``index`` was checked (the same for the same index)."""
    if index % stale_every == stale_every - 1:
        return timedelta(days=100 + index % 60)
    return timedelta(days=1 + index * 13 % FRESH_WITHIN_DAYS, hours=index % 9)


def stamp_demo_listings(now: datetime | None = None) -> dict[str, int]:
    """Set when each demo meeting and place was last checked; returns how many of each."""
    moment = now or utcnow()
    peer = accounts.find_user(CHECKED_BY)
    peer_id = peer.id if peer is not None else None
    with unit_of_work() as session:
        meetings = session.scalars(
            sa.select(Meeting).where(Meeting.is_demo.is_(True)).order_by(Meeting.id)
        ).all()
        places = session.scalars(
            sa.select(Place).where(Place.is_demo.is_(True)).order_by(Place.id)
        ).all()
        _stamp(meetings, STALE_MEETING_EVERY, moment, peer_id)
        _stamp(places, STALE_PLACE_EVERY, moment, peer_id)
    return {"meetings": len(meetings), "places": len(places)}


def _stamp(
    listings: Sequence[Listing], stale_every: int, moment: datetime, peer_id: int | None
) -> None:
    for index, listing in enumerate(listings):
        listing.verified_at = moment - checked_ago(index, stale_every)
        listing.verified_by_id = peer_id
