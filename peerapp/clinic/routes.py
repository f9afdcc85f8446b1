"""The clinic dashboard (the readmission queue joins it later)."""

from __future__ import annotations

from flask import abort, render_template
from flask.typing import ResponseReturnValue
from flask_login import current_user

from peerapp.access import roles
from peerapp.clinic import bp
from peerapp.services import clinics


@bp.get("")
@roles("clinic")
def dashboard() -> ResponseReturnValue:
    """The clinic's details, its staff and its enrolled clients."""
    clinic = current_user.clinic
    if clinic is None:
        abort(404)
    return render_template(
        "clinic/dashboard.html",
        clinic=clinic,
        staff=clinics.clinic_staff(clinic.id),
        clients=clinics.enrolled_clients(clinic.id),
    )


@bp.get("/clients/<int(max=2147483647):client_id>")
@roles("clinic")
def client_detail(client_id: int) -> ResponseReturnValue:
    """One enrolled client; another clinic's client is 404, as if they did not exist."""
    client = clinics.client_for_staff(current_user._get_current_object(), client_id)
    if client is None:
        abort(404)
    return render_template("clinic/client.html", client=client)
