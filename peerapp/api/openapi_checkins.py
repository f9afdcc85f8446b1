"""OpenAPI paths and schemas of daily check-ins and consent."""

from __future__ import annotations

from peerapp.api.openapi import Schema, _json, _ref, json_body, problem_response
from peerapp.models.checkins import CONSENT_SCOPES
from peerapp.services.checkins.daily import MAX_ANCHORS, MAX_LABEL_LENGTH, MAX_NOTE_LENGTH
from peerapp.services.readmission.requests import MAX_KEY_LENGTH

_ANCHOR_FIELDS: dict[str, Schema] = {
    "label": {"type": "string", "maxLength": MAX_LABEL_LENGTH},
    "time": {"type": ["string", "null"], "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9]$"},
    "meeting_id": {
        "type": ["integer", "null"],
        "description": "The anchor is this listed meeting (its `id` in `/api/v1/meetings`):"
        " without `label` and `time` it brings its name and its start that day on the clock"
        " in Norway. A meeting that is not listed is refused (422, type ends in"
        " unknown-meeting), unless it is already in that day's plan.",
    },
}
#: an anchor as sent: a label, or a meeting that brings its own
_NEW_ANCHOR: Schema = {
    "type": "object",
    "anyOf": [
        {"required": ["label"]},
        {"required": ["meeting_id"], "properties": {"meeting_id": {"type": "integer"}}},
    ],
    "properties": _ANCHOR_FIELDS,
}
#: an anchor as stored: ``meeting_id`` only when it is a meeting
_ANCHOR: Schema = {"type": "object", "required": ["label"], "properties": _ANCHOR_FIELDS}
_FIGURES: dict[str, Schema] = {
    "date": {"type": "string", "format": "date", "description": "The day, in Norway; not ahead."},
    "mood": {"type": ["integer", "null"], "minimum": 1, "maximum": 5},
    "craving": {"type": ["integer", "null"], "minimum": 0, "maximum": 10},
    "sleep_hours": {"type": ["number", "null"], "minimum": 0, "maximum": 24},
    "plan": {"type": "array", "items": _ANCHOR, "maxItems": MAX_ANCHORS},
    "done": {"type": "array", "items": {"type": "string"}},
    "note": {
        "type": ["string", "null"],
        "maxLength": MAX_NOTE_LENGTH,
        "description": "Private; encrypted at rest; never shared.",
    },
}

CHECKIN_SCHEMAS: dict[str, Schema] = {
    "NewCheckIn": {
        "type": "object",
        "required": ["date"],
        "properties": {
            **_FIGURES,
            "plan": {"type": "array", "items": _NEW_ANCHOR, "maxItems": MAX_ANCHORS},
        },
    },
    "CheckIn": {
        "type": "object",
        "required": ["date", "plan", "done", "updated_at"],
        "properties": {**_FIGURES, "updated_at": {"type": "string", "format": "date-time"}},
    },
    "ConsentScope": {
        "type": "object",
        "required": ["scope"],
        "properties": {"scope": {"enum": list(CONSENT_SCOPES)}},
    },
}

_LOGIN_REQUIRED = problem_response("Not signed in.")
_FORBIDDEN = problem_response("Not a client or peer worker, or X-CSRFToken is wrong.")

CHECKIN_PATHS: dict[str, Schema] = {
    "/api/v1/me/consent": {
        "post": {
            "operationId": "giveConsent",
            "summary": "Consent to keeping one's check-ins.",
            "requestBody": json_body(_ref("schemas", "ConsentScope")),
            "responses": {
                "201": _json(
                    {
                        "type": "object",
                        "properties": {
                            "scope": {"type": "string"},
                            "given_at": {"type": "string", "format": "date-time"},
                        },
                    },
                    "Recorded.",
                ),
                "400": _ref("responses", "BadRequest"),
                "401": _LOGIN_REQUIRED,
                "403": _FORBIDDEN,
            },
        },
        "delete": {
            "operationId": "withdrawConsent",
            "summary": "Withdraw consent; no new check-ins are kept.",
            "requestBody": json_body(_ref("schemas", "ConsentScope")),
            "responses": {
                "204": {"description": "Withdrawn."},
                "400": _ref("responses", "BadRequest"),
                "401": _LOGIN_REQUIRED,
                "403": _FORBIDDEN,
                "404": problem_response("No consent was given."),
            },
        },
    },
    "/api/v1/checkins": {
        "post": {
            "operationId": "saveCheckIn",
            "summary": "Write the day's check-in: 201 new, 200 edited or a replayed key.",
            "parameters": [
                {
                    "name": "Idempotency-Key",
                    "in": "header",
                    "required": True,
                    "schema": {"type": "string", "minLength": 1, "maxLength": MAX_KEY_LENGTH},
                }
            ],
            "requestBody": json_body(_ref("schemas", "NewCheckIn")),
            "responses": {
                "201": _json(_ref("schemas", "CheckIn"), "A new day."),
                "200": _json(_ref("schemas", "CheckIn"), "The day edited, or a replay."),
                "400": _ref("responses", "BadRequest"),
                "401": _LOGIN_REQUIRED,
                "403": _FORBIDDEN,
                "409": problem_response("Consent is needed first (type ends in consent-required)."),
                "415": problem_response("The body is not JSON."),
                "422": problem_response(
                    "The Idempotency-Key was used for a different check-in (type ends in"
                    " idempotency-key-reused), or the plan names a meeting that is not listed"
                    " (type ends in unknown-meeting, with `errors.plan`)."
                ),
            },
        },
        "get": {
            "operationId": "listCheckIns",
            "summary": "One's check-ins from `from` to `to` (default: the last 30 days).",
            "parameters": [
                {"name": "from", "in": "query", "schema": {"type": "string", "format": "date"}},
                {"name": "to", "in": "query", "schema": {"type": "string", "format": "date"}},
            ],
            "responses": {
                "200": _json(
                    {
                        "type": "object",
                        "required": ["checkins"],
                        "properties": {
                            "checkins": {"type": "array", "items": _ref("schemas", "CheckIn")}
                        },
                    },
                    "Oldest first.",
                ),
                "400": _ref("responses", "BadRequest"),
                "401": _LOGIN_REQUIRED,
                "403": _FORBIDDEN,
            },
        },
    },
    "/api/v1/me/export": {
        "get": {
            "operationId": "exportMyData",
            "summary": "Everything stored about the signed-in person (account, check-ins with"
            " notes, consents, readmission requests, push subscriptions, access log).",
            "responses": {
                "200": _json({"type": "object"}, "The export."),
                "401": _LOGIN_REQUIRED,
            },
        }
    },
    "/api/v1/me": {
        "delete": {
            "operationId": "deleteMe",
            "summary": "Erase the account and all that is only the person's; readmission"
            " requests stay with the clinic, detached. Clients and peers.",
            "responses": {
                "204": {"description": "Erased; the session has ended."},
                "401": _LOGIN_REQUIRED,
                "403": _FORBIDDEN,
            },
        }
    },
}
