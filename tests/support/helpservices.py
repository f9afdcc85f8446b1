"""Help services for tests: one made and committed through the same rules a steward's add uses."""

from __future__ import annotations

from typing import Any

from peerapp.extensions import db
from peerapp.services.helpservices import edits

TOWNS = {
    "bergen": ("Bergen", "Vestland", "5015", 60.3930, 5.3242),
    "trondheim": ("Trondheim", "Trøndelag", "7011", 63.4305, 10.3951),
    "baerum": ("Sandvika", "Akershus", "1337", 59.8910, 10.5230),
}
ALL_WEEK = [{"day": day, "opens": "00:00", "closes": "24:00"} for day in range(7)]


def service_body(town: str = "bergen", **overrides: Any) -> dict[str, Any]:
    """The API body of a service in ``town``, open all day every day unless told otherwise."""
    city, region, postal, lat, lng = TOWNS[town]
    location = {
        "name": "Servicetorget",
        "address": "Rådhusgata 1",
        "city": city,
        "postal_code": postal,
        "municipality": "Bærum" if town == "baerum" else city,
        "region": region,
        "country": "NO",
        "latitude": overrides.pop("latitude", lat),
        "longitude": lng,
    }
    body: dict[str, Any] = {
        "name": f"NAV {city}",
        "category": "nav_office",
        "organisation": "NAV",
        "description": "Hjelp med arbeid og penger.",
        "access": "both",
        "referral_required": False,
        "cost": "free",
        "languages": ["nb", "en"],
        "phones": [{"number": "+47 55 55 33 33", "description": "Sentralbord"}],
        "location": location,
        "opening_hours": ALL_WEEK,
        "exceptions": [],
    }
    body.update(overrides)
    return body


def make_service(town: str = "bergen", **overrides: Any) -> Any:
    """Add a service (see ``service_body``) and commit it."""
    service = edits.create_service(None, edits.read_service(service_body(town, **overrides)))
    db.session.commit()
    return service
