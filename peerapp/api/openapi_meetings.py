"""OpenAPI paths and schemas of peers' writes to meetings: add, correct, verify, archive."""

from __future__ import annotations

from peerapp.api.openapi import (
    HHMM_PATTERN,
    LISTING_WRITE_ERRORS,
    Schema,
    _json,
    _ref,
    json_body,
    listing_write,
)
from peerapp.services.meetings.peer_input import TEXT_LIMITS
from peerapp.services.meetings.vocabulary import ATTENDANCE_OPTIONS, FELLOWSHIPS, MEETING_TYPES

_CLOCK = {"type": "string", "pattern": HHMM_PATTERN, "examples": ["19:00"]}
_MAYBE_TEXT = {"type": ["string", "null"]}

_WRITABLE: dict[str, Schema] = {
    "name": {"type": "string", "minLength": 1, "maxLength": TEXT_LIMITS["name"]},
    "fellowship": {"enum": list(FELLOWSHIPS)},
    "day": {"type": "integer", "minimum": 0, "maximum": 6, "description": "0 = Sunday"},
    "time": _CLOCK,
    "end_time": {
        **_CLOCK,
        "description": (
            "At or before `time`: past midnight. A new meeting without one lasts an hour."
        ),
    },
    "timezone": {
        "type": "string",
        "maxLength": TEXT_LIMITS["timezone"],
        "default": "Europe/Oslo",
        "description": "An IANA time zone.",
    },
    "types": {
        "type": "array",
        "items": {"enum": list(MEETING_TYPES)},
        "description": "Meeting Guide type codes (O or C, not both); replaced whole.",
    },
    "attendance_option": {"enum": list(ATTENDANCE_OPTIONS), "default": "in_person"},
    "conference_url": {
        "type": ["string", "null"],
        "format": "uri",
        "maxLength": TEXT_LIMITS["conference_url"],
        "description": "An https:// link to join; online and hybrid meetings need it or a phone.",
    },
    "conference_phone": {"type": ["string", "null"], "maxLength": TEXT_LIMITS["conference_phone"]},
    "notes": {"type": ["string", "null"], "maxLength": TEXT_LIMITS["notes"]},
    "location": {
        "type": ["object", "null"],
        "description": (
            "Where it is held (null or left out for online meetings). Without latitude and "
            "longitude, those of the postal code or town are used."
        ),
        "properties": {
            **{
                key: _MAYBE_TEXT
                for key in ("name", "address", "city", "postal_code", "region", "country")
            },
            "latitude": {"type": ["number", "null"], "minimum": -90, "maximum": 90},
            "longitude": {"type": ["number", "null"], "minimum": -180, "maximum": 180},
        },
    },
}

MEETING_WRITE_SCHEMAS: dict[str, Schema] = {
    "NewMeeting": {
        "type": "object",
        "required": ["name", "fellowship", "day", "time"],
        "properties": _WRITABLE,
    },
    "MeetingChanges": {
        "type": "object",
        "description": "Only the fields sent change; `location` fields are merged, `types` whole.",
        "properties": _WRITABLE,
    },
}

_ONE = _json(_ref("schemas", "Meeting"), "The meeting.")


def _write(operation_id: str, summary: str, body: Schema | None = None) -> Schema:
    return listing_write(operation_id, summary, "meeting_id", _ONE, body)


def add_meeting_writes(paths: dict[str, Schema]) -> dict[str, Schema]:
    """The public meeting paths with peers' writes added beside the reads."""
    paths["/api/v1/meetings"]["post"] = {
        "operationId": "createMeeting",
        "summary": "Add a meeting (peers and admins); counts as verified by the peer; audited.",
        "requestBody": json_body(_ref("schemas", "NewMeeting")),
        "responses": {
            "201": _json(_ref("schemas", "Meeting"), "Added."),
            "400": _ref("responses", "BadRequest"),
            **LISTING_WRITE_ERRORS,
        },
    }
    paths["/api/v1/meetings/{meeting_id}"]["patch"] = _write(
        "updateMeeting",
        "Correct a meeting (peers and admins); audited with before and after. A corrected "
        "imported meeting keeps our values through re-imports of its feed.",
        _ref("schemas", "MeetingChanges"),
    )
    paths["/api/v1/meetings/{meeting_id}/verify"] = {
        "post": _write("verifyMeeting", "Still true today: sets verified_at and verified_by.")
    }
    paths["/api/v1/meetings/{meeting_id}/archive"] = {
        "post": _write("archiveMeeting", "Take the meeting out of search; audited.")
    }
    return paths
