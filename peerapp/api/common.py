"""What the API's views share: the signed-in user, the JSON object a request sends, and the
answer to a peer changing a listing outside their limits."""

from __future__ import annotations

from typing import Any

from flask import Response, request
from flask_babel import gettext as _
from flask_login import current_user

from peerapp.errors import ValidationError, problem
from peerapp.models.people import User
from peerapp.services.stewardship.limits import OutsideLimits


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
