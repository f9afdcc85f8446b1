"""Peers keep meetings true from the phone: add, correct, "still true today", archive, settle a
feed conflict, and the list of meetings they look after."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm

from peerapp.access import roles, safe_next
from peerapp.extensions import utcnow
from peerapp.services.errors import Conflict, NotAllowed, NotFound, ValidationError
from peerapp.services.meetings import edits, operations, peer_input
from peerapp.services.meetings.describe import MAX_ID, find_meeting
from peerapp.services.meetings.vocabulary import (
    ACCESSIBILITY_TYPES,
    ATTENDANCE_OPTIONS,
    FELLOWSHIPS,
    LANGUAGE_TYPES,
)
from peerapp.services.stewardship import limits as stewardship_limits
from peerapp.services.stewardship import reports
from peerapp.stewardship import bp
from peerapp.stewardship.forms import OTHER_TYPES, MeetingForm, label_of, read_form, values_of

if TYPE_CHECKING:
    from peerapp.models import Meeting
    from peerapp.models.people import User

MEETING = f"/meetings/<int(max={MAX_ID}):meeting_id>"
#: the week as people in Norway read it: Monday first
WEEK_ORDER = (1, 2, 3, 4, 5, 6, 0)


def _me() -> User:
    user: User = current_user._get_current_object()
    return user


def _meeting(meeting_id: int, listed: bool = True) -> Meeting:
    """The meeting (404 when none, 410 when archived and ``listed``)."""
    meeting = find_meeting(meeting_id)
    if meeting is None:
        abort(404)
    if listed and meeting.archived_at is not None:
        abort(410)
    return meeting


def _outside(error: stewardship_limits.OutsideLimits) -> ResponseReturnValue:
    return render_template("stewardship/outside.html", message=error.message), 403


def _checked_form() -> None:
    if not FlaskForm().validate_on_submit():
        abort(400)


def _edit_page(
    meeting: Meeting | None, form: MeetingForm, status: int = 200, changed_meanwhile: Any = None
) -> ResponseReturnValue:
    conflict = edits.conflict_of(meeting) if meeting is not None else None
    differences = edits.differences(meeting, conflict) if meeting and conflict else {}
    return render_template(
        "stewardship/edit.html",
        meeting=meeting,
        form=form,
        changed_meanwhile=changed_meanwhile,
        csrf=FlaskForm(),
        conflict=conflict,
        differences=[
            (label_of(name), ours, theirs) for name, (ours, theirs) in differences.items()
        ],
        fellowships=FELLOWSHIPS.values(),
        days=WEEK_ORDER,
        attendance_options=ATTENDANCE_OPTIONS,
        language_types=LANGUAGE_TYPES,
        accessibility_types=ACCESSIBILITY_TYPES,
        other_types=OTHER_TYPES,
    ), status


def _save(meeting: Meeting | None) -> ResponseReturnValue:
    """Read the form and save the meeting whole, or show the form again with every error."""
    body, form = read_form(request.form, meeting)
    version = request.form.get("version") or None
    try:
        if form.errors:  # what the form itself could not read: name the service's errors too
            peer_input.read_meeting(body, current=meeting)
        elif meeting is None:
            meeting = operations.add_meeting(_me(), body, utcnow())
            flash(_("The meeting is added and marked as checked today."))
        else:
            correction = operations.correct_meeting(
                _me(), meeting.id, body, expected_version=version, relisted_too=True, now=utcnow()
            )
            meeting = correction.meeting
            if correction.changes:
                flash(_("Your correction is saved."))
            else:
                flash(_("Nothing was changed."))
    except ValidationError as error:
        form.errors = {**error.errors, **form.errors}
    except Conflict as conflict:
        # someone saved it after this form was opened: theirs stands until this peer, having
        # seen it, saves again
        assert meeting is not None
        now = _meeting(meeting.id, listed=False)
        return _edit_page(now, form, 409, changed_meanwhile=conflict.saved_at)
    except stewardship_limits.OutsideLimits as error:
        return _outside(error)
    if form.errors:
        return _edit_page(meeting, form, 400)
    assert meeting is not None
    return redirect(url_for("meetings.meeting_page", meeting_id=meeting.id)), 303


@bp.route("/meetings/new", methods=["GET", "POST"])
@roles("peer", "admin")
def new_meeting() -> ResponseReturnValue:
    """Add a meeting: the form, and saving it."""
    if request.method == "POST":
        _checked_form()
        return _save(None)
    return _edit_page(None, MeetingForm(values_of(None)))


@bp.route(f"{MEETING}/edit", methods=["GET", "POST"])
@roles("peer", "admin")
def edit_meeting(meeting_id: int) -> ResponseReturnValue:
    """Correct a meeting; a change in its feed is shown beside our values (also for a meeting
    archived here that its feed lists again)."""
    meeting = _meeting(meeting_id, listed=False)
    if meeting.archived_at is not None and edits.conflict_of(meeting) is None:
        abort(410)
    try:
        stewardship_limits.check_meeting(_me(), meeting)
    except stewardship_limits.OutsideLimits as error:
        return _outside(error)
    if request.method == "POST":
        _checked_form()
        return _save(meeting)
    return _edit_page(meeting, MeetingForm(values_of(meeting)))


@bp.post(f"{MEETING}/verify")
@roles("peer", "admin")
def verify_meeting(meeting_id: int) -> ResponseReturnValue:
    """Still true today: the page the peer came from, saying so."""
    _checked_form()
    meeting = _meeting(meeting_id)
    try:
        operations.verify_meeting(_me(), meeting.id, utcnow())
    except stewardship_limits.OutsideLimits as error:
        return _outside(error)
    flash(_("Thank you. “%(name)s” is marked as still true today.", name=meeting.name))
    back = safe_next(request.form.get("next"))
    return redirect(back or url_for("meetings.meeting_page", meeting_id=meeting.id)), 303


@bp.route(f"{MEETING}/archive", methods=["GET", "POST"])
@roles("peer", "admin")
def archive_meeting(meeting_id: int) -> ResponseReturnValue:
    """Archive a meeting, after the peer confirms it."""
    meeting = _meeting(meeting_id)
    if request.method == "GET":
        try:
            stewardship_limits.check_meeting(_me(), meeting)
        except stewardship_limits.OutsideLimits as error:
            return _outside(error)
        return render_template("stewardship/archive.html", meeting=meeting, csrf=FlaskForm())
    _checked_form()
    try:
        operations.archive_meeting(_me(), meeting.id, utcnow())
    except stewardship_limits.OutsideLimits as error:
        return _outside(error)
    flash(_("“%(name)s” is archived. It is no longer shown in search.", name=meeting.name))
    return redirect(url_for("stewardship.tended")), 303


@bp.post(f"{MEETING}/feed-version")
@roles("peer", "admin")
def settle_conflict(meeting_id: int) -> ResponseReturnValue:
    """Take the feed's version of a meeting corrected here, or keep ours."""
    _checked_form()
    meeting = _meeting(meeting_id, listed=False)
    choice = request.form.get("choice")
    if choice not in ("accept", "keep"):
        abort(400)
    try:
        meeting = operations.settle_feed_conflict(_me(), meeting.id, accept=choice == "accept")
    except stewardship_limits.OutsideLimits as error:
        return _outside(error)
    if choice == "accept":
        flash(_("The feed's version is now shown."))
    else:
        flash(_("Our correction is kept."))
    if meeting.archived_at is not None:
        return redirect(url_for("stewardship.tended")), 303
    return redirect(url_for("stewardship.edit_meeting", meeting_id=meeting.id)), 303


@bp.post("/peer/reports/<int(max=2147483647):report_id>/settle")
@roles("peer", "admin", "municipal")
def settle_report(report_id: int) -> ResponseReturnValue:
    """Settle a reported problem with a meeting, a place or a service: fixed, or not a problem."""
    _checked_form()
    outcome = request.form.get("outcome", "")
    if outcome not in reports.OUTCOMES:
        abort(400)
    try:
        settled = reports.settle_report(_me(), report_id, outcome, utcnow())
    except NotFound:
        abort(404)
    except NotAllowed:
        abort(403)
    except stewardship_limits.OutsideLimits as error:
        return _outside(error)
    if outcome == "fixed":
        flash(_("Thank you. The report is settled as fixed."))
    else:
        flash(_("Thank you. The report is settled as not a problem."))
    back = safe_next(request.form.get("next"))
    if back is None and settled.kind == "meeting":
        back = url_for("meetings.meeting_page", meeting_id=settled.listing_id)
    elif back is None and settled.kind == "service":
        back = url_for("helpservices.service_page", service_id=settled.listing_id)
    elif back is None:
        back = url_for("places.place_page", place_id=settled.listing_id)
    return redirect(back), 303


@bp.get("/peer/meetings")
@roles("peer", "admin")
def tended() -> ResponseReturnValue:
    """The meetings this peer looks after: feed conflicts first, then the stale ones."""
    q = (request.args.get("q") or "").strip()[:100]
    page = request.args.get("page", 1, type=int) or 1
    now = utcnow()
    found = stewardship_limits.tended_meetings(_me(), page=max(1, min(page, 100_000)), q=q, now=now)
    limit = stewardship_limits.limit_of(_me())
    return render_template(
        "stewardship/list.html",
        found=found,
        q=q,
        now=now,
        limits=stewardship_limits.describe(limit) if limit else None,
        csrf=FlaskForm(),
    )
