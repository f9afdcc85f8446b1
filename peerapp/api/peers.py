"""Peers over the API: the public profiles, and a client's contact request."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from flask import jsonify
from flask import request as http_request
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from peerapp.access import public, roles
from peerapp.api import bp
from peerapp.api.common import NOT_JSON, json_object, me
from peerapp.api.document import documented
from peerapp.api.schemas.peers import ContactRequest as ContactRequestBody
from peerapp.api.schemas.peers import NewContactRequest, PeerList, PeerSearch
from peerapp.errors import problem
from peerapp.services.peers import contact, profiles

if TYPE_CHECKING:
    from peerapp.models.peers import ContactRequest, PeerProfile


def profile_to_api(profile: PeerProfile) -> dict[str, Any]:
    """A public peer profile."""
    return {
        "id": profile.id,
        "display_name": profile.display_name,
        "languages": profile.languages,
        "regions": profile.regions,
        "fellowships": profile.fellowships,
        "availability": profile.availability,
        "about": profile.about,
        "paused": profile.paused,
        "talks_with_relatives": profile.talks_with_relatives,
    }


def request_to_api(request: ContactRequest) -> dict[str, Any]:
    """A contact request as its client sees it."""
    return {
        "id": request.id,
        "status": request.status,
        "channel": request.channel,
        "created_at": request.created_at.isoformat(),
    }


@bp.get("/v1/peers")
@public
@documented(
    operation_id="listPeers",
    ok={200: PeerList},
    errors={400: "Bad Request"},
    public=True,
    validate=False,
    query=PeerSearch,
)
def list_peers() -> ResponseReturnValue:
    """The peers people can talk to now (switched on; paused ones say so); `relatives=true`
    keeps those who talk with relatives."""
    viewer = me() if current_user.is_authenticated else None
    relatives = profiles.read_relatives_flag(http_request.args.get("relatives"))
    found = profiles.shown_profiles(viewer, relatives=relatives)
    return jsonify(peers=[profile_to_api(p) for p in found])


@bp.post("/v1/contact-requests")
@roles(*contact.ASKING_ROLES)
@documented(
    operation_id="createContactRequest",
    ok={201: ContactRequestBody},
    errors={
        400: "Bad Request",
        401: "Not signed in.",
        403: "Not a client or a relative, or X-CSRFToken is wrong.",
        409: "The peer has paused, is not shown, or was blocked.",
        415: NOT_JSON,
    },
    json=NewContactRequest,
)
def create_contact_request() -> ResponseReturnValue:
    """Ask a peer (or anyone free) to get in touch by phone, text message or in the app."""
    try:
        request = contact.send_request(me(), json_object())
    except contact.PeerUnavailable:
        return problem(
            409,
            _("This peer cannot take requests now."),
            _("They may have paused. Try another peer, or ask without choosing one."),
            kind="peer-unavailable",
        )
    return jsonify(request_to_api(request)), 201
