"""A client's plan: read it (also offline, and on paper), change it step by step, and save
meetings, places, peers and help services near home from their pages."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import Response, flash, redirect, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from peerapp import plan_pages
from peerapp.access import roles
from peerapp.extensions import utcnow
from peerapp.plan import bp
from peerapp.plan_pages import PlanPlace, me
from peerapp.services.errors import NotFound
from peerapp.services.plan import calendar, edits, near_home

OWN = PlanPlace("plan.")
ID = "int(max=2147483647)"
#: what "save near home" may name, and the page each comes from
SAVE_KINDS = {
    "meeting": "meetings.meeting_page",
    "place": "places.place_page",
    "peer": "peers.profile",
    "service": "helpservices.service_page",
}
SAVE_ARGS = {
    "meeting": "meeting_id",
    "place": "place_id",
    "peer": "profile_id",
    "service": "service_id",
}


@bp.get("")
@roles("client")
def show() -> ResponseReturnValue:
    """My plan: the crisis plan first, then appointments, my people and near home."""
    return plan_pages.show_page(OWN, me().id, "plan/show.html", near=near_home.named)


@bp.get("/print")
@roles("client")
def print_page() -> ResponseReturnValue:
    """The plan on one or two A4 pages."""
    return plan_pages.show_page(OWN, me().id, "plan/print.html", near=near_home.named, now=utcnow())


@bp.get("/crisis/<part>")
@roles("client")
def step(part: str) -> ResponseReturnValue:
    """One step of my crisis plan."""
    return plan_pages.step_page(OWN, me().id, part)


@bp.post("/crisis/<part>")
@roles("client")
def step_add(part: str) -> ResponseReturnValue:
    """Add a line (or a person) to a step."""
    return plan_pages.add_to_step(OWN, me().id, part)


@bp.post(f"/crisis/<part>/<{ID}:index>/remove")
@roles("client")
def step_remove(part: str, index: int) -> ResponseReturnValue:
    """Take a line out of a step."""
    return plan_pages.remove_from_step(OWN, me().id, part, index)


@bp.route("/appointments", methods=["GET", "POST"])
@roles("client")
def appointments() -> ResponseReturnValue:
    """My appointments after discharge, and adding one."""
    if request.method == "POST":
        return plan_pages.add_appointment(OWN, me().id)
    return plan_pages.appointments_page(OWN, me().id)


@bp.post(f"/appointments/<{ID}:appointment_id>/remove")
@roles("client")
def appointment_remove(appointment_id: int) -> ResponseReturnValue:
    """Take an appointment out."""
    return plan_pages.remove_appointment(OWN, me().id, appointment_id)


@bp.get(f"/appointments/<{ID}:appointment_id>.ics")
@roles("client")
def appointment_calendar(appointment_id: int) -> ResponseReturnValue:
    """An appointment as a calendar file, with alarms the evening before and two hours before."""
    appointment = edits.appointment(me(), me().id, appointment_id)
    body = calendar.appointment_ics(
        appointment,
        client_id=me().id,
        host=urlsplit(request.host_url).hostname or "localhost",
        url=url_for("plan.show", _external=True),
    )
    response = Response(body, mimetype="text/calendar")
    response.headers["Content-Disposition"] = (
        f'attachment; filename="appointment-{appointment.id}.ics"'
    )
    return response


@bp.route("/people", methods=["GET", "POST"])
@roles("client")
def people() -> ResponseReturnValue:
    """My people, and adding one."""
    if request.method == "POST":
        return plan_pages.add_person(OWN, me().id)
    return plan_pages.people_page(OWN, me().id)


@bp.post(f"/people/<{ID}:contact_id>/remove")
@roles("client")
def people_remove(contact_id: int) -> ResponseReturnValue:
    """Take a person out of my people."""
    return plan_pages.remove_person(OWN, me().id, contact_id)


@bp.post(f"/near-home/<kind>/<{ID}:item_id>")
@roles("client")
def near_home_save(kind: str, item_id: int) -> ResponseReturnValue:
    """Save a meeting, place, peer or service near home (``remove=1`` takes it out), then go
    back."""
    if kind not in SAVE_KINDS:
        raise NotFound
    keep = request.form.get("remove") != "1"
    near_home.save(me(), kind, item_id, keep=keep)
    flash(_("Saved in your plan, under Near home.") if keep else _("Taken out of your plan."))
    if request.form.get("back") == "plan":
        return redirect(url_for("plan.show", _anchor="near-home")), 303
    back: dict[str, Any] = {SAVE_ARGS[kind]: item_id}
    return redirect(url_for(SAVE_KINDS[kind], **back)), 303


def saved_near_home(kind: str, item_id: int) -> bool:
    """Whether the signed-in client has this item near home (the save button's state)."""
    user = me() if current_user.is_authenticated else None
    return near_home.is_saved(user, kind, item_id)
