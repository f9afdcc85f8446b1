"""The hand-over at discharge: staff fill in a client's plan with them, step by step, on the same
pages and with the same operations as the client (who sees every change on their phone).

Another clinic's client is 404, as if they did not exist; every look is in the client's log.
"""

from __future__ import annotations

from flask import request
from flask.typing import ResponseReturnValue

from peerapp import plan_pages
from peerapp.access import roles
from peerapp.clinic import bp
from peerapp.plan_pages import PlanPlace
from peerapp.services.plan import near_home

CLIENT = "/clients/<int(max=2147483647):client_id>/handover"
ID = "int(max=2147483647)"


def _place(client_id: int) -> PlanPlace:
    return PlanPlace("clinic.handover_", {"client_id": client_id}, staff=True)


@bp.get(CLIENT)
@roles("clinic")
def handover_show(client_id: int) -> ResponseReturnValue:
    """The client's plan as staff fill it in with them."""
    return plan_pages.show_page(
        _place(client_id), client_id, "clinic/handover.html", near=near_home.named
    )


@bp.get(CLIENT + "/crisis/<part>")
@roles("clinic")
def handover_step(client_id: int, part: str) -> ResponseReturnValue:
    """One step of the client's crisis plan."""
    return plan_pages.step_page(_place(client_id), client_id, part)


@bp.post(CLIENT + "/crisis/<part>")
@roles("clinic")
def handover_step_add(client_id: int, part: str) -> ResponseReturnValue:
    """Add a line (or a person) to a step of the client's crisis plan."""
    return plan_pages.add_to_step(_place(client_id), client_id, part)


@bp.post(CLIENT + f"/crisis/<part>/<{ID}:index>/remove")
@roles("clinic")
def handover_step_remove(client_id: int, part: str, index: int) -> ResponseReturnValue:
    """Take a line out of a step of the client's crisis plan."""
    return plan_pages.remove_from_step(_place(client_id), client_id, part, index)


@bp.route(CLIENT + "/appointments", methods=["GET", "POST"])
@roles("clinic")
def handover_appointments(client_id: int) -> ResponseReturnValue:
    """The client's appointments after discharge, and adding one."""
    if request.method == "POST":
        return plan_pages.add_appointment(_place(client_id), client_id)
    return plan_pages.appointments_page(_place(client_id), client_id)


@bp.post(CLIENT + f"/appointments/<{ID}:appointment_id>/remove")
@roles("clinic")
def handover_appointment_remove(client_id: int, appointment_id: int) -> ResponseReturnValue:
    """Take an appointment out of the client's plan."""
    return plan_pages.remove_appointment(_place(client_id), client_id, appointment_id)


@bp.route(CLIENT + "/people", methods=["GET", "POST"])
@roles("clinic")
def handover_people(client_id: int) -> ResponseReturnValue:
    """The client's people, and adding one."""
    if request.method == "POST":
        return plan_pages.add_person(_place(client_id), client_id)
    return plan_pages.people_page(_place(client_id), client_id)


@bp.post(CLIENT + f"/people/<{ID}:contact_id>/remove")
@roles("clinic")
def handover_people_remove(client_id: int, contact_id: int) -> ResponseReturnValue:
    """Take a person out of the client's people."""
    return plan_pages.remove_person(_place(client_id), client_id, contact_id)
