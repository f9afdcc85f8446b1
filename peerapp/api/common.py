"""What the API's views share: the signed-in user, and the JSON object a request sends."""

from __future__ import annotations

from typing import Any

from flask import request
from flask_babel import gettext as _
from flask_login import current_user

from peerapp.errors import ValidationError
from peerapp.models.people import User


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
