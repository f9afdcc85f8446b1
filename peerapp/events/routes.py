"""Things to do this week: the finder, one event, calendar files, adding one and keeping them
true (never checked first)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm

from peerapp import links
from peerapp.access import public, roles
from peerapp.events import bp
from peerapp.services.checkins.daily import today
from peerapp.services.errors import Conflict, ValidationError
from peerapp.services.events import operations, rules
from peerapp.services.events.calendar import events_ics
from peerapp.services.stewardship.listings import is_stale, version_of

if TYPE_CHECKING:
    from peerapp.models.people import User

EVENT_ID = "<int(max=2147483647):event_id>"
#: the repetition the form's "every week" box stands for
WEEKLY = "FREQ=WEEKLY"


def _me() -> User:
    user: User = current_user._get_current_object()
    return user


def _search() -> tuple[operations.EventSearch | None, dict[str, str]]:
    args = request.args
    try:
        return (
            operations.read_search(
                args.get("from"),
                args.get("to"),
                args.get("q"),
                args.get("lat"),
                args.get("lng"),
                args.get("radius_km"),
                today(),
            ),
            {},
        )
    except ValidationError as error:
        return None, error.errors


@bp.get("/events")
@public
def finder() -> ResponseReturnValue:
    """Events this week (or the days asked for), soonest first, with a calendar of the search."""
    search, errors = _search()
    found = operations.search_events(search) if search else []
    return render_template(
        "events/finder.html",
        search=search,
        found=found,
        errors=errors,
        ics_query=request.query_string.decode(),
    ), (400 if errors else 200)


def _host() -> str:
    return urlsplit(request.host_url).hostname or "localhost"


def _ics(body: bytes, filename: str) -> Response:
    response = Response(body, mimetype="text/calendar")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@bp.get("/events.ics")
@public
def search_calendar() -> ResponseReturnValue:
    """The events of a search as one calendar file."""
    search, errors = _search()
    if search is None:
        abort(400)
    found = operations.search_events(search)
    body = events_ics(
        [hit.event for hit in found],
        url_for_event=links.event_page,
        host=_host(),
        name=_("Things to do"),
    )
    return _ics(body, "peerapp-events.ics")


@bp.get(f"/events/{EVENT_ID}")
@public
def event_page(event_id: int) -> ResponseReturnValue:
    """One event: when (the next few times), where or the link, who it is for, how to join."""
    page = operations.event_page(event_id)
    return render_template(
        "events/event.html",
        page=page,
        event=page.event,
        stale=is_stale(page.event),
        event_writers=operations.WRITERS,
    )


@bp.get(f"/events/{EVENT_ID}.ics")
@public
def event_calendar(event_id: int) -> ResponseReturnValue:
    """The event as a calendar file that repeats as the event does."""
    event = operations.find_listed_event(event_id)
    body = events_ics([event], url_for_event=links.event_page, host=_host(), name=event.title)
    return _ics(body, f"event-{event.id}.ics")


def _form_body(form: Any) -> dict[str, Any]:
    """The form's fields in the API's shape."""
    day, start, end = form.get("day") or "", form.get("start") or "", form.get("end") or ""
    body: dict[str, Any] = {
        "title": form.get("title") or "",
        "starts_at": rules.wall_clock(day, start),
        "ends_at": rules.wall_clock(day, end),
        "description": form.get("description") or "",
        "for_whom": form.get("for_whom") or "",
        "signup": form.get("signup") or "",
        "organiser": form.get("organiser") or "",
    }
    if form.get("weekly") == "1":
        body["recurrence"] = WEEKLY
    if form.get("online_url"):
        body["online_url"] = form.get("online_url")
    if form.get("place_name") or form.get("city"):
        body["location"] = {
            "name": form.get("place_name") or None,
            "address": form.get("address") or None,
            "city": form.get("city") or None,
        }
    return body


@bp.route("/events/new", methods=["GET", "POST"])
@roles(*operations.WRITERS)
def new_event() -> ResponseReturnValue:
    """Add an event: once, or every week at the same time."""
    errors: dict[str, str] = {}
    form = FlaskForm()
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        body = _form_body(request.form)
        try:
            event = operations.add_event(_me(), body)
        except ValidationError as error:
            errors = error.errors
        else:
            flash(_("The event is added."))
            return redirect(url_for("events.event_page", event_id=event.id)), 303
    return render_template(
        "events/new.html", form=form, errors=errors, values=request.form if errors else None
    ), (400 if errors else 200)


def _values_of(event: Any) -> dict[str, str]:
    """The event as the form shows it, to correct."""
    return {
        "title": event.title,
        "day": event.starts_local.date().isoformat(),
        "start": event.starts_local.strftime("%H:%M"),
        "end": event.ends_local.strftime("%H:%M"),
        "weekly": "1" if event.recurrence == WEEKLY else "",
        "place_name": event.place_name or "",
        "address": event.address or "",
        "city": event.city or "",
        "online_url": event.online_url or "",
        "for_whom": event.for_whom,
        "signup": event.signup,
        "organiser": event.organiser,
        "description": event.description,
        "version": version_of(event),
    }


def _edit_page(
    form: FlaskForm, event: Any, values: Any, errors: dict[str, str], status: int = 200
) -> ResponseReturnValue:
    return render_template(
        "events/new.html",
        form=form,
        errors=errors,
        values=values,
        event=event,
        # only a weekly (or one-off) event is changed here; another rule is kept as it is
        plain_repeat=event.recurrence in (None, WEEKLY),
    ), status


@bp.route(f"/events/{EVENT_ID}/edit", methods=["GET", "POST"])
@roles(*operations.WRITERS)
def edit_event(event_id: int) -> ResponseReturnValue:
    """Correct an event; someone else's change saved meanwhile is shown, not overwritten."""
    event = operations.find_listed_event(event_id)
    form = FlaskForm()
    if request.method == "GET":
        return _edit_page(form, event, _values_of(event), {})
    if not form.validate_on_submit():
        abort(400)
    body = _form_body(request.form)
    if event.recurrence in (None, WEEKLY) and "recurrence" not in body:
        body["recurrence"] = None
    if "location" not in body:
        body["location"] = None
    body.setdefault("online_url", "")
    try:
        saved = operations.correct_event(
            _me(), event_id, body, expected_version=request.form.get("version")
        )
    except ValidationError as error:
        return _edit_page(form, event, request.form, error.errors, 400)
    except Conflict:
        fresh = operations.find_listed_event(event_id)
        said = _("Someone saved this event while you were changing it. Look at it as it is now.")
        return _edit_page(form, fresh, _values_of(fresh), {"version": said}, 409)
    flash(_("Your changes are saved."))
    return redirect(url_for("events.event_page", event_id=saved.id)), 303


@bp.route(f"/events/{EVENT_ID}/archive", methods=["GET", "POST"])
@roles(*operations.WRITERS)
def archive(event_id: int) -> ResponseReturnValue:
    """Take an event off the finder, after asking once."""
    event = operations.find_listed_event(event_id)
    form = FlaskForm()
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        operations.archive_event(_me(), event_id)
        flash(_("The event is taken off the list."))
        return redirect(url_for("events.look_after")), 303
    return render_template("events/archive.html", event=event, form=form)


@bp.get("/events/look-after")
@roles(*operations.WRITERS)
def look_after() -> ResponseReturnValue:
    """The events a peer keeps: never checked first, then the longest unchecked."""
    return render_template(
        "events/look_after.html",
        events=operations.tended_events(_me()),
        form=FlaskForm(),
        is_stale=is_stale,
    )


@bp.post(f"/events/{EVENT_ID}/verify")
@roles(*operations.WRITERS)
def verify(event_id: int) -> ResponseReturnValue:
    """Still true today."""
    if not FlaskForm().validate_on_submit():
        abort(400)
    operations.verify_event(_me(), event_id)
    flash(_("Thank you. The event is marked as checked today."))
    return redirect(url_for("events.look_after")), 303
