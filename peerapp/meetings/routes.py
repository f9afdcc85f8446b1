"""The meeting finder, meeting pages and their calendar files."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from urllib.parse import parse_qsl, urlencode, urlsplit
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_time, get_day_names, get_timezone_name
from babel.numbers import format_decimal
from flask import Response, abort, render_template, request, url_for
from flask.blueprints import BlueprintSetupState
from flask.typing import ResponseReturnValue
from flask_babel import get_locale
from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from peerapp.access import public
from peerapp.extensions import utcnow
from peerapp.finder import (
    ATTENDANCE_CHOICES,
    NOW_CHOICES,
    RADIUS_CHOICES,
    read_finder_form,
)
from peerapp.meetings import bp
from peerapp.models import Meeting
from peerapp.services.meetings.calendar import meeting_ics
from peerapp.services.meetings.describe import find_meeting
from peerapp.services.meetings.search import (
    MINUTES_PER_WEEK,
    next_start,
    search_meetings,
    week_minute_at,
)
from peerapp.services.meetings.vocabulary import (
    ACCESSIBILITY_TYPES,
    FELLOWSHIPS,
    LANGUAGE_TYPES,
    MEETING_TYPES,
    type_label,
)
from peerapp.services.stewardship.listings import is_stale


@bp.record_once
def _template_constants(state: BlueprintSetupState) -> None:
    """Give every template the vocabulary the meeting macros use."""
    state.app.jinja_env.globals.update(
        fellowships_by_code=FELLOWSHIPS,
        LANGUAGE_TYPES=LANGUAGE_TYPES,
        ACCESSIBILITY_TYPES=ACCESSIBILITY_TYPES,
    )


@dataclass(frozen=True)
class Schedule:
    """When a meeting is next held, as the meeting page tells it."""

    starts_at: datetime
    ends_at: datetime
    in_progress: bool
    minutes_until: int


@bp.get("/")
@public
def finder() -> ResponseReturnValue:
    """Find a meeting near me, now: the form, and the meetings it finds."""
    form = read_finder_form(request.args)
    result = search_meetings(form.query) if form.query is not None else None
    page = render_template(
        "meetings/finder.html",
        form=form,
        result=result,
        fellowships=FELLOWSHIPS.values(),
        radius_choices=RADIUS_CHOICES,
        now_choices=NOW_CHOICES,
        attendance_choices=ATTENDANCE_CHOICES,
        language_choices=[(code, MEETING_TYPES[code]) for code in LANGUAGE_TYPES],
        day_choices=[(day, weekday_name(day)) for day in (1, 2, 3, 4, 5, 6, 0)],
    )
    return page, 400 if form.bad_request else 200


def _listed_meeting(meeting_id: int) -> Meeting:
    """The meeting with this id (archived ones too: the views answer 410); 404 when none."""
    meeting = find_meeting(meeting_id)
    if meeting is None:
        abort(404)
    return meeting


@bp.get("/meetings/<int:meeting_id>")
@public
def meeting_page(meeting_id: int) -> ResponseReturnValue:
    """One meeting: when, where, how to get there or join, and how to keep it."""
    meeting = _listed_meeting(meeting_id)
    if meeting.archived_at is not None:
        return render_template("meetings/ended.html", meeting=meeting, back_url=_back_url()), 410
    now = utcnow()
    return render_template(
        "meetings/meeting.html",
        meeting=meeting,
        schedule=meeting_schedule(meeting, now),
        stale=is_stale(meeting, now),
        back_url=_back_url(),
        now=now,
    )


@bp.get("/meetings/<int:meeting_id>.ics")
@public
def meeting_calendar(meeting_id: int) -> ResponseReturnValue:
    """The meeting as a weekly event to add to a calendar."""
    meeting = _listed_meeting(meeting_id)
    if meeting.archived_at is not None:
        abort(410)
    url = url_for("meetings.meeting_page", meeting_id=meeting.id, _external=True)
    body = meeting_ics(meeting, url=url, host=urlsplit(request.host_url).hostname or "localhost")
    response = Response(body, mimetype="text/calendar")
    response.headers["Content-Disposition"] = f'attachment; filename="{meeting.slug}.ics"'
    return response


def meeting_schedule(meeting: Meeting, now: datetime) -> Schedule:
    """The next (or current) occurrence of a weekly meeting."""
    minute = week_minute_at(now, meeting.timezone)
    elapsed = (minute - meeting.week_minute) % MINUTES_PER_WEEK
    in_progress = elapsed < meeting.duration_minutes
    if in_progress:
        starts_at = now.astimezone(ZoneInfo(meeting.timezone)) - timedelta(minutes=elapsed)
        starts_at = starts_at.replace(second=0, microsecond=0)
    else:
        starts_at = next_start(meeting.day, meeting.time, meeting.timezone, now)
    ends_at = starts_at + timedelta(minutes=meeting.duration_minutes)
    until = max(0, int((starts_at - now).total_seconds() // 60))
    return Schedule(starts_at, ends_at, in_progress, until)


def _back_url() -> str:
    """The finder with the search the person came from (carried in ``back``), or the finder."""
    back = request.args.get("back", "")
    search: MultiDict[str, str] = MultiDict(parse_qsl(back))
    search.pop("lang", None)
    query = _encode(search)
    return url_for("meetings.finder") + (f"?{query}" if query else "")


def _encode(args: MultiDict[str, str]) -> str:
    """A query string from (possibly repeated) parameters."""
    return urlencode(list(args.items(multi=True)))


# --- how things read in the page's language ---------------------------------------------------


def _babel_locale() -> str:
    """The Babel locale for formatting: British English writes the 24-hour clock used here."""
    lang = str(get_locale() or "nb")
    return "en_GB" if lang == "en" else lang


def weekday_name(day: int, capitalise: bool = True) -> str:
    """The name of a weekday (0 = Sunday) in the page's language, capitalised or mid-sentence."""
    name = get_day_names("wide", locale=_babel_locale())[(day - 1) % 7]
    return name[:1].upper() + name[1:] if capitalise else name


@bp.app_template_global()
def clock(value: time | datetime) -> str:
    """A wall-clock time such as 19:00, as written in the page's language."""
    if isinstance(value, datetime):
        value = value.timetz().replace(tzinfo=None)
    return format_time(value, "short", locale=_babel_locale())


@bp.app_template_global()
def distance(km: float) -> str:
    """A distance such as "1,2 km" (one decimal below 10 km)."""
    pattern = "#,##0.0" if km < 10 else "#,##0"
    return _("%(number)s km", number=format_decimal(km, pattern, locale=_babel_locale()))


@bp.app_template_global()
def day_label(day: int, capitalise: bool = True) -> str:
    """The weekday name of a meeting day (0 = Sunday)."""
    return weekday_name(day, capitalise)


@bp.app_template_global()
def relative_day(starts_at: datetime, now: datetime) -> str:
    """ "Today", "Tomorrow" or the weekday of a coming occurrence, in the meeting's zone."""
    local_today = now.astimezone(starts_at.tzinfo).date()
    days = (starts_at.date() - local_today).days
    if days == 0:
        return _("Today")
    if days == 1:
        return _("Tomorrow")
    return weekday_name(starts_at.isoweekday() % 7)


@bp.app_template_global()
def long_date(value: date | datetime, zone: str | None = None, capitalise: bool = True) -> str:
    """A date written out, such as "Tirsdag 24. november 2026"."""
    if isinstance(value, datetime):
        value = value.astimezone(ZoneInfo(zone)) if zone else value
        value = value.date()
    text = format_date(value, "full", locale=_babel_locale())
    return text[:1].upper() + text[1:] if capitalise else text


@bp.app_template_global()
def next_date(starts_at: datetime, now: datetime) -> str:
    """The date of the next occurrence, led by "Today" or "Tomorrow" when it is that close."""
    day = relative_day(starts_at, now)
    if day in (_("Today"), _("Tomorrow")):
        return _("%(day)s, %(date)s", day=day, date=long_date(starts_at, capitalise=False))
    return long_date(starts_at)


@bp.app_template_global()
def zone_name(moment: datetime) -> str:
    """The name of the time zone at that moment, such as "Central European Summer Time"."""
    return get_timezone_name(moment, "long", locale=_babel_locale())


@bp.app_template_global()
def iso(moment: datetime) -> str:
    """A machine-readable instant for ``<time datetime>``."""
    return moment.isoformat(timespec="minutes")


@bp.app_template_global()
def meeting_type(code: str) -> str:
    """The translated label of a Meeting Guide type code."""
    return type_label(code)


@bp.app_template_global()
def finder_url(**changes: str | None) -> str:
    """This finder page's URL with some parameters changed (``None`` drops one)."""
    args = MultiDict(request.args)
    args.pop("lang", None)
    for key, value in changes.items():
        args.pop(key, None)
        if value is not None:
            args[key] = value
    query = _encode(args)
    return url_for("meetings.finder") + (f"?{query}" if query else "")


@bp.app_template_global()
def meeting_url(meeting: Meeting) -> str:
    """A meeting page's URL that remembers the search it was found with."""
    search = MultiDict(request.args)
    for key in ("lang", "cursor"):
        search.pop(key, None)
    back = _encode(search)
    return url_for("meetings.meeting_page", meeting_id=meeting.id, back=back or None)


@bp.app_template_global()
def safe_web_url(url: str | None) -> str | None:
    """``url`` when it is an http(s) link, else ``None`` (feeds sometimes carry other schemes)."""
    if url and urlsplit(url.strip()).scheme in ("http", "https"):
        return url.strip()
    return None


@bp.app_template_global()
def tel_href(phone: str | None) -> str | None:
    """A ``tel:`` link for a phone number as people write it, or ``None``."""
    if not phone:
        return None
    digits = "".join(c for c in phone if c.isdigit() or c in "+,;#*")
    return f"tel:{digits}" if any(c.isdigit() for c in digits) else None
