"""The daily check-in: the morning's plan and the evening's check, one per day (edited, never
duplicated), after consent.

A bad day is information, never a reset: there are no streaks that break, only the days with a
check-in and a trend. The note is encrypted; the figures are kept plain to draw the trend.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from peerapp.extensions import db, utcnow
from peerapp.models.checkins import (
    CheckIn,
    CheckInKey,
)
from peerapp.models.people import User
from peerapp.services.checkins import anchors as checkins_anchors
from peerapp.services.checkins.consent import ConsentRequired, has_consent
from peerapp.services.errors import DomainError, ValidationError
from peerapp.services.privacy import crypto
from peerapp.services.unit import unit_of_work
from peerapp.words import _

OSLO = ZoneInfo("Europe/Oslo")
_CLOCK = re.compile(r"([01][0-9]|2[0-3]):[0-5][0-9]")
MAX_NOTE_LENGTH = 4000
MAX_LABEL_LENGTH = 80
MAX_ANCHORS = 12


class KeyReused(DomainError):
    """An ``Idempotency-Key`` already used for a different check-in."""


class UnknownMeeting(ValidationError):
    """A plan names a meeting that is not listed (and was not already in the day's plan)."""


def today() -> date:
    """Today in Norway."""
    return datetime.now(OSLO).date()


class Anchor(NamedTuple):
    """One anchor of the day's plan: a label and a time, or a meeting (its id), which brings its
    own name and time unless they are given."""

    label: str | None
    time: str | None = None
    meeting_id: int | None = None


@dataclass(frozen=True)
class Entry:
    """A check-in as sent, before it is checked."""

    day: date
    mood: int | None = None
    craving: int | None = None
    sleep_hours: float | None = None
    plan: tuple[Anchor, ...] = ()
    done: tuple[str, ...] = ()
    note: str | None = None


def _whole(value: Any, low: int, high: int, field: str, errors: dict[str, str]) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        errors[field] = _("Choose a whole number from %(low)d to %(high)d.", low=low, high=high)
        return None
    return value


def read_entry(body: dict[str, Any], now_day: date | None = None) -> Entry:
    """A check-in from a JSON body or a form; raises ``ValidationError`` naming each bad field."""
    errors: dict[str, str] = {}
    raw_day = body.get("date")
    day: date | None = None
    try:
        day = date.fromisoformat(raw_day) if isinstance(raw_day, str) else None
    except ValueError:
        day = None
    if day is None:
        errors["date"] = _("Give the day as YYYY-MM-DD.")
    elif day > (now_day or today()):
        errors["date"] = _("A check-in cannot be for a day that has not come yet.")
    elif day < (now_day or today()) - timedelta(days=365):
        errors["date"] = _("A check-in can be at most a year back.")
    mood = _whole(body.get("mood"), 1, 5, "mood", errors)
    craving = _whole(body.get("craving"), 0, 10, "craving", errors)
    sleep = body.get("sleep_hours")
    if sleep in (None, ""):
        sleep = None
    elif isinstance(sleep, bool) or not isinstance(sleep, int | float) or not 0 <= sleep <= 24:
        errors["sleep_hours"] = _("Give the hours of sleep as a number from 0 to 24.")
        sleep = None
    plan = _read_plan(body.get("plan"), errors)
    done = body.get("done") or []
    if (
        not isinstance(done, list)
        or len(done) > MAX_ANCHORS
        or not all(isinstance(label, str) and len(label) <= MAX_LABEL_LENGTH for label in done)
    ):
        errors["done"] = _("Give what got done as a list of labels.")
        done = []
    note = body.get("note")
    if note is not None and not isinstance(note, str):
        errors["note"] = _("The note must be text.")
    elif note and len(note) > MAX_NOTE_LENGTH:
        errors["note"] = _("Keep the note under %(num)d characters.", num=MAX_NOTE_LENGTH)
    if errors:
        raise ValidationError(errors)
    assert day is not None
    return Entry(
        day=day,
        mood=mood,
        craving=craving,
        sleep_hours=float(sleep) if sleep is not None else None,
        plan=plan,
        done=tuple(dict.fromkeys(label.strip() for label in done if label.strip())),
        note=(note or "").strip() or None,
    )


def _read_plan(raw: Any, errors: dict[str, str]) -> tuple[Anchor, ...]:
    if raw in (None, ""):
        return ()
    if not isinstance(raw, list) or len(raw) > MAX_ANCHORS:
        errors["plan"] = _("Give at most %(num)d anchors for the day.", num=MAX_ANCHORS)
        return ()
    anchors = []
    for item in raw:
        label = item.get("label") if isinstance(item, dict) else None
        when = item.get("time") if isinstance(item, dict) else None
        meeting_id = item.get("meeting_id") if isinstance(item, dict) else None
        if meeting_id is not None and (
            isinstance(meeting_id, bool) or not isinstance(meeting_id, int)
        ):
            errors["plan"] = _("Choose the meeting from the list (its id is a whole number).")
            return ()
        if meeting_id is not None and label in (None, ""):
            label = None  # the meeting's own name
        elif not isinstance(label, str) or not label.strip() or len(label) > MAX_LABEL_LENGTH:
            errors["plan"] = _("Each anchor needs a short label.")
            return ()
        if when not in (None, "") and not is_clock(when):
            errors["plan"] = _("Give times as HH:MM, such as 07:30.")
            return ()
        anchors.append(Anchor(label.strip() if label else None, when or None, meeting_id))
    return tuple(anchors)


def is_clock(value: Any) -> bool:
    """``HH:MM`` in ASCII digits, 00:00 to 23:59."""
    return isinstance(value, str) and _CLOCK.fullmatch(value) is not None


def _digest(entry: Entry) -> str:
    body = json.dumps(
        [
            entry.day.isoformat(),
            entry.mood,
            entry.craving,
            entry.sleep_hours,
            # written as before meetings could be named, so that keys sent earlier still replay
            [anchor[:2] if anchor.meeting_id is None else anchor for anchor in entry.plan],
            entry.done,
            entry.note,
        ],
        default=str,
    )
    return hashlib.sha256(body.encode()).hexdigest()


@dataclass(frozen=True)
class Saved:
    """A check-in written (or found unchanged for a replayed key)."""

    checkin: CheckIn
    created: bool
    #: the key was seen before: nothing was written
    replayed: bool = False


def save(user: User, entry: Entry, key: str | None = None) -> Saved:
    """Write the day's check-in (a new one, or the day's one edited); a replayed key changes
    nothing. Raises ``ConsentRequired`` before consent, ``KeyReused`` for a key reused for
    something else and ``UnknownMeeting`` for a meeting in the plan that is not listed."""
    digest = _digest(entry)
    for _attempt in range(3):
        try:
            with unit_of_work() as session:
                if not has_consent(user):
                    raise ConsentRequired
                if key is not None:
                    seen = session.scalars(
                        sa.select(CheckInKey).where(
                            CheckInKey.user_id == user.id, CheckInKey.key == key
                        )
                    ).first()
                    if seen is not None:
                        if seen.body_hash != digest:
                            raise KeyReused
                        checkin = session.get(CheckIn, seen.checkin_id)
                        assert checkin is not None
                        return Saved(checkin, created=False, replayed=True)
                checkin = session.scalars(
                    sa.select(CheckIn).where(CheckIn.user_id == user.id, CheckIn.day == entry.day)
                ).first()
                created = checkin is None
                plan = _with_meetings(entry, checkin.plan if checkin is not None else [])
                if checkin is None:
                    checkin = CheckIn(user_id=user.id, day=entry.day)
                    session.add(checkin)
                _fill(checkin, entry, plan)
                session.flush()
                if key is not None:
                    session.add(
                        CheckInKey(
                            user_id=user.id, key=key, body_hash=digest, checkin_id=checkin.id
                        )
                    )
                    session.flush()
            return Saved(checkin, created)
        except IntegrityError:
            continue  # the same day or key written at the same moment: try again
    raise RuntimeError("check-in neither stored nor found")  # pragma: no cover


def _with_meetings(entry: Entry, earlier: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The plan to store: each meeting named by id gets its name and time (unless given). A
    meeting must be listed, or already be in the day's plan (so that a day stays editable after
    its meeting has ended); raises ``UnknownMeeting`` otherwise."""
    known = {item.get("meeting_id"): item for item in earlier if item.get("meeting_id")}
    plan: list[dict[str, Any]] = []
    planned: set[int] = set()
    for anchor in entry.plan:
        if anchor.meeting_id is None:
            plan.append({"label": anchor.label, "time": anchor.time})
            continue
        if anchor.meeting_id in planned:
            continue  # the same meeting twice is one anchor
        planned.add(anchor.meeting_id)
        meeting = checkins_anchors.listed_meeting(anchor.meeting_id)
        before = known.get(anchor.meeting_id)
        if meeting is None and before is None:
            raise UnknownMeeting(
                {"plan": _("That meeting is not listed (it may have ended). Choose another one.")}
            )
        label: str | None
        time: str | None
        if meeting is not None:
            label = checkins_anchors.label_of(meeting, MAX_LABEL_LENGTH)
            time = checkins_anchors.start_in_norway(meeting, entry.day)
        else:
            assert before is not None
            label, time = before.get("label"), before.get("time")
        plan.append(
            {
                "label": anchor.label or label,
                "time": anchor.time or time,
                "meeting_id": anchor.meeting_id,
            }
        )
    return plan


def _fill(checkin: CheckIn, entry: Entry, plan: list[dict[str, Any]]) -> None:
    checkin.mood = entry.mood
    checkin.craving = entry.craving
    checkin.sleep_hours = entry.sleep_hours
    checkin.plan = plan
    checkin.done = list(entry.done)
    checkin.note = crypto.encrypt(entry.note) if entry.note else None
    checkin.updated_at = utcnow()


def note_of(checkin: CheckIn) -> str | None:
    """The private note in clear."""
    return crypto.decrypt(checkin.note) if checkin.note else None


def day_of(user: User, day: date) -> CheckIn | None:
    """The person's check-in for one day."""
    return db.session.scalars(
        sa.select(CheckIn).where(CheckIn.user_id == user.id, CheckIn.day == day)
    ).first()


def between(user: User, first: date, last: date) -> list[CheckIn]:
    """The person's check-ins from ``first`` to ``last``, oldest first."""
    return list(
        db.session.scalars(
            sa.select(CheckIn)
            .where(CheckIn.user_id == user.id, CheckIn.day >= first, CheckIn.day <= last)
            .order_by(CheckIn.day)
        )
    )
