"""The second factor: time-based one-time codes (RFC 6238) and one-time recovery codes.

The operations a person takes (setting it up, new recovery codes, turning it off) each commit
their own unit of work; the helpers below them only change the session.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time

import pyotp
import segno
import sqlalchemy as sa

from peerapp.extensions import db, utcnow
from peerapp.models.people import RecoveryCode, User
from peerapp.services.errors import NotAllowed, ValidationError
from peerapp.services.people import passwords, sessions, throttle
from peerapp.services.privacy import crypto
from peerapp.services.unit import unit_of_work
from peerapp.words import _

ISSUER = "Peerapp"
RECOVERY_CODES = 10
#: codes from one step before and after now are accepted, for clocks that drift a little
DRIFT_STEPS = 1


def new_secret() -> str:
    """A fresh base32 TOTP secret (160 bits)."""
    return pyotp.random_base32(32)


def is_valid_secret(secret: str) -> bool:
    """Whether ``secret`` is base32 of at least 128 bits."""
    try:
        return len(pyotp.TOTP(secret).byte_secret()) >= 16
    except (ValueError, TypeError):
        return False


def provisioning_uri(user: User, secret: str) -> str:
    """The otpauth:// URI an authenticator app reads from the QR code."""
    return pyotp.TOTP(secret).provisioning_uri(name=user.username, issuer_name=ISSUER)


def qr_svg(uri: str, title: str) -> str:
    """The QR code of ``uri`` as inline SVG, labelled for screen readers.

    It has a ``viewBox`` and no fixed size, so the page sizes it and it scales with zoom.
    """
    svg: str = segno.make(uri, error="m").svg_inline(
        scale=5, border=2, omitsize=True, title=title, dark="#000"
    )
    return svg.replace("<svg ", '<svg role="img" focusable="false" ', 1)


def _matching_step(secret: str, code: str, now: float) -> int | None:
    """The time step whose code equals ``code``, within the allowed drift."""
    code = code.replace(" ", "")
    if not (code.isdigit() and len(code) == 6):
        return None
    totp = pyotp.TOTP(secret)
    current = int(now // totp.interval)
    for step in range(current - DRIFT_STEPS, current + DRIFT_STEPS + 1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def secret_to_enrol(user: User) -> str:
    """The secret being set up, starting a setup (kept, encrypted) when none is pending."""
    secret = pending_secret(user)
    if secret is None:
        with unit_of_work():
            secret = start_enrolment(user)
    return secret


def finish_enrolment(user: User, code: str) -> list[str] | None:
    """Set up the second factor when ``code`` matches the pending secret; the recovery codes,
    shown once (``None`` when the code did not work)."""
    with unit_of_work():
        return confirm_enrolment(user, code)


def replace_recovery_codes(
    user: User, password: str | None, address: str, device_cookie: str | None = None
) -> list[str]:
    """New recovery codes for the user's own second factor, after the password once more (as
    signing in, throttled); the old ones stop working."""
    if not user.has_totp:
        raise NotAllowed
    _check_password(user, password, address, device_cookie)
    with unit_of_work():
        return new_recovery_codes(user)


def turn_off(
    user: User,
    password: str | None,
    keep_token: str | None,
    address: str = "",
    device_cookie: str | None = None,
) -> None:
    """Peers may turn the second factor off again, with their password; staff must keep it.

    Every other session of the account ends, as the account is now weaker.
    """
    if user.is_staff:
        raise NotAllowed
    _check_password(user, password, address, device_cookie)
    with unit_of_work():
        disable(user)
        sessions.end_all_sessions(user, keep_token=keep_token)


def _check_password(
    user: User, password: str | None, address: str, device_cookie: str | None
) -> None:
    """The password once more, counted by the sign-in throttle; raises ``Throttled`` or
    ``ValidationError``."""
    who = throttle.attempt(user.username_key, address, device_cookie)
    throttle.check(who)
    if not passwords.verify_password(user.password_hash, password or ""):
        throttle.record_failure(who)
        raise ValidationError({"password": _("The password is wrong.")})


def start_enrolment(user: User) -> str:
    """Keep a new secret (encrypted) as pending on the user and return it."""
    secret = new_secret()
    user.totp_pending_secret = crypto.encrypt(secret)
    return secret


def pending_secret(user: User) -> str | None:
    """The secret being enrolled, if any."""
    if user.totp_pending_secret is None:
        return None
    return crypto.decrypt(user.totp_pending_secret)


def confirm_enrolment(user: User, code: str, now: float | None = None) -> list[str] | None:
    """Make the pending secret the second factor when ``code`` matches; return recovery codes."""
    secret = pending_secret(user)
    if secret is None:
        return None
    step = _matching_step(secret, code, time.time() if now is None else now)
    if step is None:
        return None
    enrol(user, secret, step)
    return new_recovery_codes(user)


def enrol(user: User, secret: str, last_step: int | None = None) -> None:
    """Set ``secret`` as the user's second factor."""
    user.totp_secret = crypto.encrypt(secret)
    user.totp_pending_secret = None
    user.totp_last_step = last_step


def disable(user: User) -> None:
    """Remove the second factor and its recovery codes (peers only: staff must keep it)."""
    user.totp_secret = None
    user.totp_pending_secret = None
    user.totp_last_step = None
    db.session.execute(sa.delete(RecoveryCode).where(RecoveryCode.user_id == user.id))


def verify(user: User, code: str, now: float | None = None) -> bool:
    """Check a current code or an unused recovery code; each works only once.

    A TOTP code is accepted only for a time step later than the last one accepted, so a code that
    was seen (over a shoulder, in a log) cannot be used again.
    """
    if user.totp_secret is None:
        return False
    secret = crypto.decrypt(user.totp_secret)
    if secret is None:
        return False
    step = _matching_step(secret, code, time.time() if now is None else now)
    if step is not None:
        # one conditional UPDATE, so two requests racing with the same code cannot both win
        claimed = db.session.execute(
            sa.update(User)
            .where(
                User.id == user.id,
                sa.or_(User.totp_last_step.is_(None), User.totp_last_step < step),
            )
            .values(totp_last_step=step)
            .execution_options(synchronize_session=False)
        )
        if claimed.rowcount != 1:  # type: ignore[attr-defined]
            return False
        user.totp_last_step = step
        return True
    return use_recovery_code(user, code)


#: Crockford's base32 (no I, L, O or U); 24 characters are 120 bits (ASVS 5.0 6.5.2 asks 112)
_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"
RECOVERY_LENGTH = 24
_LOOKALIKE = str.maketrans({"i": "1", "l": "1", "o": "0", "u": "v"})


def _recovery_hash(code: str) -> str:
    """The stored form of a recovery code.

    A plain SHA-256 is enough for 120 random bits (ASVS 5.0 6.5.2). The 48-bit codes made
    before (``long_code = False``) were kept the same way, which is not enough for so few bits:
    they no longer work, and the security page asks for new ones.
    """
    normal = "".join(code.strip().lower().split()).replace("-", "").translate(_LOOKALIKE)
    return hashlib.sha256(normal.encode("ascii", "ignore")).hexdigest()


def new_recovery_codes(user: User) -> list[str]:
    """Replace the user's recovery codes with new ones, returned once in clear."""
    db.session.execute(sa.delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = []
    for _number in range(RECOVERY_CODES):
        raw = "".join(secrets.choice(_ALPHABET) for _ in range(RECOVERY_LENGTH))
        codes.append("-".join(raw[i : i + 4] for i in range(0, RECOVERY_LENGTH, 4)))
    db.session.add_all(
        RecoveryCode(user_id=user.id, code_hash=_recovery_hash(c), long_code=True) for c in codes
    )
    return codes


def has_short_codes(user: User) -> bool:
    """Whether unused recovery codes of the old, short kind are left (to be replaced)."""
    return bool(
        db.session.scalar(
            sa.select(sa.func.count())
            .select_from(RecoveryCode)
            .where(
                RecoveryCode.user_id == user.id,
                RecoveryCode.used_at.is_(None),
                RecoveryCode.long_code.is_(False),
            )
        )
    )


def use_recovery_code(user: User, code: str) -> bool:
    """Spend an unused recovery code."""
    if len(code) > 60:
        return False
    spent = db.session.execute(
        sa.update(RecoveryCode)
        .where(
            RecoveryCode.user_id == user.id,
            RecoveryCode.code_hash == _recovery_hash(code),
            RecoveryCode.used_at.is_(None),
            RecoveryCode.long_code.is_(True),
        )
        .values(used_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    return spent.rowcount == 1  # type: ignore[attr-defined]


def recovery_codes_left(user: User) -> int:
    """How many recovery codes are still unused."""
    return (
        db.session.scalar(
            sa.select(sa.func.count())
            .select_from(RecoveryCode)
            .where(
                RecoveryCode.user_id == user.id,
                RecoveryCode.used_at.is_(None),
                RecoveryCode.long_code.is_(True),
            )
        )
        or 0
    )
