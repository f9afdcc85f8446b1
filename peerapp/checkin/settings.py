"""The check-in's own pages besides the day's forms: progress (counter, trend, calendar) and
settings (reminders, sharing), with the forms that change them."""

from __future__ import annotations

from datetime import date

from babel.dates import get_day_names
from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_wtf import FlaskForm

from peerapp.access import roles
from peerapp.charts import month_calendar, trend_chart
from peerapp.checkin import bp
from peerapp.checkin.routes import CHECKIN_ROLES, checking_in, me, to_hub
from peerapp.errors import ValidationError
from peerapp.i18n import current_language
from peerapp.services.checkins import consent as checkins_consent
from peerapp.services.checkins import daily, sober_days, trend
from peerapp.services.checkins import reminders as checkins_reminders
from peerapp.services.errors import NotFound


def weekday_names() -> list[tuple[str, str]]:
    """Monday to Sunday, as one letter and in full, in the reader's language."""
    locale = "en_GB" if current_language() == "en" else current_language()
    narrow = get_day_names("narrow", locale=locale)
    full = get_day_names("wide", locale=locale)
    return [(narrow[n], full[n]) for n in range(7)]


def _progress(sober_error: str | None = None) -> str:
    person = me()
    day = daily.today()
    progress = trend.progress(person)
    return render_template(
        "checkin/progress.html",
        me=person,
        today=day,
        progress=progress,
        chart=trend_chart(progress.trend, day),
        month=month_calendar(
            {row.day for row in daily.between(person, day.replace(day=1), day)}, day
        ),
        weekdays=weekday_names(),
        sober=sober_days.sober_days(person),
        sober_error=sober_error,
        form=FlaskForm(),
    )


def _settings(reminder_errors: dict[str, str] | None = None) -> str:
    person = me()
    return render_template(
        "checkin/settings.html",
        me=person,
        reminders=checkins_reminders.reminders_of(person),
        sharing=checkins_consent.has_consent(person, "share_clinic"),
        sharing_peer=checkins_consent.has_consent(person, "share_peer"),
        reminder_errors=reminder_errors or {},
        form=FlaskForm(),
    )


@bp.get("/checkin/progress")
@roles(*CHECKIN_ROLES)
def progress_page() -> ResponseReturnValue:
    """Progress: the sober-days counter, the last 30 days as one chart per measure, and the
    month."""
    return _progress() if checking_in() else to_hub()


@bp.get("/checkin/settings")
@roles(*CHECKIN_ROLES)
def settings_page() -> ResponseReturnValue:
    """Settings: reminders and notifications, and sharing with one's clinic or peers."""
    return _settings() if checking_in() else to_hub()


@bp.post("/checkin/reminders")
@roles(*CHECKIN_ROLES)
def reminders() -> ResponseReturnValue:
    """Set, change or turn off the morning and evening reminders."""
    if not FlaskForm().validate_on_submit():
        return _settings({"morning": _("The form had expired. Please try again.")}), 400
    times = {
        kind: (request.form.get(kind) or "").strip() or None for kind in ("morning", "evening")
    }
    try:
        checkins_reminders.set_reminders(me(), times)
    except ValidationError as error:
        return _settings(error.errors), 400
    flash(_("Reminders saved."))
    return redirect(url_for("checkin.settings_page") + "#reminders-title"), 303


@bp.post("/checkin/sober/start")
@roles(*CHECKIN_ROLES)
def sober_start() -> ResponseReturnValue:
    """Start counting sober days (from today, or from a day one chooses)."""
    if not FlaskForm().validate_on_submit():
        return _progress(_("The form had expired. Please try again.")), 400
    raw = (request.form.get("started_on") or "").strip()
    try:
        started_on = date.fromisoformat(raw) if raw else daily.today()
        sober_days.start_counting(me(), started_on)
    except ValueError:
        return _progress(_("Give the day as YYYY-MM-DD.")), 400
    except ValidationError as error:
        return _progress(error.errors["started_on"]), 400
    return redirect(url_for("checkin.progress_page") + "#sober-title"), 303


@bp.post("/checkin/sober/pause")
@roles(*CHECKIN_ROLES)
def sober_pause() -> ResponseReturnValue:
    """Pause the counter; the days counted stay in the history."""
    if FlaskForm().validate_on_submit():
        sober_days.pause_counting(me())
    return redirect(url_for("checkin.progress_page") + "#sober-title"), 303


@bp.post("/checkin/share")
@roles("client")
def share() -> ResponseReturnValue:
    """Start or stop letting one's clinic, or the peers one talks to, see the check-in figures
    (never the note)."""
    scope = request.form.get("scope")
    if FlaskForm().validate_on_submit() and scope in checkins_consent.SHARING_SCOPES:
        share = request.form.get("share") == "on"
        try:
            checkins_consent.set_sharing(me(), scope, share)
        except NotFound:
            abort(404)
        if share:
            flash(_("Shared. They see your check-in figures, never your note."))
        else:
            flash(_("You no longer share your check-in figures with them."))
    return redirect(url_for("checkin.settings_page") + "#share-title"), 303
