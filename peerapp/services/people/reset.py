"""A way back in when the password is forgotten: one's own recovery codes, or a one-time code
the client's clinic hands over in person. Either sets a new password once.

Codes are random (recovery codes and clinic codes 120 bits, clinic codes valid 24 hours) and stored
only as a salted SHA-256. Every wrong combination of username and code is refused alike, and
counted by the login throttle.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta

import sqlalchemy as sa

from peerapp.extensions import db, utcnow
from peerapp.models.access import ResetCode
from peerapp.models.people import User
from peerapp.services.errors import DomainError, NotAllowed, NotFound, Throttled, ValidationError
from peerapp.services.people import accounts, passwords, sessions, throttle
from peerapp.services.privacy import audit
from peerapp.services.readmission import clinics
from peerapp.services.unit import unit_of_work
from peerapp.words import _l

#: how many recovery codes a person gets at a time
RECOVERY_CODES = 8
#: characters per code: 24 base32 characters are 120 bits (ASVS 5.0 6.5.2 asks 112 for a code
#: kept as a fast hash)
RECOVERY_LENGTH = CLINIC_LENGTH = 24
CLINIC_CODE_VALID = timedelta(hours=24)
#: Crockford's base32: no I, L, O or U, so what is read aloud or copied by hand survives
_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"
_LOOKALIKE = str.maketrans({"i": "1", "l": "1", "o": "0", "u": "v"})
MAX_CODE_LENGTH = 80


class ResetRefused(DomainError):
    """The username and code do not go together (or the code is used or expired)."""


class ResetThrottled(Throttled):
    """Too many wrong attempts for this account or address: wait a minute."""


def _random_code(length: int) -> str:
    raw = "".join(secrets.choice(_ALPHABET) for _ in range(length))
    return "-".join(raw[i : i + 4] for i in range(0, length, 4))


def _normalise(code: str) -> str:
    return "".join(code.lower().split()).replace("-", "").translate(_LOOKALIKE)


def _digest(salt: str, code: str) -> str:
    return hashlib.sha256(
        bytes.fromhex(salt) + _normalise(code).encode("ascii", "ignore")
    ).hexdigest()


def _store(user: User, kind: str, code: str, **fields: object) -> ResetCode:
    salt = secrets.token_hex(16)
    row = ResetCode(user_id=user.id, kind=kind, salt=salt, code_hash=_digest(salt, code), **fields)
    db.session.add(row)
    return row


def _replace_recovery_codes(user: User) -> list[str]:
    db.session.execute(
        sa.delete(ResetCode).where(ResetCode.user_id == user.id, ResetCode.kind == "recovery")
    )
    codes = [_random_code(RECOVERY_LENGTH) for _ in range(RECOVERY_CODES)]
    for code in codes:
        _store(user, "recovery", code)
    return codes


def register_client(
    username: str, password: str, language: str = "nb", role: str = "client"
) -> tuple[User, list[str]]:
    """A new client's (or relative's) account and its recovery codes, shown once; raises
    ``ValidationError``."""
    user = accounts.register_client(username, password, language=language, role=role)
    with unit_of_work():
        codes = _replace_recovery_codes(user)
    return user, codes


def new_recovery_codes(
    user: User, password: str, address: str, device_cookie: str | None = None
) -> list[str]:
    """New recovery codes after the password is given again; the old ones stop working."""
    who = throttle.attempt(user.username_key, address, device_cookie)
    if not throttle.allowed(who):
        raise ResetThrottled
    if not passwords.verify_password(user.password_hash, password):
        throttle.record_failure(who)
        raise ValidationError({"password": str(_l("The password is wrong."))})
    with unit_of_work():
        return _replace_recovery_codes(user)


def recovery_codes_left(user: User) -> int:
    """How many of one's recovery codes for a forgotten password are unused."""
    count = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(ResetCode)
        .where(
            ResetCode.user_id == user.id,
            ResetCode.kind == "recovery",
            ResetCode.used_at.is_(None),
        )
    )
    return count or 0


def clinic_code(staff: User, client_id: int) -> tuple[User, str]:
    """Staff of the client's clinic make a one-time code (24 hours) to hand over in person.

    Any earlier clinic code for the client stops working. Raises ``NotFound`` for a client of
    another clinic, as if they did not exist.
    """
    if staff.role != "clinic":
        raise NotAllowed
    client = clinics.client_for_staff(staff, client_id)
    if client is None:
        raise NotFound
    code = _random_code(CLINIC_LENGTH)
    now = utcnow()
    with unit_of_work():
        db.session.execute(
            sa.delete(ResetCode).where(
                ResetCode.user_id == client.id,
                ResetCode.kind == "clinic",
                ResetCode.used_at.is_(None),
            )
        )
        row = _store(
            client,
            "clinic",
            code,
            created_at=now,
            expires_at=now + CLINIC_CODE_VALID,
            created_by_id=staff.id,
        )
        db.session.flush()
        audit.record(
            staff, "clinic.reset_code.create", client, object_type="reset_code", object_id=row.id
        )
    return client, code


def _matching_code(user: User, code: str) -> ResetCode | None:
    now = utcnow()
    rows = db.session.scalars(
        sa.select(ResetCode).where(
            ResetCode.user_id == user.id,
            ResetCode.used_at.is_(None),
            sa.or_(ResetCode.expires_at.is_(None), ResetCode.expires_at > now),
        )
    )
    found = None
    for row in rows:  # each row has its own salt; compare every one, in constant time
        if hmac.compare_digest(row.code_hash, _digest(row.salt, code)):
            found = row
    return found


def reset_password(
    username: str, code: str, new_password: str, address: str, device_cookie: str | None = None
) -> User:
    """Set a new password with a recovery or clinic code, which is spent; every session ends.

    Raises ``ValidationError`` for a password that breaks the rules (whoever asks: it tells
    nothing of the account), ``ResetThrottled``, and ``ResetRefused`` for every wrong
    combination of username and code alike.
    """
    if problem := passwords.password_problem(new_password, username):
        raise ValidationError({"new_password": problem})
    key = accounts.username_key(username)[: accounts.USERNAME_MAX * 2]
    who = throttle.attempt(key, address, device_cookie)
    if not throttle.allowed(who):
        raise ResetThrottled
    user = accounts.find_user(username)
    row = None
    if user is not None and user.is_active and len(code) <= MAX_CODE_LENGTH:
        row = _matching_code(user, code)
    if user is None or row is None:
        throttle.record_failure(who)
        raise ResetRefused
    from peerapp.services.notify.enqueue import notify_user

    with unit_of_work():
        now = utcnow()
        # one conditional UPDATE: two requests with the same code cannot both spend it
        spent = db.session.execute(
            sa.update(ResetCode)
            .where(ResetCode.id == row.id, ResetCode.used_at.is_(None))
            .values(used_at=now)
            .execution_options(synchronize_session=False)
        )
        if spent.rowcount != 1:  # type: ignore[attr-defined]
            raise ResetRefused
        user.password_hash = passwords.hash_password(new_password)
        user.password_changed_at = now
        sessions.end_all_sessions(user)
        audit.record(
            None,
            "account.password_reset",
            user,
            object_type="reset_code",
            object_id=row.id,
            changes={"kind": row.kind},
        )
        stamp = now.strftime("%Y%m%dT%H%M%S%f")
        notify_user(user, "password_changed", {}, dedupe_key=f"password-changed:{user.id}:{stamp}")
    return user
