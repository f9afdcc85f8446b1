"""Meetings that are not weekly: an RFC 5545 rule, cancelled dates and one-off moves.

A meeting without ``recurrence`` meets every week on ``day``. With one, it meets on the dates of
the rule (read by python-dateutil's ``rrulestr``: ``FREQ=MONTHLY;BYDAY=1SU``, ``FREQ=WEEKLY;
INTERVAL=2``, or ``RDATE:`` lines for specific dates) counted from ``recurrence_start``. Either
kind may carry exceptions: a date alone is cancelled (a holiday), a date with a time is moved to
that time once. The dates are taken at the meeting's wall-clock time in its own zone, so summer
time never moves a meeting.

Occurrences are worked out once per meeting and month and kept in memory, so a search that meets
a hundred monthly meetings pays a dictionary look-up for each, not a rule expansion.
"""

from __future__ import annotations

import bisect
import json
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr

#: rules may repeat weekly, monthly or yearly (or list dates); more often is several meetings
FREQUENCIES = ("WEEKLY", "MONTHLY", "YEARLY")
#: how far ahead occurrences are worked out, from the start of the previous month
HORIZON_DAYS = 430
MAX_RULE_LENGTH = 1000
MAX_EXCEPTIONS = 100
_PROPERTY = re.compile(r"^(DTSTART|RRULE|RDATE|EXDATE)[;:]", re.IGNORECASE)
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)
_CLOCK = re.compile(r"([01][0-9]|2[0-3]):[0-5][0-9]", re.ASCII)


class RecurrenceError(ValueError):
    """A rule or an exception that cannot be read; the message says which part (in English)."""


class Recurring(Protocol):
    """What the rules need of a meeting (the model, or the columns a search reads)."""

    @property
    def day(self) -> int: ...  # noqa: D102

    @property
    def time(self) -> time: ...  # noqa: D102

    @property
    def timezone(self) -> str: ...  # noqa: D102

    @property
    def duration_minutes(self) -> int: ...  # noqa: D102

    @property
    def recurrence(self) -> str | None: ...  # noqa: D102

    @property
    def recurrence_start(self) -> date | None: ...  # noqa: D102

    @property
    def exceptions_text(self) -> str | None: ...  # noqa: D102


@dataclass(frozen=True)
class Occurrence:
    """One time a meeting is held: start and end, aware, in the meeting's own zone."""

    start: datetime
    end: datetime


def is_irregular(meeting: Recurring) -> bool:
    """Whether the meeting departs from "every week on ``day``" (a rule, or an exception)."""
    return bool(meeting.recurrence) or bool(meeting.exceptions_text)


def _rule_set(rule: str, first: date, start: time) -> Any:
    """dateutil's rule set for ``rule``, counted from ``first`` at ``start``."""
    try:
        return rrulestr(rule, dtstart=datetime.combine(first, start), forceset=True)
    except (ValueError, TypeError, IndexError, KeyError) as error:
        raise RecurrenceError(str(error) or "not a rule") from error


def normalise_rule(text: str, day: int, today: date) -> tuple[str, date]:
    """The stored form of a rule someone wrote, and the date it counts from.

    Accepts a bare RRULE value (``FREQ=MONTHLY;BYDAY=1SU``) or RFC 5545 property lines
    (``DTSTART``, ``RRULE``, ``RDATE``, ``EXDATE``). Without ``DTSTART`` the rule counts from the
    next ``day`` (0 = Sunday) on or after ``today``. ``RecurrenceError`` when it cannot be read.
    """
    text = text.strip()
    if not text or len(text) > MAX_RULE_LENGTH:
        raise RecurrenceError("empty or too long")
    lines = [line.strip() for line in text.replace("\\n", "\n").splitlines() if line.strip()]
    if len(lines) == 1 and not _PROPERTY.match(lines[0]):
        lines = [f"RRULE:{lines[0]}"]
    if any(not _PROPERTY.match(line) for line in lines):
        raise RecurrenceError("only DTSTART, RRULE, RDATE and EXDATE lines")
    first = today + timedelta(days=(day - today.isoweekday() % 7) % 7)
    kept = []
    for line in lines:
        name = line.split(":", 1)[0].split(";", 1)[0].upper()
        if name == "DTSTART":
            try:
                given = rrulestr(f"{line}\nRRULE:FREQ=YEARLY;COUNT=1", forceset=True)
                first = next(iter(given)).date()
            except (ValueError, TypeError, StopIteration) as error:
                raise RecurrenceError("DTSTART is not a date") from error
            continue
        if name == "RRULE":
            freq = re.search(r"FREQ=([A-Z]+)", line.upper())
            if freq is None or freq.group(1) not in FREQUENCIES:
                raise RecurrenceError("FREQ must be WEEKLY, MONTHLY or YEARLY")
            if re.search(r"BY(HOUR|MINUTE|SECOND)", line.upper()):
                raise RecurrenceError("the time of day is the meeting's time")
        kept.append(line.upper())
    if not any(line.startswith(("RRULE", "RDATE")) for line in kept):
        raise RecurrenceError("an RRULE or RDATE is needed")
    stored = "\n".join(kept)
    rules = _rule_set(stored, first, time(12, 0))
    try:
        rules.after(datetime.combine(first, time(0)) - timedelta(days=1))
    except (ValueError, TypeError) as error:
        raise RecurrenceError(str(error)) from error
    if len(kept) == 1 and kept[0].startswith("RRULE:"):
        stored = kept[0].removeprefix("RRULE:")
    return stored, first


def rule_weekday(rule: str, first: date, today: date, fallback: int) -> int:
    """The weekday (0 = Sunday) of the rule's next date from ``today`` (or its first date)."""
    rules = _rule_set(rule, first, time(12, 0))
    upcoming = rules.after(datetime.combine(max(first, today), time(0)), inc=True)
    if upcoming is None:
        upcoming = rules.after(datetime.combine(first, time(0)), inc=True)
    return upcoming.isoweekday() % 7 if upcoming is not None else fallback


def normalise_exceptions(values: Any) -> list[dict[str, str]]:
    """Exceptions as stored: ``{"date"}`` cancels, ``{"date", "time"}`` moves it once.

    Accepts ISO dates (``2026-12-24``) or objects with ``date`` and an optional ``time`` (HH:MM);
    ``RecurrenceError`` names the first entry that is neither.
    """
    if not isinstance(values, list) or len(values) > MAX_EXCEPTIONS:
        raise RecurrenceError(f"a list of at most {MAX_EXCEPTIONS} dates")
    found: dict[str, dict[str, str]] = {}
    for position, value in enumerate(values, start=1):
        entry = {"date": value} if isinstance(value, str) else value
        if not isinstance(entry, dict) or set(entry) - {"date", "time"}:
            raise RecurrenceError(f"entry {position}: a date or {{date, time}}")
        day, clock = entry.get("date"), entry.get("time")
        if not isinstance(day, str) or not _ISO_DATE.fullmatch(day.strip()):
            raise RecurrenceError(f"entry {position}: date as YYYY-MM-DD")
        try:
            date.fromisoformat(day.strip())
        except ValueError as error:
            raise RecurrenceError(f"entry {position}: no such date") from error
        kept = {"date": day.strip()}
        if clock is not None:
            if not isinstance(clock, str) or not _CLOCK.fullmatch(clock.strip()):
                raise RecurrenceError(f"entry {position}: time as HH:MM")
            kept["time"] = clock.strip()
        found[kept["date"]] = kept
    return [found[key] for key in sorted(found)]


def exceptions_of(meeting: Recurring) -> list[dict[str, str]]:
    """The stored exceptions of a meeting (cancelled dates, and moves with a time)."""
    if not meeting.exceptions_text:
        return []
    try:
        values = json.loads(meeting.exceptions_text)
    except ValueError:
        return []
    return values if isinstance(values, list) else []


def _window_start(instant: datetime) -> date:
    """The first day of the month before ``instant``: occurrences are cached per month."""
    first = instant.date().replace(day=1)
    return (first - timedelta(days=1)).replace(day=1)


@lru_cache(maxsize=50_000)
def _occurrences(
    rule: str | None,
    first: date | None,
    exceptions: str | None,
    day: int,
    start: time,
    duration: int,
    zone: str,
    window: date,
) -> tuple[tuple[float, ...], tuple[Occurrence, ...]]:
    """Every occurrence from ``window`` for ``HORIZON_DAYS``, and their starts as timestamps."""
    tz = ZoneInfo(zone)
    if rule:
        anchor = first or window
        rules = _rule_set(rule, anchor, start)
    else:  # weekly, with exceptions
        offset = (day - window.isoweekday() % 7) % 7
        rules = _rule_set("RRULE:FREQ=WEEKLY", window + timedelta(days=offset), start)
    low = datetime.combine(window, time(0))
    dates = sorted({when.date() for when in rules.between(low, low + timedelta(HORIZON_DAYS))})
    cancelled, moved = set(), {}
    for entry in json.loads(exceptions) if exceptions else []:
        if "time" in entry:
            moved[entry["date"]] = time.fromisoformat(entry["time"])
        else:
            cancelled.add(entry["date"])
    found = []
    for when in dates:
        key = when.isoformat()
        if key in cancelled:
            continue
        begins = datetime.combine(when, moved.get(key, start), tz)
        found.append(Occurrence(begins, begins + timedelta(minutes=duration)))
    found.sort(key=lambda occurrence: occurrence.start)
    return tuple(o.start.timestamp() for o in found), tuple(found)


def _cached(
    meeting: Recurring, instant: datetime
) -> tuple[tuple[float, ...], tuple[Occurrence, ...]]:
    return _occurrences(
        meeting.recurrence,
        meeting.recurrence_start,
        meeting.exceptions_text,
        meeting.day,
        meeting.time,
        meeting.duration_minutes,
        meeting.timezone,
        _window_start(instant),
    )


def occurrences_between(meeting: Recurring, low: datetime, high: datetime) -> list[Occurrence]:
    """The occurrences that start at or after ``low`` and before ``high`` (both aware)."""
    starts, found = _cached(meeting, low)
    first = bisect.bisect_left(starts, low.timestamp())
    last = bisect.bisect_left(starts, high.timestamp())
    return list(found[first:last])


def current_or_next(meeting: Recurring, instant: datetime) -> Occurrence | None:
    """The occurrence in progress at ``instant``, else the next one (``None`` when none is left)."""
    starts, found = _cached(meeting, instant)
    moment = instant.timestamp()
    position = bisect.bisect_right(starts, moment)
    # a moved occurrence may run longer than its neighbour: look back a little
    for candidate in found[max(0, position - 2) : position]:
        if candidate.start.timestamp() <= moment < candidate.end.timestamp():
            return candidate
    return found[position] if position < len(found) else None


def next_after(meeting: Recurring, instant: datetime) -> Occurrence | None:
    """The first occurrence that starts after ``instant`` (one in progress is passed over)."""
    starts, found = _cached(meeting, instant)
    position = bisect.bisect_right(starts, instant.timestamp())
    return found[position] if position < len(found) else None


def on_date(meeting: Recurring, when: date) -> list[Occurrence]:
    """The occurrences on ``when`` in the meeting's own zone."""
    tz = ZoneInfo(meeting.timezone)
    low = datetime.combine(when, time(0), tz)
    return occurrences_between(meeting, low, datetime.combine(when + timedelta(1), time(0), tz))


def next_date_on(day: int, instant: datetime, zone: str) -> date:
    """The next date with weekday ``day`` (0 = Sunday) in ``zone``, today included."""
    today = instant.astimezone(ZoneInfo(zone)).date()
    return today + timedelta(days=(day - today.isoweekday() % 7) % 7)


def as_utc(occurrence: Occurrence) -> datetime:
    """The start in UTC."""
    return occurrence.start.astimezone(UTC)
