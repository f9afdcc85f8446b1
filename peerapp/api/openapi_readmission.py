"""OpenAPI paths and schemas of readmission: the one tap, the timeline and enrolment."""

from __future__ import annotations

from peerapp.api.openapi import Schema, _json, _ref, json_body, problem_response
from peerapp.models.readmission import AGREEMENT_KINDS, STATUSES
from peerapp.services.readmission.requests import MAX_KEY_LENGTH, MAX_MESSAGE_LENGTH
from peerapp.services.readmission.timeline import MAX_NOTE_LENGTH

_TIME = {"type": "string", "format": "date-time"}
_MAYBE_TIME = {"type": ["string", "null"], "format": "date-time"}
_MAYBE_TEXT = {"type": ["string", "null"]}
_CLINIC: Schema = {
    "type": "object",
    "required": ["slug", "name", "phone"],
    "properties": {
        "slug": {"type": "string"},
        "name": {"type": "string"},
        "phone": _MAYBE_TEXT,
    },
}


_REQUEST_PROPERTIES: dict[str, Schema] = {
    "id": {"type": "integer"},
    "status": {"enum": list(STATUSES)},
    "clinic": _CLINIC,
    "agreement": {
        "enum": list(AGREEMENT_KINDS),
        "description": "The return agreement in force when the request was sent.",
    },
    "created_at": _TIME,
    "received_at": _MAYBE_TIME,
    "contacted_at": _MAYBE_TIME,
    "closed_at": _MAYBE_TIME,
    "admission_at": _MAYBE_TIME,
    "overdue": {
        "type": "boolean",
        "description": "Not contacted within the clinic's response-time target.",
    },
    "message": _MAYBE_TEXT,
    "callback_phone": _MAYBE_TEXT,
    "allowed_statuses": {
        "type": "array",
        "items": {"enum": list(STATUSES)},
        "description": "The statuses the signed-in person may move the request to now.",
    },
    "client": {
        "type": ["object", "null"],
        "description": "Staff and admins only; null once the client deleted their account.",
        "properties": {"id": {"type": "integer"}, "username": {"type": "string"}},
    },
    "already_open": {
        "type": "boolean",
        "description": "The client already had this open request; no new one was made.",
    },
    "events": {
        "type": "array",
        "items": _ref("schemas", "ReadmissionEvent"),
        "description": "The timeline, oldest first.",
    },
}

_AGREEMENT: Schema = {
    "type": "object",
    "required": ["clinic", "kind"],
    "properties": {
        "clinic": _CLINIC,
        "kind": {"enum": list(AGREEMENT_KINDS)},
        "max_stay_days": {"type": ["integer", "null"]},
        "min_days_between": {"type": ["integer", "null"]},
        "valid_until": {"type": ["string", "null"], "format": "date"},
    },
}

READMISSION_SCHEMAS: dict[str, Schema] = {
    "ReadmissionRequest": {
        "type": "object",
        "required": ["id", "status", "clinic", "created_at"],
        "properties": _REQUEST_PROPERTIES,
    },
    "ReadmissionEvent": {
        "type": "object",
        "required": ["status", "at", "by"],
        "properties": {
            "status": {"enum": list(STATUSES)},
            "at": _TIME,
            "by": {
                "type": "object",
                "properties": {"role": {"type": "string"}, "name": _MAYBE_TEXT},
            },
            "note": _MAYBE_TEXT,
            "admission_at": _MAYBE_TIME,
        },
    },
    "NewReadmissionRequest": {
        "type": "object",
        "properties": {
            "message": {"type": ["string", "null"], "maxLength": MAX_MESSAGE_LENGTH},
            "callback_phone": {"type": ["string", "null"], "maxLength": 20},
        },
    },
    "NewReadmissionEvent": {
        "type": "object",
        "required": ["status"],
        "properties": {
            "status": {
                "enum": list(STATUSES),
                "description": (
                    "Staff: the next step only (sent → received or contacted → offered, which "
                    "needs admission_at → admitted) or declined; a client: withdrawn. "
                    "Anything else is 409."
                ),
            },
            "note": {"type": ["string", "null"], "maxLength": MAX_NOTE_LENGTH},
            "admission_at": {"type": ["string", "null"], "format": "date-time"},
        },
    },
    "Agreement": _AGREEMENT,
    "NewEnrolment": {
        "type": "object",
        "properties": {
            "kind": {"enum": list(AGREEMENT_KINDS)},
            "max_stay_days": {"type": ["integer", "null"], "minimum": 1, "maximum": 30},
            "min_days_between": {"type": ["integer", "null"], "minimum": 0, "maximum": 365},
            "valid_until": {"type": ["string", "null"], "format": "date"},
        },
    },
    "Enrolment": {
        "type": "object",
        "required": ["code", "expires_at", "agreement"],
        "properties": {
            "code": {"type": "string", "description": "One-time code, shown only now."},
            "expires_at": _TIME,
            "agreement": _ref("schemas", "Agreement"),
        },
    },
    "EnrolmentCode": {
        "type": "object",
        "required": ["code"],
        "properties": {"code": {"type": "string", "maxLength": 40}},
    },
}

_LOGIN_REQUIRED = problem_response("Not signed in.")
_FORBIDDEN = problem_response(
    "Signed in with a role that may not do this, or X-CSRFToken is wrong."
)
_NOT_FOUND = problem_response("No such request, or one of another clinic (as if it did not exist).")
_ONE = _json(_ref("schemas", "ReadmissionRequest"), "The request with its timeline.")
_REQUEST_ID = {
    "name": "request_id",
    "in": "path",
    "required": True,
    "schema": {"type": "integer", "minimum": 1},
}

READMISSION_PATHS: dict[str, Schema] = {
    "/api/v1/readmission-requests": {
        "post": {
            "operationId": "createReadmissionRequest",
            "summary": "The one tap: ask to come back to one's clinic (clients).",
            "parameters": [
                {
                    "name": "Idempotency-Key",
                    "in": "header",
                    "required": True,
                    "schema": {"type": "string", "minLength": 1, "maxLength": MAX_KEY_LENGTH},
                    "description": (
                        "A new random value per new request. The same key again returns the "
                        "same request (200); with a different body it is 422."
                    ),
                }
            ],
            "requestBody": json_body(_ref("schemas", "NewReadmissionRequest")),
            "responses": {
                "201": _json(_ref("schemas", "ReadmissionRequest"), "Sent."),
                "200": _json(
                    _ref("schemas", "ReadmissionRequest"),
                    "Sent before with this key, or an open request already there "
                    "(already_open: true).",
                ),
                "400": _ref("responses", "BadRequest"),
                "401": _LOGIN_REQUIRED,
                "403": _FORBIDDEN,
                "409": problem_response("The client is not enrolled at a clinic."),
                "415": problem_response("The body is not JSON."),
                "422": problem_response("The Idempotency-Key was used for a different request."),
            },
        },
        "get": {
            "operationId": "listReadmissionRequests",
            "summary": "Requests one may see, newest first: own, own clinic's, or all (admins).",
            "parameters": [
                {"name": "status", "in": "query", "schema": {"enum": list(STATUSES)}},
                {"name": "cursor", "in": "query", "schema": {"type": "string"}},
            ],
            "responses": {
                "200": _json(
                    {
                        "type": "object",
                        "required": ["readmission_requests", "next_cursor"],
                        "properties": {
                            "readmission_requests": {
                                "type": "array",
                                "items": _ref("schemas", "ReadmissionRequest"),
                            },
                            "next_cursor": {"type": ["string", "null"]},
                        },
                    },
                    "One page.",
                ),
                "400": _ref("responses", "BadRequest"),
                "401": _LOGIN_REQUIRED,
                "403": _FORBIDDEN,
            },
        },
    },
    "/api/v1/readmission-requests/{request_id}": {
        "get": {
            "operationId": "getReadmissionRequest",
            "summary": "One request and its timeline; staff opening it marks it received.",
            "parameters": [_REQUEST_ID],
            "responses": {
                "200": _ONE,
                "401": _LOGIN_REQUIRED,
                "403": _FORBIDDEN,
                "404": _NOT_FOUND,
            },
        }
    },
    "/api/v1/readmission-requests/{request_id}/events": {
        "post": {
            "operationId": "addReadmissionEvent",
            "summary": "Move the request to a new status (staff), or withdraw it (the client).",
            "parameters": [_REQUEST_ID],
            "requestBody": json_body(_ref("schemas", "NewReadmissionEvent")),
            "responses": {
                "201": _ONE,
                "400": _ref("responses", "BadRequest"),
                "401": _LOGIN_REQUIRED,
                "403": _FORBIDDEN,
                "404": _NOT_FOUND,
                "409": problem_response("Not allowed from the current status, or for this person."),
                "415": problem_response("The body is not JSON."),
            },
        }
    },
    "/api/v1/enrolments": {
        "post": {
            "operationId": "createEnrolment",
            "summary": "Staff at discharge: record the agreement, get a one-time code (14 days).",
            "requestBody": json_body(_ref("schemas", "NewEnrolment")),
            "responses": {
                "201": _json(_ref("schemas", "Enrolment"), "The code, shown once."),
                "400": _ref("responses", "BadRequest"),
                "401": _LOGIN_REQUIRED,
                "403": _FORBIDDEN,
                "409": problem_response("The staff account is not attached to a clinic."),
                "415": problem_response("The body is not JSON."),
            },
        }
    },
    "/api/v1/me/enrolment": {
        "post": {
            "operationId": "redeemEnrolment",
            "summary": "A client enters the clinic's code: the account is linked to the clinic.",
            "requestBody": json_body(_ref("schemas", "EnrolmentCode")),
            "responses": {
                "200": _json(
                    {
                        "type": "object",
                        "required": ["agreement"],
                        "properties": {"agreement": _ref("schemas", "Agreement")},
                    },
                    "Enrolled.",
                ),
                "400": _ref("responses", "BadRequest"),
                "401": _LOGIN_REQUIRED,
                "403": _FORBIDDEN,
                "415": problem_response("The body is not JSON."),
            },
        }
    },
}
