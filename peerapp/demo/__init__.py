"""Demo data, clearly marked as demo: meetings, sober places, peers and a login for each role.

Demo data is data, not a rule: it may write straight to the database. ``peerapp demo`` calls
:func:`load_everything`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from peerapp.demo.accounts import DemoLogin


@dataclass(frozen=True)
class DemoLoaded:
    """What loading the demo did: meetings and places created, updated or unchanged, the peer
    profiles shown, and the logins to print."""

    meetings: dict[str, Any]
    places: dict[str, int]
    logins: list[DemoLogin]
    peers: int = 0
    services: dict[str, int] | None = None


def load_everything() -> DemoLoaded:
    """Load the demo accounts, peers, meetings and places (again: updated in place, never
    doubled), then date their last check relative to now."""
    from peerapp.demo.accounts import load_demo_accounts
    from peerapp.demo.events import load_demo_events
    from peerapp.demo.freshness import stamp_demo_listings
    from peerapp.demo.meetings import load_demo
    from peerapp.demo.peers import load_demo_peers
    from peerapp.demo.places import load_demo_places
    from peerapp.demo.plan import load_demo_plan
    from peerapp.extensions import db

    logins = load_demo_accounts()
    peers = load_demo_peers()
    from peerapp.demo.helpservices import load_demo_services

    loaded = DemoLoaded(load_demo(), load_demo_places(), logins, peers, load_demo_services())
    stamp_demo_listings()
    load_demo_plan()
    load_demo_events()
    db.session.remove()
    return loaded
