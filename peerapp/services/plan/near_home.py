"""What a client saved near home, named: a meeting, a sober place or a peer, each as it is
listed now. One no longer listed (archived, or a peer who stepped back) is left out."""

from __future__ import annotations

from dataclasses import dataclass

from peerapp.extensions import db
from peerapp.models.meetings import Meeting
from peerapp.models.peers import PeerProfile
from peerapp.models.people import User
from peerapp.models.places import Place
from peerapp.services.errors import NotFound
from peerapp.services.plan import edits
from peerapp.services.plan.store import SavedItem


@dataclass(frozen=True)
class NearHome:
    """A saved item with the name it is listed under."""

    kind: str
    item_id: int
    name: str


def _listed_name(item: SavedItem) -> str | None:
    if item.kind == "meeting":
        meeting = db.session.get(Meeting, item.item_id)
        return meeting.name if meeting and meeting.archived_at is None else None
    if item.kind == "place":
        place = db.session.get(Place, item.item_id)
        return place.name if place and place.archived_at is None else None
    profile = db.session.get(PeerProfile, item.item_id)
    return profile.display_name if profile and profile.visible else None


def named(saved: list[SavedItem]) -> list[NearHome]:
    """The saved items still listed, with their names, in the order saved."""
    found = []
    for item in saved:
        name = _listed_name(item)
        if name is not None:
            found.append(NearHome(item.kind, item.item_id, name))
    return found


def save(actor: User, kind: str, item_id: int, *, keep: bool = True) -> edits.Saved:
    """Save a listed meeting, place or peer near home (``keep=False`` takes it out again)."""
    if actor.role != "client":
        raise NotFound
    if keep and _listed_name(SavedItem(kind, item_id)) is None:
        raise NotFound
    return edits.save_near_home(actor, kind, item_id, keep=keep)


def is_saved(actor: User | None, kind: str, item_id: int) -> bool:
    """Whether a signed-in client has this item near home (for the button's state)."""
    if actor is None or actor.role != "client":
        return False
    plan = edits.store.load_plan(actor.id)
    return plan is not None and SavedItem(kind, item_id) in plan.saved
