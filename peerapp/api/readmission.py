"""Readmission requests over the API: the one tap, the timeline, and enrolment at discharge."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from flask import jsonify, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from peerapp.access import bearer_key, come_back_key, roles
from peerapp.api import bp
from peerapp.api.common import NOT_JSON, json_object, me
from peerapp.api.document import documented
from peerapp.api.schemas.checkins import IdempotencyKey
from peerapp.api.schemas.readmission import (
    EnrolledAgreement,
    Enrolment,
    EnrolmentCode,
    NewEnrolment,
    NewReadmissionEvent,
    NewReadmissionRequest,
    ReadmissionFilter,
    ReadmissionRequestPage,
)
from peerapp.api.schemas.readmission import ReadmissionRequest as RequestBody
from peerapp.errors import ValidationError, problem
from peerapp.labels import status_label
from peerapp.services.readmission import (
    agreements,
    come_back_keys,
    queue,
    requests,
    shared,
    timeline,
)
from peerapp.services.readmission.agreements import NoClinic
from peerapp.services.readmission.requests import KeyReused
from peerapp.services.readmission.timeline import IllegalTransition
from peerapp.services.vocabularies import STATUSES

if TYPE_CHECKING:
    from peerapp.models.people import User
    from peerapp.models.readmission import ReadmissionRequest

SIGNED_IN = "Not signed in."
FORBIDDEN = "Signed in with a role that may not do this, or X-CSRFToken is wrong."
NOT_FOUND = "No such request, or one of another clinic (as if it did not exist)."


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def request_to_api(
    item: ReadmissionRequest,
    viewer: User,
    events: bool = False,
    references: dict[int, str] | None = None,
) -> dict[str, Any]:
    """A request as the API shows it to ``viewer`` (staff see whose it is and their clinic's own
    reference, from ``references`` or looked up; clients their own)."""
    clinic = item.clinic
    answer: dict[str, Any] = {
        "id": item.id,
        "status": item.status,
        "clinic": {"slug": clinic.slug, "name": clinic.name, "phone": clinic.phone},
        "agreement": item.agreement_kind,
        "created_at": _iso(item.created_at),
        "received_at": _iso(item.received_at),
        "contacted_at": _iso(item.contacted_at),
        "closed_at": _iso(item.closed_at),
        "admission_at": _iso(item.admission_at),
        "overdue": queue.is_overdue(item),
        "allowed_statuses": list(timeline.allowed_statuses(viewer, item)),
    }
    if viewer.role != "client":
        answer["client"] = (
            {"id": item.client_id, "username": item.client_label} if item.client_id else None
        )
    if viewer.role == "clinic" and viewer.clinic_id == item.clinic_id:
        if references is None:
            references = agreements.references_for(viewer, [item.client_id])
        answer["reference"] = references.get(item.client_id or 0)
    if events:
        # what the client wrote travels only in the single, audited view of one request
        answer["message"] = shared.unseal(item.message)
        answer["callback_phone"] = shared.unseal(item.callback_phone)
        answer["events"] = [
            {
                "status": event.status,
                "at": _iso(event.at),
                "by": {"role": event.actor_role, "name": event.actor_label},
                "note": shared.unseal(event.note),
                "admission_at": _iso(event.admission_at),
            }
            for event in item.events
        ]
    return answer


def _no_clinic() -> ResponseReturnValue:
    return problem(
        409,
        _("You are not enrolled at a clinic."),
        _("Ask your clinic for an enrolment code, or call them directly."),
        kind="no-clinic",
    )


@bp.post("/v1/readmission-requests")
@roles("client")
@come_back_key
@documented(
    operation_id="createReadmissionRequest",
    ok={
        201: (RequestBody, "Sent."),
        200: (
            RequestBody,
            "Sent before with this key, or an open request already there (already_open: true).",
        ),
    },
    errors={
        400: "Bad Request",
        401: "Not signed in, or the come-back key is unknown, removed or its enrolment ended.",
        403: FORBIDDEN,
        409: "The client is not enrolled at a clinic.",
        415: NOT_JSON,
        422: "The Idempotency-Key was used for a different request.",
    },
    json=NewReadmissionRequest,
    headers=IdempotencyKey,
    security=[{"cookieAuth": []}, {"comeBackKey": []}],
)
def create_readmission_request() -> ResponseReturnValue:
    """The one tap: send a request to come back to one's clinic, exactly once per key."""
    key = request.headers.get("Idempotency-Key", "")
    if problem_text := requests.key_problem(key):
        raise ValidationError({"Idempotency-Key": problem_text})
    body = json_object() if request.get_data() else {}  # the body is optional: one tap
    secret = bearer_key()
    try:
        if secret is not None:  # a signed-out phone with a come-back key
            client, result = come_back_keys.submit_with_key(
                secret, key, body.get("message"), body.get("callback_phone")
            )
        else:
            client = me()
            result = requests.submit(client, key, body.get("message"), body.get("callback_phone"))
    except come_back_keys.KeyRefused:
        refused = problem(
            401,
            _("This phone's key to come back no longer works."),
            _("Log in to send the request, or call your clinic."),
            kind="come-back-key-refused",
        )
        refused.headers["WWW-Authenticate"] = 'Bearer error="invalid_token"'
        return refused
    except NoClinic:
        return _no_clinic()
    except KeyReused:
        return problem(
            422,
            _("This Idempotency-Key was used for a different request."),
            _("Use a new key for a new request."),
            kind="idempotency-key-reused",
        )
    item = result.request
    answer = request_to_api(item, client, events=True)
    if result.already_open:
        answer["already_open"] = True
    return jsonify(answer), 201 if result.created else 200


@bp.get("/v1/readmission-requests")
@roles("client", "clinic", "admin")
@documented(
    operation_id="listReadmissionRequests",
    ok={200: ReadmissionRequestPage},
    errors={400: "Bad Request", 401: SIGNED_IN, 403: FORBIDDEN},
    validate=False,
    query=ReadmissionFilter,
)
def list_readmission_requests() -> ResponseReturnValue:
    """The requests one may see, newest first, 50 at a time."""
    status = request.args.get("status") or None
    if status is not None and status not in STATUSES:
        raise ValidationError({"status": _("Unknown status.")})
    cursor = request.args.get("cursor")
    if cursor is not None and not (
        re.fullmatch(r"[0-9]{1,10}", cursor) and 0 < int(cursor) < 2**31
    ):
        raise ValidationError({"cursor": _("Use the next_cursor of the previous page.")})
    page_size = 50
    items = queue.listed_for(me(), status, int(cursor) if cursor else None, limit=page_size + 1)
    more = len(items) > page_size
    items = items[:page_size]
    references = agreements.references_for(me(), [item.client_id for item in items])
    return jsonify(
        readmission_requests=[request_to_api(item, me(), references=references) for item in items],
        next_cursor=str(items[-1].id) if more else None,
    )


def _visible(request_id: int) -> ReadmissionRequest | None:
    return queue.visible_to(me(), request_id)


def _not_found() -> ResponseReturnValue:
    return problem(404, _("There is no such request."), kind="not-found")


@bp.get("/v1/readmission-requests/<int(max=2147483647):request_id>")
@roles("client", "clinic", "admin")
@documented(
    operation_id="getReadmissionRequest",
    ok={200: (RequestBody, "The request with its timeline.")},
    errors={401: SIGNED_IN, 403: FORBIDDEN, 404: NOT_FOUND},
)
def get_readmission_request(request_id: int) -> ResponseReturnValue:
    """One request with its timeline; staff opening it marks it received."""
    item = _visible(request_id)
    if item is None:
        return _not_found()
    if me().role != "client":
        timeline.open_for_staff(me(), item)
    return jsonify(request_to_api(item, me(), events=True))


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
                "admission_at": _(
                    "Give a date and time with its offset, such as 2026-12-03T10:00+01:00."
                )
            }
        )
    return moment


@bp.post("/v1/readmission-requests/<int(max=2147483647):request_id>/events")
@roles("client", "clinic")
@documented(
    operation_id="addReadmissionEvent",
    ok={201: (RequestBody, "The request with its timeline.")},
    errors={
        400: "Bad Request",
        401: SIGNED_IN,
        403: FORBIDDEN,
        404: NOT_FOUND,
        409: "Not allowed from the current status, or for this person.",
        415: NOT_JSON,
    },
    json=NewReadmissionEvent,
)
def add_readmission_event(request_id: int) -> ResponseReturnValue:
    """Move a request along: staff through the clinic's steps, a client only to withdrawn."""
    body = json_object()
    status, note = body.get("status"), body.get("note")
    errors = {}
    if status not in STATUSES:
        errors["status"] = _("Unknown status.")
    if note is not None and not isinstance(note, str):
        errors["note"] = _("Must be text.")
    if errors:
        raise ValidationError(errors)
    admission_at = _moment(body.get("admission_at"))
    item = _visible(request_id)
    if item is None:
        return _not_found()
    try:
        timeline.change_status(me(), item, str(status), note, admission_at)
    except IllegalTransition:
        return problem(
            409,
            _("The request cannot move to this status now."),
            _("It is %(status)s.", status=status_label(item.status)),
            kind="illegal-transition",
        )
    return jsonify(request_to_api(item, me(), events=True)), 201


@bp.post("/v1/enrolments")
@roles("clinic")
@documented(
    operation_id="createEnrolment",
    ok={201: (Enrolment, "The code, shown once.")},
    errors={
        400: "Bad Request",
        401: SIGNED_IN,
        403: FORBIDDEN,
        409: "The staff account is not attached to a clinic.",
        415: NOT_JSON,
    },
    json=NewEnrolment,
)
def create_enrolment() -> ResponseReturnValue:
    """Staff at discharge: a one-time code (valid 14 days) that links a client to the clinic."""
    body = json_object()
    spec = agreements.AgreementSpec(
        kind=body.get("kind") or "fast_return",
        max_stay_days=_whole(body, "max_stay_days"),
        min_days_between=_whole(body, "min_days_between"),
        valid_until=_day(body, "valid_until"),
    )
    reference = body.get("reference")
    if reference is not None and not isinstance(reference, str):
        raise ValidationError({"reference": _("Must be text.")})
    try:
        enrolment, code = agreements.create_enrolment(me(), spec, reference)
    except NoClinic:
        return problem(409, _("Your account is not attached to a clinic."), kind="no-clinic")
    return jsonify(
        code=agreements.format_code(code),
        expires_at=_iso(enrolment.expires_at),
        agreement=_agreement_to_api(agreements.agreement_of(enrolment)),
        reference=agreements.clean_reference(reference),
    ), 201


@bp.post("/v1/me/enrolment")
@roles("client")
@documented(
    operation_id="redeemEnrolment",
    ok={200: EnrolledAgreement},
    errors={400: "Bad Request", 401: SIGNED_IN, 403: FORBIDDEN, 415: NOT_JSON},
    json=EnrolmentCode,
)
def redeem_enrolment() -> ResponseReturnValue:
    """A client enters the code from their clinic: their account is linked to it."""
    code = json_object().get("code")
    if not isinstance(code, str) or not code.strip():
        raise ValidationError({"code": _("Enter the code from your clinic.")})
    enrolment = agreements.redeem(me(), code)
    return jsonify(agreement=_agreement_to_api(agreements.agreement_of(enrolment)))


def _agreement_to_api(agreement: agreements.Agreement) -> dict[str, Any]:
    clinic = agreement.clinic
    return {
        "clinic": {"slug": clinic.slug, "name": clinic.name, "phone": clinic.phone},
        "kind": agreement.kind,
        "max_stay_days": agreement.max_stay_days,
        "min_days_between": agreement.min_days_between,
        "valid_until": agreement.valid_until.isoformat() if agreement.valid_until else None,
    }


def _whole(body: dict[str, Any], name: str) -> int | None:
    value = body.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError({name: _("Must be a whole number.")})
    return value


def _day(body: dict[str, Any], name: str) -> date | None:
    value = body.get(name)
    if value is None:
        return None
    try:
        if isinstance(value, str):
            return date.fromisoformat(value)
    except ValueError:
        pass
    raise ValidationError({name: _("Give a date as YYYY-MM-DD.")})
