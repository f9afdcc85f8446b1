"""Peers keep meetings true from the phone: add, correct, "still true today", archive, settle a
feed conflict, and the list of meetings they look after."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask.blueprints import BlueprintSetupState
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm

from peerapp.access import roles, safe_next
from peerapp.errors import ValidationError
from peerapp.extensions import begin_write, db, utcnow
from peerapp.finder import ATTENDANCE_CHOICES
from peerapp.models import Meeting
from peerapp.models.people import User
from peerapp.services.meetings import edits, peer_input
from peerapp.services.meetings.describe import MAX_ID, find_meeting
from peerapp.services.meetings.vocabulary import (
    ACCESSIBILITY_TYPES,
    ATTENDANCE_OPTIONS,
    FELLOWSHIPS,
    LANGUAGE_TYPES,
)
from peerapp.services.stewardship import limits as stewardship_limits
from peerapp.services.stewardship import listings
from peerapp.stewardship import bp
from peerapp.stewardship.forms import OTHER_TYPES, MeetingForm, label_of, read_form, values_of

MEETING = f"/meetings/<int(max={MAX_ID}):meeting_id>"
#: the week as people in Norway read it: Monday first
WEEK_ORDER = (1, 2, 3, 4, 5, 6, 0)


@bp.record_once
def _template_helpers(state: BlueprintSetupState) -> None:
    """Give every template what the meeting page's peer tools and the finder's cards use."""
    state.app.jinja_env.globals.update(
        listing_stale=listings.is_stale,
        listing_checked_by=listings.checked_by,
        feed_conflict_of=edits.conflict_of,
        may_tend=lambda meeting: (
            _tender() is not None and stewardship_limits.may_edit(_me(), meeting)
        ),
        attendance_label=lambda option: str(dict(ATTENDANCE_CHOICES).get(option, option)),
        shown_value=shown_value,
    )


def shown_value(value: Any) -> str:
    """A field's value as the conflict table shows it: lists and places joined, none as a dash."""
    if isinstance(value, dict):
        parts = [str(v) for k, v in value.items() if v not in (None, "") and k != "country"]
        return ", ".join(parts) or "–"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "–"
    return "–" if value in (None, "") else str(value)


def _me() -> User:
    user: User = current_user._get_current_object()
    return user


def _tender() -> User | None:
    """The signed-in peer or admin, else ``None``."""
    if current_user.is_authenticated and current_user.role in ("peer", "admin"):
        return _me()
    return None


def _meeting(meeting_id: int, listed: bool = True) -> Meeting:
    """The meeting (404 when none, 410 when archived and ``listed``)."""
    meeting = find_meeting(meeting_id)
    if meeting is None:
        abort(404)
    if listed and meeting.archived_at is not None:
        abort(410)
    return meeting


def _outside(error: stewardship_limits.OutsideLimits) -> ResponseReturnValue:
    db.session.rollback()
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
    try:
        try:
            fields = peer_input.read_meeting(body, current=meeting)
        except ValidationError as error:
            form.errors = {**error.errors, **form.errors}
        if form.errors:
            return _edit_page(meeting, form, 400)
        stewardship_limits.check(
            _me(), fields.fellowship, fields.location.region, fields.location.city
        )
        begin_write()  # loaded objects read afresh from here, inside the write
        version = request.form.get("version")
        if meeting is not None and version and version != meeting.updated_at.isoformat():
            # someone saved it after this form was opened: theirs stands until this peer,
            # having seen it, saves again
            db.session.rollback()
            return _edit_page(meeting, form, 409, changed_meanwhile=meeting.updated_at)
        if meeting is None:
            meeting = edits.create_by_peer(_me(), fields, utcnow())
            flash(_("The meeting is added and marked as checked today."))
        elif edits.update_by_peer(_me(), meeting, fields, utcnow()):
            flash(_("Your correction is saved."))
        else:
            flash(_("Nothing was changed."))
        db.session.commit()
    except stewardship_limits.OutsideLimits as error:
        return _outside(error)
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


def _act(meeting: Meeting, action: Any) -> ResponseReturnValue | None:
    """Run ``action`` within the peer's limits and commit; the refusal page if outside."""
    try:
        stewardship_limits.check_meeting(_me(), meeting)
        begin_write()
        action()
        db.session.commit()
    except stewardship_limits.OutsideLimits as error:
        return _outside(error)
    return None


@bp.post(f"{MEETING}/verify")
@roles("peer", "admin")
def verify_meeting(meeting_id: int) -> ResponseReturnValue:
    """Still true today: the page the peer came from, saying so."""
    _checked_form()
    meeting = _meeting(meeting_id)
    refused = _act(meeting, lambda: edits.verify(_me(), meeting, utcnow()))
    if refused is not None:
        return refused
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
    refused = _act(meeting, lambda: edits.archive(_me(), meeting, utcnow()))
    if refused is not None:
        return refused
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
    settle = edits.accept_feed if choice == "accept" else edits.keep_local
    refused = _act(meeting, lambda: settle(_me(), meeting))
    if refused is not None:
        return refused
    if choice == "accept":
        flash(_("The feed's version is now shown."))
    else:
        flash(_("Our correction is kept."))
    if meeting.archived_at is not None:
        return redirect(url_for("stewardship.tended")), 303
    return redirect(url_for("stewardship.edit_meeting", meeting_id=meeting.id)), 303


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
