"""Getting back in over the API: a new password with a one-time code, and come-back keys."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from flask import Response, jsonify, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from peerapp.access import public, roles
from peerapp.api import bp
from peerapp.api.common import NOT_JSON, json_object, me
from peerapp.api.document import documented
from peerapp.api.schemas.access import ComeBackKey, ComeBackKeyList, NewComeBackKey, PasswordReset
from peerapp.errors import ValidationError, problem
from peerapp.services.errors import NotFound
from peerapp.services.people import reset
from peerapp.services.readmission import come_back_keys
from peerapp.services.readmission.agreements import NoClinic
from peerapp.signin import client_address, device_cookie

if TYPE_CHECKING:
    from peerapp.models.access import ComeBackKey as Key

REFUSED = "The username and code do not go together, or the code is used or expired."


def _text(body: dict[str, Any], name: str) -> str:
    value = body.get(name)
    if value is not None and not isinstance(value, str):
        raise ValidationError({name: _("Must be text.")})
    return value or ""


@bp.post("/v1/password-reset")
@public
@documented(
    operation_id="resetPassword",
    ok={204: (None, "The password is changed; every session of the account has ended.")},
    errors={
        400: (
            "The same answer (type ending in reset-refused) for every wrong username, code, or "
            "a code already used or expired; or a new password that breaks the rules."
        ),
        415: NOT_JSON,
        429: "Too many wrong attempts for this account or address; wait a minute.",
    },
    public=True,
    json=PasswordReset,
)
def reset_password() -> ResponseReturnValue:
    """A new password with a recovery code or a code from the clinic, each usable once."""
    body = json_object()
    username, code = _text(body, "username"), _text(body, "code")
    new_password = _text(body, "new_password")
    try:
        reset.reset_password(username, code, new_password, client_address(), device_cookie())
    except reset.ResetThrottled:
        response = problem(
            429, _("Too many attempts. Wait a minute and try again."), kind="too-many-attempts"
        )
        response.headers["Retry-After"] = "60"
        return response
    except reset.ResetRefused:
        return problem(
            400,
            _("The username or code is wrong."),
            _("Check both. A code works once; a code from the clinic works for 24 hours."),
            kind="reset-refused",
        )
    return Response(status=204)


def key_to_api(key: Key, secret: str | None = None) -> dict[str, Any]:
    """A come-back key as the API shows it."""
    answer: dict[str, Any] = {
        "id": key.id,
        "name": key.name,
        "created_at": key.created_at.isoformat(),
        "last_used_at": key.last_used_at.isoformat() if key.last_used_at else None,
    }
    if secret is not None:
        answer["key"] = secret
    return answer


@bp.post("/v1/me/come-back-keys")
@roles("client")
@documented(
    operation_id="createComeBackKey",
    ok={201: (ComeBackKey, "Made; the key is in the answer, once.")},
    errors={
        400: "Bad Request",
        401: "Not signed in.",
        403: "Not a client, or X-CSRFToken is wrong.",
        409: "The client is not enrolled at a clinic.",
        415: NOT_JSON,
    },
    json=NewComeBackKey,
)
def create_come_back_key() -> ResponseReturnValue:
    """A key for this phone that can send the request to come back even when signed out."""
    body = json_object() if request.get_data() else {}
    try:
        key, secret = come_back_keys.create_key(me(), _text(body, "name"))
    except NoClinic:
        return problem(
            409,
            _("You are not enrolled at a clinic."),
            _("Ask your clinic for an enrolment code, or call them directly."),
            kind="no-clinic",
        )
    return jsonify(key_to_api(key, secret)), 201


@bp.get("/v1/me/come-back-keys")
@roles("client")
@documented(
    operation_id="listComeBackKeys",
    ok={200: ComeBackKeyList},
    errors={401: "Not signed in.", 403: "Not a client."},
)
def list_come_back_keys() -> ResponseReturnValue:
    """One's live come-back keys (the secrets are never shown again)."""
    return jsonify(come_back_keys=[key_to_api(key) for key in come_back_keys.keys_of(me())])


@bp.delete("/v1/me/come-back-keys/<int(max=2147483647):key_id>")
@roles("client")
@documented(
    operation_id="deleteComeBackKey",
    ok={204: (None, "Removed: the phone's button stops working.")},
    errors={
        401: "Not signed in.",
        403: "Not a client, or X-CSRFToken is wrong.",
        404: "No such key.",
    },
)
def delete_come_back_key(key_id: int) -> ResponseReturnValue:
    """Remove one of one's come-back keys."""
    try:
        come_back_keys.remove_own(me(), key_id)
    except NotFound:
        return problem(404, _("There is no such key."), kind="not-found")
    return Response(status=204)
