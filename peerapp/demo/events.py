"""Demo events, clearly marked as demo: a walk, a café evening, training, a coping course and a
volunteer day in the demo towns, each weekly from a day of this week, so that "things to do this
week" is never empty whatever day the demo is opened."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import sqlalchemy as sa

from peerapp.extensions import db
from peerapp.models.events import Event
from peerapp.services.events import operations
from peerapp.services.people import accounts
from peerapp.services.plan.store import OSLO

#: who the demo events say they are from, so that nobody takes them for real ones
ORGANISER = "Demo – ikke et ekte arrangement"

#: (title, town, latitude, longitude, place, hour, hours long, who it is for, sign-up)
EVENTS = [
    ("Tur rundt Sognsvann", "Oslo", 59.9727, 10.7307, "Sognsvann stasjon", 11, 2, "Alle", ""),
    ("Kafékveld uten rus", "Oslo", 59.9139, 10.7522, "Kafé Sober", 18, 3, "Alle", ""),
    (
        "Mestringskurs: de første ukene",
        "Bergen",
        60.3913,
        5.3221,
        "Frivilligsentralen",
        17,
        2,
        "Deg som nylig har gått ut av behandling",
        "Meld deg på hos likepersonen",
    ),
    (
        "Styrketrening for nybegynnere",
        "Trondheim",
        63.4305,
        10.3951,
        "Treningssenteret",
        16,
        1,
        "Alle, også deg som aldri har trent",
        "",
    ),
    (
        "Frivilligdag: vi rydder stranda",
        "Bergen",
        60.3960,
        5.3100,
        "Nordnes sjøbad",
        10,
        3,
        "Alle",
        "",
    ),
    ("Tur i Bymarka", "Trondheim", 63.4200, 10.3000, "Skistua", 12, 2, "Alle", ""),
    (
        "Søndagskaffe",
        "Oslo",
        59.9230,
        10.7600,
        "Frivilligsentralen på Grünerløkka",
        13,
        2,
        "Alle",
        "",
    ),
]


def load_demo_events() -> int:
    """Add the demo events once (none are added when they are there); how many were added."""
    peer = accounts.find_user("demo-likeperson")
    if peer is None or db.session.scalar(
        sa.select(sa.func.count()).select_from(Event).where(Event.organiser == ORGANISER)
    ):
        return 0
    today = datetime.now(OSLO).date()
    for offset, (title, town, lat, lng, place, hour, hours, for_whom, signup) in enumerate(EVENTS):
        starts = datetime.combine(today + timedelta(days=offset), time(hour), tzinfo=OSLO)
        operations.add_event(
            peer,
            {
                "title": title,
                "starts_at": starts.isoformat(),
                "ends_at": (starts + timedelta(hours=hours)).isoformat(),
                "recurrence": "FREQ=WEEKLY",
                "location": {"name": place, "city": town, "latitude": lat, "longitude": lng},
                "for_whom": for_whom,
                "signup": signup,
                "organiser": ORGANISER,
                "description": "Et demo-arrangement som viser hvordan Peerapp ser ut.",
            },
        )
    return len(EVENTS)
