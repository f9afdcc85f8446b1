"""Reading a meeting as a peer sends it: every field checked, with a translated message for each
one that cannot be used."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from peerapp.extensions import utcnow
from peerapp.models import Meeting
from peerapp.services.errors import ValidationError
from peerapp.services.meetings import recurrence
from peerapp.services.meetings.describe import (
    DEFAULT_TIMEZONE,
    LocationFields,
    MeetingFields,
    check_meeting_fields,
    is_valid_timezone,
)
from peerapp.services.meetings.edits import fields_of, location_snapshot
from peerapp.services.meetings.vocabulary import ATTENDANCE_OPTIONS, FELLOWSHIPS, MEETING_TYPES
from peerapp.services.stewardship import listings
from peerapp.words import _

TEXT_LIMITS = {
    "name": 300,
    "conference_url": 1000,
    "conference_phone": 100,
    "notes": 5000,
    "timezone": 64,
}
WRITABLE = {
    *TEXT_LIMITS,
    "fellowship",
    "day",
    "time",
    "end_time",
    "types",
    "attendance_option",
    "location",
    "recurrence",
    "recurrence_start",
    "exceptions",
}
_CLOCK = re.compile(r"^([01][0-9]|2[0-3]):([0-5][0-9])$")
#: a new meeting without an end lasts this long
DEFAULT_MINUTES = 60
#: a meeting that ends before it starts runs past midnight, and then lasts at most this long
MAX_HOURS_PAST_MIDNIGHT = 6


def _fellowship(value: Any, errors: dict[str, str]) -> str | None:
    if isinstance(value, str) and value in FELLOWSHIPS:
        return value
    errors["fellowship"] = _(
        "Unknown fellowship: %(code)s. Use one of: %(codes)s.",
        code=str(value)[:40],
        codes=", ".join(FELLOWSHIPS),
    )
    return None


def _day(value: Any, errors: dict[str, str]) -> int | None:
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 6:
        return value
    errors["day"] = _("Choose a day from 0 (Sunday) to 6 (Saturday).")
    return None


def _clock(value: Any, name: str, errors: dict[str, str]) -> dt.time | None:
    found = _CLOCK.match(value.strip()) if isinstance(value, str) else None
    if found is None:
        errors[name] = _("Give the time as HH:MM, such as 19:00.")
        return None
    return dt.time(int(found[1]), int(found[2]))


def _types(value: Any, errors: dict[str, str]) -> list[str] | None:
    if not isinstance(value, list) or not all(isinstance(code, str) for code in value):
        errors["types"] = _("Give the types as a list of Meeting Guide codes.")
        return None
    unknown = [code for code in value if code not in MEETING_TYPES]
    if unknown:
        errors["types"] = _("Unknown type code: %(codes)s.", codes=", ".join(unknown)[:100])
        return None
    if "O" in value and "C" in value:
        errors["types"] = _("A meeting is open (O) or closed (C), not both.")
        return None
    return list(dict.fromkeys(value))


def _attendance(value: Any, errors: dict[str, str]) -> str | None:
    if value in ATTENDANCE_OPTIONS:
        return str(value)
    errors["attendance_option"] = _("Choose in person, online or hybrid.")
    return None


def _later(start: dt.time, minutes: int) -> dt.time:
    total = (start.hour * 60 + start.minute + minutes) % 1440
    return dt.time(total // 60, total % 60)


def _check_times(
    start: dt.time, end: dt.time, stored: MeetingFields | None, errors: dict[str, str]
) -> None:
    """A meeting ends after it starts, or past midnight at most ``MAX_HOURS_PAST_MIDNIGHT``
    later (23:00-01:00). Times as stored (a feed's) are not judged again, but never equal."""
    if start == end:
        errors["end_time"] = _("The meeting must end at another time than it starts.")
        return
    if end > start or (stored is not None and (start, end) == (stored.time, stored.end_time)):
        return
    minutes = (end.hour - start.hour) * 60 + end.minute - start.minute + 1440
    if minutes > MAX_HOURS_PAST_MIDNIGHT * 60:
        errors.setdefault(
            "end_time",
            _(
                "The end time must be after the start time. A meeting past midnight can last "
                "at most %(num)d hours.",
                num=MAX_HOURS_PAST_MIDNIGHT,
            ),
        )


def read_meeting(body: dict[str, Any], current: Meeting | None = None) -> MeetingFields:
    """The fields of a new meeting, or of ``current`` with what ``body`` changes (a PATCH).

    Raises ``ValidationError`` naming every bad field, before anything is changed.
    """
    errors: dict[str, str] = {}
    base = fields_of(current) if current is not None else None
    listings.unknown_fields(body, WRITABLE, errors)

    def pick(name: str, reader: Any, default: Any = None) -> Any:
        if name in body:
            return reader(body[name])
        if base is not None:
            return getattr(base, name)
        return default

    def text(name: str, required: bool = False) -> Any:
        return pick(
            name,
            lambda _v: listings.read_text(body, name, TEXT_LIMITS[name], errors, required),
            None,
        )

    name = text("name", required=True)
    if base is None and "name" not in body:
        errors["name"] = _("This field is required.")
    listings.check_name(name, errors, base.name if base is not None else None)
    fellowship = pick("fellowship", lambda v: _fellowship(v, errors))
    if base is None and "fellowship" not in body:
        _fellowship(None, errors)
    day = pick("day", lambda v: _day(v, errors))
    if base is None and "day" not in body:
        _day(None, errors)
    start = pick("time", lambda v: _clock(v, "time", errors))
    if base is None and "time" not in body:
        _clock(None, "time", errors)
    end = pick("end_time", lambda v: _clock(v, "end_time", errors))
    if end is None and start is not None and "end_time" not in body:
        end = _later(start, DEFAULT_MINUTES)
    zone = text("timezone") or DEFAULT_TIMEZONE
    if "timezone" not in errors and not is_valid_timezone(zone):
        errors["timezone"] = _("Unknown time zone: %(zone)s.", zone=zone[:64])
    types = pick("types", lambda v: _types(v, errors), [])
    attendance = pick("attendance_option", lambda v: _attendance(v, errors), "in_person")
    conference_url = text("conference_url")
    if "conference_url" in body:
        conference_url = listings.web_url(conference_url, "conference_url", errors)
    conference_phone = text("conference_phone")
    notes = text("notes")
    location = _location(body, base, attendance, errors)
    if start is not None and end is not None:
        _check_times(start, end, base, errors)
    if attendance in ("online", "hybrid") and not (conference_url or conference_phone):
        errors.setdefault(
            "conference_url",
            _("An online or hybrid meeting needs a link or a phone number to join."),
        )
    rule, first, exceptions = _recurrence(body, base, day, errors)
    if errors:
        raise ValidationError(errors)
    fields = MeetingFields(
        name=name,
        fellowship=fellowship,
        day=day,
        time=start,
        end_time=end,
        timezone=zone,
        types=types or [],
        attendance_option=attendance,
        conference_url=conference_url,
        conference_phone=conference_phone,
        notes=notes,
        location=location,
        recurrence=rule,
        recurrence_start=first,
        exceptions=exceptions,
    )
    if rule is not None and first is not None:  # the rule's dates say the weekday it is held on
        fields.day = recurrence.rule_weekday(rule, first, utcnow().date(), fields.day)
    if reasons := check_meeting_fields(fields):
        raise ValidationError({"body": "; ".join(reasons)})
    return fields


def _recurrence(
    body: dict[str, Any], base: MeetingFields | None, day: int | None, errors: dict[str, str]
) -> tuple[str | None, dt.date | None, list[dict[str, str]]]:
    """The rule (``None``: weekly), the date it counts from, and the exceptions."""
    rule = base.recurrence if base is not None else None
    first = base.recurrence_start if base is not None else None
    exceptions = list(base.exceptions) if base is not None else []
    if "recurrence_start" in body:
        raw = body["recurrence_start"]
        try:
            first = dt.date.fromisoformat(raw) if raw else None
        except (TypeError, ValueError):
            errors["recurrence_start"] = _("Give the date as YYYY-MM-DD, such as 2027-01-03.")
    if "recurrence" in body:
        raw = body["recurrence"]
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            rule, first = None, None
        elif not isinstance(raw, str):
            errors["recurrence"] = _(
                "Give the rule as RFC 5545 text, such as FREQ=MONTHLY;BYDAY=1SU."
            )
        else:
            try:
                today = first or utcnow().date()
                rule, first = recurrence.normalise_rule(raw, day if day is not None else 0, today)
            except recurrence.RecurrenceError:
                errors["recurrence"] = _(
                    "This is not a rule we can read. Use RFC 5545, such as FREQ=MONTHLY;BYDAY=1SU "
                    "(the first Sunday of each month) or FREQ=WEEKLY;INTERVAL=2 (every other week)."
                )
    elif rule is not None and first is None:
        first = utcnow().date()
    if "exceptions" in body:
        try:
            exceptions = recurrence.normalise_exceptions(body["exceptions"] or [])
        except recurrence.RecurrenceError:
            errors["exceptions"] = _(
                "Give the exceptions as a list of dates (YYYY-MM-DD) for cancelled meetings, or "
                'of {"date", "time"} for a meeting moved to another time that day.'
            )
    return rule, first, exceptions


def _location(
    body: dict[str, Any], base: MeetingFields | None, attendance: Any, errors: dict[str, str]
) -> LocationFields:
    """Where the meeting is: needed unless it is online only."""
    if base is not None and "location" not in body:
        return base.location
    raw = body.get("location")
    empty = raw is None or (isinstance(raw, dict) and not any(raw.values()))
    if empty and attendance == "online":
        return LocationFields()
    if base is not None and isinstance(raw, dict):
        raw = {**location_snapshot(base.location), **raw}
    if raw is None:
        errors["location"] = _("A meeting held in person needs an address.")
        return LocationFields()
    stored = location_snapshot(base.location) if base is not None else None
    read = listings.read_location(raw, errors, stored)
    return LocationFields(
        name=read.get("name"),
        address=read.get("address"),
        city=read.get("city"),
        postal_code=read.get("postal_code"),
        region=read.get("region"),
        country=read.get("country"),
        latitude=read.get("latitude"),
        longitude=read.get("longitude"),
    )
