"""Peers (and admins) look after sober places from the phone: add, correct, "still true today",
archive, and the list of places to check first. Every rule is the places service's."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, make_response, redirect, render_template, request, url_for
from flask.blueprints import BlueprintSetupState
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from peerapp.access import roles, safe_next
from peerapp.errors import ValidationError
from peerapp.extensions import begin_write, db, utcnow
from peerapp.models.people import User
from peerapp.models.places import PLACE_KINDS, Place
from peerapp.places import bp
from peerapp.places.edit_form import PlaceForm, blank_form, earlier_of, form_of, read_form
from peerapp.services.meetings.describe import MAX_ID
from peerapp.services.meetings.query import CONTROL
from peerapp.services.places import care, describe, edits
from peerapp.services.places import hours as oh
from peerapp.services.stewardship import limits

PLACE_ID = f"<int(max={MAX_ID}):place_id>"


@bp.record_once
def _template_helpers(state: BlueprintSetupState) -> None:
    """What the place page and the peer's dashboard ask about looking after places."""
    state.app.jinja_env.globals.update(
        place_checked_by=care.checked_by,
        places_needing_check=care.count_needing_check,
        local_day=oh.local_today,
    )


def _me() -> User:
    user: User = current_user._get_current_object()
    return user


def _listed(place_id: int) -> Place:
    """The place, if it is still listed; 404 when there is none, 410 when it was archived."""
    place = describe.find_place(place_id)
    if place is None:
        abort(404)
    if place.archived_at is not None:
        abort(make_response(render_template("places/gone.html", place=place), 410))
    return place


def _edit_page(
    form: PlaceForm, place: Place | None, status: int = 200, changed_meanwhile: Any = None
) -> ResponseReturnValue:
    return render_template(
        "places/edit.html",
        form=form,
        place=place,
        changed_meanwhile=changed_meanwhile,
        kinds=[(kind, describe.kind_label(kind)) for kind in PLACE_KINDS],
        action=(
            url_for("places.edit_place", place_id=place.id)
            if place is not None
            else url_for("places.new_place")
        ),
    ), status


def _outside(error: limits.OutsideLimits) -> ResponseReturnValue:
    """The page for a peer changing a place outside their regions."""
    db.session.rollback()
    return render_template("stewardship/outside.html", message=error.message), 403


def _check(place: Place | None = None, location: dict[str, Any] | None = None) -> None:
    """Raise ``OutsideLimits`` unless the peer may change a place there (regions limit places)."""
    if place is not None:
        limits.check(_me(), None, place.region, place.city)
    if location is not None:
        limits.check(_me(), None, location.get("region"), location.get("city"))


class ChangedMeanwhile(Exception):
    """Someone else saved the place after this form was opened."""


def _save(form: PlaceForm, place: Place | None, version: str | None = None) -> Place | None:
    """Save the place whole, or nothing (the form then holds a message for each bad field).

    ``version`` is when the place was last changed as the form showed it: if it has changed
    since, nothing is saved and ``ChangedMeanwhile`` is raised, so that one peer's correction
    never silently replaces another's. Raises ``OutsideLimits`` for a peer limited to other
    regions.
    """
    begin_write()
    if place is not None:
        place = _listed(place.id)  # as it is now, in this write
        if version is not None and version != place.updated_at.isoformat():
            db.session.rollback()
            raise ChangedMeanwhile
        form.earlier = earlier_of(place, oh.local_today(utcnow()))
    try:
        fields = edits.read_place(form.body(), current=place)
    except ValidationError as error:
        db.session.rollback()
        form.take_errors(error.errors)
        return None
    _check(place, fields.location)
    if place is None:
        place = edits.create_place(_me(), fields)
    else:
        edits.update_place(_me(), place, fields)
    db.session.commit()
    return place


@bp.route("/places/new", methods=["GET", "POST"])
@roles("peer", "admin")
def new_place() -> ResponseReturnValue:
    """A peer adds a place: what it is, where, its week and its exceptions."""
    if request.method == "GET":
        return _edit_page(blank_form(), None)
    form = read_form(request.form)
    if "more_rows" in request.form:
        form.add_rows()
        return _edit_page(form, None)
    try:
        saved = _save(form, None)
    except limits.OutsideLimits as error:
        return _outside(error)
    if saved is None:
        return _edit_page(form, None, 400)
    flash(_("The place is added. Thank you for keeping the list true."))
    return redirect(url_for("places.place_page", place_id=saved.id)), 303


@bp.route(f"/places/{PLACE_ID}/edit", methods=["GET", "POST"])
@roles("peer", "admin")
def edit_place(place_id: int) -> ResponseReturnValue:
    """A peer corrects a place; the audit log keeps what it was and what it became."""
    place = _listed(place_id)
    try:
        _check(place)
    except limits.OutsideLimits as error:
        return _outside(error)
    if request.method == "GET":
        return _edit_page(form_of(place, oh.local_today(utcnow())), place)
    form = read_form(request.form, new=False)
    if "more_rows" in request.form:
        form.add_rows()
        return _edit_page(form, place)
    try:
        saved = _save(form, place, request.form.get("version"))
    except limits.OutsideLimits as error:
        return _outside(error)
    except ChangedMeanwhile:
        now = _listed(place_id)
        return _edit_page(form, now, 409, changed_meanwhile=now.updated_at)
    if saved is None:
        return _edit_page(form, place, 400)
    flash(_("Your changes are saved."))
    return redirect(url_for("places.place_page", place_id=saved.id)), 303


@bp.post(f"/places/{PLACE_ID}/verify")
@roles("peer", "admin")
def verify(place_id: int) -> ResponseReturnValue:
    """A peer checked the place: it is still true today."""
    begin_write()
    place = _listed(place_id)
    try:
        _check(place)
    except limits.OutsideLimits as error:
        return _outside(error)
    edits.verify_place(_me(), place, utcnow())
    db.session.commit()
    flash(_("Marked as still true today. Thank you."))
    back = safe_next(request.form.get("next"))
    return redirect(back or url_for("places.place_page", place_id=place.id)), 303


@bp.route(f"/places/{PLACE_ID}/archive", methods=["GET", "POST"])
@roles("peer", "admin")
def archive(place_id: int) -> ResponseReturnValue:
    """Take a place out of the list, after asking once more (the audit log keeps it)."""
    if request.method == "GET":
        shown = _listed(place_id)
        try:
            _check(shown)
        except limits.OutsideLimits as error:
            return _outside(error)
        return render_template("places/archive.html", place=shown)
    begin_write()
    place = describe.find_place(place_id)
    if place is None:
        abort(404)
    try:
        _check(place)
    except limits.OutsideLimits as error:
        return _outside(error)
    name = place.name
    edits.archive_place(_me(), place, utcnow())
    db.session.commit()
    flash(_("%(place)s is archived and no longer shown.", place=name))
    return redirect(url_for("places.look_after")), 303


@bp.get("/places/look-after")
@roles("peer", "admin")
def look_after() -> ResponseReturnValue:
    """The places to look after: never checked, or not for 90 days, first."""
    text = CONTROL.sub("", request.args.get("q") or "").strip()[:100]
    page = request.args.get("page", "1")
    number = int(page) if page.isascii() and page.isdigit() and len(page) < 5 else 1
    found = care.places_to_look_after(text, number)
    return render_template(
        "places/look_after.html",
        found=found,
        text=text,
        now=utcnow(),
    )
