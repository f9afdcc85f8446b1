"""Passkeys (WebAuthn): the phone's own lock signs a person in.

A passkey that verified its user (fingerprint, face or the phone's PIN) is two factors in one
(something held and something known or been), so it is a full sign-in for everyone, staff
included (NIST SP 800-63B counts it as a multi-factor authenticator). The page or API keeps the
challenge between the two steps; this module knows no HTTP.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from webauthn import (
    generate_authentication_options,
    generate_registration_options,
    options_to_json,
    verify_authentication_response,
    verify_registration_response,
)
from webauthn.helpers import base64url_to_bytes, bytes_to_base64url
from webauthn.helpers.exceptions import WebAuthnException
from webauthn.helpers.structs import (
    AuthenticatorSelectionCriteria,
    PublicKeyCredentialDescriptor,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

from peerapp.extensions import db, utcnow
from peerapp.models.access import Passkey
from peerapp.models.people import User
from peerapp.services.errors import DomainError, NotFound, ValidationError
from peerapp.services.unit import unit_of_work
from peerapp.words import _l

RP_NAME = "Peerapp"
MAX_PASSKEYS = 10
MAX_NAME_LENGTH = 60
#: a credential as the browser sends it is a few kilobytes at most
MAX_CREDENTIAL_LENGTH = 20_000


class PasskeyRefused(DomainError):
    """The passkey did not sign in: unknown, for another site, or not verified by its user."""


@dataclass(frozen=True)
class Ceremony:
    """What the browser is asked (as JSON), and the challenge to keep for the answer."""

    options: str
    challenge: bytes


def _user_handle(user: User) -> bytes:
    return f"peerapp-{user.id}".encode()


def passkeys_of(user: User) -> list[Passkey]:
    """One's passkeys, oldest first."""
    return list(
        db.session.scalars(
            sa.select(Passkey).where(Passkey.user_id == user.id).order_by(Passkey.id)
        )
    )


def registration_ceremony(user: User, rp_id: str) -> Ceremony:
    """Options to create a passkey for ``user`` on this site (a discoverable, verified one)."""
    options = generate_registration_options(
        rp_id=rp_id,
        rp_name=RP_NAME,
        user_name=user.username,
        user_id=_user_handle(user),
        user_display_name=user.username,
        authenticator_selection=AuthenticatorSelectionCriteria(
            resident_key=ResidentKeyRequirement.REQUIRED,
            user_verification=UserVerificationRequirement.REQUIRED,
        ),
        exclude_credentials=[
            PublicKeyCredentialDescriptor(id=base64url_to_bytes(key.credential_id))
            for key in passkeys_of(user)
        ],
    )
    return Ceremony(options_to_json(options), options.challenge)


def _credential(raw: Any) -> dict[str, Any]:
    if isinstance(raw, str) and len(raw) <= MAX_CREDENTIAL_LENGTH:
        try:
            raw = json.loads(raw)
        except ValueError:
            raw = None
    if not isinstance(raw, dict) or len(json.dumps(raw)) > MAX_CREDENTIAL_LENGTH:
        raise ValidationError({"credential": str(_l("The phone's answer could not be read."))})
    return raw


def add_passkey(
    user: User, credential: Any, challenge: bytes, rp_id: str, origin: str, name: str
) -> Passkey:
    """Keep the passkey the phone just made; raises ``ValidationError``."""
    name = " ".join((name or "").split())[:MAX_NAME_LENGTH] or str(_l("My phone"))
    body = _credential(credential)
    if len(passkeys_of(user)) >= MAX_PASSKEYS:
        raise ValidationError(
            {"credential": str(_l("You have %(n)d passkeys. Remove one first.", n=MAX_PASSKEYS))}
        )
    try:
        verified = verify_registration_response(
            credential=body,
            expected_challenge=challenge,
            expected_rp_id=rp_id,
            expected_origin=origin,
            require_user_verification=True,
        )
    except (WebAuthnException, ValueError, KeyError, TypeError):
        raise ValidationError(
            {"credential": str(_l("The phone did not make a passkey. Try again."))}
        ) from None
    transports = body.get("response", {}).get("transports")
    with unit_of_work(keep_loaded=True):
        passkey = Passkey(
            user_id=user.id,
            credential_id=bytes_to_base64url(verified.credential_id),
            public_key=verified.credential_public_key,
            sign_count=verified.sign_count,
            transports=transports if isinstance(transports, list) else None,
            name=name,
        )
        db.session.add(passkey)
    return passkey


def sign_in_ceremony(rp_id: str) -> Ceremony:
    """Options to sign in with any passkey of this site the phone holds (no username first)."""
    options = generate_authentication_options(
        rp_id=rp_id, user_verification=UserVerificationRequirement.REQUIRED
    )
    return Ceremony(options_to_json(options), options.challenge)


def check_passkey(credential: Any, challenge: bytes, rp_id: str, origin: str) -> User:
    """The account a passkey signs in to; raises ``PasskeyRefused`` for anything wrong."""
    try:
        body = _credential(credential)
    except ValidationError:
        raise PasskeyRefused from None
    raw_id = body.get("rawId") or body.get("id")
    passkey = (
        db.session.scalar(sa.select(Passkey).where(Passkey.credential_id == raw_id))
        if isinstance(raw_id, str) and len(raw_id) <= 1400
        else None
    )
    if passkey is None or not passkey.user.is_active:
        raise PasskeyRefused
    handle = body.get("response", {}).get("userHandle")
    if handle and handle != bytes_to_base64url(_user_handle(passkey.user)):
        raise PasskeyRefused
    try:
        verified = verify_authentication_response(
            credential=body,
            expected_challenge=challenge,
            expected_rp_id=rp_id,
            expected_origin=origin,
            credential_public_key=passkey.public_key,
            credential_current_sign_count=passkey.sign_count,
            require_user_verification=True,
        )
    except (WebAuthnException, ValueError, KeyError, TypeError):
        raise PasskeyRefused from None
    with unit_of_work():
        passkey.sign_count = verified.new_sign_count
        passkey.last_used_at = utcnow()
    return passkey.user


def remove_passkey(user: User, passkey_id: int) -> None:
    """Remove one of one's own passkeys; ``NotFound`` for anyone else's."""
    with unit_of_work():
        removed = db.session.execute(
            sa.delete(Passkey).where(Passkey.id == passkey_id, Passkey.user_id == user.id)
        )
        if removed.rowcount != 1:  # type: ignore[attr-defined]
            raise NotFound
