"""The meeting finder, meeting pages and their calendar files."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl, urlsplit
from zoneinfo import ZoneInfo

from flask import Response, abort, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.datastructures import MultiDict

from peerapp import links
from peerapp.access import public, roles
from peerapp.extensions import utcnow
from peerapp.finder import (
    BANDS,
    FINDER_TYPE_LABELS,
    NOW_CHOICES,
    RADIUS_CHOICES,
    TYPE_GROUPS,
    TYPE_IDS,
    read_finder_form,
)
from peerapp.home import home_page, wants_home
from peerapp.listing_forms import ATTENDANCE_CHOICES
from peerapp.listing_pages import encode_query, weekday_name
from peerapp.listing_reports import report_limit, report_page
from peerapp.meetings import bp
from peerapp.meetings.reminding import lead_from, my_reminders, share_qr
from peerapp.services import first_months
from peerapp.services.errors import ValidationError
from peerapp.services.meetings import reminders
from peerapp.services.meetings.calendar import meeting_ics
from peerapp.services.meetings.describe import find_meeting
from peerapp.services.meetings.filters import region_choices
from peerapp.services.meetings.schedule import printable_schedule
from peerapp.services.meetings.search import (
    MINUTES_PER_WEEK,
    meeting_moment,
    next_start,
    search_meetings,
    week_minute_at,
)
from peerapp.services.meetings.vocabulary import FELLOWSHIPS, LANGUAGE_TYPES, MEETING_TYPES
from peerapp.services.stewardship.listings import is_stale
from peerapp.services.stewardship.reports import has_open_report

if TYPE_CHECKING:
    from peerapp.models import Meeting


@dataclass(frozen=True)
class Schedule:
    """When a meeting is next held, as the meeting page tells it."""

    starts_at: datetime
    ends_at: datetime
    in_progress: bool
    minutes_until: int


@bp.post("/home/first-months")
@roles("client")
def first_months_choice() -> ResponseReturnValue:
    """A client keeps the weekly line on their home after three months, hides it, or goes back
    to the usual three months; back to the home, where the change shows."""
    try:
        first_months.choose(current_user._get_current_object(), request.form.get("choice", ""))
    except first_months.UnknownChoice:
        abort(400)
    return redirect(url_for("meetings.finder", _anchor="first-weeks-title"), 303)


@bp.get("/")
@public
def finder() -> ResponseReturnValue:
    """Find a meeting near me, now: the form, and the meetings it finds (a client's home)."""
    if wants_home():
        return home_page()
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
        type_groups=TYPE_GROUPS,
        type_ids=TYPE_IDS,
        type_labels=FINDER_TYPE_LABELS,
        meeting_types=MEETING_TYPES,
        bands=BANDS,
        regions=region_choices(),
    )
    return page, 400 if form.bad_request else 200


@bp.get("/meetings/print")
@public
def print_schedule() -> ResponseReturnValue:
    """A schedule of a town or a county to print on A4: by day, with the legend of type codes."""
    where = (request.args.get("where") or "").strip()
    fellowships = [code for code in request.args.getlist("fellowship") if code][:9]
    if not where:
        return render_template("meetings/print.html", schedule=None, where="", errors={})
    try:
        schedule = printable_schedule(where, fellowships)
    except ValidationError as error:
        page = render_template(
            "meetings/print.html", schedule=None, where=where, errors=error.errors
        )
        return page, 400
    return render_template(
        "meetings/print.html",
        schedule=schedule,
        where=schedule.where,
        fellowship=fellowships,
        errors={},
        printed_on=utcnow(),
    )


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
    url = links.meeting_page(meeting.id)
    return render_template(
        "meetings/meeting.html",
        meeting=meeting,
        share_url=url,
        share_qr=share_qr(url, _("QR code for this meeting's page")),
        reminder_leads=reminders.REMINDER_LEADS,
        default_lead=reminders.DEFAULT_LEAD,
        my_reminders=my_reminders(meeting, now),
        schedule=meeting_schedule(meeting, now),
        stale=is_stale(meeting, now),
        reported=has_open_report("meeting", meeting.id),
        back_url=_back_url(),
        now=now,
    )


@bp.route("/meetings/<int:meeting_id>/report", methods=["GET", "POST"])
@public
@report_limit()
def report_meeting(meeting_id: int) -> ResponseReturnValue:
    """Anyone tells the peer workers that this meeting's listing is wrong."""
    meeting = _listed_meeting(meeting_id)
    if meeting.archived_at is not None:
        abort(410)
    return report_page("meeting", meeting, url_for("meetings.meeting_page", meeting_id=meeting.id))


@bp.get("/meetings/<int:meeting_id>.ics")
@public
def meeting_calendar(meeting_id: int) -> ResponseReturnValue:
    """The meeting as a weekly event to add to a calendar; ``?remind=60`` adds an alarm that many
    minutes before each occurrence."""
    meeting = _listed_meeting(meeting_id)
    if meeting.archived_at is not None:
        abort(410)
    url = links.meeting_page(meeting.id)
    remind = request.args.get("remind")
    body = meeting_ics(
        meeting,
        url=url,
        host=urlsplit(request.host_url).hostname or "localhost",
        remind_minutes=None if remind is None else lead_from(remind) or -1,
    )
    response = Response(body, mimetype="text/calendar")
    response.headers["Content-Disposition"] = f'attachment; filename="{meeting.slug}.ics"'
    return response


def meeting_schedule(meeting: Meeting, now: datetime) -> Schedule:
    """The next (or current) occurrence of the meeting, weekly or by its rule."""
    moment = meeting_moment(meeting, now)
    if moment is not None:
        ends_at = moment.starts_at + timedelta(minutes=meeting.duration_minutes)
        until = max(0, int((moment.starts_at - now).total_seconds() // 60))
        return Schedule(moment.starts_at, ends_at, moment.in_progress, until)
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
    query = encode_query(search)
    return url_for("meetings.finder") + (f"?{query}" if query else "")
