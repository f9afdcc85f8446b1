"""Daily check-ins: consent first, one per day (edited, never duplicated), kind about bad days.

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
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from peerapp.errors import ValidationError
from peerapp.extensions import begin_write, db, utcnow
from peerapp.models.checkins import (
    REMINDER_KINDS,
    CheckIn,
    CheckInKey,
    Consent,
    Reminder,
    SoberPeriod,
)
from peerapp.models.people import User
from peerapp.services.checkins import anchors as checkins_anchors
from peerapp.services.notify import enqueue
from peerapp.services.privacy import audit, crypto

OSLO = ZoneInfo("Europe/Oslo")
_CLOCK = re.compile(r"([01][0-9]|2[0-3]):[0-5][0-9]")
MAX_NOTE_LENGTH = 4000
MAX_LABEL_LENGTH = 80
MAX_ANCHORS = 12
TREND_DAYS = 30
#: craving at or above this brings up help, without alarm
CRAVING_HIGH = 7
#: mood at or below this three days running brings up help
MOOD_LOW = 2
MOOD_LOW_DAYS = 3


class ConsentRequired(Exception):
    """Check-ins are kept only after the person consented to it."""


class KeyReused(Exception):
    """An ``Idempotency-Key`` already used for a different check-in."""


class UnknownMeeting(ValidationError):
    """A plan names a meeting that is not listed (and was not already in the day's plan)."""


def today() -> date:
    """Today in Norway."""
    return datetime.now(OSLO).date()


# --- consent ------------------------------------------------------------------------------------


def has_consent(user: User, scope: str = "checkins") -> bool:
    """Whether the person has consented to ``scope`` and not withdrawn it."""
    consent = db.session.scalars(
        sa.select(Consent).where(Consent.user_id == user.id, Consent.scope == scope)
    ).first()
    return consent is not None and consent.withdrawn_at is None


def give_consent(user: User, scope: str = "checkins") -> Consent:
    """Record consent (again, after a withdrawal: the time it was given anew)."""
    for _attempt in range(3):
        begin_write()
        consent = db.session.scalars(
            sa.select(Consent).where(Consent.user_id == user.id, Consent.scope == scope)
        ).first()
        if consent is None:
            consent = Consent(user_id=user.id, scope=scope)
            db.session.add(consent)
        elif consent.withdrawn_at is not None:
            consent.given_at, consent.withdrawn_at = utcnow(), None
        try:
            db.session.commit()
            return consent
        except IntegrityError:
            db.session.rollback()  # given in a parallel request a moment ago: read it
    raise RuntimeError("consent neither stored nor found")  # pragma: no cover


def withdraw_consent(user: User, scope: str = "checkins") -> bool:
    """Withdraw consent; check-ins already kept stay until erased. False when none was given."""
    begin_write()
    consent = db.session.scalars(
        sa.select(Consent).where(Consent.user_id == user.id, Consent.scope == scope)
    ).first()
    if consent is None or consent.withdrawn_at is not None:
        db.session.rollback()
        return False
    consent.withdrawn_at = utcnow()
    db.session.commit()
    return True


# --- one check-in -------------------------------------------------------------------------------


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
        if when not in (None, "") and not _is_clock(when):
            errors["plan"] = _("Give times as HH:MM, such as 07:30.")
            return ()
        anchors.append(Anchor(label.strip() if label else None, when or None, meeting_id))
    return tuple(anchors)


def _is_clock(value: Any) -> bool:
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
        begin_write()
        if not has_consent(user):
            db.session.rollback()
            raise ConsentRequired
        if key is not None:
            seen = db.session.scalars(
                sa.select(CheckInKey).where(CheckInKey.user_id == user.id, CheckInKey.key == key)
            ).first()
            if seen is not None:
                db.session.rollback()
                if seen.body_hash != digest:
                    raise KeyReused
                checkin = db.session.get(CheckIn, seen.checkin_id)
                assert checkin is not None
                return Saved(checkin, created=False, replayed=True)
        try:
            checkin = db.session.scalars(
                sa.select(CheckIn).where(CheckIn.user_id == user.id, CheckIn.day == entry.day)
            ).first()
            created = checkin is None
            try:
                plan = _with_meetings(entry, checkin.plan if checkin is not None else [])
            except UnknownMeeting:
                db.session.rollback()
                raise
            if checkin is None:
                checkin = CheckIn(user_id=user.id, day=entry.day)
                db.session.add(checkin)
            _fill(checkin, entry, plan)
            db.session.flush()
            if key is not None:
                db.session.add(
                    CheckInKey(user_id=user.id, key=key, body_hash=digest, checkin_id=checkin.id)
                )
            db.session.commit()
            return Saved(checkin, created)
        except IntegrityError:
            db.session.rollback()  # the same day or key written at the same moment: try again
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


# --- seeing progress ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Progress:
    """What the person sees of the last days: kind numbers, never a broken streak."""

    days_checked_in: int
    days_in_window: int
    this_week: int
    trend: list[CheckIn]


def progress(user: User, until: date | None = None, days: int = TREND_DAYS) -> Progress:
    """Days with a check-in in the last ``days`` days (and this week), and the trend."""
    until = until or today()
    first = until - timedelta(days=days - 1)
    rows = between(user, first, until)
    week_start = until - timedelta(days=until.weekday())
    return Progress(
        days_checked_in=len(rows),
        days_in_window=days,
        this_week=sum(1 for row in rows if row.day >= week_start),
        trend=rows,
    )


def needs_support(user: User, until: date | None = None) -> bool:
    """Craving at 7 or more today, or mood at 2 or less three days running."""
    until = until or today()
    rows = {row.day: row for row in between(user, until - timedelta(days=MOOD_LOW_DAYS - 1), until)}
    latest = rows.get(until)
    if latest is not None and latest.craving is not None and latest.craving >= CRAVING_HIGH:
        return True
    low = [rows.get(until - timedelta(days=n)) for n in range(MOOD_LOW_DAYS)]
    return all(row is not None and row.mood is not None and row.mood <= MOOD_LOW for row in low)


# --- reminders ----------------------------------------------------------------------------------


def reminders_of(user: User) -> dict[str, str]:
    """The person's reminder times by kind (``morning``, ``evening``)."""
    return {
        reminder.kind: reminder.at
        for reminder in db.session.scalars(sa.select(Reminder).where(Reminder.user_id == user.id))
    }


def set_reminders(user: User, times: dict[str, str | None], now: datetime | None = None) -> None:
    """Set or clear (``None`` or empty) each reminder; one set for a time already passed today
    starts tomorrow."""
    errors = {
        kind: _("Give times as HH:MM, such as 07:30.")
        for kind, when in times.items()
        if when and not _is_clock(when)
    }
    if unknown := set(times) - set(REMINDER_KINDS):
        errors.update(dict.fromkeys(unknown, _("Unknown reminder.")))
    if errors:
        raise ValidationError(errors)
    local = (now or utcnow()).astimezone(OSLO)
    begin_write()
    existing = {
        reminder.kind: reminder
        for reminder in db.session.scalars(sa.select(Reminder).where(Reminder.user_id == user.id))
    }
    for kind, when in times.items():
        reminder = existing.get(kind)
        if not when:
            if reminder is not None:
                db.session.delete(reminder)
            continue
        if reminder is None:
            reminder = Reminder(user_id=user.id, kind=kind)
            db.session.add(reminder)
        if reminder.at != when:
            reminder.at = when
            passed = local.strftime("%H:%M") >= when
            reminder.last_sent_on = local.date() if passed else local.date() - timedelta(days=1)
    try:
        db.session.commit()
    except IntegrityError:
        # the same reminder set in a parallel request: that one stands
        db.session.rollback()


def send_due_reminders(now: datetime | None = None) -> int:
    """Queue each reminder whose time has come today in Norway and that has not gone today."""
    local = (now or utcnow()).astimezone(OSLO)
    day, clock = local.date(), local.strftime("%H:%M")
    begin_write()
    due = db.session.scalars(
        sa.select(Reminder).where(
            Reminder.at <= clock,
            sa.or_(Reminder.last_sent_on.is_(None), Reminder.last_sent_on < day),
        )
    ).all()
    for reminder in due:
        user = db.session.get(User, reminder.user_id)
        reminder.last_sent_on = day
        if user is not None:
            enqueue.queue_push(
                user,
                f"checkin_{reminder.kind}",
                {},
                dedupe_key=f"reminder:{reminder.id}:{day.isoformat()}",
            )
    db.session.commit()
    return len(due)


# --- the sober-days counter ---------------------------------------------------------------------


@dataclass(frozen=True)
class SoberDays:
    """The counter as the person sees it: the current stretch, and every earlier one kept."""

    current: SoberPeriod | None
    days: int
    earlier: list[SoberPeriod]
    total_days: int


def _length(period: SoberPeriod, until: date) -> int:
    return ((period.ended_on or until) - period.started_on).days + 1


def sober_days(user: User, on: date | None = None) -> SoberDays:
    """The counter on ``on`` (today): days in the current stretch, earlier ones, and in all."""
    on = on or today()
    periods = list(
        db.session.scalars(
            sa.select(SoberPeriod)
            .where(SoberPeriod.user_id == user.id)
            .order_by(SoberPeriod.started_on.desc(), SoberPeriod.id.desc())
        )
    )
    current = next((p for p in periods if p.ended_on is None), None)
    return SoberDays(
        current=current,
        days=_length(current, on) if current else 0,
        earlier=[p for p in periods if p.ended_on is not None],
        total_days=sum(_length(p, on) for p in periods),
    )


def start_counting(user: User, started_on: date, on: date | None = None) -> SoberPeriod:
    """Start (or start again) counting sober days from ``started_on``."""
    on = on or today()
    if started_on > on or started_on < on - timedelta(days=365 * 50):
        raise ValidationError({"started_on": _("Choose a day that is not in the future.")})
    begin_write()
    if db.session.scalars(
        sa.select(SoberPeriod).where(SoberPeriod.user_id == user.id, SoberPeriod.ended_on.is_(None))
    ).first():
        db.session.rollback()
        raise ValidationError({"started_on": _("The counter is already counting.")})
    last_end = db.session.scalar(
        sa.select(sa.func.max(SoberPeriod.ended_on)).where(SoberPeriod.user_id == user.id)
    )
    if last_end is not None and started_on <= last_end:
        db.session.rollback()
        raise ValidationError({"started_on": _("Choose a day after the last stretch you counted.")})
    period = SoberPeriod(user_id=user.id, started_on=started_on)
    db.session.add(period)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()  # started in a parallel request a moment ago
        raise ValidationError({"started_on": _("The counter is already counting.")}) from None
    return period


def pause_counting(user: User, on: date | None = None) -> bool:
    """Pause the counter; the stretch is kept in the history. False when it was not counting."""
    on = on or today()
    begin_write()
    period = db.session.scalars(
        sa.select(SoberPeriod).where(SoberPeriod.user_id == user.id, SoberPeriod.ended_on.is_(None))
    ).first()
    if period is None:
        db.session.rollback()
        return False
    period.ended_on = max(period.started_on, on - timedelta(days=1))
    db.session.commit()
    return True


# --- sharing ------------------------------------------------------------------------------------


def shared_with_clinic(staff: User, client: User) -> Progress | None:
    """The figures ``client`` shares with ``staff``'s clinic (audited), or ``None``."""
    if (
        staff.clinic_id is None
        or client.clinic_id != staff.clinic_id
        or not has_consent(client, "share_clinic")
    ):
        return None
    begin_write()
    audit.record(staff, "checkins.view", client, object_type="checkins")
    db.session.commit()
    return progress(client)
