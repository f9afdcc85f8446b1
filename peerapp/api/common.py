"""What the API's views share: the signed-in user, the JSON object a request sends, and the
answer to a peer changing a listing outside their limits."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from flask import Response, request
from flask_babel import gettext as _
from flask_login import current_user

from peerapp.errors import ValidationError, problem
from peerapp.services.stewardship.limits import OutsideLimits

if TYPE_CHECKING:
    from peerapp.models.people import User

#: how the document describes the usual refusals
NOT_JSON = "The body is not JSON."
OUTSIDE = (
    "Not a peer or admin, the listing is outside the peer's regions or fellowships (a problem "
    "`type` ending in `outside-limits`), or X-CSRFToken is wrong."
)


def me() -> User:
    """The signed-in user (the object itself, not Flask-Login's proxy)."""
    user: User = current_user._get_current_object()
    return user


def json_object() -> dict[str, Any]:
    """The JSON object sent; raises ``ValidationError`` for anything else."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise ValidationError({"body": _("Send a JSON object.")})
    return body


def outside_limits(error: OutsideLimits) -> Response:
    """The 403 answer for a peer changing a listing outside their regions or fellowships."""
    return problem(403, _("This listing is outside your area."), error.message, "outside-limits")
