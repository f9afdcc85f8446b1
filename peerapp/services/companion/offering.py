"""Which peers offer to come along, and which requests a peer may take.

Every active peer offers until they pause it. A peer may take a request unless it is their own,
it lies outside the regions or fellowships an admin limited them to, or outside the regions and
fellowships their own profile names (an empty list limits nothing).
"""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa

from peerapp.extensions import db, utcnow
from peerapp.models.companion import CompanionPause, CompanionRequest
from peerapp.models.peers import PeerProfile
from peerapp.models.people import User
from peerapp.models.stewardship import StewardLimit
from peerapp.services.errors import NotAllowed
from peerapp.services.privacy import audit
from peerapp.services.text import fold
from peerapp.services.unit import unit_of_work


def _within(regions: Iterable[str], fellowships: Iterable[str], request: CompanionRequest) -> bool:
    """Whether the request's fellowship and region or town are among these (empty: any)."""
    fellowships, regions = list(fellowships or []), list(regions or [])
    if fellowships and request.fellowship not in fellowships:
        return False
    if regions:
        mine = {fold(region) for region in regions}
        return any(fold(name) in mine for name in (request.region, request.city) if name)
    return True


def is_paused(peer: User) -> bool:
    """Whether the peer has paused offering to come along."""
    return (
        db.session.scalar(sa.select(CompanionPause.id).where(CompanionPause.user_id == peer.id))
        is not None
    )


def set_paused(peer: User, paused: bool) -> bool:
    """Pause offering to come along, or offer again; audited. Returns the new state."""
    if peer.role != "peer":
        raise NotAllowed
    with unit_of_work() as session:
        found = session.scalar(sa.select(CompanionPause).where(CompanionPause.user_id == peer.id))
        if paused and found is None:
            session.add(CompanionPause(user_id=peer.id, paused_at=utcnow()))
        elif not paused and found is not None:
            session.delete(found)
        audit.record(
            peer,
            "companion.pause" if paused else "companion.resume",
            object_type="companion_offer",
            object_id=peer.id,
        )
    return paused


class Offer:
    """One peer's limits, read once, to test many requests against."""

    def __init__(self, peer: User) -> None:
        self.peer = peer
        self.limit = db.session.scalar(
            sa.select(StewardLimit).where(StewardLimit.user_id == peer.id)
        )
        self.profile = db.session.scalar(
            sa.select(PeerProfile).where(PeerProfile.user_id == peer.id)
        )

    def may_take(self, request: CompanionRequest) -> bool:
        """Whether this peer may take the request (its own, or outside their limits: no)."""
        if self.peer.role != "peer" or not self.peer.is_active:
            return False
        if request.client_id == self.peer.id:
            return False
        if self.limit is not None and not _within(
            self.limit.regions, self.limit.fellowships, request
        ):
            return False
        return self.profile is None or _within(
            self.profile.regions, self.profile.fellowships, request
        )


def peers_to_tell(request: CompanionRequest) -> list[User]:
    """The peers who offer (not paused) and may take this request."""
    paused = sa.select(CompanionPause.user_id)
    peers = db.session.scalars(
        sa.select(User)
        .where(User.role == "peer", User.is_active, User.id.not_in(paused))
        .order_by(User.id)
    )
    return [peer for peer in peers if Offer(peer).may_take(request)]
