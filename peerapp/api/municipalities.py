"""The municipality in the chain over the API: a coordinator's hand-overs and their
confirmation, and a client's requests to be enrolled by a clinic."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from flask import jsonify, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from peerapp.access import roles
from peerapp.api import bp
from peerapp.api.common import NOT_JSON, json_object, me
from peerapp.api.document import documented
from peerapp.api.schemas.checkins import IdempotencyKey
from peerapp.api.schemas.municipalities import (
    EnrolmentRequest,
    EnrolmentRequestList,
    Handover,
    HandoverConfirmation,
    HandoverList,
    NewEnrolmentRequest,
)
from peerapp.errors import ValidationError, problem
from peerapp.services.errors import NotFound
from peerapp.services.municipalities import enrolment_requests, handovers
from peerapp.services.readmission import requests
from peerapp.services.readmission.requests import KeyReused

if TYPE_CHECKING:
    from peerapp.models.municipalities import EnrolmentRequest as EnrolmentRequestRow
    from peerapp.models.municipalities import Handover as HandoverRow

SIGNED_IN = "Not signed in."
FORBIDDEN = "Signed in with a role that may not do this, or X-CSRFToken is wrong."


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def _clinic(item: HandoverRow | EnrolmentRequestRow) -> dict[str, Any]:
    return {"slug": item.clinic.slug, "name": item.clinic.name, "phone": item.clinic.phone}


def handover_to_api(item: HandoverRow, place: bool = False) -> dict[str, Any]:
    """A hand-over as its municipality's coordinators read it (the place only when asked)."""
    appointment = None
    if item.first_appointment_at is not None:
        appointment = {
            "at": _iso(item.first_appointment_at),
            "place": handovers.appointment_place(item) if place else None,
        }
    return {
        "id": item.id,
        "client": {"username": item.client.username},
        "clinic": _clinic(item),
        "discharge_date": item.discharge_date.isoformat(),
        "sent_at": _iso(item.sent_at),
        "confirm_by": _iso(handovers.deadline(item)),
        "overdue": handovers.is_overdue(item),
        "confirmed_at": _iso(item.confirmed_at),
        "first_appointment": appointment,
    }


@bp.get("/v1/handovers")
@roles("municipal")
@documented(
    operation_id="listHandovers",
    ok={200: HandoverList},
    errors={401: SIGNED_IN, 403: FORBIDDEN},
)
def list_handovers() -> ResponseReturnValue:
    """The hand-overs sent to one's municipality with the client's consent in force."""
    items = handovers.for_municipality(me())
    return jsonify(handovers=[handover_to_api(item) for item in items])


def _moment(value: Any) -> datetime | None:
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise ValidationError(
            {
                "first_appointment_at": _(
                    "Give a date and time with its offset, such as 2026-12-03T10:00+01:00."
                )
            }
        )
    return moment


@bp.post("/v1/handovers/<int(max=2147483647):handover_id>/confirm")
@roles("municipal")
@documented(
    operation_id="confirmHandover",
    ok={200: (Handover, "Confirmed (again: the appointment is changed).")},
    errors={
        400: "Bad Request",
        401: SIGNED_IN,
        403: FORBIDDEN,
        404: "No such hand-over, another municipality's, or the client's consent is withdrawn.",
        415: NOT_JSON,
    },
    json=HandoverConfirmation,
    validate=False,
)
def confirm_handover(handover_id: int) -> ResponseReturnValue:
    """Confirm receipt and the first appointment (audited: the client sees it)."""
    body = json_object()
    place = body.get("place")
    if place is not None and not isinstance(place, str):
        raise ValidationError({"place": _("Must be text.")})
    answer = handovers.Confirmation(_moment(body.get("first_appointment_at")), place or "")
    try:
        item = handovers.confirm(me(), handover_id, answer)
    except NotFound:
        return problem(404, _("There is no such hand-over."), kind="not-found")
    except ValidationError as error:  # the API's names of the fields
        names = {"appointment_at": "first_appointment_at"}
        raise ValidationError({names.get(k, k): v for k, v in error.errors.items()}) from None
    return jsonify(handover_to_api(item, place=True))


def enrolment_request_to_api(item: EnrolmentRequestRow) -> dict[str, Any]:
    """A request to be enrolled as its client reads it."""
    return {
        "id": item.id,
        "clinic": _clinic(item),
        "status": item.status,
        "created_at": _iso(item.created_at),
        "decided_at": _iso(item.decided_at),
        "agreement": item.agreement_kind,
        "decline_reason": enrolment_requests.reason_of(item),
    }


@bp.post("/v1/enrolment-requests")
@roles("client")
@documented(
    operation_id="createEnrolmentRequest",
    ok={
        201: (EnrolmentRequest, "Sent to the clinic."),
        200: (EnrolmentRequest, "Sent before with this key."),
    },
    errors={
        400: "Bad Request: no such clinic, already enrolled, or a request still open.",
        401: SIGNED_IN,
        403: FORBIDDEN,
        415: NOT_JSON,
        422: "The Idempotency-Key was used for a different request.",
    },
    json=NewEnrolmentRequest,
    headers=IdempotencyKey,
    validate=False,
)
def create_enrolment_request() -> ResponseReturnValue:
    """Ask a clinic to enrol one, for a client who has no code; exactly once per key."""
    key = request.headers.get("Idempotency-Key", "")
    if problem_text := requests.key_problem(key):
        raise ValidationError({"Idempotency-Key": problem_text})
    body = json_object()
    clinic = body.get("clinic")
    try:
        asked = enrolment_requests.ask(me(), clinic if isinstance(clinic, str) else None, key)
    except KeyReused:
        return problem(
            422,
            _("This Idempotency-Key was used for a different request."),
            _("Use a new key for a new request."),
            kind="idempotency-key-reused",
        )
    return jsonify(enrolment_request_to_api(asked.request)), 201 if asked.created else 200


@bp.get("/v1/enrolment-requests")
@roles("client")
@documented(
    operation_id="listEnrolmentRequests",
    ok={200: EnrolmentRequestList},
    errors={401: SIGNED_IN, 403: FORBIDDEN},
)
def list_enrolment_requests() -> ResponseReturnValue:
    """One's requests to be enrolled, newest first, with the clinics' answers."""
    items = enrolment_requests.mine(me())
    return jsonify(enrolment_requests=[enrolment_request_to_api(item) for item in items])
