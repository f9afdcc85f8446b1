"""The place finder and place pages: sober places near me, with their hours and "open now"."""

from __future__ import annotations

from flask import abort, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from peerapp.access import public
from peerapp.extensions import utcnow
from peerapp.listing_pages import finder_page
from peerapp.listing_reports import report_limit, report_page
from peerapp.places import bp
from peerapp.places.forms import read_place_form
from peerapp.services import openhours as oh
from peerapp.services.helpservices.describe import moved_from_place, naloxone_search
from peerapp.services.places.describe import find_place, hours_of, is_stale, kind_choices
from peerapp.services.places.search import search_places
from peerapp.services.stewardship.reports import has_open_report


@bp.get("/places")
@public
def finder() -> ResponseReturnValue:
    """Find a sober place near me, open now: the form, and the places it finds."""
    moved = naloxone_search(request.args.to_dict(flat=False))
    if moved is not None:  # naloxone points moved to help services: old links follow
        return redirect(url_for("helpservices.finder", **moved), 301)
    form = read_place_form(request.args)
    return finder_page("places/finder.html", form, search_places, kinds=kind_choices())


@bp.get("/places/<int:place_id>")
@public
def place_page(place_id: int) -> ResponseReturnValue:
    """One place: what it is, its week, the exceptions coming up, where, how to reach it."""
    place = find_place(place_id)
    if place is None:
        moved = moved_from_place(place_id)
        if moved is not None:  # naloxone points moved to help services: old links follow
            return redirect(url_for("helpservices.service_page", service_id=moved), 301)
        abort(404)
    if place.archived_at is not None:
        return render_template("places/gone.html", place=place), 410
    now = utcnow()
    hours = hours_of(place)
    return render_template(
        "places/place.html",
        place=place,
        hours=hours,
        state=oh.open_state(hours, now),
        stale=is_stale(place, now),
        reported=has_open_report("place", place.id),
        now=now,
        back_url=url_for("places.finder"),
    )


@bp.route("/places/<int:place_id>/report", methods=["GET", "POST"])
@public
@report_limit()
def report_place(place_id: int) -> ResponseReturnValue:
    """Anyone tells the peer workers that this place is wrong."""
    place = find_place(place_id)
    if place is None:
        abort(404)
    if place.archived_at is not None:
        abort(410)
    return report_page("place", place, url_for("places.place_page", place_id=place.id))
