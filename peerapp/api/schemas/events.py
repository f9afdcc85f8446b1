"""Events: things to do this week, once or recurring, in a place or online."""

from __future__ import annotations

from pydantic import SkipValidation

from peerapp.api.schemas.base import ApiModel, absent
from peerapp.api.schemas.meetings import DateTime
from peerapp.api.schemas.places import PlaceLocation
from peerapp.services.events.rules import (
    DESCRIPTION_MAX,
    ORGANISER_MAX,
    RECURRENCE_MAX,
    SHORT_MAX,
    TITLE_MAX,
)


class EventLocation(ApiModel):
    """Where it is held."""

    name: str | None = None
    address: str | None = None
    city: str | None = None
    region: str | None = None
    latitude: float | None = None
    longitude: float | None = None


class Event(ApiModel):
    """An event, with its next start."""

    id: int
    title: str
    starts_at: DateTime = absent(description="The first occurrence's start.")
    ends_at: DateTime = absent(description="The first occurrence's end.")
    timezone: str
    recurrence: str | None = absent(description="An RRULE, such as FREQ=WEEKLY;BYDAY=TU.")
    next_start: DateTime | None = absent(
        description="The next start in the searched days (or from now); null when it is over."
    )
    location: EventLocation | None
    online_url: str | None
    description: str
    for_whom: str
    signup: str = absent(description="How to sign up; empty when one just comes.")
    organiser: str
    distance_km: float | None = absent()
    url: str = absent(description="The event's page.")
    ics_url: str = absent(description="The event as a calendar file.")
    verified_at: DateTime | None = absent()
    stale: bool = absent(description="Not checked for 90 days.")
    updated_at: DateTime


class EventList(ApiModel):
    """Events with an occurrence in the searched days, soonest first."""

    events: list[Event]


class EventSearch(ApiModel):
    """The finder's query (checked by the search service, which names bad values)."""

    lat: SkipValidation[float] = absent(description="Latitude; give `lng` too.")
    lng: SkipValidation[float] = absent(description="Longitude; give `lat` too.")
    radius_km: SkipValidation[float] = absent(description="Default 25; online events always.")
    from_: SkipValidation[str] = absent(alias="from", description="First day, YYYY-MM-DD (today).")
    to: SkipValidation[str] = absent(description="Last day, YYYY-MM-DD (a week on).")
    q: SkipValidation[str] = absent(description="Words in the title, description, town.")


class EventChanges(ApiModel):
    """Only the fields sent change. (The event rules check every field and name each bad one.)"""

    version: SkipValidation[str] = absent(
        description="The event's version as read (its `ETag`): if someone saved it since, the "
        "change is refused with 409. `If-Match` does the same with 412.",
    )
    title: SkipValidation[str] = absent(min_length=1, max_length=TITLE_MAX)
    starts_at: SkipValidation[str] = absent(description="With its offset.")
    ends_at: SkipValidation[str] = absent(description="After starts_at, at most three days on.")
    timezone: SkipValidation[str] = absent(description="IANA zone, default Europe/Oslo.")
    recurrence: SkipValidation[str | None] = absent(
        max_length=RECURRENCE_MAX, description="An RRULE: daily, weekly or monthly."
    )
    location: SkipValidation[PlaceLocation | None] = absent()
    online_url: SkipValidation[str | None] = absent(max_length=1000)
    description: SkipValidation[str] = absent(max_length=DESCRIPTION_MAX)
    for_whom: SkipValidation[str] = absent(max_length=SHORT_MAX)
    signup: SkipValidation[str] = absent(max_length=SHORT_MAX)
    organiser: SkipValidation[str] = absent(max_length=ORGANISER_MAX)


class NewEvent(EventChanges):
    """A new event: all of it is saved, or nothing and every bad field named."""

    documented_required = ("title", "starts_at", "ends_at")
