"""Factories that build the little world a test needs."""

from __future__ import annotations

from datetime import time
from itertools import count
from typing import Any

from peerapp.models import Meeting
from peerapp.services.meetings import LocationFields, MeetingFields, create_meeting

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
    )
    return create_meeting(fields, **extra)
