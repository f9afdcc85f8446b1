"""The place finder and place pages: sober places near me, with their hours and "open now"."""

from __future__ import annotations

from flask import abort, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from peerapp.access import public
from peerapp.extensions import utcnow
from peerapp.places import bp
from peerapp.places.forms import read_place_form
from peerapp.services import openhours as oh
from peerapp.services.helpservices.describe import moved_from_place, naloxone_search
from peerapp.services.places.describe import find_place, hours_of, is_stale, kind_choices
from peerapp.services.places.search import search_places

RADIUS_CHOICES = (2, 5, 10, 25, 50, 100)


@bp.get("/places")
@public
def finder() -> ResponseReturnValue:
    """Find a sober place near me, open now: the form, and the places it finds."""
    moved = naloxone_search(request.args.to_dict(flat=False))
    if moved is not None:  # naloxone points moved to help services: old links follow
        return redirect(url_for("helpservices.finder", **moved), 301)
    form = read_place_form(request.args)
    result = search_places(form.query) if form.query is not None else None
    page = render_template(
        "places/finder.html",
        form=form,
        result=result,
        kinds=kind_choices(),
        radius_choices=RADIUS_CHOICES,
    )
    return page, 400 if form.bad_request else 200


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
        now=now,
        back_url=url_for("places.finder"),
    )
