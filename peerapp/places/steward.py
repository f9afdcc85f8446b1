"""Peers (and admins) look after sober places from the phone: add, correct, "still true today",
archive, and the list of places to check first. Every rule is the places service's."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from flask import abort, flash, make_response, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from peerapp.access import roles, safe_next
from peerapp.extensions import utcnow
from peerapp.listing_pages import listing_form_sent, outside_limits_page
from peerapp.places import bp
from peerapp.places.edit_form import PlaceForm, blank_form, earlier_of, form_of, read_form
from peerapp.services import openhours as oh
from peerapp.services.meetings.describe import MAX_ID
from peerapp.services.meetings.query import CONTROL
from peerapp.services.places import care, describe, operations
from peerapp.services.stewardship import limits

if TYPE_CHECKING:
    from peerapp.models.people import User
    from peerapp.models.places import Place

PLACE_ID = f"<int(max={MAX_ID}):place_id>"


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
        kinds=describe.kind_choices(),
        action=(
            url_for("places.edit_place", place_id=place.id)
            if place is not None
            else url_for("places.new_place")
        ),
    ), status


_outside = outside_limits_page


def _page_of(place: Place) -> str:
    return url_for("places.place_page", place_id=place.id)


@bp.route("/places/new", methods=["GET", "POST"])
@roles("peer", "admin")
def new_place() -> ResponseReturnValue:
    """A peer adds a place: what it is, where, its week and its exceptions."""
    if request.method == "GET":
        return _edit_page(blank_form(), None)
    return listing_form_sent(
        read_form(request.form),
        lambda form, status=200: _edit_page(form, None, status),
        lambda body: operations.add_place(_me(), body),
        (_("The place is added. Thank you for keeping the list true."), _page_of),
    )


@bp.route(f"/places/{PLACE_ID}/edit", methods=["GET", "POST"])
@roles("peer", "admin")
def edit_place(place_id: int) -> ResponseReturnValue:
    """A peer corrects a place; the audit log keeps what it was and what it became."""
    place = _listed(place_id)
    try:
        operations.check_place(_me(), place)
    except limits.OutsideLimits as error:
        return _outside(error)
    if request.method == "GET":
        return _edit_page(form_of(place, oh.local_today(utcnow())), place)
    form = read_form(request.form, new=False)
    # the exceptions before today are kept as they are (the form shows today on)
    form.earlier = earlier_of(place, oh.local_today(utcnow()))

    def page(form: PlaceForm, status: int = 200, changed_meanwhile: Any = None) -> Any:
        # after a 409 the form carries the version just saved, to replace it on purpose
        shown = _listed(place_id) if changed_meanwhile else place
        return _edit_page(form, shown, status, changed_meanwhile)

    return listing_form_sent(
        form,
        page,
        lambda body: operations.correct_place(
            _me(), place_id, body, expected_version=request.form.get("version")
        ),
        (_("Your changes are saved."), _page_of),
    )


@bp.post(f"/places/{PLACE_ID}/verify")
@roles("peer", "admin")
def verify(place_id: int) -> ResponseReturnValue:
    """A peer checked the place: it is still true today."""
    place = _listed(place_id)
    try:
        operations.verify_place(_me(), place.id, utcnow())
    except limits.OutsideLimits as error:
        return _outside(error)
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
            operations.check_place(_me(), shown)
        except limits.OutsideLimits as error:
            return _outside(error)
        return render_template("places/archive.html", place=shown)
    try:
        place = operations.archive_place(_me(), place_id, utcnow())
    except limits.OutsideLimits as error:
        return _outside(error)
    name = place.name
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
