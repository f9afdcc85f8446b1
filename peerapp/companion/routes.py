"""Come with me on the web: ask for company, the list, one request, and a peer's pause."""

from __future__ import annotations

import secrets
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm

from peerapp.access import roles
from peerapp.companion import bp
from peerapp.listing_pages import clock, long_date
from peerapp.services.companion import offering, requests, rules
from peerapp.services.companion.requests import AlreadyAsked, Finished, KeyReused, Taken
from peerapp.services.errors import ValidationError

if TYPE_CHECKING:
    from peerapp.models.companion import CompanionRequest
    from peerapp.models.people import User

#: the meeting point the first choice stands for
AT_THE_DOOR = "door"


def _me() -> User:
    user: User = current_user._get_current_object()
    return user


def occasion(moment: datetime, zone: str) -> str:
    """A start written out in its own zone, such as "Tirsdag 5. januar 2027, 20:00"."""
    local = moment.astimezone(ZoneInfo(zone))
    return _("%(date)s, %(time)s", date=long_date(local), time=clock(local))


def _zone_of(item: CompanionRequest) -> str:
    if item.meeting is not None:
        return item.meeting.timezone
    return item.event.timezone if item.event is not None else "Europe/Oslo"


@bp.app_context_processor
def _helpers() -> dict[str, Any]:
    return {"companion_occasion": occasion, "meeting_point": rules.shown_meeting_point}


def _read_form(asking: requests.Asking) -> dict[str, Any]:
    """The form's fields as the request body the rules check."""
    form = request.form
    target = asking.target
    body: dict[str, Any] = {"note": form.get("note") or None}
    if target.place is not None:
        body["place_id"] = target.place.id
        body["starts_at"] = _place_time(form.get("day"), form.get("time"), target.zone)
    else:
        if target.meeting is not None:
            body["meeting_id"] = target.meeting.id
        else:
            body["event_id"] = target.event.id if target.event else None
        body["starts_at"] = form.get("starts_at") or None
    if form.get("where") == AT_THE_DOOR:
        body["meeting_point"] = rules.at_the_door()
    else:
        body["meeting_point"] = form.get("meeting_point") or ""
    return body


def _place_time(day: str | None, at: str | None, zone: str) -> str | None:
    try:
        moment = datetime.combine(
            date.fromisoformat(day or ""), time.fromisoformat(at or ""), ZoneInfo(zone)
        )
    except ValueError:
        return None
    return moment.isoformat()


def _ask_page(asking: requests.Asking, errors: dict[str, str], values: Any, key: str) -> str:
    return render_template(
        "companion/ask.html",
        asking=asking,
        errors=errors,
        values=values,
        form=FlaskForm(),
        key=key,
        at_the_door=AT_THE_DOOR,
    )


def _ask(asking: requests.Asking) -> ResponseReturnValue:
    if request.method == "GET":
        return _ask_page(asking, {}, None, secrets.token_urlsafe(18))
    if not FlaskForm().validate_on_submit():
        abort(400)
    key = request.form.get("key") or ""
    body = _read_form(asking)
    try:
        asked = requests.ask(_me(), key, body)
    except ValidationError as error:
        errors = {("when" if k == "starts_at" else k): v for k, v in error.errors.items()}
        return _ask_page(asking, errors, request.form, key), 400
    except AlreadyAsked:
        message = _("You have already asked for company to this one.")
        return _ask_page(asking, {"when": message}, request.form, key), 409
    except KeyReused:
        return _ask_page(asking, {}, request.form, secrets.token_urlsafe(18)), 409
    flash(_("Asked. Peers near you are told, and you will hear when someone says yes."))
    return redirect(url_for("companion.one", request_id=asked.request.id)), 303


@bp.route("/meetings/<int(max=2147483647):meeting_id>/company", methods=["GET", "POST"])
@roles("client")
def ask_meeting(meeting_id: int) -> ResponseReturnValue:
    """Ask for a peer to come along to one of the meeting's next times."""
    return _ask(requests.asking_for("meeting_id", meeting_id))


@bp.route("/places/<int(max=2147483647):place_id>/company", methods=["GET", "POST"])
@roles("client")
def ask_place(place_id: int) -> ResponseReturnValue:
    """Ask for a peer to come along to a sober place, on a day and at a time."""
    return _ask(requests.asking_for("place_id", place_id))


@bp.route("/events/<int(max=2147483647):event_id>/company", methods=["GET", "POST"])
@roles("client")
def ask_event(event_id: int) -> ResponseReturnValue:
    """Ask for a peer to come along to one of the event's next times."""
    return _ask(requests.asking_for("event_id", event_id))


@bp.get("/company")
@roles("client", "peer")
def listing() -> ResponseReturnValue:
    """A client's requests; a peer's own and those they may take, with their pause."""
    me = _me()
    return render_template(
        "companion/list.html",
        items=requests.listed_for(me),
        paused=offering.is_paused(me) if me.role == "peer" else False,
        form=FlaskForm(),
        status_of=requests.status_of,
        zone_of=_zone_of,
    )


@bp.get("/company/<int(max=2147483647):request_id>")
@roles("client", "peer")
def one(request_id: int) -> ResponseReturnValue:
    """One request: when, where to meet, who, and what either side can do now."""
    me = _me()
    try:
        item = requests.visible(me, request_id)
    except Taken:
        return render_template("companion/taken.html"), 409
    return render_template(
        "companion/request.html",
        item=item,
        status=requests.status_of(item),
        other=requests.other_side(me, item),
        note=requests.note_of(me, item),
        reason=requests.reason_of(me, item),
        may_tell=me.id == item.client_id and requests.may_tell_outcome(item),
        zone=_zone_of(item),
        form=FlaskForm(),
    )


@bp.post("/company/<int(max=2147483647):request_id>/<action>")
@roles("client", "peer")
def act(request_id: int, action: str) -> ResponseReturnValue:
    """Accept (a peer), cancel with a reason (either side), or say how it went (the client)."""
    if not FlaskForm().validate_on_submit():
        abort(400)
    me = _me()
    try:
        if action == "accept":
            requests.accept(me, request_id)
            flash(_("Thank you for saying yes. You both see where to meet."))
        elif action == "cancel":
            requests.cancel(me, request_id, request.form.get("reason"))
            flash(_("Cancelled. The other person is told."))
        elif action == "outcome":
            requests.say_how_it_went(me, request_id, request.form.get("outcome"))
            flash(_("Thank you for telling."))
        else:
            abort(404)
    except Taken:
        return render_template("companion/taken.html"), 409
    except (ValidationError, Finished) as error:
        message = error.errors if isinstance(error, ValidationError) else {"x": error.message}
        flash(next(iter(message.values())), "error")
    return redirect(url_for("companion.one", request_id=request_id)), 303


@bp.post("/company/offer")
@roles("peer")
def offer() -> ResponseReturnValue:
    """A peer pauses offering to come along, or offers again."""
    if not FlaskForm().validate_on_submit():
        abort(400)
    paused = offering.set_paused(_me(), request.form.get("paused") == "1")
    flash(
        _("Paused: you are not asked to come along for now.")
        if paused
        else _("You offer to come along again.")
    )
    back = "peers.dashboard" if request.form.get("back") == "peer" else "companion.listing"
    return redirect(url_for(back)), 303
