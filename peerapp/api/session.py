"""The session API: log in and out, register, change password, and see one's access log."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from flask import Response, current_app, jsonify, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

from peerapp.access import public, roles, signed_in
from peerapp.api import bp
from peerapp.api.common import NOT_JSON
from peerapp.api.document import documented
from peerapp.api.schemas.accounts import (
    AccessLog,
    Credentials,
    NewAccount,
    PasswordChange,
    Session,
)
from peerapp.api.schemas.problems import MyData
from peerapp.errors import ValidationError, problem
from peerapp.extensions import limiter
from peerapp.i18n import current_language
from peerapp.services.people import accounts, mydata
from peerapp.services.people.accounts import LoginOutcome
from peerapp.services.privacy import audit
from peerapp.signin import (
    CLEAR_SITE_DATA,
    SELF_ERASING,
    client_address,
    device_cookie,
    forget_this_browser,
    sign_in,
    sign_out,
)

if TYPE_CHECKING:
    from peerapp.models.people import User


def user_to_api(user: User) -> dict[str, Any]:
    """The signed-in user as the API shows it."""
    clinic = user.clinic
    return {
        "id": user.id,
        "username": user.username,
        "role": user.role,
        "clinic": {"slug": clinic.slug, "name": clinic.name} if clinic else None,
        "second_factor": user.has_totp,
    }


def _json_body(*fields: str) -> dict[str, Any]:
    """The JSON object sent, with the named fields as strings; raises ``ValidationError``."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise ValidationError({"body": _("Send a JSON object.")})
    errors = {}
    for name in fields:
        value = body.get(name)
        if value is not None and not isinstance(value, str):
            errors[name] = _("Must be text.")
    if errors:
        raise ValidationError(errors)
    return body


def _session_answer(user: User, status: int = 200) -> ResponseReturnValue:
    return jsonify(user=user_to_api(user), csrf_token=generate_csrf()), status


@bp.post("/v1/session")
@public
@documented(
    operation_id="createSession",
    ok={200: (Session, "Signed in; the cookie is set.")},
    errors={
        400: "Bad Request",
        401: (
            "Wrong username or password (never says which), or a code is needed (type ends in "
            "otp-required) or was wrong."
        ),
        403: "The second factor must be set up on the web first.",
        415: NOT_JSON,
        429: "Too many failed attempts; wait a minute.",
    },
    public=True,
    json=Credentials,
)
def create_session() -> ResponseReturnValue:
    """Log in with username, password and (for staff and admins) a current code."""
    body = _json_body("username", "password", "otp")
    username, password = body.get("username") or "", body.get("password") or ""
    if not username or not password:
        errors = {}
        if not username:
            errors["username"] = _("Fill this in.")
        if not password:
            errors["password"] = _("Fill this in.")
        raise ValidationError(errors)
    result = accounts.sign_in(
        username, password, client_address(), body.get("otp"), device_cookie()
    )
    outcome = result.outcome
    if outcome is LoginOutcome.THROTTLED:
        response = problem(
            429, _("Too many attempts. Wait a minute and try again."), kind="too-many-attempts"
        )
        response.headers["Retry-After"] = "60"
        return response
    if outcome is LoginOutcome.REFUSED or result.user is None:
        return problem(401, _("The username or password is wrong."), kind="login-failed")
    if outcome is LoginOutcome.OTP_REQUIRED:
        return problem(
            401,
            _("This account needs the code from the authenticator app."),
            _('Send the current 6-digit code as "otp".'),
            kind="otp-required",
        )
    if outcome is LoginOutcome.OTP_INVALID:
        return problem(
            401,
            _("That code did not work. Codes change every 30 seconds and work only once."),
            kind="otp-invalid",
        )
    if outcome is LoginOutcome.ENROLMENT_REQUIRED:
        return problem(
            403,
            _("Set up the second step first."),
            _("Log in once on the web page to set up your authenticator app."),
            kind="totp-enrolment-required",
        )
    sign_in(result.user)
    return _session_answer(result.user)


@bp.get("/v1/session")
@signed_in
@documented(
    operation_id="getSession",
    ok={200: (Session, "Signed in; the cookie is set.")},
    errors={401: "Not signed in."},
)
def get_session() -> ResponseReturnValue:
    """Who is signed in, with a fresh CSRF token."""
    return _session_answer(current_user._get_current_object())


@bp.delete("/v1/session")
@signed_in
@documented(
    operation_id="deleteSession",
    ok={204: (None, "Logged out.")},
    errors={401: "Not signed in.", 403: "The X-CSRFToken header is missing or wrong."},
)
def delete_session() -> ResponseReturnValue:
    """Log out: the session ends on the server, so a copied cookie stops working."""
    sign_out()
    return forget_this_browser(Response(status=204))


@bp.post("/v1/accounts")
@public
@limiter.limit("20 per hour")
@documented(
    operation_id="registerAccount",
    ok={201: (Session, "Registered and signed in.")},
    errors={
        400: "Bad Request",
        409: "Already signed in.",
        415: NOT_JSON,
        429: "Too many registrations from this address.",
    },
    public=True,
    json=NewAccount,
)
def register_account() -> ResponseReturnValue:
    """Register a client (or, with `role` `relative`, a relative) with a pseudonym and a
    password, and sign in."""
    if current_user.is_authenticated:
        return problem(409, _("You are already logged in."), kind="already-signed-in")
    body = _json_body("username", "password", "role")
    user = accounts.register_client(
        body.get("username") or "",
        body.get("password") or "",
        language=current_language(),
        role=body.get("role") or "client",
    )
    sign_in(user)
    return _session_answer(user, 201)


@bp.post("/v1/me/password")
@signed_in
@documented(
    operation_id="changePassword",
    ok={200: (Session, "Changed; a new session was started.")},
    errors={
        400: "Bad Request",
        401: "Not signed in.",
        403: "The X-CSRFToken header is missing or wrong.",
        429: "Too many wrong passwords for this account or address; wait a minute.",
    },
    json=PasswordChange,
)
def change_my_password() -> ResponseReturnValue:
    """A new password; every other session ends and this one gets a new identifier."""
    body = _json_body("current_password", "new_password")
    user = current_user._get_current_object()
    accounts.change_password(
        user,
        body.get("current_password") or "",
        body.get("new_password") or "",
        keep_token=None,
        address=client_address(),
        device_cookie=device_cookie(),
    )
    sign_in(user)
    return _session_answer(user)


@bp.get("/v1/me/access-log")
@signed_in
@documented(operation_id="myAccessLog", ok={200: AccessLog}, errors={401: "Not signed in."})
def my_access_log() -> ResponseReturnValue:
    """Who has read or changed my data, and who was refused, newest first."""
    events = audit.access_log_for(current_user._get_current_object())
    return jsonify(
        access_log=[
            {
                "at": event.at.isoformat(),
                "actor": event.actor_username,
                "role": event.actor_role,
                "clinic": event.actor_clinic.name if event.actor_clinic else None,
                "action": event.action,
                "allowed": event.allowed,
            }
            for event in events
        ]
    )


@bp.get("/v1/me/export")
@signed_in
@documented(operation_id="exportMyData", ok={200: MyData}, errors={401: "Not signed in."})
def export_my_data() -> ResponseReturnValue:
    """Everything stored about the signed-in person."""
    return jsonify(mydata.export(current_user._get_current_object()))


@bp.delete("/v1/me")
@roles(*SELF_ERASING)
@documented(
    operation_id="deleteMe",
    ok={204: (None, "Erased; the session has ended.")},
    errors={401: "Not signed in.", 403: "Not a client or peer worker, or X-CSRFToken is wrong."},
)
def delete_me() -> ResponseReturnValue:
    """Erase the account; readmission requests stay with the clinic, detached."""
    mydata.erase(current_user._get_current_object())
    sign_out()
    response = current_app.response_class(status=204)
    response.headers["Clear-Site-Data"] = CLEAR_SITE_DATA
    return response
