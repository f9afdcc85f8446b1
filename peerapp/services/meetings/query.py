"""Reading a meeting search from query parameters, with a translated message per bad field."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import time

from peerapp.services.errors import ValidationError
from peerapp.services.geo import region_key
from peerapp.services.meetings.search import MeetingQuery, decode_cursor
from peerapp.services.meetings.vocabulary import ATTENDANCE_OPTIONS, FELLOWSHIPS, MEETING_TYPES
from peerapp.words import _, format_decimal

#: query parameters as a plain mapping: each name with every value it was given, in order
Params = Mapping[str, list[str]]

MAX_RADIUS_KM = 500.0
MAX_LIMIT = 100
#: the orders a search can ask for: nearest first, or soonest first (in progress, then next)
SORT_ORDERS = ("distance", "time")
#: ASCII digits only: int() and float() also accept "²" or full-width digits, or fail on them
WHOLE = re.compile(r"-?[0-9]{1,9}", re.ASCII)
DECIMAL = re.compile(r"[+-]?([0-9]{1,12}(\.[0-9]{0,15})?|\.[0-9]{1,15})", re.ASCII)
CLOCK = re.compile(r"([0-9]{2}):([0-9]{2})", re.ASCII)
CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def first(args: Params, name: str) -> str:
    """The first value given for ``name``, or ``""``."""
    values = args.get(name)
    return values[0] if values else ""


def every(args: Params, name: str) -> list[str]:
    """Every value given for ``name`` (a repeated parameter)."""
    return list(args.get(name) or [])


def _number(
    args: Params, name: str, low: float, high: float, errors: dict[str, str]
) -> float | None:
    raw = first(args, name).strip()
    if not raw:
        return None
    if not DECIMAL.fullmatch(raw):
        errors[name] = _("Must be a number.")
        return None
    value = float(raw)
    if not low <= value <= high:
        errors[name] = _(
            "Must be between %(low)s and %(high)s.",
            low=format_decimal(low),
            high=format_decimal(high),
        )
        return None
    return value


def _whole(args: Params, name: str, low: int, high: int, errors: dict[str, str]) -> int | None:
    raw = first(args, name).strip()
    if not raw:
        return None
    if not WHOLE.fullmatch(raw):
        errors[name] = _("Must be a whole number.")
        return None
    value = int(raw)
    if not low <= value <= high:
        errors[name] = _("Must be between %(low)s and %(high)s.", low=low, high=high)
        return None
    return value


def parse_hhmm(raw: str) -> time | None:
    """``HH:MM`` (24-hour) as a time, or ``None`` when it is not one."""
    match = CLOCK.fullmatch(raw.strip())
    if match is None:
        return None
    hour, minute = int(match.group(1)), int(match.group(2))
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


def _clock(args: Params, name: str, errors: dict[str, str]) -> time | None:
    raw = first(args, name).strip()
    if not raw:
        return None
    value = parse_hhmm(raw)
    if value is None:
        errors[name] = _("Must be a time of day as HH:MM, for example 18:30.")
    return value


def _codes(values: list[str]) -> list[str]:
    """Repeated parameters, also accepting comma-separated lists."""
    return [code.strip() for value in values for code in value.split(",") if code.strip()]


def parse_meeting_args(args: Params) -> MeetingQuery:
    """A ``MeetingQuery`` from API or page parameters; ``ValidationError`` names each bad field."""
    errors: dict[str, str] = {}
    lat = _number(args, "lat", -90, 90, errors)
    lng = _number(args, "lng", -180, 180, errors)
    if (lat is None) != (lng is None) and "lat" not in errors and "lng" not in errors:
        errors["lat" if lat is None else "lng"] = _("Give both lat and lng, or neither.")
    radius = _number(args, "radius_km", 0.1, MAX_RADIUS_KM, errors)
    fellowships = [code.lower() for code in _codes(every(args, "fellowship"))]
    unknown = [code for code in fellowships if code not in FELLOWSHIPS]
    if unknown:
        errors["fellowship"] = _("Unknown fellowship: %(codes)s.", codes=", ".join(unknown))
    types = _codes(every(args, "types"))
    unknown = [code for code in types if code not in MEETING_TYPES]
    if unknown:
        errors["types"] = _("Unknown meeting type: %(codes)s.", codes=", ".join(unknown))
    day = _whole(args, "day", 0, 6, errors)
    time_from = _clock(args, "from", errors)
    time_to = _clock(args, "to", errors)
    within = _whole(args, "starting_within", 0, 7 * 24 * 60, errors)
    in_progress = first(args, "in_progress").strip().lower() in {"1", "true", "yes", "on"}
    attendance = first(args, "attendance").strip() or None
    if attendance is not None and attendance not in ATTENDANCE_OPTIONS:
        errors["attendance"] = _(
            "Must be one of: %(options)s.", options=", ".join(ATTENDANCE_OPTIONS)
        )
    limit = _whole(args, "limit", 1, MAX_LIMIT, errors)
    offset, now = 0, None
    cursor = first(args, "cursor").strip()
    if cursor:
        try:
            offset, now = decode_cursor(cursor)
        except ValueError:
            errors["cursor"] = _("This cursor is not valid. Start the search again.")
    text = CONTROL.sub("", first(args, "q")).strip()[:200] or None
    region = None
    region_text = CONTROL.sub("", first(args, "region")).strip()[:100]
    if region_text:
        region = region_key(region_text)
        if region is None:
            errors["region"] = _(
                "Unknown region: %(region)s. Give a county or a post town.", region=region_text
            )
    sort = first(args, "sort").strip().lower() or None
    if sort is not None and sort not in SORT_ORDERS:
        errors["sort"] = _("Must be one of: %(options)s.", options=", ".join(SORT_ORDERS))
    if errors:
        raise ValidationError(errors)
    return MeetingQuery(
        latitude=lat,
        longitude=lng,
        radius_km=radius if radius is not None else 25.0,
        text=text,
        fellowships=tuple(fellowships),
        types=tuple(types),
        day=day,
        time_from=time_from,
        time_to=time_to,
        starting_within=within,
        in_progress=in_progress,
        attendance=attendance,
        region=region,
        limit=limit or 20,
        offset=offset,
        now=now,
        sort=sort,
    )
