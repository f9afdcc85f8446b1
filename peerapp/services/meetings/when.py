"""When a meeting is held, judged in its own time zone: weekly ones by arithmetic, others by rule.

A weekly meeting is a minute of the week (``week_minute``) and a length, so "in progress", "starting
within" and "soonest first" are arithmetic the search does over arrays (``snapshot.py``). A meeting
with a rule or exceptions (``irregular``) is asked for its occurrences instead (``recurrence.py``);
the search does that for the few such meetings it meets, remembered to the minute.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import NamedTuple
from zoneinfo import ZoneInfo

from peerapp.models.meetings import MINUTES_PER_WEEK
from peerapp.services.meetings import recurrence
from peerapp.services.meetings.recurrence import Occurrence, Recurring

#: a meeting counts as "starting soon" this many minutes ahead
STARTING_SOON_MINUTES = 60


def week_minute_at(instant: datetime, zone: str) -> int:
    """Minutes since Sunday 00:00 in ``zone`` at ``instant``."""
    local = instant.astimezone(_zone(zone))
    return (local.isoweekday() % 7) * 1440 + local.hour * 60 + local.minute


@lru_cache(maxsize=1024)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def next_start(meeting_day: int, start: time, zone: str, instant: datetime) -> datetime:
    """The next time this weekly meeting starts, as an aware local datetime (DST-correct)."""
    tz = _zone(zone)
    local = instant.astimezone(tz)
    days_ahead = (meeting_day - local.isoweekday() % 7) % 7
    candidate = datetime.combine(local.date() + timedelta(days=days_ahead), start, tz)
    if candidate <= local.replace(second=0, microsecond=0) - timedelta(seconds=1):
        candidate = datetime.combine(candidate.date() + timedelta(days=7), start, tz)
    return candidate


def minutes_until(week_minute: int, now_minute: int) -> int:
    """Minutes from ``now_minute`` to the next ``week_minute`` (0 when it starts this minute)."""
    return (week_minute - now_minute) % MINUTES_PER_WEEK


def is_in_progress(week_minute: int, duration: int, now_minute: int) -> bool:
    """Whether a weekly meeting at ``week_minute`` lasting ``duration`` runs at ``now_minute``."""
    return (now_minute - week_minute) % MINUTES_PER_WEEK < duration


def time_rank(week_minute: int, duration: int, now_minute: int) -> int:
    """Soonest first: meetings in progress (the latest started first), then by next start."""
    elapsed = (now_minute - week_minute) % MINUTES_PER_WEEK
    if elapsed < duration:
        return elapsed - MINUTES_PER_WEEK
    return minutes_until(week_minute, now_minute)


@dataclass(frozen=True)
class Moment:
    """What is true of one meeting at an instant: its current or next start, and how soon."""

    starts_at: datetime
    in_progress: bool
    #: minutes to the next start (for a meeting in progress, to the one after)
    until: int
    #: in progress: minutes since it started
    elapsed: int

    @property
    def rank(self) -> int:
        """Soonest first, those in progress before all (the latest started first)."""
        return self.elapsed - MINUTES_PER_WEEK if self.in_progress else self.until

    @property
    def starting_soon(self) -> bool:
        """Whether it starts within the hour."""
        return self.until <= STARTING_SOON_MINUTES


def _minutes(delta: timedelta) -> int:
    return int(delta.total_seconds() // 60)


def moment_of(meeting: Recurring, now: datetime) -> Moment | None:
    """The meeting at ``now``: in progress (its start), else its next start; ``None`` when a rule
    has no occurrence left."""
    floor = now.replace(second=0, microsecond=0)
    if not recurrence.is_irregular(meeting):
        minute = week_minute_at(now, meeting.timezone)
        week_minute = meeting.day * 1440 + meeting.time.hour * 60 + meeting.time.minute
        upcoming = next_start(meeting.day, meeting.time, meeting.timezone, now)
        if is_in_progress(week_minute, meeting.duration_minutes, minute):
            started = datetime.combine(
                upcoming.date() - timedelta(days=7), meeting.time, upcoming.tzinfo
            )
            return Moment(started, True, _minutes(upcoming - floor), _minutes(floor - started))
        return Moment(upcoming, False, minutes_until(week_minute, minute), 0)
    current = recurrence.current_or_next(meeting, now)
    if current is None:
        return None
    if current.start <= now < current.end:
        following = recurrence.next_after(meeting, current.start)
        until = _minutes(following.start - floor) if following else 10 * MINUTES_PER_WEEK
        return Moment(current.start, True, until, _minutes(floor - current.start))
    return Moment(current.start, False, _minutes(current.start - floor), 0)


def _in_window(start: time, low: time | None, high: time | None) -> bool:
    if low is not None and high is not None:
        return low <= start <= high if low <= high else start >= low or start <= high
    if low is not None:
        return start >= low
    return high is None or start <= high


def irregular_matches(
    meeting: Recurring,
    now: datetime,
    *,
    day: int | None,
    time_from: time | None,
    time_to: time | None,
    in_progress: bool,
    starting_within: int | None,
) -> Moment | None:
    """The meeting's moment when it passes the clock filters of a search, else ``None``.

    ``day`` means the coming date with that weekday (today included) in the meeting's zone: a
    monthly meeting is found on the Sunday it is held, not on the others.
    """
    return _passes(
        meeting,
        moment_of(meeting, now),
        lambda when: recurrence.on_date(meeting, when),
        now,
        day,
        time_from,
        time_to,
        in_progress,
        starting_within,
    )


def _passes(
    meeting: Recurring,
    moment: Moment | None,
    on_date: Callable[[date], Sequence[Occurrence]],
    now: datetime,
    day: int | None,
    time_from: time | None,
    time_to: time | None,
    in_progress: bool,
    starting_within: int | None,
) -> Moment | None:
    if moment is None:
        return None
    candidates: Sequence[Occurrence] | None = None
    if day is not None:
        candidates = on_date(recurrence.next_date_on(day, now, meeting.timezone))
        if not candidates:
            return None
    if time_from is not None or time_to is not None:
        starts = [o.start for o in candidates] if candidates is not None else [moment.starts_at]
        if not any(_in_window(start.time(), time_from, time_to) for start in starts):
            return None
    if in_progress and not moment.in_progress:
        return None
    if starting_within is not None and moment.until > starting_within:
        return None
    return moment


class RuleRow(NamedTuple):
    """The columns the rules of a meeting read, as a search fetches them (hashable, and hashed
    and compared in C: a dense circle holds hundreds of such meetings)."""

    day: int
    time: time
    timezone: str
    duration_minutes: int
    recurrence: str | None
    recurrence_start: date | None
    exceptions_text: str | None


#: per rule: from when until when (timestamps) its current and following occurrence hold, those
#: occurrences, and whether the current one is in progress
_spans: dict[RuleRow, tuple[float, float, Occurrence | None, Occurrence | None, bool]] = {}
MAX_SPANS = 50_000


def moment_at(row: RuleRow, minute: datetime) -> Moment | None:
    """``moment_of`` at a whole minute, remembered until the meeting next starts or ends: every
    search meets hundreds of such meetings in a dense city, and their moments change only then
    (and the occurrences are read again at the turn of each month, as ``recurrence`` keeps them)."""
    if not recurrence.is_irregular(row):
        return moment_of(row, minute)
    stamp = minute.timestamp()
    span = _spans.get(row)
    if span is None or not span[0] <= stamp < span[1]:
        span = _span(row, minute)
        if len(_spans) >= MAX_SPANS:
            _spans.clear()
        _spans[row] = span
    _low, _high, current, following, in_progress = span
    if current is None:
        return None
    if in_progress:
        until = _minutes(following.start - minute) if following else 10 * MINUTES_PER_WEEK
        return Moment(current.start, True, until, _minutes(minute - current.start))
    return Moment(current.start, False, _minutes(current.start - minute), 0)


def forget_moments() -> None:
    """Forget every remembered moment (the benchmark's first search of a minute)."""
    _spans.clear()
    on_date_of.cache_clear()
    irregular_matches_at.cache_clear()


def _span(
    row: RuleRow, minute: datetime
) -> tuple[float, float, Occurrence | None, Occurrence | None, bool]:
    first = minute.date().replace(day=1)
    following_month = (first + timedelta(days=32)).replace(day=1)
    month_end = datetime.combine(following_month, time(0), minute.tzinfo).timestamp()
    stamp = minute.timestamp()
    current = recurrence.current_or_next(row, minute)
    if current is None:
        return stamp, month_end, None, None, False
    if current.start <= minute < current.end:
        following = recurrence.next_after(row, current.start)
        ends = current.end if following is None else min(current.end, following.start)
        return stamp, min(ends.timestamp(), month_end), current, following, True
    return stamp, min(current.start.timestamp(), month_end), current, None, False


@lru_cache(maxsize=20_000)
def on_date_of(row: RuleRow, when: date) -> tuple[Occurrence, ...]:
    return tuple(recurrence.on_date(row, when))


@lru_cache(maxsize=50_000)
def irregular_matches_at(
    row: RuleRow,
    minute: datetime,
    day: int | None,
    time_from: time | None,
    time_to: time | None,
    in_progress: bool,
    starting_within: int | None,
) -> Moment | None:
    """``irregular_matches`` at a whole minute, from the remembered moment and dates, and itself
    remembered for the minute: a dense circle holds hundreds of such meetings, and every search
    there in that minute with the same clock filters meets the same answers."""
    return _passes(
        row,
        moment_at(row, minute),
        lambda when: on_date_of(row, when),
        minute,
        day,
        time_from,
        time_to,
        in_progress,
        starting_within,
    )
