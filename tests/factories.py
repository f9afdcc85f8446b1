"""Factories that build the little world a test needs."""

from __future__ import annotations

from datetime import date, time
from itertools import count
from typing import Any

from peerapp.models import Meeting
from peerapp.services.meetings.describe import LocationFields, MeetingFields, create_meeting

_serial = count(1)

#: a few real coordinates to place test meetings
PLACES = {
    "oslo": (59.9139, 10.7522, "Oslo", "0150"),
    "bergen": (60.3913, 5.3221, "Bergen", "5003"),
    "trondheim": (63.4305, 10.3951, "Trondheim", "7010"),
    "tromso": (69.6492, 18.9553, "Tromsø", "9008"),
}


def make_meeting(
    *,
    town: str = "oslo",
    name: str | None = None,
    fellowship: str = "aa",
    day: int = 1,
    start: str = "19:00",
    end: str | None = None,
    timezone: str = "Europe/Oslo",
    types: list[str] | None = None,
    attendance_option: str = "in_person",
    conference_url: str | None = None,
    latitude: float | None = None,
    longitude: float | None = None,
    recurrence: str | None = None,
    recurrence_start: date | None = None,
    exceptions: list[dict[str, str]] | None = None,
    **extra: Any,
) -> Meeting:
    """Add one meeting to the session (not committed)."""
    lat, lng, city, postal = PLACES[town]
    h, m = map(int, start.split(":"))
    if end is None:
        end_time = time((h + 1) % 24, m)
    else:
        eh, em = map(int, end.split(":"))
        end_time = time(eh, em)
    n = next(_serial)
    fields = MeetingFields(
        name=name or f"Test group {n}",
        fellowship=fellowship,
        day=day,
        time=time(h, m),
        end_time=end_time,
        timezone=timezone,
        types=types if types is not None else ["O", "NO"],
        attendance_option=attendance_option,
        conference_url=conference_url,
        location=LocationFields(
            name=f"Hall {n}",
            address=f"Storgata {n}",
            city=city,
            postal_code=postal,
            country="NO",
            latitude=lat if latitude is None else latitude,
            longitude=lng if longitude is None else longitude,
        ),
        recurrence=recurrence,
        recurrence_start=recurrence_start or (date(2026, 1, 1) if recurrence else None),
        exceptions=exceptions or [],
    )
    return create_meeting(fields, **extra)


#: the password every factory user has unless told otherwise
PASSWORD = "correct horse battery staple"
#: each factory user's TOTP secret by username, so tests can compute codes
TOTP_SECRETS: dict[str, str] = {}
_hashes: dict[str, str] = {}


def _hash(password: str) -> str:
    """argon2id is slow on purpose; tests reuse one hash per password."""
    from peerapp.services.people.passwords import hash_password

    if password not in _hashes:
        _hashes[password] = hash_password(password)
    return _hashes[password]


def make_clinic(*, slug: str | None = None, name: str | None = None, **fields: Any) -> Any:
    """A clinic added to the session (not committed)."""
    from peerapp.extensions import db
    from peerapp.models import Clinic

    n = next(_serial)
    clinic = Clinic(
        slug=slug or f"clinic-{n}",
        name=name or f"Klinikk {n}",
        phone=fields.pop("phone", "+47 22 00 00 00"),
        email=fields.pop("email", f"post{n}@clinic.example"),
        response_hours=fields.pop("response_hours", 4),
        **fields,
    )
    db.session.add(clinic)
    db.session.flush()
    return clinic


def make_municipality(*, number: str | None = None, name: str | None = None, **fields: Any) -> Any:
    """A municipality added to the session (not committed)."""
    from peerapp.extensions import db
    from peerapp.models import Municipality

    n = next(_serial)
    municipality = Municipality(
        number=number or f"{9000 + n % 1000:04d}",
        name=name or f"Kommune {n}",
        email=fields.pop("email", f"post{n}@kommune.example"),
    )
    db.session.add(municipality)
    db.session.flush()
    return municipality


def make_user(
    *,
    role: str = "client",
    username: str | None = None,
    password: str = PASSWORD,
    clinic: Any = None,
    email: str | None = None,
    totp: bool | None = None,
    language: str = "nb",
    municipality: Any = None,
) -> Any:
    """A user added to the session (not committed); staff get a second factor."""
    from peerapp.extensions import db
    from peerapp.models import User
    from peerapp.services.people import second_factor as totp_service
    from peerapp.services.people.accounts import username_key

    name = username or f"{role}{next(_serial)}"
    if role == "clinic" and clinic is None:
        clinic = make_clinic()
    if role == "municipal" and municipality is None:
        municipality = make_municipality()
    user = User(
        username=name,
        username_key=username_key(name),
        role=role,
        password_hash=_hash(password),
        clinic_id=clinic.id if clinic is not None else None,
        email=email,
        language=language,
        municipality_id=municipality.id if municipality is not None else None,
    )
    db.session.add(user)
    db.session.flush()
    if totp if totp is not None else role in ("clinic", "admin", "municipal"):
        TOTP_SECRETS[name] = totp_service.new_secret()
        totp_service.enrol(user, TOTP_SECRETS[name])
    return user


def make_place(
    *,
    town: str = "oslo",
    name: str | None = None,
    kind: str = "cafe",
    opening_hours: list[dict[str, Any]] | None = None,
    exceptions: list[dict[str, Any]] | None = None,
    latitude: float | None = None,
    longitude: float | None = None,
    **extra: Any,
) -> Any:
    """A sober place added to the session (not committed); open all day, every day, unless told."""
    from peerapp.services.places.edits import create_place, read_place

    lat, lng, city, postal = PLACES[town]
    n = next(_serial)
    body = {
        "name": name or f"Kafé {n}",
        "kind": kind,
        "location": {
            "name": f"Huset {n}",
            "address": f"Kirkegata {n}",
            "city": city,
            "postal_code": postal,
            "country": "NO",
            "latitude": lat if latitude is None else latitude,
            "longitude": lng if longitude is None else longitude,
        },
        "opening_hours": (
            opening_hours
            if opening_hours is not None
            else [{"day": day, "opens": "00:00", "closes": "24:00"} for day in range(7)]
        ),
        "exceptions": exceptions or [],
        **extra,
    }
    return create_place(None, read_place(body))
