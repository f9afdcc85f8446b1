"""Demo data, clearly marked as demo: meetings, sober places and a login for each role.

Demo data is data, not a rule: it may write straight to the database. ``peerapp demo`` calls
:func:`load_everything`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from peerapp.demo.accounts import DemoLogin


@dataclass(frozen=True)
class DemoLoaded:
    """What loading the demo did: meetings and places created, updated or unchanged, and the
    logins to print."""

    meetings: dict[str, Any]
    places: dict[str, int]
    logins: list[DemoLogin]


def load_everything() -> DemoLoaded:
    """Load the demo meetings, places and accounts (again: updated in place, never doubled)."""
    from peerapp.demo.accounts import load_demo_accounts
    from peerapp.demo.meetings import load_demo
    from peerapp.demo.places import load_demo_places
    from peerapp.extensions import db

    loaded = DemoLoaded(load_demo(), load_demo_places(), load_demo_accounts())
    db.session.remove()
    return loaded
