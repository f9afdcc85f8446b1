"""OpenAPI paths and schemas of peers: public profiles and a client's contact request."""

from __future__ import annotations

from peerapp.api.openapi import Schema, _json, _ref, json_body, problem_response
from peerapp.models.peers import CHANNELS, CONTACT_STATUSES
from peerapp.services.peers.contact import MAX_MESSAGE_LENGTH
from peerapp.services.peers.profiles import LANGUAGES

_STRINGS = {"type": "array", "items": {"type": "string"}}

PEER_SCHEMAS: dict[str, Schema] = {
    "PeerProfile": {
        "type": "object",
        "required": ["id", "display_name", "languages", "regions", "fellowships", "availability"],
        "properties": {
            "id": {"type": "integer", "description": "The profile's id (peer_id when asking)."},
            "display_name": {"type": "string"},
            "languages": {"type": "array", "items": {"enum": list(LANGUAGES)}},
            "regions": _STRINGS,
            "fellowships": _STRINGS,
            "availability": {"type": "string"},
            "about": {"type": "string"},
            "paused": {"type": "boolean", "description": "Taking no new requests now."},
        },
    },
    "NewContactRequest": {
        "type": "object",
        "required": ["message", "channel"],
        "properties": {
            "peer_id": {
                "type": ["integer", "null"],
                "description": "A profile id from GET /api/v1/peers; none: anyone free.",
            },
            "message": {"type": "string", "maxLength": MAX_MESSAGE_LENGTH},
            "channel": {"enum": list(CHANNELS)},
            "phone": {"type": ["string", "null"], "description": "Needed for phone and sms."},
        },
    },
    "ContactRequest": {
        "type": "object",
        "required": ["id", "status", "channel", "created_at"],
        "properties": {
            "id": {"type": "integer"},
            "status": {"enum": list(CONTACT_STATUSES)},
            "channel": {"enum": list(CHANNELS)},
            "created_at": {"type": "string", "format": "date-time"},
        },
    },
}

PEER_PATHS: dict[str, Schema] = {
    "/api/v1/peers": {
        "get": {
            "operationId": "listPeers",
            "summary": "Peer workers who have their profile switched on.",
            "security": [],
            "responses": {
                "200": _json(
                    {
                        "type": "object",
                        "required": ["peers"],
                        "properties": {
                            "peers": {"type": "array", "items": _ref("schemas", "PeerProfile")}
                        },
                    },
                    "The profiles, those taking requests first.",
                )
            },
        }
    },
    "/api/v1/contact-requests": {
        "post": {
            "operationId": "createContactRequest",
            "summary": "A client asks a peer to get in touch; the peer is notified.",
            "requestBody": json_body(_ref("schemas", "NewContactRequest")),
            "responses": {
                "201": _json(_ref("schemas", "ContactRequest"), "Sent."),
                "400": _ref("responses", "BadRequest"),
                "401": problem_response("Not signed in."),
                "403": problem_response("Not a client, or X-CSRFToken is wrong."),
                "409": problem_response("The peer has paused, is not shown, or was blocked."),
                "415": problem_response("The body is not JSON."),
            },
        }
    },
}
