"""The place finder and place pages: sober places near me, with their hours and "open now"."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from flask import abort, render_template, request, url_for
from flask.blueprints import BlueprintSetupState
from flask.typing import ResponseReturnValue

from peerapp.access import public
from peerapp.extensions import utcnow
from peerapp.models.places import PLACE_KINDS
from peerapp.places import bp
from peerapp.places.forms import read_place_form
from peerapp.services.places import hours as oh
from peerapp.services.places.describe import (
    find_place,
    hours_of,
    is_stale,
    kind_label,
    weekday_names,
)
from peerapp.services.places.search import search_places

RADIUS_CHOICES = (2, 5, 10, 25, 50, 100)
#: the place page lists exceptions this far ahead
EXCEPTIONS_AHEAD = timedelta(days=60)
#: the week as people in Norway read it: Monday first
WEEK_ORDER = (1, 2, 3, 4, 5, 6, 0)


@bp.record_once
def _template_helpers(state: BlueprintSetupState) -> None:
    """Give every template the helpers the place macros use."""
    state.app.jinja_env.globals.update(
        kind_label=kind_label,
        week_hours=week_hours,
        coming_exceptions=coming_exceptions,
        place_stale=is_stale,
    )


@bp.get("/places")
@public
def finder() -> ResponseReturnValue:
    """Find a sober place near me, open now: the form, and the places it finds."""
    form = read_place_form(request.args)
    result = search_places(form.query) if form.query is not None else None
    page = render_template(
        "places/finder.html",
        form=form,
        result=result,
        kinds=[(kind, kind_label(kind)) for kind in PLACE_KINDS],
        radius_choices=RADIUS_CHOICES,
    )
    return page, 400 if form.bad_request else 200


@bp.get("/places/<int:place_id>")
@public
def place_page(place_id: int) -> ResponseReturnValue:
    """One place: what it is, its week, the exceptions coming up, where, how to reach it."""
    place = find_place(place_id)
    if place is None:
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


def week_hours(hours: oh.OpeningHours) -> list[tuple[str, list[str]]]:
    """Each weekday (Monday first) with its ranges as "09:00–17:00"; an empty list is closed."""
    names = weekday_names()
    ranges = hours.weekly
    return [
        (
            names[day],
            [
                f"{oh.format_clock(r.opens)}–{oh.format_clock(r.closes)}"
                for r in ranges
                if r.day == day
            ],
        )
        for day in WEEK_ORDER
    ]


def coming_exceptions(
    hours: oh.OpeningHours, now: datetime | None = None
) -> list[tuple[date, str | None]]:
    """Exceptions from today on (60 days): the date, and its hours or ``None`` for closed."""
    today = oh.local_today(now or utcnow())
    return [
        (
            e.on,
            None
            if e.closed
            else f"{oh.format_clock(e.opens or 0)}–{oh.format_clock(e.closes or 0)}",
        )
        for e in hours.exceptions
        if today <= e.on <= today + EXCEPTIONS_AHEAD
    ]
