"""Passkeys as pages: adding one in My account, signing in with one, removing one.

The browser's half is static/js/passkeys.js; these routes hand it the options and check what the
phone signed. The challenge waits in the signed session cookie between the two steps.
"""

from __future__ import annotations

import base64
from urllib.parse import urlsplit

from flask import current_app, flash, jsonify, redirect, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from peerapp.access import public, safe_next, signed_in
from peerapp.auth import bp
from peerapp.auth.forms import ActionForm
from peerapp.errors import ValidationError, problem, validation_problem
from peerapp.extensions import limiter
from peerapp.services.errors import NotFound
from peerapp.services.people import passkeys
from peerapp.signin import sign_in

ADDING, SIGNING_IN = "passkey_add", "passkey_sign_in"


def _site() -> tuple[str, str]:
    """The relying party id (the host name) and the origin the browser saw: the public address
    when ``PEERAPP_PUBLIC_URL`` is set, else the request's (a trusted host, when they are set)."""
    parts = urlsplit(current_app.config.get("PEERAPP_PUBLIC_URL") or request.host_url)
    return parts.hostname or "localhost", f"{parts.scheme}://{parts.netloc}"


def _keep(name: str, challenge: bytes) -> None:
    session[name] = base64.urlsafe_b64encode(challenge).decode()


def _take(name: str) -> bytes | None:
    kept = session.pop(name, None)
    return base64.urlsafe_b64decode(kept) if isinstance(kept, str) else None


def _body() -> dict[str, object]:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise ValidationError({"body": _("Send a JSON object.")})
    return body


@bp.post("/account/passkeys/options")
@signed_in
def passkey_options() -> ResponseReturnValue:
    """What the phone needs to make a passkey for this account."""
    rp_id, _origin = _site()
    ceremony = passkeys.registration_ceremony(current_user._get_current_object(), rp_id)
    _keep(ADDING, ceremony.challenge)
    return ceremony.options, 200, {"Content-Type": "application/json"}


@bp.post("/account/passkeys")
@signed_in
def add_passkey() -> ResponseReturnValue:
    """Keep the passkey the phone made."""
    challenge = _take(ADDING)
    rp_id, origin = _site()
    try:
        body = _body()
        if challenge is None:
            raise ValidationError({"credential": _("That took too long. Try again.")})
        name = body.get("name")
        passkeys.add_passkey(
            current_user._get_current_object(),
            body.get("credential"),
            challenge,
            rp_id,
            origin,
            name if isinstance(name, str) else "",
        )
    except ValidationError as error:
        return validation_problem(error.errors)
    flash(_("The passkey is added. Next time you can log in with this phone's lock."))
    return jsonify(next=url_for("auth.account")), 201


@bp.post("/account/passkeys/<int(max=2147483647):passkey_id>/remove")
@signed_in
def remove_passkey(passkey_id: int) -> ResponseReturnValue:
    """Remove a passkey: it no longer signs in."""
    if ActionForm().validate_on_submit():
        try:
            passkeys.remove_passkey(current_user._get_current_object(), passkey_id)
            flash(_("The passkey is removed."))
        except NotFound:
            pass
    return redirect(url_for("auth.account")), 303


@bp.post("/login/passkey/options")
@public
@limiter.limit("30 per minute")
def passkey_sign_in_options() -> ResponseReturnValue:
    """What the phone needs to sign in with any passkey it holds for this site."""
    rp_id, _origin = _site()
    ceremony = passkeys.sign_in_ceremony(rp_id)
    _keep(SIGNING_IN, ceremony.challenge)
    return ceremony.options, 200, {"Content-Type": "application/json"}


@bp.post("/login/passkey")
@public
@limiter.limit("30 per minute")
def passkey_sign_in() -> ResponseReturnValue:
    """Sign in with what the phone's passkey signed: a full sign-in, second step included."""
    challenge = _take(SIGNING_IN)
    rp_id, origin = _site()
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        return validation_problem({"credential": _("Send the phone's answer as JSON.")})
    try:
        if challenge is None:
            raise passkeys.PasskeyRefused
        user = passkeys.check_passkey(body.get("credential"), challenge, rp_id, origin)
    except passkeys.PasskeyRefused:
        return problem(
            401,
            _("That passkey did not work here. Log in with your password instead."),
            kind="passkey-refused",
        )
    from peerapp.auth.routes import home_for

    next_url = body.get("next")
    sign_in(user)
    return jsonify(
        next=safe_next(next_url if isinstance(next_url, str) else None) or home_for(user)
    )
