"""The OpenAPI 3.1 description of the JSON API, built from the same vocabulary the API checks."""

from __future__ import annotations

from typing import Any

from peerapp.services.meetings.query import MAX_LIMIT, MAX_RADIUS_KM
from peerapp.services.meetings.vocabulary import ATTENDANCE_OPTIONS, FELLOWSHIPS, MEETING_TYPES

OPENAPI_VERSION = "3.1.0"
HHMM_PATTERN = r"^([01][0-9]|2[0-3]):[0-5][0-9]$"
PROBLEM_JSON = "application/problem+json"

Schema = dict[str, Any]


def _ref(kind: str, name: str) -> Schema:
    """A reference into ``components``."""
    return {"$ref": f"#/components/{kind}/{name}"}


def _nullable(schema: Schema) -> Schema:
    """``schema`` or JSON null (OpenAPI 3.1 spells this with a type list)."""
    return {**schema, "type": [schema["type"], "null"]}


def _query(name: str, schema: Schema, description: str, **extra: Any) -> Schema:
    """A query parameter."""
    return {"name": name, "in": "query", "description": description, "schema": schema, **extra}


def _json(schema: Schema, description: str, media_type: str = "application/json") -> Schema:
    """A response whose body is ``schema``."""
    return {"description": description, "content": {media_type: {"schema": schema}}}


def json_body(schema: Schema) -> Schema:
    """A required JSON request body of this schema."""
    return {"required": True, "content": {"application/json": {"schema": schema}}}


def problem_response(description: str) -> Schema:
    """An ``application/problem+json`` answer described so."""
    return _json(_ref("schemas", "Problem"), description, PROBLEM_JSON)


#: what a peer's write to a meeting or a place may be refused with, besides bad fields
LISTING_WRITE_ERRORS: dict[str, Schema] = {
    "401": problem_response("Not signed in."),
    "403": problem_response(
        "Not a peer or admin, the listing is outside the peer's regions or fellowships (a "
        "problem `type` ending in `outside-limits`), or X-CSRFToken is wrong."
    ),
    "415": problem_response("The body is not JSON."),
}


def id_parameter(name: str) -> Schema:
    """A listing's id in the path, such as ``meeting_id``."""
    return {
        "name": name,
        "in": "path",
        "required": True,
        "schema": {"type": "integer", "minimum": 1},
    }


def listing_write(
    operation_id: str,
    summary: str,
    id_name: str,
    one: Schema,
    body: Schema | None = None,
) -> Schema:
    """A peer's write to one listing (a meeting or a place), answered with the listing."""
    operation: Schema = {
        "operationId": operation_id,
        "summary": summary,
        "parameters": [id_parameter(id_name)],
        "responses": {"200": one, "404": _ref("responses", "NotFound"), **LISTING_WRITE_ERRORS},
    }
    if body is not None:
        operation["requestBody"] = json_body(body)
        operation["responses"]["400"] = _ref("responses", "BadRequest")
    return operation


def _schemas() -> dict[str, Schema]:
    """Meeting, Location, MeetingList, the Meeting Guide feed, Problem and Health."""
    clock = {"type": "string", "pattern": HHMM_PATTERN, "examples": ["19:00"]}
    text = {"type": "string"}
    return {
        "Location": {
            "type": "object",
            "description": "Where a meeting is held. Online-only meetings may have no place.",
            "required": [
                "name",
                "address",
                "city",
                "postal_code",
                "region",
                "country",
                "latitude",
                "longitude",
            ],
            "properties": {
                "name": _nullable(text),
                "address": _nullable(text),
                "city": _nullable(text),
                "postal_code": _nullable(text),
                "region": _nullable(text),
                "country": _nullable(text),
                "latitude": _nullable({"type": "number", "minimum": -90, "maximum": 90}),
                "longitude": _nullable({"type": "number", "minimum": -180, "maximum": 180}),
            },
        },
        "Meeting": {
            "type": "object",
            "description": (
                "A weekly meeting. `day`, `time` and `end_time` are wall-clock time in "
                "`timezone`; an `end_time` at or before `time` runs past midnight."
            ),
            "required": [
                "id",
                "slug",
                "name",
                "fellowship",
                "day",
                "time",
                "end_time",
                "timezone",
                "types",
                "attendance_option",
                "conference_url",
                "conference_phone",
                "notes",
                "location",
                "updated",
                "verified_at",
                "url",
            ],
            "properties": {
                "id": {"type": "integer", "minimum": 1},
                "slug": text,
                "name": text,
                "fellowship": {"type": "string", "enum": list(FELLOWSHIPS)},
                "day": {"type": "integer", "minimum": 0, "maximum": 6, "description": "0 = Sunday"},
                "time": clock,
                "end_time": clock,
                "timezone": {"type": "string", "examples": ["Europe/Oslo"]},
                "types": {
                    "type": "array",
                    "items": text,
                    "description": "Meeting Guide type codes (imported feeds may carry others).",
                },
                "attendance_option": {"type": "string", "enum": list(ATTENDANCE_OPTIONS)},
                "conference_url": _nullable({"type": "string", "format": "uri"}),
                "conference_phone": _nullable(text),
                "notes": _nullable(text),
                "location": _ref("schemas", "Location"),
                "distance_km": {
                    "type": "number",
                    "minimum": 0,
                    "description": (
                        "Geodesic distance from `lat`/`lng`, when they are given (not for "
                        "`attendance=online`, which ignores the point)."
                    ),
                },
                "updated": {"type": "string", "format": "date-time"},
                "verified_at": _nullable({"type": "string", "format": "date-time"}),
                "stale": {
                    "type": "boolean",
                    "description": "Extension: not verified for 90 days (or never).",
                },
                "archived_at": _nullable(
                    {
                        "type": "string",
                        "format": "date-time",
                        "description": "Extension: in the answer to an archive.",
                    }
                ),
                "url": {
                    "type": "string",
                    "format": "uri",
                    "description": "The meeting's page.",
                },
                "next_start": {
                    "type": "string",
                    "format": "date-time",
                    "description": (
                        "Extension: the next start, with the meeting's UTC offset (for a meeting "
                        "in progress, the one a week on)."
                    ),
                },
                "in_progress": {
                    "type": "boolean",
                    "description": "Extension: the meeting is being held now (search results).",
                },
                "starting_soon": {
                    "type": "boolean",
                    "description": "Extension: it starts within the hour (search results).",
                },
            },
        },
        "MeetingList": {
            "type": "object",
            "required": ["meetings", "total", "next_cursor"],
            "properties": {
                "meetings": {"type": "array", "items": _ref("schemas", "Meeting")},
                "total": {"type": "integer", "minimum": 0, "description": "Matches in all."},
                "next_cursor": _nullable(
                    {"type": "string", "description": "Pass as `cursor` for the next page."}
                ),
            },
        },
        "MeetingGuideMeeting": {
            "type": "object",
            "description": (
                "One meeting in the Meeting Guide JSON format (code4recovery spec): day 0 = "
                "Sunday, times HH:MM in `timezone`, `updated` as `YYYY-MM-DD HH:MM:SS` in UTC. "
                "`fellowship` and `attendance_option` are our extensions."
            ),
            "required": ["slug", "name", "day", "time", "updated"],
            "properties": {
                "slug": text,
                "name": text,
                "fellowship": {"type": "string", "enum": list(FELLOWSHIPS)},
                "day": {"type": "integer", "minimum": 0, "maximum": 6},
                "time": clock,
                "end_time": clock,
                "timezone": text,
                "types": {"type": "array", "items": text},
                "attendance_option": {"type": "string", "enum": list(ATTENDANCE_OPTIONS)},
                "conference_url": _nullable(text),
                "conference_phone": _nullable(text),
                "notes": _nullable(text),
                "location": _nullable(text),
                "address": _nullable(text),
                "city": _nullable(text),
                "postal_code": _nullable(text),
                "country": _nullable(text),
                "formatted_address": _nullable(text),
                "region": _nullable(text),
                "latitude": _nullable({"type": "number", "minimum": -90, "maximum": 90}),
                "longitude": _nullable({"type": "number", "minimum": -180, "maximum": 180}),
                "approximate": {"type": "string", "enum": ["yes", "no"]},
                "updated": {
                    "type": "string",
                    "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}$",
                },
                "url": _nullable({"type": "string", "format": "uri"}),
            },
        },
        "MeetingGuideFeed": {"type": "array", "items": _ref("schemas", "MeetingGuideMeeting")},
        "Problem": {
            "type": "object",
            "description": "An RFC 9457 problem; `errors` maps each invalid field to a message.",
            "required": ["type", "title", "status", "detail"],
            "properties": {
                "type": {"type": "string", "format": "uri-reference"},
                "title": text,
                "status": {"type": "integer", "minimum": 400, "maximum": 599},
                "detail": text,
                "errors": {
                    "type": "object",
                    "additionalProperties": {"type": "string"},
                    "description": "Field name → message in the request's language.",
                },
            },
        },
        "Health": {
            "type": "object",
            "required": ["status"],
            "properties": {"status": {"type": "string", "const": "ok"}},
        },
    }


def _parameters() -> dict[str, Schema]:
    """The query parameters of the meeting search, plus the language switch."""
    codes = {"style": "form", "explode": True}
    return {
        "lat": _query(
            "lat",
            {"type": "number", "minimum": -90, "maximum": 90},
            "Latitude in decimal notation (such as 59.9139); give `lng` too. Results are then "
            "nearest first, and only meetings with a place are found.",
        ),
        "lng": _query(
            "lng",
            {"type": "number", "minimum": -180, "maximum": 180},
            "Longitude in decimal notation (such as 10.7522); give `lat` too.",
        ),
        "radius_km": _query(
            "radius_km",
            {"type": "number", "minimum": 0.1, "maximum": MAX_RADIUS_KM, "default": 25},
            "Search radius around `lat`/`lng`, in kilometres.",
        ),
        "q": _query(
            "q",
            {"type": "string", "maxLength": 200},
            "Words in the meeting's name, venue or address (accents and case ignored).",
        ),
        "fellowship": _query(
            "fellowship",
            {"type": "array", "items": {"type": "string", "enum": list(FELLOWSHIPS)}},
            "Any of these fellowships. Repeat the parameter or separate codes with commas.",
            **codes,
        ),
        "types": _query(
            "types",
            {"type": "array", "items": {"type": "string", "enum": list(MEETING_TYPES)}},
            "Meeting Guide type codes; a meeting must have all of them. Repeatable, or "
            "comma-separated.",
            **codes,
        ),
        "day": _query(
            "day",
            {"type": "integer", "minimum": 0, "maximum": 6},
            "Day of the week in the meeting's time zone, 0 = Sunday.",
        ),
        "from": _query(
            "from",
            {"type": "string", "pattern": HHMM_PATTERN},
            "Starts at or after this local time. With `to` before `from`, the window "
            "runs across midnight.",
        ),
        "to": _query(
            "to",
            {"type": "string", "pattern": HHMM_PATTERN},
            "Starts at or before this local time.",
        ),
        "starting_within": _query(
            "starting_within",
            {"type": "integer", "minimum": 0, "maximum": 7 * 24 * 60},
            "Starts within this many minutes from now.",
        ),
        "in_progress": _query(
            "in_progress",
            {"type": "string", "enum": ["1", "0", "true", "false"]},
            "Extension: `1` keeps only meetings being held right now.",
        ),
        "attendance": _query(
            "attendance",
            {"type": "string", "enum": list(ATTENDANCE_OPTIONS)},
            "`in_person` and `online` include hybrid meetings; `hybrid` only hybrid ones.",
        ),
        "limit": _query(
            "limit",
            {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": 20},
            "Meetings per page.",
        ),
        "cursor": _query(
            "cursor",
            {"type": "string"},
            "The `next_cursor` of the previous page (it also keeps that page's clock).",
        ),
        "lang": _query(
            "lang",
            {"type": "string", "enum": ["nb", "nn", "en"]},
            "Language of messages; remembered. Otherwise Accept-Language, then Bokmål.",
        ),
    }


def _responses() -> dict[str, Schema]:
    """The error answers every operation shares."""
    problem = _ref("schemas", "Problem")
    return {
        "BadRequest": _json(problem, "A parameter is not valid; `errors` names it.", PROBLEM_JSON),
        "NotFound": _json(problem, "No such resource (or it was archived).", PROBLEM_JSON),
    }


def _public_get(
    operation_id: str, summary: str, ok: Schema, parameters: list[Schema] | None = None
) -> Schema:
    """A GET that needs no login."""
    return {
        "operationId": operation_id,
        "summary": summary,
        "security": [],
        "parameters": parameters or [],
        "responses": {"200": ok},
    }


def _paths() -> dict[str, Schema]:
    """Every path the API serves so far."""
    search = [
        _ref("parameters", name)
        for name in (
            "lat",
            "lng",
            "radius_km",
            "q",
            "fellowship",
            "types",
            "day",
            "from",
            "to",
            "starting_within",
            "in_progress",
            "attendance",
            "limit",
            "cursor",
            "lang",
        )
    ]
    meetings = _public_get(
        "listMeetings",
        "Find meetings: nearest first around lat/lng, otherwise soonest first.",
        _json(_ref("schemas", "MeetingList"), "A page of meetings."),
        search,
    )
    meetings["responses"]["400"] = _ref("responses", "BadRequest")
    meeting = _public_get(
        "getMeeting",
        "One meeting that is listed (not archived).",
        _json(_ref("schemas", "Meeting"), "The meeting."),
        [
            {
                "name": "meeting_id",
                "in": "path",
                "required": True,
                "schema": {"type": "integer", "minimum": 1},
            }
        ],
    )
    meeting["responses"]["404"] = _ref("responses", "NotFound")
    feed = _public_get(
        "meetingGuideFeed",
        "Our published meetings as a Meeting Guide JSON feed (cacheable for five minutes).",
        _json(_ref("schemas", "MeetingGuideFeed"), "The feed."),
    )
    document = _public_get(
        "openapi",
        "This document.",
        _json({"type": "object"}, "The OpenAPI 3.1 description."),
    )
    health = _public_get(
        "health",
        "Up, with a round trip to the database.",
        _json(_ref("schemas", "Health"), "Healthy."),
    )
    return {
        "/api/v1/meetings": {"get": meetings},
        "/api/v1/meetings/{meeting_id}": {"get": meeting},
        "/api/v1/feeds/meeting-guide.json": {"get": feed},
        "/api/openapi.json": {"get": document},
        "/healthz": {"get": health},
    }


def openapi_document() -> dict[str, Any]:
    """The OpenAPI 3.1 document served at ``/api/openapi.json``."""
    from peerapp.api.openapi_accounts import ACCOUNT_PATHS, ACCOUNT_SCHEMAS
    from peerapp.api.openapi_checkins import CHECKIN_PATHS, CHECKIN_SCHEMAS
    from peerapp.api.openapi_meetings import MEETING_WRITE_SCHEMAS, add_meeting_writes
    from peerapp.api.openapi_peers import PEER_PATHS, PEER_SCHEMAS
    from peerapp.api.openapi_places import PLACE_PATHS, PLACE_SCHEMAS
    from peerapp.api.openapi_push import PUSH_PATHS, PUSH_SCHEMAS
    from peerapp.api.openapi_readmission import READMISSION_PATHS, READMISSION_SCHEMAS

    paths = {
        **add_meeting_writes(_paths()),
        **PLACE_PATHS,
        **ACCOUNT_PATHS,
        **PUSH_PATHS,
        **READMISSION_PATHS,
        **CHECKIN_PATHS,
        **PEER_PATHS,
    }
    schemas = {
        **_schemas(),
        **MEETING_WRITE_SCHEMAS,
        **PLACE_SCHEMAS,
        **ACCOUNT_SCHEMAS,
        **PUSH_SCHEMAS,
        **READMISSION_SCHEMAS,
        **CHECKIN_SCHEMAS,
        **PEER_SCHEMAS,
    }
    return {
        "openapi": OPENAPI_VERSION,
        "info": {
            "title": "Peerapp API",
            "version": "1",
            "summary": "Self-help meetings, sober places, peers and readmission in Norway.",
            "license": {"name": "AGPL-3.0-or-later", "identifier": "AGPL-3.0-or-later"},
        },
        "servers": [{"url": "/"}],
        "security": [{"cookieAuth": []}],
        "paths": paths,
        "components": {
            "schemas": schemas,
            "parameters": _parameters(),
            "responses": _responses(),
            "securitySchemes": {
                "cookieAuth": {
                    "type": "apiKey",
                    "in": "cookie",
                    "name": "__Host-peerapp",
                    "description": (
                        "The session cookie set by POST /api/v1/session "
                        "(named peerapp over plain HTTP in development)."
                    ),
                }
            },
        },
    }
