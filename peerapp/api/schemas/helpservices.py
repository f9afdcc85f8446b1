"""Help services: the search, one service, a steward's new service and changes, and the Open
Referral HSDS 3.0 publication of ours."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import ConfigDict, Field, SkipValidation

from peerapp.api.schemas.base import ApiModel, absent, one_of
from peerapp.api.schemas.meetings import DateTime, Latitude, Longitude, Url, WrittenPostalCode
from peerapp.api.schemas.places import OpeningException, OpeningRange
from peerapp.services.meetings.query import MAX_LIMIT, MAX_RADIUS_KM
from peerapp.services.stewardship.listings import NAME_MAX
from peerapp.services.vocabularies import ACCESS_MODES, COSTS, SERVICE_CATEGORIES

Category = Annotated[str, one_of(SERVICE_CATEGORIES)]
Access = Annotated[str, one_of(ACCESS_MODES)]
Cost = Annotated[str, one_of(COSTS)]


class ServiceLocation(ApiModel):
    """Where the service is. Without latitude and longitude, those of the postal code or town
    are used; without a municipality, the town."""

    name: str | None = None
    address: str | None = None
    city: str | None = None
    postal_code: WrittenPostalCode = None
    municipality: str | None = None
    region: str | None = None
    country: str | None = None
    latitude: Latitude = absent()
    longitude: Longitude = absent()


class ServicePhone(ApiModel):
    """A number to call, and what it is for."""

    number: str = Field(min_length=1, max_length=100)
    description: str | None = Field(None, max_length=300)


class ServiceOrganisation(ApiModel):
    """Who runs the service."""

    name: str
    url: Url | None


class HelpService(ApiModel):
    """A help service in the municipality (NAV office, low-threshold centre, LAR...)."""

    id: int = Field(ge=1)
    uid: str = Field(description="The identifier shared with other directories (HSDS `id`).")
    name: str = Field(min_length=1, max_length=300)
    category: Category
    organisation: ServiceOrganisation | None
    description: str | None = Field(max_length=5000)
    location: ServiceLocation
    phones: list[ServicePhone]
    url: Url | None = Field(description="The service's own web site.")
    email: str | None
    eligibility: str | None = Field(description="Who may use it.")
    access: Access = Field(description="Drop in, by appointment, or either.")
    referral_required: bool
    cost: Cost
    cost_note: str | None
    languages: list[str] = Field(description="ISO 639-1 codes of the languages spoken.")
    accessibility: str | None
    opening_hours: list[OpeningRange]
    exceptions: list[OpeningException] = Field(
        description="Exceptions from yesterday on (past ones are not shown)."
    )
    closed_on_holidays: bool = Field(description="Closed on Norway's public holidays.")
    timezone: Literal["Europe/Oslo"]
    open_now: bool
    opens_at: DateTime | None = Field(
        description="When closed: the next opening within 14 days; null when open now."
    )
    closes_at: DateTime | None = Field(description="When open: when it closes.")
    page_url: Url = Field(description="The service's page.")
    distance_km: float = absent(ge=0, description="Distance from `lat`/`lng`, when given.")
    updated: DateTime
    verified_at: DateTime | None
    stale: bool = Field(description="Not verified for 90 days (or never).")
    demo: bool = Field(description="Demo data, not a real service.")
    archived_at: DateTime | None = None


class HelpServiceList(ApiModel):
    """The services."""

    services: list[HelpService]
    total: int = Field(ge=0, description="Matches in all.")


class HelpServiceSearch(ApiModel):
    """The query of the service search (parsed by the search service, which names bad values)."""

    lat: Latitude = absent(description="Latitude in decimal notation; give `lng` too.")
    lng: Longitude = absent(description="Longitude in decimal notation; give `lat` too.")
    radius_km: float = Field(25, ge=0.1, le=MAX_RADIUS_KM)
    municipality: str = absent(max_length=100, description="Only this municipality.")
    category: list[Category] = absent(
        description="Any of these categories; repeatable or comma-separated.",
        json_schema_extra={"style": "form", "explode": True},
    )
    open_now: Literal["true", "false", "1", "0"] = absent(
        description="`true` keeps only services open now (Europe/Oslo)."
    )
    q: str = absent(max_length=100, description="Words in the name, organisation or town.")
    limit: int = absent(ge=1, le=MAX_LIMIT)
    lang: Literal["nb", "nn", "en"] = absent(description="Language of messages.")


class HelpServiceChanges(ApiModel):
    """Only the fields sent change; lists whole. (The rules check every field and name each
    bad one.)"""

    version: SkipValidation[str] = absent(
        description="The service's version as read (its `ETag`): if someone saved it since, the "
        "change is refused with 409. `If-Match` does the same with 412.",
    )
    name: SkipValidation[str] = absent(min_length=1, max_length=NAME_MAX)
    category: SkipValidation[Category] = absent()
    organisation: SkipValidation[str | None] = absent(max_length=300)
    description: SkipValidation[str | None] = absent(max_length=5000)
    url: SkipValidation[Url | None] = absent()
    email: SkipValidation[str | None] = absent(max_length=300)
    eligibility: SkipValidation[str | None] = absent(max_length=2000)
    access: SkipValidation[Access] = absent()
    referral_required: SkipValidation[bool] = absent()
    cost: SkipValidation[Cost] = absent()
    cost_note: SkipValidation[str | None] = absent(max_length=1000)
    languages: SkipValidation[list[str]] = absent()
    accessibility: SkipValidation[str | None] = absent(max_length=1000)
    closed_on_holidays: SkipValidation[bool] = absent()
    location: SkipValidation[ServiceLocation] = absent()
    phones: SkipValidation[list[ServicePhone]] = absent()
    opening_hours: SkipValidation[list[OpeningRange]] = absent()
    exceptions: SkipValidation[list[OpeningException]] = absent()


class NewHelpService(HelpServiceChanges):
    """A steward's new service: all of it is saved, or nothing and every bad field named."""

    documented_required = ("name", "category", "location")


class HsdsService(ApiModel):
    """One service in Open Referral HSDS 3.0 (`service.json`, with its organisation, phones,
    schedules and service at location); it validates against the HSDS compiled schema."""

    model_config = ConfigDict(extra="allow")

    id: str = Field(json_schema_extra={"format": "uuid"})
    name: str
    status: Literal["active", "inactive", "defunct", "temporarily closed"]


class HsdsServiceList(ApiModel):
    """A page of services in HSDS 3.0's paginated list shape."""

    total_items: int = Field(ge=0)
    total_pages: int = Field(ge=0)
    page_number: int = Field(ge=1)
    size: int = Field(ge=0)
    first_page: bool
    last_page: bool
    empty: bool
    contents: list[HsdsService]


class HsdsPage(ApiModel):
    """Which page of the HSDS list."""

    page: int = absent(ge=1, le=100_000)
    per_page: int = absent(ge=1, le=MAX_LIMIT)
