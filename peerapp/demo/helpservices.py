"""Demo help services in the demo towns, every category, clearly marked as demo.

The emergency rooms are open day and night, so that "open now" finds something at any hour; the
offices keep office hours, the low-threshold centres evenings and weekends. Loading them again
updates each in place (found by its name among the demo services).
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from peerapp.demo.meetings import TOWNS
from peerapp.extensions import db
from peerapp.models.helpservices import HelpService
from peerapp.services.helpservices import edits

NOTE = "Demo – ikke en ekte tjeneste. / Demo – not a real service."
WEEKDAYS = (1, 2, 3, 4, 5)
EVERY_DAY = (0, 1, 2, 3, 4, 5, 6)
#: the towns with every category; the other demo towns get a NAV office and an emergency room
FULL_TOWNS = ("Oslo", "Bergen", "Trondheim")


def _week(days: tuple[int, ...], opens: str, closes: str) -> list[dict[str, Any]]:
    return [{"day": day, "opens": opens, "closes": closes} for day in days]


#: category, name (with {town}), organisation, access, referral, cost, hours, holidays closed,
#: offset from the town centre (lat, lng)
SERVICES: tuple[tuple[str, str, str, str, bool, str, list[Any], bool, tuple[float, float]], ...] = (
    ("nav_office", "NAV {town}", "NAV", "both", False, "free",
     _week(WEEKDAYS, "09:00", "15:00"), True, (0.003, 0.002)),
    ("emergency_room", "{town} legevakt", "{town} kommune", "drop_in", False, "paid",
     _week(EVERY_DAY, "00:00", "24:00"), False, (-0.004, 0.006)),
    ("housing", "Boligkontoret {town}", "{town} kommune", "appointment", False, "free",
     _week(WEEKDAYS, "08:00", "15:30"), True, (0.005, -0.003)),
    ("low_threshold_day_centre", "Værestedet {town}", "Kirkens Bymisjon", "drop_in", False,
     "free", _week(WEEKDAYS, "08:00", "22:00") + _week((0, 6), "12:00", "20:00"), False,
     (-0.002, -0.002)),
    ("lar_dispensing", "LAR-utdeling {town}", "Helseforetaket", "appointment", True, "free",
     _week(EVERY_DAY, "08:00", "11:00") + _week(WEEKDAYS, "13:00", "15:00"), False,
     (0.001, 0.007)),
    ("mental_health_quick_help", "Rask psykisk helsehjelp {town}", "{town} kommune",
     "appointment", False, "free", _week(WEEKDAYS, "08:00", "16:00"), True, (0.006, 0.004)),
    ("dental_care", "Tannhelsetjenesten {town}", "Fylkeskommunen", "appointment", True, "free",
     _week(WEEKDAYS, "08:00", "15:30"), True, (-0.006, 0.001)),
    ("debt_advice", "Gjeldsrådgivning {town}", "NAV", "appointment", False, "free",
     _week((2, 4), "10:00", "14:00"), True, (0.004, -0.006)),
    ("work_training", "Arbeidstrening {town}", "Fontenehuset", "drop_in", False, "free",
     _week(WEEKDAYS, "09:00", "15:00"), True, (-0.001, 0.009)),
    ("relatives_support", "Pårørendesenteret {town}", "Ivareta", "both", False, "free",
     _week((1, 3), "17:00", "21:00") + _week((6,), "11:00", "14:00"), True, (0.002, -0.008)),
    ("naloxone_harm_reduction", "Naloksonutdeling {town}", "{town} kommune", "drop_in", False,
     "free", _week(WEEKDAYS, "08:00", "20:00") + _week((5,), "20:00", "02:00"), False,
     (-0.003, 0.004)),
)  # fmt: skip


def demo_services() -> list[dict[str, Any]]:
    """The demo services as the API's JSON bodies (the same list every time)."""
    bodies = []
    for town, region, postal, lat, lng in TOWNS:
        for category, name, org, access, referral, cost, weekly, holidays, offset in SERVICES:
            if town not in FULL_TOWNS and category not in ("nav_office", "emergency_room"):
                continue
            bodies.append(
                {
                    "name": name.format(town=town),
                    "category": category,
                    "organisation": org.format(town=town),
                    "description": NOTE,
                    "eligibility": "Demo: alle over 18 år. / Demo: everyone over 18.",
                    "access": access,
                    "referral_required": referral,
                    "cost": cost,
                    "cost_note": "Egenandel / patient fee" if cost == "paid" else None,
                    "languages": ["nb", "en"],
                    "accessibility": "Trinnfri inngang / step-free entrance",
                    "closed_on_holidays": holidays,
                    "phones": [{"number": "+47 22 00 00 00", "description": None}],
                    "url": "https://example.org/demo",
                    "location": {
                        "name": name.format(town=town),
                        "address": "Demogata 1",
                        "city": town,
                        "postal_code": postal,
                        "municipality": town,
                        "region": region,
                        "country": "NO",
                        "latitude": round(lat + offset[0], 5),
                        "longitude": round(lng + offset[1], 5),
                    },
                    "opening_hours": weekly,
                    "exceptions": [],
                }
            )
    return bodies


def load_demo_services() -> dict[str, int]:
    """Load (or refresh) the demo services; returns how many were created and updated."""
    existing = {
        service.name: service
        for service in db.session.scalars(
            sa.select(HelpService).where(HelpService.is_demo.is_(True))
        )
    }
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    for body in demo_services():
        current = existing.get(body["name"])
        if current is None:
            edits.create_service(None, edits.read_service(body), is_demo=True)
            counts["created"] += 1
        elif edits.update_service(None, current, edits.read_service(body)):
            counts["updated"] += 1
        else:
            counts["unchanged"] += 1
    db.session.commit()
    return counts
