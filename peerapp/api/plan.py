"""A client's plan over the API: read it, change the parts that changed, and its appointments
(each with a calendar file). Writes take an ``Idempotency-Key`` so an offline queue can replay."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import Response, jsonify, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from peerapp.access import roles
from peerapp.api import bp
from peerapp.api.common import NOT_JSON, json_object, me
from peerapp.api.document import documented
from peerapp.api.schemas.checkins import IdempotencyKey
from peerapp.api.schemas.plan import Appointment as AppointmentBody
from peerapp.api.schemas.plan import AppointmentList, NewAppointment, Plan, PlanUpdate
from peerapp.errors import ValidationError, problem
from peerapp.services.plan import calendar, edits, read
from peerapp.services.plan.store import Appointment, PlanData
from peerapp.services.readmission.requests import key_problem

FORBIDDEN = "Not a client, or X-CSRFToken is wrong."
REPLAY = (
    "The Idempotency-Key was used for a different change (type ends in idempotency-key-reused)."
)


def appointment_to_api(appointment: Appointment) -> dict[str, Any]:
    """An appointment as JSON, with the link to its calendar file."""
    return {
        "id": appointment.id,
        "what": appointment.what,
        "with_whom": appointment.with_whom,
        "starts_at": appointment.starts_at.isoformat(),
        "where": appointment.where,
        "ics": url_for("api.plan_appointment_ics", appointment_id=appointment.id, _external=True),
    }


def plan_to_api(plan: PlanData) -> dict[str, Any]:
    """The whole plan as JSON, its text in clear for its owner."""
    return {
        "crisis_plan": plan.crisis_plan.as_dict(),
        "appointments": [appointment_to_api(item) for item in plan.appointments],
        "contacts": [
            {"id": c.id, "role": c.role, "name": c.name, "phone": c.phone, "how": c.how}
            for c in plan.contacts
        ],
        "saved": [{"kind": item.kind, "id": item.item_id} for item in plan.saved],
        "version": plan.version,
        "updated_at": plan.updated_at.isoformat() if plan.updated_at else None,
    }


def _key() -> str:
    key = request.headers.get("Idempotency-Key", "")
    if problem_text := key_problem(key):
        raise ValidationError({"Idempotency-Key": problem_text})
    return key


def _key_reused() -> Response:
    return problem(
        422,
        _("This Idempotency-Key was used for a different change."),
        kind="idempotency-key-reused",
    )


@bp.get("/v1/me/plan")
@roles("client")
@documented(
    operation_id="getPlan",
    ok={200: Plan},
    errors={401: "Not signed in.", 403: FORBIDDEN},
)
def get_plan() -> ResponseReturnValue:
    """One's plan (empty parts and version 0 before anything is in it)."""
    return jsonify(plan_to_api(edits.view(me(), me().id)))


@bp.put("/v1/me/plan")
@roles("client")
@documented(
    operation_id="updatePlan",
    ok={200: (Plan, "The plan as it now is (also for a replayed key).")},
    errors={
        400: "Bad Request (each bad field named in `errors`).",
        401: "Not signed in.",
        403: FORBIDDEN,
        409: "`version` is not the plan's: someone changed it meanwhile (type ends in conflict).",
        415: NOT_JSON,
        422: REPLAY,
    },
    json=PlanUpdate,
    headers=IdempotencyKey,
)
def update_plan() -> ResponseReturnValue:
    """Change the parts sent (each replaced whole); the others stay as they are."""
    key = _key()
    body = json_object()
    version = body.get("version")
    if version is not None and (isinstance(version, bool) or not isinstance(version, int)):
        raise ValidationError({"version": _("Give the version as a whole number.")})
    changes = read.changes(body)
    try:
        saved = edits.update(me(), me().id, changes, key=key, expected_version=version)
    except edits.KeyReused:
        return _key_reused()
    return jsonify(plan_to_api(saved.plan))


@bp.get("/v1/me/plan/appointments")
@roles("client")
@documented(
    operation_id="listPlanAppointments",
    ok={200: AppointmentList},
    errors={401: "Not signed in.", 403: FORBIDDEN},
)
def list_appointments() -> ResponseReturnValue:
    """One's appointments, soonest first."""
    plan = edits.view(me(), me().id)
    return jsonify(appointments=[appointment_to_api(item) for item in plan.appointments])


@bp.post("/v1/me/plan/appointments")
@roles("client")
@documented(
    operation_id="addPlanAppointment",
    ok={201: (AppointmentBody, "Added."), 200: (AppointmentBody, "A replayed key.")},
    errors={
        400: "Bad Request (each bad field named in `errors`).",
        401: "Not signed in.",
        403: FORBIDDEN,
        415: NOT_JSON,
        422: REPLAY,
    },
    json=NewAppointment,
    headers=IdempotencyKey,
)
def add_appointment() -> ResponseReturnValue:
    """Add an appointment; it is reminded the evening before and two hours before."""
    key = _key()
    errors: dict[str, str] = {}
    entry = read.appointment(json_object(), "", errors)
    if errors or entry is None:
        raise ValidationError(errors)
    try:
        saved = edits.add_appointment(me(), me().id, entry, key=key)
    except edits.KeyReused:
        return _key_reused()
    found = next((a for a in saved.plan.appointments if a.id == saved.result_id), None)
    if found is None:  # replayed after it was removed
        return problem(404, _("This appointment was removed."), kind="not-found")
    return jsonify(appointment_to_api(found)), 200 if saved.replayed else 201


@bp.delete("/v1/me/plan/appointments/<int(max=2147483647):appointment_id>")
@roles("client")
@documented(
    operation_id="removePlanAppointment",
    ok={204: None},
    errors={401: "Not signed in.", 403: FORBIDDEN, 404: "No such appointment in one's plan."},
)
def remove_appointment(appointment_id: int) -> ResponseReturnValue:
    """Take an appointment out (its reminders go with it)."""
    edits.remove_appointment(me(), me().id, appointment_id)
    return "", 204


@bp.get("/v1/me/plan/appointments/<int(max=2147483647):appointment_id>.ics")
@roles("client")
@documented(
    operation_id="getPlanAppointmentCalendar",
    ok={200: None},
    errors={401: "Not signed in.", 403: FORBIDDEN, 404: "No such appointment in one's plan."},
)
def plan_appointment_ics(appointment_id: int) -> ResponseReturnValue:
    """The appointment as an iCalendar file (text/calendar) with alarms the evening before and
    two hours before."""
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
