"""The demo client's plan, as made with the clinic at discharge: a crisis plan, appointments in
the coming days, people with their roles, and a meeting and a sober place near home."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import sqlalchemy as sa

from peerapp.extensions import db
from peerapp.models.meetings import Meeting
from peerapp.models.places import Place
from peerapp.services.people import accounts
from peerapp.services.plan import edits, read
from peerapp.services.plan.store import OSLO, Person, SavedItem, load_plan

CRISIS: dict[str, list[str] | list[Person]] = {
    "warning_signs": ["Lønningsdag", "Sover dårlig flere netter", "Treffer gamle kompiser"],
    "coping": ["Gå en tur rundt Sognsvann", "Vente 20 minutter før jeg gjør noe", "Dusje kaldt"],
    "distractions": ["Biblioteket på Tøyen", "Treningssenteret", "Kafé Sober"],
    "people": [
        Person("Kari (søster)", "912 34 567", "Kommer over når det er tungt"),
        Person("Ali (likeperson)", "934 56 789", "Tar med meg på møte"),
    ],
    "professionals": [Person("Fastlege Dr. Berg", "22 22 22 22", "Time samme dag ved behov")],
    "safer": ["Nalokson i sekken", "Ikke være alene med rusmidler", "Kom-tilbake-knappen"],
}


def load_demo_plan() -> bool:
    """Give demo-klient a plan when they have none; returns whether one was made."""
    client = accounts.find_user("demo-klient")
    if client is None or load_plan(client.id) is not None:
        return False
    today = datetime.now(OSLO).date()

    def at(days: int, hour: int, minute: int = 0) -> datetime:
        return datetime.combine(today + timedelta(days=days), time(hour, minute), tzinfo=OSLO)

    appointments = [
        read.AppointmentEntry("Første samtale", "Koordinator i kommunen", at(1, 10), "Rådhuset"),
        read.AppointmentEntry("Fastlegetime", "Dr. Berg", at(3, 13, 30), "Storgata 12"),
        read.AppointmentEntry("Møte med NAV", "Veileder Anne", at(8, 9), "NAV Grünerløkka"),
    ]
    contacts = [
        read.ContactEntry("coordinator", "Anne Hansen", "23 45 67 89", "Følger meg opp"),
        read.ContactEntry("gp", "Dr. Berg", "22 22 22 22", "Fastlege"),
        read.ContactEntry("family", "Kari", "912 34 567", "Søster"),
    ]
    saved = []
    meeting_id = db.session.scalar(sa.select(Meeting.id).order_by(Meeting.id).limit(1))
    place_id = db.session.scalar(sa.select(Place.id).order_by(Place.id).limit(1))
    if meeting_id is not None:
        saved.append(SavedItem("meeting", meeting_id))
    if place_id is not None:
        saved.append(SavedItem("place", place_id))
    changes = read.PlanChanges(dict(CRISIS), appointments, contacts, saved)
    edits.update(client, client.id, changes)
    return True
