"""Opening hours of sober places and help services: weekly ranges, dated exceptions, "open now" and
"opens at" (one engine for every listing that keeps hours).

Pure functions, no database and no request. Hours are wall-clock times in Europe/Oslo; a range
whose ``closes`` is at or before its ``opens`` runs past midnight (Fri 20:00–02:00 is open on
Saturday at 01:00), and ``24:00`` closes at the end of the day. A dated exception replaces the
weekly hours that start on that date: closed all day, or special hours (holidays are exceptions).
"Open now" compares the local wall clock with the ranges, so the night the clocks change is
judged as the clock on the wall reads; "opens at" is an instant with the offset of its day.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from holidays import country_holidays

from peerapp.services.errors import ValidationError
from peerapp.words import _

ZONE = ZoneInfo("Europe/Oslo")
MINUTES_PER_DAY = 24 * 60
MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY
#: "opens at" looks this many days ahead
HORIZON_DAYS = 14
MAX_RANGES = 50
MAX_EXCEPTIONS = 400


@dataclass(frozen=True, order=True)
class WeeklyRange:
    """Open on ``day`` (0 = Sunday) from ``opens`` to ``closes``, minutes after midnight.

    ``closes`` is 1–1440; at or before ``opens`` it is on the next day.
    """

    day: int
    opens: int
    closes: int

    @property
    def length(self) -> int:
        """How many minutes the range lasts."""
        return (self.closes - self.opens) % MINUTES_PER_DAY or MINUTES_PER_DAY

    @property
    def week_start(self) -> int:
        """Minutes after Sunday 00:00 when it opens."""
        return self.day * MINUTES_PER_DAY + self.opens

    @property
    def week_end(self) -> int:
        """Minutes after Sunday 00:00 when it closes (past 10080 when it runs into Sunday)."""
        return self.week_start + self.length


@dataclass(frozen=True, order=True)
class DateException:
    """On ``on``, instead of the weekly hours: closed (no times) or open ``opens``–``closes``."""

    on: date
    opens: int | None = None
    closes: int | None = None

    @property
    def closed(self) -> bool:
        """Closed all day."""
        return self.opens is None


@dataclass(frozen=True)
class OpeningHours:
    """A listing's weekly ranges and dated exceptions; ``closed_on_holidays``: closed on Norway's
    public holidays unless an exception for the day says otherwise."""

    weekly: tuple[WeeklyRange, ...] = ()
    exceptions: tuple[DateException, ...] = ()
    closed_on_holidays: bool = False


@lru_cache(maxsize=64)
def _holidays_of(year: int) -> frozenset[date]:
    return frozenset(country_holidays("NO", years=year, include_sundays=False))


def is_public_holiday(on: date) -> bool:
    """Whether ``on`` is a public holiday in Norway (a plain Sunday is not one)."""
    return on in _holidays_of(on.year)


@dataclass(frozen=True)
class OpenState:
    """Whether a place is open at an instant, until when, and when it next opens."""

    open_now: bool
    closes_at: datetime | None
    opens_at: datetime | None


# --- reading and writing HH:MM ---------------------------------------------------------------


def parse_clock(raw: Any, *, end: bool = False) -> int | None:
    """Minutes after midnight of ``"HH:MM"`` (``"24:00"`` only as an ``end``), else ``None``."""
    if not isinstance(raw, str) or len(raw) != 5 or raw[2] != ":":
        return None
    hours, minutes = raw[:2], raw[3:]
    if not (hours.isascii() and hours.isdigit() and minutes.isascii() and minutes.isdigit()):
        return None
    value = int(hours) * 60 + int(minutes)
    if int(minutes) > 59 or value > MINUTES_PER_DAY or (value == MINUTES_PER_DAY and not end):
        return None
    return value


def format_clock(minutes: int) -> str:
    """``"HH:MM"`` for minutes after midnight (1440 is ``"24:00"``)."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def clock_time(minutes: int) -> time:
    """A ``time`` for minutes after midnight (24:00 shows as 00:00)."""
    return time((minutes // 60) % 24, minutes % 60)


# --- validation -------------------------------------------------------------------------------


def _range_errors(
    item: Any, field: str, errors: dict[str, str]
) -> tuple[int | None, int | None, int | None]:
    """Check one ``{"day","opens","closes"}``; returns what could be read."""
    if not isinstance(item, Mapping):
        errors[field] = _("Give day, opens and closes.")
        return None, None, None
    day = item.get("day")
    if isinstance(day, bool) or not isinstance(day, int) or not 0 <= day <= 6:
        errors[f"{field}.day"] = _("The day must be a whole number from 0 (Sunday) to 6.")
        day = None
    opens, closes = _times(item, field, errors)
    return day, opens, closes


def _times(item: Mapping[str, Any], field: str, errors: dict[str, str]) -> tuple[int | None, ...]:
    """The opening and closing minutes of a range or special day, with a message for each fault."""
    opens = parse_clock(item.get("opens"))
    closes = parse_clock(item.get("closes"), end=True)
    if opens is None:
        errors[f"{field}.opens"] = _("Opening time must be HH:MM, for example 09:30.")
    if closes is None:
        errors[f"{field}.closes"] = _(
            "Closing time must be HH:MM, for example 17:00 (24:00 for midnight)."
        )
    if opens is not None and closes is not None and opens == closes:
        errors[f"{field}.closes"] = _(
            "Opening and closing time are the same (%(time)s). For all day, use 00:00 to 24:00.",
            time=format_clock(opens),
        )
        closes = None
    if closes == 0:  # 00:00 as a closing time is midnight at the end of the day
        closes = MINUTES_PER_DAY
    return opens, closes


def _describe(item: WeeklyRange, names: Sequence[str]) -> str:
    return f"{names[item.day]} {format_clock(item.opens)}–{format_clock(item.closes % 1440)}"


def _overlaps(ranges: list[tuple[int, WeeklyRange]], names: Sequence[str]) -> dict[str, str]:
    """Pairs of ranges that overlap on the week's clock (Saturday night runs into Sunday)."""
    errors: dict[str, str] = {}
    for i, (index_a, a) in enumerate(ranges):
        for index_b, b in ranges[i + 1 :]:
            for shift in (-MINUTES_PER_WEEK, 0, MINUTES_PER_WEEK):
                if a.week_start < b.week_end + shift and b.week_start + shift < a.week_end:
                    field = f"opening_hours[{max(index_a, index_b)}]"
                    errors.setdefault(
                        field,
                        _(
                            "%(one)s overlaps %(other)s. Join them into one range, or "
                            "change the times.",
                            one=_describe(b if index_b > index_a else a, names),
                            other=_describe(a if index_b > index_a else b, names),
                        ),
                    )
                    break
    return errors


def read_weekly(raw: Any, day_names: Sequence[str]) -> tuple[WeeklyRange, ...]:
    """Weekly ranges from the API's ``opening_hours``; ``ValidationError`` names each fault.

    ``day_names`` are the weekday names (0 = Sunday) used in messages about overlaps.
    """
    if not isinstance(raw, list):
        raise ValidationError({"opening_hours": _("Send a list of opening hours.")})
    if len(raw) > MAX_RANGES:
        raise ValidationError(
            {"opening_hours": _("At most %(num)d opening hours.", num=MAX_RANGES)}
        )
    errors: dict[str, str] = {}
    ranges: list[tuple[int, WeeklyRange]] = []
    for index, item in enumerate(raw):
        day, opens, closes = _range_errors(item, f"opening_hours[{index}]", errors)
        if day is not None and opens is not None and closes is not None:
            ranges.append((index, WeeklyRange(day, opens, closes)))
    if not errors:
        errors = _overlaps(ranges, day_names)
    if errors:
        raise ValidationError(errors)
    return tuple(sorted(item for _, item in ranges))


def read_exceptions(raw: Any) -> tuple[DateException, ...]:
    """Dated exceptions from the API's ``exceptions``; ``ValidationError`` names each fault."""
    if not isinstance(raw, list):
        raise ValidationError({"exceptions": _("Send a list of exceptions.")})
    if len(raw) > MAX_EXCEPTIONS:
        raise ValidationError({"exceptions": _("At most %(num)d exceptions.", num=MAX_EXCEPTIONS)})
    errors: dict[str, str] = {}
    found: dict[date, DateException] = {}
    for index, item in enumerate(raw):
        field = f"exceptions[{index}]"
        if not isinstance(item, Mapping):
            errors[field] = _('Give a date, and "closed": true or opens and closes.')
            continue
        on = _date(item.get("date"))
        if on is None:
            errors[f"{field}.date"] = _("Give the date as YYYY-MM-DD.")
        elif on in found:
            errors[f"{field}.date"] = _("%(date)s is given more than once.", date=on.isoformat())
        closed = item.get("closed", False)
        if closed is True and ("opens" in item or "closes" in item):
            errors[field] = _('Either "closed": true, or opens and closes, not both.')
            continue
        if closed is True:
            if on is not None and on not in found:
                found[on] = DateException(on)
            continue
        if closed is not False:
            errors[f"{field}.closed"] = _('"closed" must be true or false.')
            continue
        opens, closes = _times(item, field, errors)
        if on is not None and on not in found and opens is not None and closes is not None:
            found[on] = DateException(on, opens, closes)
    if errors:
        raise ValidationError(errors)
    return tuple(sorted(found.values()))


def _date(raw: Any) -> date | None:
    if not isinstance(raw, str) or len(raw) != 10 or not raw.isascii():
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        return None


def weekly_to_api(weekly: Iterable[WeeklyRange]) -> list[dict[str, Any]]:
    """Weekly ranges as the API writes them."""
    return [
        {"day": r.day, "opens": format_clock(r.opens), "closes": format_clock(r.closes)}
        for r in weekly
    ]


def exceptions_to_api(exceptions: Iterable[DateException]) -> list[dict[str, Any]]:
    """Dated exceptions as the API writes them."""
    return [
        {"date": e.on.isoformat(), "closed": True}
        if e.closed
        else {
            "date": e.on.isoformat(),
            "opens": format_clock(e.opens or 0),
            "closes": format_clock(e.closes or 0),
        }
        for e in exceptions
    ]


# --- open now, opens at -----------------------------------------------------------------------


def _day_number(on: date) -> int:
    """0 = Sunday."""
    return on.isoweekday() % 7


def ranges_starting_on(hours: OpeningHours, on: date) -> list[tuple[int, int]]:
    """(opens, end) in minutes after midnight of ``on`` for each range that starts that day."""
    special = next((e for e in hours.exceptions if e.on == on), None)
    if special is not None:
        if special.closed or special.opens is None or special.closes is None:
            return []
        length = (special.closes - special.opens) % MINUTES_PER_DAY or MINUTES_PER_DAY
        return [(special.opens, special.opens + length)]
    if hours.closed_on_holidays and is_public_holiday(on):
        return []
    day = _day_number(on)
    return [(r.opens, r.opens + r.length) for r in hours.weekly if r.day == day]


def _local(on: date, minutes: int) -> datetime:
    """The instant the wall clock in Oslo shows ``minutes`` after midnight of ``on``.

    A time the clocks skip (02:30 on the last Sunday of March) is the moment after the gap.
    """
    moment = datetime.combine(on + timedelta(days=minutes // 1440), clock_time(minutes), ZONE)
    return moment.astimezone(UTC).astimezone(ZONE)


def is_open(hours: OpeningHours, instant: datetime) -> bool:
    """Whether the place is open at ``instant`` (an aware datetime), on Oslo's wall clock."""
    local = instant.astimezone(ZONE)
    minute = local.hour * 60 + local.minute
    today = local.date()
    for opens, end in ranges_starting_on(hours, today):
        if opens <= minute < end:
            return True
    for opens, end in ranges_starting_on(hours, today - timedelta(days=1)):
        if opens <= minute + MINUTES_PER_DAY < end:
            return True
    return False


def open_state(hours: OpeningHours, instant: datetime) -> OpenState:
    """Open now or not; when open, until when; when closed, when it next opens (≤ 14 days).

    Days are looked at one by one and only as far as needed: most places answer within a day.
    """
    now = instant.astimezone(UTC)
    horizon = now + timedelta(days=HORIZON_DAYS)
    first = instant.astimezone(ZONE).date() - timedelta(days=1)
    if not is_open(hours, instant):
        # only the starts are needed: a day's first start after now is the answer
        for offset in range(HORIZON_DAYS + 2):
            on = first + timedelta(days=offset)
            for opens, _end in sorted(ranges_starting_on(hours, on)):
                begins = _local(on, opens).astimezone(UTC)
                if begins > now:
                    opens_at = begins.astimezone(ZONE) if begins <= horizon else None
                    return OpenState(False, None, opens_at)
        return OpenState(False, None, None)
    # open: follow the ranges on the wall clock (minutes after ``first``'s midnight) while each
    # starts before the last one ends; only the final closing becomes an instant
    local = instant.astimezone(ZONE)
    minute = MINUTES_PER_DAY + local.hour * 60 + local.minute
    closes: int | None = None
    for offset in range(HORIZON_DAYS + 2):
        base = offset * MINUTES_PER_DAY
        if closes is not None and base > closes:
            break
        for opens, end in sorted(ranges_starting_on(hours, first + timedelta(days=offset))):
            start, stop = base + opens, base + end
            if closes is None:
                if start <= minute < stop:
                    closes = stop
            elif start <= closes:  # starts as (or before) the last one ends
                closes = max(closes, stop)
        if closes is not None and closes - minute > HORIZON_DAYS * MINUTES_PER_DAY:
            return OpenState(True, None, None)
    if closes is None:  # open by the wall clock in the hour the clocks repeat
        return OpenState(True, None, None)
    return OpenState(True, _local(first, closes), None)


def week_minute(instant: datetime) -> int:
    """Minutes after Sunday 00:00 on Oslo's wall clock at ``instant``."""
    local = instant.astimezone(ZONE)
    return _day_number(local.date()) * MINUTES_PER_DAY + local.hour * 60 + local.minute


def local_today(instant: datetime) -> date:
    """The date in Oslo at ``instant``."""
    return instant.astimezone(ZONE).date()
