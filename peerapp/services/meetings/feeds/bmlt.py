"""BMLT ``GetSearchResults`` JSON: NA's meeting lists, read into our meetings.

Every value in a BMLT answer is a string. ``weekday_tinyint`` runs 1-7 from Sunday (ours: 0-6),
``start_time`` and ``duration_time`` are ``HH:MM:SS``, ``id_bigint`` is the external id. Formats
are a server's own keys: when the answer carries its ``formats`` list, each key is read through
its NAWS ``world_id`` (the same on every server), otherwise through the common English NA keys.
BMLT keys are never passed through as type codes, because the same letters mean other things in
Meeting Guide (BMLT ``B`` is Beginners, Meeting Guide ``B`` is Big Book). BMLT has no recurrence
field: formats whose key or name spell weeks of the month ("1st", "2nd & 4th", "Last Friday of
the month"), or a comment that says so, make a monthly rule; anything else stays weekly
(``cadence``).
"""

from __future__ import annotations

from typing import Any

from peerapp.services.meetings.describe import LocationFields, MeetingFields
from peerapp.services.meetings.feeds import cadence
from peerapp.services.meetings.feeds.inference import (
    attendance,
    country_of,
    fellowship_for,
    timezone_for,
)
from peerapp.services.meetings.feeds.records import FeedOptions, ParsedFeed, RecordError, checked
from peerapp.services.meetings.feeds.values import (
    DEFAULT_DURATION_MINUTES,
    clock,
    external_id,
    join_notes,
    plus_minutes,
    point,
    text,
)

#: NAWS world ids (``formats[].world_id``) → Meeting Guide codes.
WORLD_ID_TYPES: dict[str, tuple[str, ...]] = {
    "OPEN": ("O",),
    "CLOSED": ("C",),
    "BEG": ("BE",),
    "BT": ("LIT",),
    "JFT": ("LIT",),
    "LC": ("LIT",),
    "LIT": ("LIT",),
    "IP": ("LIT",),
    "IW": ("LIT",),
    "DISC": ("D",),
    "SPK": ("SP",),
    "STEP": ("ST",),
    "SWG": ("ST",),
    "TRAD": ("TR",),
    "M": ("M",),
    "W": ("W",),
    "Y": ("Y",),
    "GL": ("LGBTQ",),
    "WCHR": ("X",),
    "CW": ("CF",),
    "NS": ("NS",),
    "SMOK": ("SM",),
    "MED": ("MED",),
    "CAN": ("CAN",),
    "VM": ("ONL",),
    "TC": ("TC",),
}

#: Common English NA format keys (``formats`` of a meeting) → Meeting Guide codes.
KEY_TYPES: dict[str, tuple[str, ...]] = {
    "O": ("O",),
    "C": ("C",),
    "B": ("BE",),
    "BT": ("LIT",),
    "JT": ("LIT",),
    "LC": ("LIT",),
    "BK": ("LIT",),
    "IP": ("LIT",),
    "IW": ("LIT",),
    "D": ("D",),
    "SD": ("SP", "D"),
    "So": ("SP",),
    "St": ("ST",),
    "SG": ("ST",),
    "Tr": ("TR",),
    "TW": ("TR",),
    "M": ("M",),
    "W": ("W",),
    "YP": ("Y",),
    "GL": ("LGBTQ",),
    "WC": ("X",),
    "CW": ("CF",),
    "NS": ("NS",),
    "SM": ("SM",),
    "ME": ("MED",),
    "CL": ("CAN",),
    "SL": ("ASL",),
    "VM": ("ONL",),
    "TC": ("TC",),
}

#: Language format keys (world id ``LANG``, or none) → Meeting Guide language codes.
LANGUAGE_TYPES: dict[str, str] = {
    "EN": "EN",
    "ES": "S",
    "SP": "S",
    "FR": "FR",
    "DE": "GER",
    "GER": "GER",
    "IT": "ITA",
    "PT": "POR",
    "POR": "POR",
    "PL": "POL",
    "POL": "POL",
    "RU": "RUS",
    "RUS": "RUS",
    "UK": "UK",
    "AR": "AR",
    "FA": "FA",
    "LT": "LT",
    "NO": "NO",
    "NB": "NO",
    "SV": "SV",
    "DA": "DA",
    "ASL": "ASL",
}

VENUE_TYPES = {"1": "in_person", "2": "online", "3": "hybrid"}


def world_ids(formats: list[Any]) -> dict[str, str]:
    """A server's format keys mapped to their NAWS world ids, from its ``formats`` list."""
    found: dict[str, str] = {}
    for entry in formats:
        if isinstance(entry, dict):
            key, world = text(entry.get("key_string")), text(entry.get("world_id"))
            if key is not None and world is not None:
                found.setdefault(key, world.upper())
    return found


def format_names(formats: list[Any]) -> dict[str, str]:
    """A server's format keys mapped to their names, from its ``formats`` list."""
    found: dict[str, str] = {}
    for entry in formats:
        if isinstance(entry, dict):
            key, name = text(entry.get("key_string")), text(entry.get("name_string"))
            if key is not None and name is not None:
                found.setdefault(key, name)
    return found


def format_keys(value: Any) -> list[str]:
    """The format keys of one meeting (a comma-separated string, or a list)."""
    items = value if isinstance(value, list) else (text(value) or "").split(",")
    return [key for key in (text(item) for item in items) if key]


def type_codes(keys: list[str], worlds: dict[str, str]) -> list[str]:
    """Meeting Guide codes for a meeting's BMLT format keys; keys we cannot place are dropped."""
    codes: list[str] = []
    for key in keys:
        world = worlds.get(key)
        mapped = WORLD_ID_TYPES.get(world) if world else None
        if mapped is None:
            language = LANGUAGE_TYPES.get(key.upper())
            mapped = KEY_TYPES.get(key) or ((language,) if language else ())
        codes.extend(code for code in mapped if code not in codes)
    return codes


def _day(value: Any) -> int:
    """Our day (0 = Sunday) from BMLT's ``weekday_tinyint`` (1 = Sunday)."""
    raw = text(value)
    if raw is None or not raw.isdigit() or not 1 <= int(raw) <= 7:
        raise RecordError(f"weekday_tinyint {value!r} is not 1-7")
    return int(raw) - 1


def _duration_minutes(value: Any) -> int:
    """Minutes in a ``duration_time`` (``HH:MM:SS``); absent or zero means the default hour."""
    raw = text(value)
    if raw is None:
        return DEFAULT_DURATION_MINUTES
    parts = raw.split(":")
    if not 2 <= len(parts) <= 3 or not all(p.isdigit() for p in parts):
        raise RecordError(f"duration_time {raw!r} is not HH:MM:SS")
    minutes = int(parts[0]) * 60 + int(parts[1])
    if minutes >= 1440:
        raise RecordError(f"duration_time {raw!r} is a day or longer")
    return minutes or DEFAULT_DURATION_MINUTES


def _attendance(venue_type: Any, markers: set[str], has_conference: bool, place: bool) -> str:
    """In person, online or hybrid: ``venue_type`` when given, else the VM/HY formats and links.

    A temporarily closed (``TC``) meeting is held online when it has a link, else it is inactive.
    """
    if "TC" in markers:
        return attendance(
            None, has_conference=has_conference, has_place=False, temporarily_closed=True
        )
    venue = VENUE_TYPES.get(text(venue_type) or "")
    if venue is None and markers & {"HY", "HYBR"}:
        venue = "hybrid"
    elif venue is None and "VM" in markers:
        venue = "online"
    return attendance(
        venue, has_conference=has_conference, has_place=place, temporarily_closed=False
    )


def meeting_fields(
    record: dict[str, Any],
    worlds: dict[str, str],
    options: FeedOptions,
    names: dict[str, str] | None = None,
) -> MeetingFields:
    """Our meeting fields for one BMLT meeting (``RecordError`` when it cannot be used)."""
    if text(record.get("published")) == "0":
        raise RecordError("not published")
    latitude, longitude = point(record.get("latitude"), record.get("longitude"))
    location = LocationFields(
        name=text(record.get("location_text")),
        address=text(record.get("location_street")),
        city=text(record.get("location_municipality")),
        postal_code=text(record.get("location_postal_code_1")),
        region=text(record.get("location_province")) or text(record.get("location_sub_province")),
        country=text(record.get("location_nation")),
        latitude=latitude,
        longitude=longitude,
    )
    keys = format_keys(record.get("formats"))
    conference_url = text(record.get("virtual_meeting_link"))
    conference_phone = text(record.get("phone_meeting_number"))
    attendance_option = _attendance(  # first: an inactive meeting is rejected as such
        record.get("venue_type"),
        set(keys) | {worlds.get(key, key) for key in keys},
        bool(conference_url or conference_phone),
        bool(location.address or latitude is not None),
    )
    start = clock(record.get("start_time"), "start_time")
    day = _day(record.get("weekday_tinyint"))
    notes = join_notes(
        record.get("comments"),
        record.get("location_info"),
        record.get("virtual_meeting_additional_info"),
    )
    spelled = [*keys, *((names or {}).get(key, "") for key in keys)]
    return MeetingFields(
        name=text(record.get("meeting_name")) or "",
        fellowship=fellowship_for(None, options, "na"),  # BMLT is NA's tool
        day=day,
        time=start,
        end_time=plus_minutes(start, _duration_minutes(record.get("duration_time"))),
        timezone=timezone_for(
            text(record.get("time_zone")),
            options,
            latitude,
            longitude,
            country_of(location.country, None),
        ),
        types=type_codes(keys, worlds),
        attendance_option=attendance_option,
        conference_url=conference_url,
        conference_phone=conference_phone,
        notes=notes,
        location=location,
        # BMLT has no recurrence field: servers spell it in formats ("1st", "2nd & 4th") or text
        recurrence=cadence.from_formats(spelled, day) or cadence.from_text(notes, day),
    )


def parse_bmlt(records: list[Any], formats: list[Any], options: FeedOptions) -> ParsedFeed:
    """Read BMLT meetings: every record is either imported or rejected with a reason."""
    worlds, names = world_ids(formats), format_names(formats)
    parsed = ParsedFeed()
    for index, record in enumerate(records):
        if not isinstance(record, dict):
            parsed.reject(index, None, "not a JSON object")
            continue
        record_id = external_id(record.get("id_bigint"))
        try:
            if record_id is None:
                raise RecordError("no id_bigint")
            parsed.add(checked(index, record_id, meeting_fields(record, worlds, options, names)))
        except RecordError as exc:
            parsed.reject(index, record_id, str(exc))
    return parsed
