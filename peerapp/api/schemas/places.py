"""Sober places: the search, one place, opening hours, and a peer's new place and changes."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, SkipValidation

from peerapp.api.schemas.base import (
    CLOSES_PATTERN,
    HHMM_PATTERN,
    ApiModel,
    ApiRootModel,
    absent,
    one_of,
)
from peerapp.api.schemas.meetings import (
    DateTime,
    Latitude,
    Location,
    Longitude,
    Url,
    WrittenPostalCode,
)
from peerapp.services.meetings.query import MAX_LIMIT, MAX_RADIUS_KM
from peerapp.services.stewardship.listings import NAME_MAX
from peerapp.services.vocabularies import PLACE_KINDS

Opens = Annotated[str, Field(pattern=HHMM_PATTERN, examples=["09:00"])]
Closes = Annotated[str, Field(pattern=CLOSES_PATTERN, examples=["17:00", "02:00", "24:00"])]
Day = Annotated[str, Field(json_schema_extra={"format": "date"})]
PlaceKind = Annotated[str, one_of(PLACE_KINDS)]


class OpeningRange(ApiModel):
    """Open on `day` (0 = Sunday) from `opens` to `closes`, wall-clock time in Europe/Oslo. A
    `closes` at or before `opens` is on the next day (Fri 20:00–02:00 is open Saturday 01:00);
    `24:00` is midnight at the end of the day. Ranges may not overlap."""

    day: int = Field(ge=0, le=6)
    opens: Opens
    closes: Closes


class ClosedDay(ApiModel):
    """Closed all day."""

    date: Day
    closed: Literal[True]


class OtherHours(ApiModel):
    """Open from `opens` to `closes` instead of the week's hours."""

    date: Day
    closed: Literal[False] = absent()
    opens: Opens
    closes: Closes


class OpeningException(ApiRootModel[ClosedDay | OtherHours]):
    """A date with other hours than the week's (a holiday, closed this week): closed all day, or
    open from `opens` to `closes` instead."""


class PlaceLocation(ApiModel):
    """As a meeting's location. Without latitude and longitude, those of the postal code or town
    are used."""

    name: str | None = None
    address: str | None = None
    city: str | None = None
    postal_code: WrittenPostalCode = None
    region: str | None = None
    country: str | None = None
    latitude: Latitude = absent()
    longitude: Longitude = absent()


class Place(ApiModel):
    """A sober place (rusfri møteplass)."""

    id: int = Field(ge=1)
    name: str = Field(min_length=1, max_length=300)
    kind: PlaceKind
    description: str | None = Field(max_length=5000)
    phone: str | None = Field(max_length=100)
    url: Url | None = Field(description="The place's own web site.")
    location: Location
    opening_hours: list[OpeningRange]
    exceptions: list[OpeningException] = Field(
        description="Exceptions from yesterday on (past ones are not shown)."
    )
    timezone: Literal["Europe/Oslo"] = absent()
    open_now: bool
    opens_at: DateTime | None = Field(
        description=(
            "When closed: the next opening within 14 days, with its UTC offset; null when open "
            "now or not within 14 days."
        )
    )
    closes_at: DateTime | None = absent(
        description="Extension: when open, when it closes (null beyond 14 days)."
    )
    page_url: Url = absent(description="The place's page.")
    distance_km: float = absent(ge=0, description="Distance from `lat`/`lng`, when they are given.")
    updated: DateTime = absent()
    verified_at: DateTime | None
    stale: bool = Field(description="Not verified for 90 days (or never).")
    demo: bool = absent(description="Demo data, not a real place.")
    archived_at: DateTime | None = None


class PlaceList(ApiModel):
    """The places."""

    places: list[Place]
    total: int = Field(ge=0, description="Matches in all.")


class PlaceSearch(ApiModel):
    """The query of the place search (parsed by the search service, which names bad values)."""

    lat: Latitude = absent(description="Latitude in decimal notation; give `lng` too.")
    lng: Longitude = absent(description="Longitude in decimal notation; give `lat` too.")
    radius_km: float = Field(25, ge=0.1, le=MAX_RADIUS_KM)
    kind: list[PlaceKind] = absent(
        description="Any of these kinds; repeatable or comma-separated.",
        json_schema_extra={"style": "form", "explode": True},
    )
    open_now: Literal["true", "false", "1", "0"] = absent(
        description="`true` keeps only places open now (Europe/Oslo)."
    )
    limit: int = absent(ge=1, le=MAX_LIMIT)
    lang: Literal["nb", "nn", "en"] = absent(
        description="Language of messages; remembered. Otherwise Accept-Language, then Bokmål.",
    )


class PlaceChanges(ApiModel):
    """Only the fields sent change; `opening_hours` and `exceptions` whole. (The place rules
    check every field and name each bad one.)"""

    version: SkipValidation[str] = absent(
        description="The listing's version as read (its `ETag`): if someone saved it since, the "
        "change is refused with 409. `If-Match` does the same with 412.",
    )
    name: SkipValidation[str] = absent(min_length=1, max_length=NAME_MAX)
    kind: SkipValidation[PlaceKind] = absent()
    description: SkipValidation[str | None] = absent(max_length=5000)
    phone: SkipValidation[str | None] = absent(max_length=100)
    url: SkipValidation[Url | None] = absent(description="The place's own web site.")
    location: SkipValidation[PlaceLocation] = absent()
    opening_hours: SkipValidation[list[OpeningRange]] = absent()
    exceptions: SkipValidation[list[OpeningException]] = absent()


class NewPlace(PlaceChanges):
    """A peer's new place: all of it is saved, or nothing and every bad field named."""

    documented_required = ("name", "kind", "location")
