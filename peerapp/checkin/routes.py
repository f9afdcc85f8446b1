"""The check-in page: plan the morning, check in at night, see the last 30 days."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from babel.dates import get_day_names
from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict

from peerapp.access import public, roles
from peerapp.charts import month_calendar, trend_chart
from peerapp.checkin import bp
from peerapp.errors import ValidationError
from peerapp.finder import FinderForm, read_finder_form, today_in_norway
from peerapp.i18n import current_language
from peerapp.services.checkins import anchors as checkins_anchors
from peerapp.services.checkins import consent as checkins_consent
from peerapp.services.checkins import daily, sober_days, trend
from peerapp.services.checkins import reminders as checkins_reminders
from peerapp.services.checkins.support import SOON_MINUTES, support_for
from peerapp.services.errors import NotFound

if TYPE_CHECKING:
    from peerapp.models.people import User

#: the anchors offered for a day, by the name the form uses
ANCHORS = {
    "wake": _l("Get up"),
    "breakfast": _l("Breakfast"),
    "lunch": _l("Lunch"),
    "dinner": _l("Dinner"),
    "activity": _l("Work, school or an activity"),
    "meeting": _l("A meeting"),
    "exercise": _l("Exercise or a walk"),
    "call": _l("Call someone"),
    "bedtime": _l("Bedtime"),
}
CHECKIN_ROLES = checkins_consent.CHECKIN_ROLES
#: rows for anchors of one's own on the page (one more than there are, up to this many)
MAX_OWN_ANCHORS = 4


def anchor_keys() -> dict[str, str]:
    """Each offered anchor's label in every language, to its key: a plan saved in one language
    still ticks the right boxes in another."""
    keys = {}
    for code in ("nb", "nn", "en"):
        with force_locale(code):
            keys.update({str(label): key for key, label in ANCHORS.items()})
    return keys


def split_plan(
    plan: list[dict[str, Any]],
) -> tuple[dict[str, str | None], list[dict[str, Any]], list[dict[str, Any]]]:
    """A saved plan as the offered anchors ticked (key to time), the person's own ones, and the
    meetings chosen by name."""
    keys = anchor_keys()
    offered: dict[str, str | None] = {}
    own = []
    meetings = []
    for item in plan:
        key = keys.get(item.get("label", ""))
        if item.get("meeting_id"):
            meetings.append(item)
        elif key is not None:
            offered[key] = item.get("time")
        else:
            own.append(item)
    return offered, own, meetings


@dataclass
class MeetingSearch:
    """The place typed (or the position sent) to find today's meetings, and what it found."""

    form: FinderForm
    found: list[checkins_anchors.MeetingChoice] = field(default_factory=list)


def _me() -> User:
    user: User = current_user._get_current_object()
    return user


def _may_check_in() -> bool:
    return bool(current_user.is_authenticated and current_user.role in CHECKIN_ROLES)


def weekday_names() -> list[tuple[str, str]]:
    """Monday to Sunday, short and full, in the reader's language."""
    locale = "en_GB" if current_language() == "en" else current_language()
    short = get_day_names("abbreviated", locale=locale)
    full = get_day_names("wide", locale=locale)
    return [(short[n], full[n]) for n in range(7)]


def meeting_search(day: date, planned: list[dict[str, Any]]) -> MeetingSearch | None:
    """Today's meetings near the place given on this request (a town or postal code in
    ``where``, or the phone's ``lat``/``lng``), leaving out those already planned; ``None``
    when no place was given. The place answers this one request and is kept nowhere."""
    args = request.args
    if not any(args.get(name, "").strip() for name in ("where", "lat", "lng")):
        return None
    form = read_finder_form(
        MultiDict({name: args.get(name, "") for name in ("where", "lat", "lng")} | {"day": "today"})
    )
    if form.query is None or not form.query.near:
        if not form.errors:
            form.errors["where"] = _("Type a town or a postal code.")
        return MeetingSearch(form)
    leave_out = [item["meeting_id"] for item in planned if item.get("meeting_id")]
    return MeetingSearch(form, checkins_anchors.meetings_near(form.query, day, leave_out))


def _page(
    errors: dict[str, str] | None = None,
    values: dict[str, Any] | None = None,
    reminder_errors: dict[str, str] | None = None,
    sober_error: str | None = None,
    search: MeetingSearch | None = None,
) -> str:
    me = _me() if _may_check_in() else None
    day = daily.today()
    existing = daily.day_of(me, day) if me is not None else None
    progress = trend.progress(me) if me is not None else None
    earlier = existing.plan if existing is not None else []
    plan = checkins_anchors.described(
        (values or {}).get("plan") or earlier, day, daily.MAX_LABEL_LENGTH, earlier
    )
    return render_template(
        "checkin/checkin.html",
        me=me,
        consented=me is not None and checkins_consent.has_consent(me),
        today=day,
        anchors=ANCHORS,
        existing=existing,
        plan=plan,
        plan_parts=split_plan(plan),
        search=search,
        today_number=today_in_norway(),
        max_own=MAX_OWN_ANCHORS,
        note=daily.note_of(existing) if existing is not None else None,
        values=values,
        errors=errors or {},
        form=FlaskForm(),
        progress=progress,
        chart=trend_chart(progress.trend, day) if progress is not None else None,
        month=(
            month_calendar({row.day for row in daily.between(me, day.replace(day=1), day)}, day)
            if me is not None
            else None
        ),
        weekdays=weekday_names(),
        support=support_for(me) if me is not None else None,
        soon_minutes=SOON_MINUTES,
        reminders=checkins_reminders.reminders_of(me) if me is not None else {},
        sober=sober_days.sober_days(me) if me is not None else None,
        sharing=me is not None and checkins_consent.has_consent(me, "share_clinic"),
        sharing_peer=me is not None and checkins_consent.has_consent(me, "share_peer"),
        sober_error=sober_error,
        reminder_errors=reminder_errors or {},
    )


@bp.get("/checkin")
@public
def checkin_page() -> ResponseReturnValue:
    """The day's check-in for clients and peers; what it is, for everyone else. With a place
    (``where``, or ``lat`` and ``lng``) the morning plan offers today's meetings near it."""
    if not (_may_check_in() and checkins_consent.has_consent(_me())):
        return _page()
    existing = daily.day_of(_me(), daily.today())
    search = meeting_search(daily.today(), existing.plan if existing is not None else [])
    bad = search is not None and search.form.bad_request
    return _page(search=search), 400 if bad else 200


@bp.post("/checkin/consent")
@roles(*CHECKIN_ROLES)
def consent() -> ResponseReturnValue:
    """Agree to keeping check-ins, after reading what is kept and who sees it."""
    if FlaskForm().validate_on_submit():
        checkins_consent.give_consent(_me())
        flash(_("Thank you. Your check-ins are kept for you, and only you see them."))
    return redirect(url_for("checkin.checkin_page")), 303


def body_from_form(form: Any, day: str) -> dict[str, Any]:
    """The JSON body the API takes, from the page's fields."""

    def number(name: str) -> Any:
        raw = (form.get(name) or "").strip().replace(",", ".")
        if not raw:
            return None
        try:
            value = float(raw)
        except ValueError:
            return raw  # refused with a clear message by the service
        return int(value) if value.is_integer() and name != "sleep_hours" else value

    plan: list[dict[str, Any]] = []
    for name, label in ANCHORS.items():
        if form.get(f"plan-{name}"):
            plan.append({"label": str(label), "time": form.get(f"time-{name}") or None})
        if name == "meeting":
            # a meeting chosen by name brings its own name and time
            for raw in dict.fromkeys(form.getlist("meeting")):
                chosen = raw.strip()
                whole = chosen.isascii() and chosen.isdigit() and len(chosen) <= 10
                plan.append({"meeting_id": int(chosen) if whole else chosen})
    for index in range(MAX_OWN_ANCHORS):
        own = (form.get(f"own-label-{index}") or "").strip()
        if own:
            plan.append({"label": own, "time": form.get(f"own-time-{index}") or None})
    return {
        "date": day,
        "mood": number("mood"),
        "craving": number("craving"),
        "sleep_hours": number("sleep_hours"),
        "plan": plan,
        "done": form.getlist("done"),
        "note": form.get("note") or None,
    }


@bp.post("/checkin")
@roles(*CHECKIN_ROLES)
def save() -> ResponseReturnValue:
    """Save today's plan and check (the same day again is an edit, never a second check-in)."""
    if not FlaskForm().validate_on_submit():
        return _page({"form": _("The form had expired. Please try again.")}), 400
    # the day the form was shown for: an evening check sent just after midnight stays on its day
    today = daily.today()
    shown = request.form.get("date")
    day = shown if shown in (today.isoformat(), (today - timedelta(days=1)).isoformat()) else None
    body = body_from_form(request.form, day or today.isoformat())
    try:
        daily.save(_me(), daily.read_entry(body))
    except ValidationError as error:
        return _page(error.errors, body), 400
    except checkins_consent.ConsentRequired:
        return _page({"form": _("Agree to keeping your check-ins first.")}), 409
    flash(_("Saved. Thank you for checking in."))
    return redirect(url_for("checkin.checkin_page") + "#progress-title"), 303


@bp.post("/checkin/reminders")
@roles(*CHECKIN_ROLES)
def reminders() -> ResponseReturnValue:
    """Set, change or turn off the morning and evening reminders."""
    if not FlaskForm().validate_on_submit():
        return _page(reminder_errors={"morning": _("The form had expired. Please try again.")}), 400
    times = {
        kind: (request.form.get(kind) or "").strip() or None for kind in ("morning", "evening")
    }
    try:
        checkins_reminders.set_reminders(_me(), times)
    except ValidationError as error:
        return _page(reminder_errors=error.errors), 400
    flash(_("Reminders saved."))
    return redirect(url_for("checkin.checkin_page") + "#reminders-title"), 303


@bp.post("/checkin/sober/start")
@roles(*CHECKIN_ROLES)
def sober_start() -> ResponseReturnValue:
    """Start counting sober days (from today, or from a day one chooses)."""
    if not FlaskForm().validate_on_submit():
        return _page(sober_error=_("The form had expired. Please try again.")), 400
    raw = (request.form.get("started_on") or "").strip()
    try:
        started_on = date.fromisoformat(raw) if raw else daily.today()
        sober_days.start_counting(_me(), started_on)
    except ValueError:
        return _page(sober_error=_("Give the day as YYYY-MM-DD.")), 400
    except ValidationError as error:
        return _page(sober_error=error.errors["started_on"]), 400
    return redirect(url_for("checkin.checkin_page") + "#sober-title"), 303


@bp.post("/checkin/sober/pause")
@roles(*CHECKIN_ROLES)
def sober_pause() -> ResponseReturnValue:
    """Pause the counter; the days counted stay in the history."""
    if FlaskForm().validate_on_submit():
        sober_days.pause_counting(_me())
    return redirect(url_for("checkin.checkin_page") + "#sober-title"), 303


@bp.post("/checkin/share")
@roles("client")
def share() -> ResponseReturnValue:
    """Start or stop letting one's clinic, or the peers one talks to, see the check-in figures
    (never the note)."""
    scope = request.form.get("scope")
    if FlaskForm().validate_on_submit() and scope in checkins_consent.SHARING_SCOPES:
        share = request.form.get("share") == "on"
        try:
            checkins_consent.set_sharing(_me(), scope, share)
        except NotFound:
            abort(404)
        if share:
            flash(_("Shared. They see your check-in figures, never your note."))
        else:
            flash(_("You no longer share your check-in figures with them."))
    return redirect(url_for("checkin.checkin_page") + "#share-title"), 303
