"""Meetings: the search, one meeting, a peer's new meeting or changes, the Meeting Guide feed."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field, SkipValidation

from peerapp.api.schemas.base import HHMM_PATTERN, ApiModel, ApiRootModel, absent, one_of
from peerapp.services.meetings.peer_input import MAX_HOURS_PAST_MIDNIGHT, TEXT_LIMITS
from peerapp.services.meetings.query import MAX_LIMIT, MAX_RADIUS_KM
from peerapp.services.meetings.vocabulary import ATTENDANCE_OPTIONS, FELLOWSHIPS, MEETING_TYPES
from peerapp.services.stewardship.listings import LOCATION_LIMITS, NAME_MAX

Clock = Annotated[str, Field(pattern=HHMM_PATTERN, examples=["19:00"])]
Fellowship = Annotated[str, one_of(FELLOWSHIPS)]
AttendanceOption = Annotated[str, one_of(ATTENDANCE_OPTIONS)]
Latitude = Annotated[float, Field(ge=-90, le=90)]
Longitude = Annotated[float, Field(ge=-180, le=180)]
DateTime = Annotated[str, Field(json_schema_extra={"format": "date-time"})]
Url = Annotated[str, Field(json_schema_extra={"format": "uri"})]
#: repeat the parameter, or separate codes with commas
REPEATABLE = {"style": "form", "explode": True}


class Location(ApiModel):
    """Where a meeting is held. Online-only meetings may have no place."""

    name: str | None
    address: str | None
    city: str | None
    postal_code: str | None
    region: str | None
    country: str | None
    latitude: Latitude | None
    longitude: Longitude | None


class Exception_(ApiModel):
    """An exception to a meeting's rule: cancelled that day, or (with `time`) moved to that time."""

    date: str = Field(json_schema_extra={"format": "date"}, examples=["2026-12-24"])
    time: Clock = absent(description="Held at this local time that day instead.")


class Meeting(ApiModel):
    """A meeting, weekly unless `recurrence` says otherwise. `day`, `time` and `end_time` are
    wall-clock time in `timezone`; an `end_time` at or before `time` runs past midnight."""

    id: int = Field(ge=1)
    slug: str
    name: str
    fellowship: Fellowship
    day: int = Field(ge=0, le=6, description="0 = Sunday")
    time: Clock
    end_time: Clock
    timezone: str = Field(examples=["Europe/Oslo"])
    types: list[str] = Field(
        description="Meeting Guide type codes (imported feeds may carry others)."
    )
    attendance_option: AttendanceOption
    conference_url: Url | None
    conference_phone: str | None
    notes: str | None
    location: Location
    distance_km: float = absent(
        ge=0,
        description=(
            "Geodesic distance from `lat`/`lng`, when they are given (not for "
            "`attendance=online`, which ignores the point, nor for a meeting whose "
            "`attendance_option` is `online`: it is joined from anywhere)."
        ),
    )
    updated: DateTime
    verified_at: DateTime | None
    stale: bool = absent(description="Extension: not verified for 90 days (or never).")
    archived_at: DateTime | None = absent(description="Extension: in the answer to an archive.")
    url: Url = Field(description="The meeting's page.")
    next_start: DateTime = absent(
        description=(
            "The next start, with the meeting's UTC offset; while the meeting is in progress, "
            "the start of this one. Follows `recurrence` and `exceptions`."
        ),
    )
    recurrence: str = absent(
        description=(
            "An RFC 5545 rule when the meeting is not weekly: an RRULE value such as "
            "`FREQ=MONTHLY;BYDAY=1SU` (the first Sunday of each month) or "
            "`FREQ=WEEKLY;INTERVAL=2`, or `RDATE:` lines for specific dates. Absent for a plain "
            "weekly meeting (every week on `day`)."
        ),
        examples=["FREQ=MONTHLY;BYDAY=1SU"],
    )
    recurrence_start: str = absent(
        description="The date the rule counts from (`DTSTART`), as YYYY-MM-DD.",
        json_schema_extra={"format": "date"},
    )
    exceptions: list[Exception_] = absent(
        description="Dates the meeting is cancelled (`date` alone) or moved once (`time`)."
    )
    in_progress: bool = absent(
        description="Extension: the meeting is being held now (search results)."
    )
    starting_soon: bool = absent(
        description="Extension: it starts within the hour (search results)."
    )


class MeetingList(ApiModel):
    """A page of meetings."""

    meetings: list[Meeting]
    total: int = Field(ge=0, description="Matches in all.")
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page.")


class MeetingGuideMeeting(ApiModel):
    """One meeting in the Meeting Guide JSON format (code4recovery spec): day 0 = Sunday, times
    HH:MM in `timezone`, `updated` as `YYYY-MM-DD HH:MM:SS` in UTC. `fellowship` and
    `attendance_option` are our extensions."""

    slug: str
    name: str
    fellowship: Fellowship = absent()
    day: int = Field(ge=0, le=6)
    time: Clock
    end_time: Clock = absent()
    timezone: str = absent()
    types: list[str] = absent()
    attendance_option: AttendanceOption = absent()
    group: str = absent(description="The group that holds the meeting, where known.")
    conference_url: str | None = None
    conference_phone: str | None = None
    notes: str | None = None
    location: str | None = None
    address: str | None = None
    city: str | None = None
    postal_code: str | None = None
    country: str | None = None
    formatted_address: str | None = None
    region: str | None = None
    latitude: Latitude | None = None
    longitude: Longitude | None = None
    approximate: Literal["yes", "no"] = absent(
        description="`yes` where only the town or area is known; left out otherwise."
    )
    updated: str = Field(pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}$")
    url: Url | None = None
    feedback_url: Url = absent(
        description="The listing's report-a-problem page, where anyone can tell the peer "
        "workers that it is wrong."
    )


class MeetingGuideFeed(ApiRootModel[list[MeetingGuideMeeting]]):
    """Our published meetings as a Meeting Guide JSON feed. Empty fields are left out (never
    `null`), URLs are ASCII (IDNA host, percent-encoded), and `types` holds only codes of the
    Meeting Guide spec."""


class MeetingGuideQuery(ApiModel):
    """Which meetings the Meeting Guide feed holds (all, without parameters)."""

    fellowship: list[Fellowship] = absent(
        description="Any of these fellowships. Repeat the parameter or separate codes with commas.",
        json_schema_extra=REPEATABLE,
    )
    region: list[str] = absent(
        description="Meetings in any of these counties (by name, or by number such as `46`) or "
        "towns (as the listing writes them; case does not matter). Repeatable.",
        json_schema_extra=REPEATABLE,
    )


class MeetingSearch(ApiModel):
    """The query of the meeting search (parsed by the search service, which names bad values)."""

    lat: Latitude = absent(
        description=(
            "Latitude in decimal notation (such as 59.9139); give `lng` too. Results are then "
            "nearest first (unless `sort=time`), and only meetings with a place are found."
        ),
    )
    lng: Longitude = absent(
        description="Longitude in decimal notation (such as 10.7522); give `lat` too."
    )
    radius_km: float = Field(
        25, ge=0.1, le=MAX_RADIUS_KM, description="Search radius around `lat`/`lng`, in kilometres."
    )
    q: str = absent(
        max_length=200,
        description="Words in the meeting's name, venue or address (accents and case ignored).",
    )
    fellowship: list[Fellowship] = absent(
        description="Any of these fellowships. Repeat the parameter or separate codes with commas.",
        json_schema_extra=REPEATABLE,
    )
    types: list[Annotated[str, one_of(MEETING_TYPES)]] = absent(
        description=(
            "Meeting Guide type codes; a meeting must have all of them. Repeatable, or "
            "comma-separated."
        ),
        json_schema_extra=REPEATABLE,
    )
    day: int = absent(
        ge=0, le=6, description="Day of the week in the meeting's time zone, 0 = Sunday."
    )
    from_: str = absent(
        alias="from",
        pattern=HHMM_PATTERN,
        description=(
            "Starts at or after this local time. With `to` before `from`, the window runs "
            "across midnight."
        ),
    )
    to: str = absent(pattern=HHMM_PATTERN, description="Starts at or before this local time.")
    starting_within: int = absent(
        ge=0, le=7 * 24 * 60, description="Starts within this many minutes from now."
    )
    in_progress: Literal["1", "0", "true", "false"] = absent(
        description="Extension: `1` keeps only meetings being held right now."
    )
    attendance: AttendanceOption = absent(
        description="`in_person` and `online` include hybrid meetings; `hybrid` only hybrid ones.",
    )
    region: str = absent(
        max_length=100,
        description=(
            "A Norwegian county, by number (`46`) or name (`Vestland`), or a post town "
            "(`Bergen`): meetings whose postal code lies there."
        ),
    )
    sort: Literal["distance", "time"] = absent(
        description=(
            "Extension: `distance` is nearest first (around `lat`/`lng`; without them, by next "
            "start); `time` is soonest first: meetings in progress (the latest started first), "
            "then by next start, across midnight and the end of the week. Left out: nearest "
            "first when `lat`/`lng` are given, otherwise by next start, as before."
        ),
    )
    limit: int = Field(20, ge=1, le=MAX_LIMIT, description="Meetings per page.")
    cursor: str = absent(
        description="The `next_cursor` of the previous page (it also keeps that page's clock).",
    )
    lang: Literal["nb", "nn", "en"] = absent(
        description="Language of messages; remembered. Otherwise Accept-Language, then Bokmål.",
    )


def _text(limit: str) -> Any:
    if limit == "name":
        return absent(min_length=1, max_length=NAME_MAX)
    return absent(max_length=TEXT_LIMITS[limit])


#: a postal code as a peer writes it: the rule for Norway, which a schema cannot say by country
WrittenPostalCode = Annotated[
    str | None,
    Field(
        max_length=LOCATION_LIMITS["postal_code"],
        description="In Norway (`country` `NO`, `Norway` or none) four digits, such as `0150`.",
    ),
]


class WrittenLocation(ApiModel):
    """Where it is held (null or left out for online meetings). Without latitude and longitude,
    those of the postal code or town are used."""

    name: str | None = None
    address: str | None = None
    city: str | None = None
    postal_code: WrittenPostalCode = None
    region: str | None = None
    country: str | None = None
    latitude: Latitude | None = None
    longitude: Longitude | None = None


class MeetingChanges(ApiModel):
    """Only the fields sent change; `location` fields are merged, `types` whole. (The meeting
    rules check every field and name each bad one.)"""

    version: SkipValidation[str] = absent(
        description="The listing's version as read (its `ETag`): if someone saved it since, the "
        "change is refused with 409. `If-Match` does the same with 412.",
    )
    name: SkipValidation[str] = _text("name")
    fellowship: SkipValidation[Fellowship] = absent()
    day: SkipValidation[int] = absent(ge=0, le=6, description="0 = Sunday")
    time: SkipValidation[Clock] = absent()
    end_time: SkipValidation[Clock] = absent(
        description=(
            "Before `time`: past midnight, and then at most "
            f"{MAX_HOURS_PAST_MIDNIGHT} hours after `time` (23:00 to 01:00). Never equal to "
            "`time`. A new meeting without one lasts an hour."
        ),
    )
    timezone: SkipValidation[str] = Field(
        "Europe/Oslo", max_length=TEXT_LIMITS["timezone"], description="An IANA time zone."
    )
    types: SkipValidation[list[Annotated[str, one_of(MEETING_TYPES)]]] = absent(
        description="Meeting Guide type codes (O or C, not both); replaced whole."
    )
    attendance_option: SkipValidation[AttendanceOption] = "in_person"
    conference_url: SkipValidation[Url | None] = absent(
        max_length=TEXT_LIMITS["conference_url"],
        description="An https:// link to join; online and hybrid meetings need it or a phone.",
    )
    conference_phone: SkipValidation[str | None] = _text("conference_phone")
    notes: SkipValidation[str | None] = _text("notes")
    location: SkipValidation[WrittenLocation | None] = None
    recurrence: SkipValidation[str | None] = absent(
        max_length=1000,
        description=(
            "An RFC 5545 rule when the meeting is not weekly: `FREQ=MONTHLY;BYDAY=1SU`, "
            "`FREQ=WEEKLY;INTERVAL=2`, `RDATE:20270103,20270207` (specific dates), or property "
            "lines with `DTSTART`. `null` makes it weekly again. `day` then follows the rule."
        ),
    )
    recurrence_start: SkipValidation[str | None] = absent(
        description="The date the rule counts from (YYYY-MM-DD); by default today.",
    )
    exceptions: SkipValidation[list[str | Exception_]] = absent(
        description=(
            "Replaced whole: dates (YYYY-MM-DD) the meeting is cancelled, or "
            '`{"date", "time"}` for a meeting moved to another time that day.'
        ),
    )


class NewMeeting(MeetingChanges):
    """A peer's new meeting: all of it is saved, or nothing and every bad field named."""

    documented_required = ("name", "fellowship", "day", "time")


class MeetingCalendarQuery(MeetingSearch):
    """The meeting search's query, or the ids of meetings saved on a phone."""

    id: list[Annotated[int, Field(ge=1)]] = absent(
        description=(
            "Meetings by id (those saved on a phone), instead of a search; repeatable, at most "
            "100. Ids of meetings no longer listed are left out."
        ),
        json_schema_extra=REPEATABLE,
    )
