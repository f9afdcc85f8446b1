"""Come with me over the API: ask for company, list, accept, cancel, and say how it went."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from flask import jsonify, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from peerapp.access import roles
from peerapp.api import bp
from peerapp.api.common import NOT_JSON, json_object, me
from peerapp.api.document import documented
from peerapp.api.schemas.checkins import IdempotencyKey
from peerapp.api.schemas.companion import (
    CancelCompanionRequest,
    CompanionOutcome,
    CompanionRequestList,
    NewCompanionRequest,
)
from peerapp.api.schemas.companion import CompanionRequest as RequestBody
from peerapp.errors import problem
from peerapp.services.companion import requests
from peerapp.services.companion.requests import AlreadyAsked, Finished, KeyReused, Taken

if TYPE_CHECKING:
    from peerapp.models.companion import CompanionRequest
    from peerapp.models.people import User

SIGNED_IN = "Not signed in."
NOT_FOUND = "No such request, or another client's (as if it did not exist)."


def request_to_api(item: CompanionRequest, viewer: User) -> dict[str, Any]:
    """A request as ``viewer`` may see it: names and the note only to the two sides."""
    target = item.meeting or item.place
    name = item.event.title if item.event is not None else (target.name if target else "")
    return {
        "id": item.id,
        "status": requests.status_of(item),
        "starts_at": item.starts_at.isoformat(),
        "meeting_point": item.meeting_point,
        "meeting_id": item.meeting_id,
        "place_id": item.place_id,
        "event_id": item.event_id,
        "name": name,
        "other_display_name": requests.other_side(viewer, item),
        "note": requests.note_of(viewer, item),
        "cancelled_by": item.cancelled_by,
        "cancel_reason": requests.reason_of(viewer, item),
        "outcome": item.outcome if viewer.id == item.client_id else None,
        "created_at": item.created_at.isoformat(),
    }


def _taken(error: Taken | Finished) -> ResponseReturnValue:
    return problem(409, _("This request can no longer change."), error.message, "companion-closed")


@bp.post("/v1/companion-requests")
@roles("client")
@documented(
    operation_id="createCompanionRequest",
    ok={
        201: (
            RequestBody,
            "Asked; peers who may take it are told. The same Idempotency-Key again answers with "
            "the same request.",
        )
    },
    errors={
        400: "Bad Request: a time in the past or not one of the meeting's, a home address, …",
        401: SIGNED_IN,
        403: "Not a client, or X-CSRFToken is wrong.",
        404: "No such meeting or place.",
        409: "There is already an open request for this occurrence.",
        415: NOT_JSON,
        422: "The Idempotency-Key was used for a different request.",
    },
    json=NewCompanionRequest,
    headers=IdempotencyKey,
)
def create_companion_request() -> ResponseReturnValue:
    """Ask for a peer to come along to one occurrence of a meeting, or a visit to a place."""
    body = json_object()
    try:
        asked = requests.ask(me(), request.headers.get("Idempotency-Key", ""), body)
    except AlreadyAsked:
        return problem(
            409,
            _("You have already asked for company to this one."),
            _("Cancel that request first if you want to ask again."),
            "companion-already-asked",
        )
    except KeyReused:
        return problem(
            422,
            _("This Idempotency-Key was used for a different request."),
            _("Use a new key for a new request."),
            "idempotency-key-reused",
        )
    # a replay answers as the first time did
    return jsonify(request_to_api(asked.request, me())), 201


@bp.get("/v1/companion-requests")
@roles("client", "peer")
@documented(
    operation_id="listCompanionRequests",
    ok={200: CompanionRequestList},
    errors={401: SIGNED_IN, 403: "Neither a client nor a peer."},
)
def list_companion_requests() -> ResponseReturnValue:
    """A client's own requests; a peer's accepted ones and the open ones they may take."""
    items = requests.listed_for(me())
    return jsonify(companion_requests=[request_to_api(item, me()) for item in items])


@bp.get("/v1/companion-requests/<int(max=2147483647):request_id>")
@roles("client", "peer")
@documented(
    operation_id="getCompanionRequest",
    ok={200: RequestBody},
    errors={
        401: SIGNED_IN,
        403: "Neither a client nor a peer.",
        404: NOT_FOUND,
        409: "Another peer took it, or it ended.",
    },
)
def get_companion_request(request_id: int) -> ResponseReturnValue:
    """One request, to its client, its peer, or a peer who may take it while open."""
    try:
        item = requests.visible(me(), request_id)
    except Taken as error:
        return _taken(error)
    return jsonify(request_to_api(item, me()))


@bp.post("/v1/companion-requests/<int(max=2147483647):request_id>/accept")
@roles("peer")
@documented(
    operation_id="acceptCompanionRequest",
    ok={200: (RequestBody, "Yours: the client is told.")},
    errors={
        401: SIGNED_IN,
        403: "Not a peer, outside the peer's regions or fellowships, or X-CSRFToken is wrong.",
        404: NOT_FOUND,
        409: "Another peer accepted first, or it was cancelled or expired.",
    },
)
def accept_companion_request(request_id: int) -> ResponseReturnValue:
    """Say yes: the first peer to accept gets it."""
    try:
        item = requests.accept(me(), request_id)
    except Taken as error:
        return _taken(error)
    return jsonify(request_to_api(item, me()))


@bp.post("/v1/companion-requests/<int(max=2147483647):request_id>/cancel")
@roles("client", "peer")
@documented(
    operation_id="cancelCompanionRequest",
    ok={200: (RequestBody, "Cancelled: the other side, if any, is told.")},
    errors={
        400: "Bad Request: no reason.",
        401: SIGNED_IN,
        403: "X-CSRFToken is wrong.",
        404: NOT_FOUND,
        409: "Already cancelled or expired, or the time has passed.",
        415: NOT_JSON,
    },
    json=CancelCompanionRequest,
)
def cancel_companion_request(request_id: int) -> ResponseReturnValue:
    """Either side cancels, with a reason."""
    reason = json_object().get("reason")
    try:
        item = requests.cancel(me(), request_id, reason)
    except Finished as error:
        return _taken(error)
    return jsonify(request_to_api(item, me()))


@bp.post("/v1/companion-requests/<int(max=2147483647):request_id>/outcome")
@roles("client")
@documented(
    operation_id="tellCompanionOutcome",
    ok={200: RequestBody},
    errors={
        400: "Bad Request: not one of the answers.",
        401: SIGNED_IN,
        403: "Not a client, or X-CSRFToken is wrong.",
        404: NOT_FOUND,
        409: "Not accepted, or the time has not come yet.",
        415: NOT_JSON,
    },
    json=CompanionOutcome,
)
def tell_companion_outcome(request_id: int) -> ResponseReturnValue:
    """After the time, the client says how it went (optional)."""
    outcome = json_object().get("outcome")
    try:
        item = requests.say_how_it_went(me(), request_id, outcome)
    except Finished as error:
        return _taken(error)
    return jsonify(request_to_api(item, me()))
