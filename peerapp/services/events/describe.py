"""An event as the API and the calendar file tell it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from peerapp.models.events import Event
from peerapp.services.events import rules
from peerapp.services.stewardship import listings


def event_to_api(
    event: Event,
    next_start: datetime | None,
    *,
    link: Callable[[int], str],
    ics_link: Callable[[int], str],
    distance_km: float | None = None,
) -> dict[str, Any]:
    """An event in the API's shape."""
    tz = ZoneInfo(event.timezone)
    has_place = event.latitude is not None or event.place_name or event.city
    return {
        "id": event.id,
        "title": event.title,
        "starts_at": event.starts_local.replace(tzinfo=tz).isoformat(),
        "ends_at": event.ends_local.replace(tzinfo=tz).isoformat(),
        "timezone": event.timezone,
        "recurrence": event.recurrence,
        "next_start": next_start.isoformat() if next_start else None,
        "location": {
            "name": event.place_name,
            "address": event.address,
            "city": event.city,
            "region": event.region,
            "latitude": event.latitude,
            "longitude": event.longitude,
        }
        if has_place
        else None,
        "online_url": event.online_url,
        "description": event.description,
        "for_whom": event.for_whom,
        "signup": event.signup,
        "organiser": event.organiser,
        "distance_km": round(distance_km, 1) if distance_km is not None else None,
        "url": link(event.id),
        "ics_url": ics_link(event.id),
        "verified_at": listings.iso(event.verified_at),
        "stale": listings.is_stale(event),
        "updated_at": event.updated_at.isoformat(),
    }


def duration_minutes(event: Event) -> int:
    """How long each occurrence lasts, in minutes."""
    return int(rules.duration(event).total_seconds() // 60)
