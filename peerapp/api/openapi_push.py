"""OpenAPI paths and schemas of Web Push: the public key, subscribing and unsubscribing."""

from __future__ import annotations

from peerapp.api.openapi import Schema, _json, _ref, json_body, problem_response
from peerapp.services.notify.subscriptions import MAX_ENDPOINT_LENGTH

_BASE64URL = r"^[A-Za-z0-9_-]+={0,2}$"


_ENDPOINT: Schema = {
    "type": "string",
    "format": "uri",
    "maxLength": MAX_ENDPOINT_LENGTH,
    "description": "The push service address the browser made (https).",
}

PUSH_SCHEMAS: dict[str, Schema] = {
    "PushPublicKey": {
        "type": "object",
        "required": ["public_key"],
        "properties": {
            "public_key": {
                "type": "string",
                "pattern": _BASE64URL,
                "description": (
                    "The VAPID public key: the uncompressed P-256 point, URL-safe base64 "
                    "without padding. Pass it as applicationServerKey to PushManager.subscribe()."
                ),
            }
        },
    },
    "NewPushSubscription": {
        "type": "object",
        "description": "PushSubscription.toJSON() as the browser gives it.",
        "required": ["endpoint", "keys"],
        "properties": {
            "endpoint": _ENDPOINT,
            "expirationTime": {"type": ["number", "null"], "description": "Ignored."},
            "keys": {
                "type": "object",
                "required": ["p256dh", "auth"],
                "properties": {
                    "p256dh": {
                        "type": "string",
                        "pattern": _BASE64URL,
                        "description": "The browser's P-256 public key (65 bytes, base64url).",
                    },
                    "auth": {
                        "type": "string",
                        "pattern": _BASE64URL,
                        "description": "The authentication secret (16 bytes, base64url).",
                    },
                },
            },
        },
    },
    "PushSubscription": {
        "type": "object",
        "required": ["id", "endpoint", "created_at"],
        "properties": {
            "id": {"type": "integer"},
            "endpoint": _ENDPOINT,
            "created_at": {"type": "string", "format": "date-time"},
        },
    },
    "PushSubscriptionEndpoint": {
        "type": "object",
        "required": ["endpoint"],
        "properties": {"endpoint": _ENDPOINT},
    },
}

_LOGIN_REQUIRED = problem_response("Not signed in.")
_CSRF = problem_response("The X-CSRFToken header is missing or wrong.")

PUSH_PATHS: dict[str, Schema] = {
    "/api/v1/push/public-key": {
        "get": {
            "operationId": "getPushPublicKey",
            "summary": "The VAPID public key browsers subscribe with.",
            "security": [],
            "responses": {
                "200": _json(_ref("schemas", "PushPublicKey"), "The key."),
                "503": problem_response("Push notifications are not set up on this server."),
            },
        }
    },
    "/api/v1/push-subscriptions": {
        "post": {
            "operationId": "createPushSubscription",
            "summary": (
                "Save this browser's push subscription; it receives 'Notifications are on'. "
                "The same endpoint again updates it (and moves it to the signed-in account)."
            ),
            "requestBody": json_body(_ref("schemas", "NewPushSubscription")),
            "responses": {
                "201": _json(_ref("schemas", "PushSubscription"), "Saved."),
                "400": _ref("responses", "BadRequest"),
                "401": _LOGIN_REQUIRED,
                "403": _CSRF,
                "415": problem_response("The body is not JSON."),
            },
        },
        "delete": {
            "operationId": "deletePushSubscription",
            "summary": "Stop push notifications to this browser.",
            "requestBody": json_body(_ref("schemas", "PushSubscriptionEndpoint")),
            "responses": {
                "204": {"description": "Removed."},
                "400": _ref("responses", "BadRequest"),
                "401": _LOGIN_REQUIRED,
                "403": _CSRF,
                "404": problem_response(
                    "The signed-in account has no subscription with this endpoint."
                ),
                "415": problem_response("The body is not JSON."),
            },
        },
    },
}
