"""Reading loose feed values: times, days, coordinates, yes/no flags, type codes and text.

Feeds are written by many tools and by hand, so every value is read defensively: a value that
cannot be understood raises ``RecordError`` with a reason in plain English, and the importer
reports the record as rejected instead of failing the whole feed.
"""

from __future__ import annotations

import datetime as dt
import html
import math
import re
from typing import Any

import nh3

from peerapp.services.meetings.feeds.records import RecordError
from peerapp.services.meetings.vocabulary import MEETING_TYPES

DEFAULT_DURATION_MINUTES = 60

_CLOCK_24 = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?")
_CLOCK_12 = re.compile(r"(\d{1,2})(?:[:.](\d{2}))?\s*([ap])\.?\s*m\.?", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
#: where markup breaks a line: kept as a line break when the tags go
_BREAK = re.compile(r"<br\s*/?>|</?(?:p|div|li|h[1-6]|tr)\b[^>]*>", re.IGNORECASE)
_BLANK_LINES = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)+")
_TYPE_CODE = re.compile(r"[A-Z0-9][A-Z0-9-]{0,9}")
_KNOWN_TYPES = {code.upper(): code for code in MEETING_TYPES}
_TRUE = {"yes", "y", "true", "1", "on"}
_FALSE = {"no", "n", "false", "0", "off", ""}


def text(value: Any) -> str | None:
    """A trimmed string from a feed value, or ``None`` when it is empty or not text.

    HTML entities are decoded (WordPress-based feeds send ``&amp;`` for ``&``) and control
    characters dropped (PostgreSQL refuses NUL in text).
    """
    if value is None or isinstance(value, bool | list | dict):
        return None
    if isinstance(value, int | float):
        return None if isinstance(value, float) and not math.isfinite(value) else str(value)
    cleaned = _CONTROL.sub("", plain_text(str(value))).strip()
    return cleaned or None


def plain_text(value: str) -> str:
    """Feed text as plain text: entities decoded, and markup (WordPress sends notes as HTML, some
    feeds escaped twice) stripped by nh3, keeping its line breaks; a script's content goes too.
    A link keeps only its words: a link is a link only in a field that is a URL."""
    decoded = html.unescape(value)
    if "<" not in decoded:
        return decoded
    stripped = html.unescape(nh3.clean(_BREAK.sub("\n", decoded), tags=set()))
    lines = "\n".join(line.strip() for line in stripped.replace("\r\n", "\n").split("\n"))
    return _BLANK_LINES.sub("\n\n", lines)


def external_id(*candidates: Any) -> str | None:
    """The first usable identifier among ``candidates`` (a slug or a numeric id)."""
    for candidate in candidates:
        found = text(candidate)
        if found is not None:
            return found
    return None


def clock(value: Any, name: str, *, end: bool = False) -> dt.time:
    """A wall-clock time from ``HH:MM``, ``H:MM``, ``HH:MM:SS``; 12-hour ``7:30 PM`` is repaired."""
    raw = text(value)
    if raw is None:
        raise RecordError(f"{name} is missing")
    if match := _CLOCK_24.fullmatch(raw):
        hour, minute, second = int(match[1]), int(match[2]), int(match[3] or 0)
        if end and (hour, minute, second) == (24, 0, 0):
            return dt.time(0, 0)  # "24:00" ends at midnight
        if hour < 24 and minute < 60 and second < 60:
            return dt.time(hour, minute)
    elif match := _CLOCK_12.fullmatch(raw):
        hour, minute = int(match[1]), int(match[2] or 0)
        if 1 <= hour <= 12 and minute < 60:
            return dt.time(hour % 12 + (12 if match[3].lower() == "p" else 0), minute)
    raise RecordError(f"{name} {raw!r} is not a time of day (HH:MM)")


def plus_minutes(start: dt.time, minutes: int) -> dt.time:
    """The wall-clock time ``minutes`` after ``start`` (wrapping past midnight)."""
    total = (start.hour * 60 + start.minute + minutes) % 1440
    return dt.time(total // 60, total % 60)


def weekday(value: Any) -> int:
    """A Meeting Guide day, 0-6 with 0 = Sunday, from an integer or a numeric string."""
    raw = value if isinstance(value, int) and not isinstance(value, bool) else text(value)
    if isinstance(raw, str) and raw.lstrip("-").isdigit():
        raw = int(raw)
    if not isinstance(raw, int) or not 0 <= raw <= 6:
        raise RecordError(f"day {value!r} is not 0-6")
    return raw


def coordinate(value: Any, name: str) -> float | None:
    """A latitude or longitude from a number or a numeric string; ``None`` when absent."""
    if isinstance(value, bool):
        raise RecordError(f"{name} {value!r} is not a number")
    if isinstance(value, int | float):
        number = float(value)
    else:
        raw = text(value)
        if raw is None:
            return None
        try:
            number = float(raw)
        except ValueError:
            raise RecordError(f"{name} {raw!r} is not a number") from None
    if not math.isfinite(number):
        raise RecordError(f"{name} is not a finite number")
    return number


def point(latitude: Any, longitude: Any) -> tuple[float | None, float | None]:
    """Both coordinates, or neither; the 0,0 that some tools write for "unknown" is neither."""
    lat, lng = coordinate(latitude, "latitude"), coordinate(longitude, "longitude")
    if lat == 0 and lng == 0:
        return None, None
    return lat, lng


def flag(value: Any, name: str) -> bool:
    """A yes/no value: ``"yes"``/``"no"``, booleans, 1/0; absent means no."""
    if isinstance(value, bool):
        return value
    raw = (text(value) or "").lower()
    if raw in _TRUE:
        return True
    if raw in _FALSE:
        return False
    raise RecordError(f"{name} {value!r} is not yes or no")


def type_codes(values: Any) -> list[str]:
    """Meeting Guide type codes: ours in their usual spelling, other short upper-case codes kept.

    Codes we do not know (such as TSML's ``POA`` or ``ABSI``) are passed through so a re-export
    loses nothing; anything that does not look like a code (words, empty strings) is dropped.
    """
    if isinstance(values, str):
        values = values.split(",")
    if not isinstance(values, list):
        return []
    codes: list[str] = []
    for value in values:
        raw = text(value)
        if raw is None:
            continue
        code = _KNOWN_TYPES.get(raw.upper())
        if code is None and _TYPE_CODE.fullmatch(raw):
            code = raw
        if code is not None and code not in codes:
            codes.append(code)
    return codes


def join_notes(*parts: Any) -> str | None:
    """Several free-text notes as one, blank-line separated; ``None`` when all are empty."""
    kept = [p for p in (text(part) for part in parts) if p]
    return "\n\n".join(dict.fromkeys(kept)) or None
