"""OpenAPI paths and schemas of accounts: the session, registration, password and access log."""

from __future__ import annotations

from peerapp.api.openapi import Schema, _json, _ref, json_body, problem_response
from peerapp.services.people.passwords import MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH


def _text(**extra: object) -> Schema:
    return {"type": "string", **extra}


ACCOUNT_SCHEMAS: dict[str, Schema] = {
    "User": {
        "type": "object",
        "required": ["id", "username", "role", "clinic", "second_factor"],
        "properties": {
            "id": {"type": "integer"},
            "username": _text(),
            "role": {"enum": ["client", "peer", "clinic", "admin"]},
            "clinic": {
                "type": ["object", "null"],
                "required": ["slug", "name"],
                "properties": {"slug": _text(), "name": _text()},
            },
            "second_factor": {"type": "boolean"},
        },
    },
    "Session": {
        "type": "object",
        "required": ["user", "csrf_token"],
        "properties": {
            "user": _ref("schemas", "User"),
            "csrf_token": _text(description="Send as X-CSRFToken on state-changing calls."),
        },
    },
    "Credentials": {
        "type": "object",
        "required": ["username", "password"],
        "properties": {
            "username": _text(),
            "password": _text(maxLength=MAX_PASSWORD_LENGTH),
            "otp": _text(description="Current TOTP code or a recovery code (staff, admins)."),
        },
    },
    "NewAccount": {
        "type": "object",
        "required": ["username", "password"],
        "properties": {
            "username": _text(minLength=3, maxLength=40),
            "password": _text(minLength=MIN_PASSWORD_LENGTH, maxLength=MAX_PASSWORD_LENGTH),
        },
    },
    "PasswordChange": {
        "type": "object",
        "required": ["current_password", "new_password"],
        "properties": {
            "current_password": _text(),
            "new_password": _text(minLength=MIN_PASSWORD_LENGTH, maxLength=MAX_PASSWORD_LENGTH),
        },
    },
    "AccessLog": {
        "type": "object",
        "required": ["access_log"],
        "properties": {
            "access_log": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["at", "actor", "role", "clinic", "action", "allowed"],
                    "properties": {
                        "at": _text(format="date-time"),
                        "actor": {"type": ["string", "null"]},
                        "role": _text(),
                        "clinic": {"type": ["string", "null"]},
                        "action": _text(),
                        "allowed": {"type": "boolean"},
                    },
                },
            }
        },
    },
}

_SESSION_OK = _json(_ref("schemas", "Session"), "Signed in; the cookie is set.")
_LOGIN_REQUIRED = problem_response("Not signed in.")
_CSRF = problem_response("The X-CSRFToken header is missing or wrong.")

ACCOUNT_PATHS: dict[str, Schema] = {
    "/api/v1/session": {
        "post": {
            "operationId": "createSession",
            "summary": "Log in. Staff and admins also send a current TOTP code as otp.",
            "security": [],
            "requestBody": json_body(_ref("schemas", "Credentials")),
            "responses": {
                "200": _SESSION_OK,
                "400": _ref("responses", "BadRequest"),
                "401": problem_response(
                    "Wrong username or password (never says which), or a code is "
                    "needed (type ends in otp-required) or was wrong."
                ),
                "403": problem_response("The second factor must be set up on the web first."),
                "415": problem_response("The body is not JSON."),
                "429": problem_response("Too many failed attempts; wait a minute."),
            },
        },
        "get": {
            "operationId": "getSession",
            "summary": "Who is signed in, with a fresh CSRF token.",
            "responses": {"200": _SESSION_OK, "401": _LOGIN_REQUIRED},
        },
        "delete": {
            "operationId": "deleteSession",
            "summary": "Log out; the session ends on the server.",
            "responses": {
                "204": {
                    "description": "Logged out.",
                    "headers": {
                        "Clear-Site-Data": {
                            "description": (
                                'Always `"cache", "storage"`: the browser forgets the pages it kept'
                                " and the offline queue of the person who logged out."
                            ),
                            "schema": {"type": "string"},
                        }
                    },
                },
                "401": _LOGIN_REQUIRED,
                "403": _CSRF,
            },
        },
    },
    "/api/v1/accounts": {
        "post": {
            "operationId": "registerAccount",
            "summary": "Register a client with a pseudonym and a password, and sign in.",
            "security": [],
            "requestBody": json_body(_ref("schemas", "NewAccount")),
            "responses": {
                "201": _json(_ref("schemas", "Session"), "Registered and signed in."),
                "400": _ref("responses", "BadRequest"),
                "409": problem_response("Already signed in."),
                "415": problem_response("The body is not JSON."),
                "429": problem_response("Too many registrations from this address."),
            },
        },
    },
    "/api/v1/me/password": {
        "post": {
            "operationId": "changePassword",
            "summary": "Change the password; all other sessions end.",
            "requestBody": json_body(_ref("schemas", "PasswordChange")),
            "responses": {
                "200": _json(_ref("schemas", "Session"), "Changed; a new session was started."),
                "400": _ref("responses", "BadRequest"),
                "401": _LOGIN_REQUIRED,
                "403": _CSRF,
            },
        },
    },
    "/api/v1/me/access-log": {
        "get": {
            "operationId": "myAccessLog",
            "summary": "Who has read or changed my data, and refused attempts, newest first.",
            "responses": {
                "200": _json(_ref("schemas", "AccessLog"), "The access log."),
                "401": _LOGIN_REQUIRED,
            },
        },
    },
}
