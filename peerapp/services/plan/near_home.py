"""What a client saved near home, named: a meeting, a sober place, a peer or a help service, each
as it is listed now. One no longer listed (archived, or a peer who stepped back) is left out.
A help service comes with what one needs on a hard day: open now or when it opens, its hours
today and the number to call."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from peerapp.extensions import db, utcnow
from peerapp.models.helpservices import HelpService
from peerapp.models.meetings import Meeting
from peerapp.models.peers import PeerProfile
from peerapp.models.people import User
from peerapp.models.places import Place
from peerapp.services import openhours as oh
from peerapp.services.errors import NotFound
from peerapp.services.helpservices.describe import find_service, hours_of
from peerapp.services.plan import edits
from peerapp.services.plan.store import SavedItem

DAY = oh.MINUTES_PER_DAY


@dataclass(frozen=True)
class ServiceToday:
    """A saved help service as it is now: open or when it opens, today's hours ("09:00–15:00"),
    and its first phone number."""

    state: oh.OpenState
    today: list[str]
    phone: str | None
    at: datetime


@dataclass(frozen=True)
class NearHome:
    """A saved item with the name it is listed under (a service also with how it is today)."""

    kind: str
    item_id: int
    name: str
    service: ServiceToday | None = None


def _listed_service(item_id: int) -> HelpService | None:
    service = find_service(item_id)
    return service if service is not None and service.archived_at is None else None


def service_today(service: HelpService, now: datetime | None = None) -> ServiceToday:
    """How a service is today: open now or not, its hours today and the number to call."""
    moment = now or utcnow()
    hours = hours_of(service)
    today = oh.local_today(moment)
    ranges = [
        f"{oh.format_clock(opens)}–{oh.format_clock(end if end <= DAY else end - DAY)}"
        for opens, end in sorted(oh.ranges_starting_on(hours, today))
    ]
    phone = service.phones[0].number if service.phones else None
    return ServiceToday(oh.open_state(hours, moment), ranges, phone, moment)


def _listed_name(item: SavedItem) -> str | None:
    if item.kind == "meeting":
        meeting = db.session.get(Meeting, item.item_id)
        return meeting.name if meeting and meeting.archived_at is None else None
    if item.kind == "place":
        place = db.session.get(Place, item.item_id)
        return place.name if place and place.archived_at is None else None
    if item.kind == "service":
        service = _listed_service(item.item_id)
        return service.name if service else None
    profile = db.session.get(PeerProfile, item.item_id)
    return profile.display_name if profile and profile.visible else None


def named(saved: list[SavedItem], now: datetime | None = None) -> list[NearHome]:
    """The saved items still listed, with their names, in the order saved."""
    found = []
    moment = now or utcnow()
    for item in saved:
        if item.kind == "service":
            service = _listed_service(item.item_id)
            if service is not None:
                today = service_today(service, moment)
                found.append(NearHome(item.kind, item.item_id, service.name, today))
            continue
        name = _listed_name(item)
        if name is not None:
            found.append(NearHome(item.kind, item.item_id, name))
    return found


def save(actor: User, kind: str, item_id: int, *, keep: bool = True) -> edits.Saved:
    """Save a listed meeting, place, peer or help service near home (``keep=False`` takes it
    out again)."""
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
