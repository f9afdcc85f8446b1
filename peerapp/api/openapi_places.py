"""OpenAPI paths and schemas of sober places: the public search, one place, and peers' writes."""

from __future__ import annotations

from peerapp.api.openapi import (
    LISTING_WRITE_ERRORS,
    Schema,
    _json,
    _ref,
    id_parameter,
    json_body,
    listing_write,
)
from peerapp.models.places import PLACE_KINDS
from peerapp.services.meetings.query import MAX_LIMIT, MAX_RADIUS_KM

_OPENS = {"type": "string", "pattern": r"^([01][0-9]|2[0-3]):[0-5][0-9]$", "examples": ["09:00"]}
_CLOSES = {
    "type": "string",
    "pattern": r"^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$",
    "examples": ["17:00", "02:00", "24:00"],
}
_DATE = {"type": "string", "format": "date"}
_TIME = {"type": "string", "format": "date-time"}
_MAYBE_TIME = {"type": ["string", "null"], "format": "date-time"}
_MAYBE_TEXT = {"type": ["string", "null"]}

_RANGE: Schema = {
    "type": "object",
    "description": (
        "Open on `day` (0 = Sunday) from `opens` to `closes`, wall-clock time in Europe/Oslo. "
        "A `closes` at or before `opens` is on the next day (Fri 20:00–02:00 is open Saturday "
        "01:00); `24:00` is midnight at the end of the day. Ranges may not overlap."
    ),
    "required": ["day", "opens", "closes"],
    "properties": {
        "day": {"type": "integer", "minimum": 0, "maximum": 6},
        "opens": _OPENS,
        "closes": _CLOSES,
    },
}
_EXCEPTION: Schema = {
    "description": (
        "A date with other hours than the week's (a holiday, closed this week): closed all day, "
        "or open from `opens` to `closes` instead."
    ),
    "oneOf": [
        {
            "type": "object",
            "required": ["date", "closed"],
            "properties": {"date": _DATE, "closed": {"const": True}},
        },
        {
            "type": "object",
            "required": ["date", "opens", "closes"],
            "properties": {
                "date": _DATE,
                "closed": {"const": False},
                "opens": _OPENS,
                "closes": _CLOSES,
            },
        },
    ],
}

_WRITABLE: dict[str, Schema] = {
    "name": {"type": "string", "minLength": 1, "maxLength": 300},
    "kind": {"enum": list(PLACE_KINDS)},
    "description": {"type": ["string", "null"], "maxLength": 5000},
    "phone": {"type": ["string", "null"], "maxLength": 100},
    "url": {
        "type": ["string", "null"],
        "format": "uri",
        "description": "The place's own web site.",
    },
    "location": {
        "type": "object",
        "description": (
            "As a meeting's location. Without latitude and longitude, those of the postal code "
            "or town are used."
        ),
        "properties": {
            **{
                key: _MAYBE_TEXT
                for key in ("name", "address", "city", "postal_code", "region", "country")
            },
            "latitude": {"type": "number", "minimum": -90, "maximum": 90},
            "longitude": {"type": "number", "minimum": -180, "maximum": 180},
        },
    },
    "opening_hours": {"type": "array", "items": _ref("schemas", "OpeningRange")},
    "exceptions": {"type": "array", "items": _ref("schemas", "OpeningException")},
}

PLACE_SCHEMAS: dict[str, Schema] = {
    "OpeningRange": _RANGE,
    "OpeningException": _EXCEPTION,
    "Place": {
        "type": "object",
        "description": "A sober place (rusfri møteplass).",
        "required": [
            "id",
            "name",
            "kind",
            "description",
            "location",
            "opening_hours",
            "exceptions",
            "open_now",
            "opens_at",
            "phone",
            "url",
            "verified_at",
            "stale",
        ],
        "properties": {
            "id": {"type": "integer", "minimum": 1},
            **_WRITABLE,
            "location": _ref("schemas", "Location"),
            "exceptions": {
                "type": "array",
                "items": _ref("schemas", "OpeningException"),
                "description": "Exceptions from yesterday on (past ones are not shown).",
            },
            "timezone": {"const": "Europe/Oslo"},
            "open_now": {"type": "boolean"},
            "opens_at": {
                **_MAYBE_TIME,
                "description": (
                    "When closed: the next opening within 14 days, with its UTC offset; "
                    "null when open now or not within 14 days."
                ),
            },
            "closes_at": {
                **_MAYBE_TIME,
                "description": "Extension: when open, when it closes (null beyond 14 days).",
            },
            "page_url": {"type": "string", "format": "uri", "description": "The place's page."},
            "distance_km": {
                "type": "number",
                "minimum": 0,
                "description": "Distance from `lat`/`lng`, when they are given.",
            },
            "updated": _TIME,
            "verified_at": _MAYBE_TIME,
            "stale": {"type": "boolean", "description": "Not verified for 90 days (or never)."},
            "demo": {"type": "boolean", "description": "Demo data, not a real place."},
            "archived_at": _MAYBE_TIME,
        },
    },
    "PlaceList": {
        "type": "object",
        "required": ["places", "total"],
        "properties": {
            "places": {"type": "array", "items": _ref("schemas", "Place")},
            "total": {"type": "integer", "minimum": 0, "description": "Matches in all."},
        },
    },
    "NewPlace": {
        "type": "object",
        "required": ["name", "kind", "location"],
        "properties": _WRITABLE,
    },
    "PlaceChanges": {
        "type": "object",
        "description": "Only the fields sent change; `opening_hours` and `exceptions` whole.",
        "properties": _WRITABLE,
    },
}

_ONE = _json(_ref("schemas", "Place"), "The place.")


def _write(operation_id: str, summary: str, body: Schema | None = None) -> Schema:
    return listing_write(operation_id, summary, "place_id", _ONE, body)


PLACE_PATHS: dict[str, Schema] = {
    "/api/v1/places": {
        "get": {
            "operationId": "listPlaces",
            "summary": "Find sober places: nearest first around lat/lng, otherwise by name.",
            "security": [],
            "parameters": [
                _ref("parameters", "lat"),
                _ref("parameters", "lng"),
                {
                    "name": "radius_km",
                    "in": "query",
                    "schema": {
                        "type": "number",
                        "minimum": 0.1,
                        "maximum": MAX_RADIUS_KM,
                        "default": 25,
                    },
                },
                {
                    "name": "kind",
                    "in": "query",
                    "description": "Any of these kinds; repeatable or comma-separated.",
                    "schema": {"type": "array", "items": {"enum": list(PLACE_KINDS)}},
                    "style": "form",
                    "explode": True,
                },
                {
                    "name": "open_now",
                    "in": "query",
                    "description": "`true` keeps only places open now (Europe/Oslo).",
                    "schema": {"type": "string", "enum": ["true", "false", "1", "0"]},
                },
                {
                    "name": "limit",
                    "in": "query",
                    "schema": {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT},
                },
                _ref("parameters", "lang"),
            ],
            "responses": {
                "200": _json(_ref("schemas", "PlaceList"), "The places."),
                "400": _ref("responses", "BadRequest"),
            },
        },
        "post": {
            "operationId": "createPlace",
            "summary": "Add a place (peers and admins); audited.",
            "requestBody": json_body(_ref("schemas", "NewPlace")),
            "responses": {
                "201": _json(_ref("schemas", "Place"), "Added."),
                "400": _ref("responses", "BadRequest"),
                **LISTING_WRITE_ERRORS,
            },
        },
    },
    "/api/v1/places/{place_id}": {
        "get": {
            "operationId": "getPlace",
            "summary": "One listed place (not archived).",
            "security": [],
            "parameters": [id_parameter("place_id")],
            "responses": {"200": _ONE, "404": _ref("responses", "NotFound")},
        },
        "patch": _write(
            "updatePlace",
            "Correct a place (peers and admins); audited with before and after.",
            _ref("schemas", "PlaceChanges"),
        ),
    },
    "/api/v1/places/{place_id}/verify": {
        "post": _write("verifyPlace", "Still true today: sets verified_at and verified_by.")
    },
    "/api/v1/places/{place_id}/archive": {
        "post": _write("archivePlace", "Take the place out of search; audited.")
    },
}
