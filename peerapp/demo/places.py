"""Demo sober places in the towns of the demo meetings, clearly marked as demo (the naloxone
hand-out points are help services now: ``peerapp.demo.helpservices``).

Loading them again updates each in place (found by its name among the demo places), so the demo
command stays idempotent. When each was last checked is set by ``peerapp.demo.freshness``.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from peerapp.demo.meetings import TOWNS
from peerapp.extensions import db
from peerapp.models.places import Place
from peerapp.services.places import edits

NOTE = "Demo – ikke et ekte sted. / Demo – not a real place."
WEEKDAYS = (1, 2, 3, 4, 5)
EVERY_DAY = (0, 1, 2, 3, 4, 5, 6)
#: holidays as exceptions: Christmas, New Year and Easter
HOLIDAYS_CLOSED = ("2026-12-24", "2026-12-25", "2027-01-01", "2027-03-26", "2027-03-28")
NEW_YEARS_EVE = {"date": "2026-12-31", "opens": "18:00", "closes": "01:00"}


def _week(days: tuple[int, ...], opens: str, closes: str) -> list[dict[str, Any]]:
    return [{"day": day, "opens": opens, "closes": closes} for day in days]


def _closed_on_holidays() -> list[dict[str, Any]]:
    return [{"date": on, "closed": True} for on in HOLIDAYS_CLOSED]


#: town, name, kind, venue, address, opening hours, exceptions, offset from the town (lat, lng)
PLACES: tuple[tuple[str, str, str, str, str, list[Any], list[Any], tuple[float, float]], ...] = (
    (
        "Oslo",
        "Kafé Fri",
        "cafe",
        "Kirkens Bymisjon",
        "Storgata 12",
        _week(WEEKDAYS, "10:00", "20:00") + _week((6,), "12:00", "18:00"),
        [*_closed_on_holidays(), NEW_YEARS_EVE],
        (0.004, 0.010),
    ),
    (
        "Oslo",
        "Rusfri fredag på Aktivitetshuset",
        "activity_centre",
        "Aktivitetshuset",
        "Tøyengata 30",
        _week((2, 3, 4), "17:00", "21:00") + _week((5,), "20:00", "02:00"),
        _closed_on_holidays(),
        (0.002, 0.022),
    ),
    (
        "Oslo",
        "Turgruppa Marka",
        "sport",
        "Sognsvann parkering",
        "Sognsveien 220",
        _week((3,), "18:00", "20:00") + _week((6,), "10:00", "13:00"),
        [],
        (0.065, -0.005),
    ),
    (
        "Bergen",
        "Kafé Kontakt Bergen",
        "cafe",
        "Blå Kors-huset",
        "Torggata 9",
        _week(WEEKDAYS, "11:00", "19:00") + _week((0,), "12:00", "17:00"),
        [*_closed_on_holidays(), NEW_YEARS_EVE],
        (0.002, 0.003),
    ),
    (
        "Bergen",
        "Frivilliggruppa Bergen",
        "volunteer",
        "Frivilligsentralen",
        "Kirkegata 4",
        _week((2, 4), "17:00", "20:00"),
        _closed_on_holidays(),
        (-0.004, 0.006),
    ),
    (
        "Bergen",
        "Klatregruppa Bergen",
        "sport",
        "Klatresenteret",
        "Marken 20",
        _week((1, 3), "18:00", "21:00") + _week((6,), "11:00", "14:00"),
        [],
        (0.001, 0.012),
    ),
    (
        "Trondheim",
        "Kafé Ly Trondheim",
        "cafe",
        "Kafé Ly",
        "Kongens gate 14",
        _week(EVERY_DAY, "10:00", "22:00"),
        [{"date": "2026-12-24", "opens": "12:00", "closes": "18:00"}, NEW_YEARS_EVE],
        (0.001, 0.002),
    ),
    (
        "Trondheim",
        "Rusfri fredag Trondheim",
        "activity_centre",
        "Ungdomshuset",
        "Prinsens gate 20",
        _week((5,), "19:00", "01:00") + _week((6,), "19:00", "01:00"),
        _closed_on_holidays(),
        (-0.002, 0.004),
    ),
    (
        "Trondheim",
        "Fotball for alle Trondheim",
        "sport",
        "Øya stadion",
        "Klostergata 90",
        _week((2, 4), "18:00", "20:00"),
        [],
        (-0.005, -0.008),
    ),
    (
        "Stavanger",
        "Kafé Pusterom Stavanger",
        "cafe",
        "Frelsesarmeen",
        "Skippergata 14",
        _week(WEEKDAYS, "10:00", "18:00"),
        _closed_on_holidays(),
        (0.002, 0.003),
    ),
    (
        "Tromsø",
        "Frivillighuset Tromsø",
        "volunteer",
        "Frivillighuset",
        "Storgata 60",
        _week((1, 3, 5), "12:00", "20:00"),
        _closed_on_holidays(),
        (0.001, 0.004),
    ),
    (
        "Kristiansand",
        "Aktivitetssenteret Kristiansand",
        "activity_centre",
        "Kulturhuset",
        "Rådhusgata 3",
        _week(WEEKDAYS, "09:00", "16:00") + _week((3,), "18:00", "21:00"),
        _closed_on_holidays(),
        (0.002, -0.003),
    ),
)


def demo_places() -> list[dict[str, Any]]:
    """The demo places as the API's JSON bodies (the same list every time)."""
    towns = {town: (region, postal, lat, lng) for town, region, postal, lat, lng in TOWNS}
    bodies = []
    for town, name, kind, venue, address, weekly, exceptions, (dlat, dlng) in PLACES:
        region, postal, lat, lng = towns[town]
        bodies.append(
            {
                "name": name,
                "kind": kind,
                "description": NOTE,
                "phone": "+47 22 00 00 00",
                "url": "https://example.org/demo",
                "location": {
                    "name": venue,
                    "address": address,
                    "city": town,
                    "postal_code": postal,
                    "region": region,
                    "country": "NO",
                    "latitude": round(lat + dlat, 5),
                    "longitude": round(lng + dlng, 5),
                },
                "opening_hours": weekly,
                "exceptions": exceptions,
            }
        )
    return bodies


def load_demo_places() -> dict[str, int]:
    """Load (or refresh) the demo places; returns how many were created and updated."""
    existing = {
        place.name: place
        for place in db.session.scalars(sa.select(Place).where(Place.is_demo.is_(True)))
    }
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    for body in demo_places():
        current = existing.get(body["name"])
        if current is None:
            edits.create_place(None, edits.read_place(body), is_demo=True)
            counts["created"] += 1
        elif edits.update_place(None, current, edits.read_place(body, current=current)):
            counts["updated"] += 1
        else:
            counts["unchanged"] += 1
    db.session.commit()
    return counts
