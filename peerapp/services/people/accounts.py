"""Accounts: registering, signing in and out, changing passwords, and creating users and clinics.

Each operation that writes commits its own unit of work; the pages, the API and the commands
only call it.
"""

from __future__ import annotations

import enum
import re
import unicodedata
from dataclasses import dataclass

import sqlalchemy as sa

from peerapp.config import app_config
from peerapp.extensions import db, utcnow
from peerapp.models.clinics import Clinic
from peerapp.models.municipalities import Municipality
from peerapp.models.people import ROLES, User
from peerapp.services.errors import ValidationError
from peerapp.services.municipalities import registry
from peerapp.services.people import devices, passwords, second_factor, sessions, throttle
from peerapp.services.stewardship import limits
from peerapp.services.unit import unit_of_work
from peerapp.words import _l

USERNAME_MIN, USERNAME_MAX = 3, 40
_USERNAME = re.compile(r"^[\w.\- ]+$")
_SLUG = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,58}[a-z0-9])?$")
_EMAIL = re.compile(r"^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$")
_PHONE = re.compile(r"^\+?[0-9 ()-]{3,30}$")


def username_key(username: str) -> str:
    """The form two usernames are compared in: "Kari  K" and "kari k" are the same."""
    folded = unicodedata.normalize("NFKC", username).casefold()
    return " ".join(folded.split())


def username_problem(username: str) -> str | None:
    """Why a new username cannot be used, translated; ``None`` when it can."""
    name = " ".join(unicodedata.normalize("NFKC", username).split())
    if not USERNAME_MIN <= len(name) <= USERNAME_MAX:
        return str(_l("Use %(a)d to %(b)d characters.", a=USERNAME_MIN, b=USERNAME_MAX))
    if not _USERNAME.match(name):
        return str(_l("Use letters, digits, spaces, dots, dashes and underscores only."))
    return None


def active_user(user_id: int) -> User | None:
    """The account with this id while it may still sign in (half-way through signing in)."""
    user = db.session.get(User, user_id)
    return user if user is not None and user.is_active else None


def find_user(username: str) -> User | None:
    """The account with this username, compared case-insensitively."""
    if len(username) > USERNAME_MAX * 4:
        return None
    return db.session.scalar(sa.select(User).where(User.username_key == username_key(username)))


class LoginOutcome(enum.Enum):
    """How a sign-in attempt ended."""

    OK = "ok"
    REFUSED = "refused"  # wrong username or password: never says which
    THROTTLED = "throttled"
    OTP_REQUIRED = "otp-required"
    OTP_INVALID = "otp-invalid"
    ENROLMENT_REQUIRED = "totp-enrolment-required"


@dataclass
class LoginResult:
    """The outcome, and the user once the password was right."""

    outcome: LoginOutcome
    user: User | None = None


def check_password(
    username: str, password: str, address: str, device_cookie: str | None = None
) -> LoginResult:
    """The first step of signing in: username and password, throttled (see ``throttle``).

    ``device_cookie`` is the browser's device cookie: with one for this account, guesses made
    elsewhere do not keep its owner out.
    """
    key = username_key(username)[: USERNAME_MAX * 2]
    who = throttle.attempt(key, address, device_cookie)
    if not throttle.allowed(who):
        return LoginResult(LoginOutcome.THROTTLED)
    user = find_user(username)
    valid = passwords.verify_password(user.password_hash if user else None, password)
    if user is None or not valid or not may_sign_in(user):
        throttle.record_failure(who)
        return LoginResult(LoginOutcome.REFUSED)
    if passwords.needs_rehash(user.password_hash):
        with unit_of_work():
            user.password_hash = passwords.hash_password(password)
    if user.is_staff and not user.has_totp:
        return LoginResult(LoginOutcome.ENROLMENT_REQUIRED, user)
    if user.has_totp:
        return LoginResult(LoginOutcome.OTP_REQUIRED, user)
    return LoginResult(LoginOutcome.OK, user)


def check_own_password(
    user: User, password: str, address: str, device_cookie: str | None, field: str = "password"
) -> None:
    """Check a signed-in person's password again before a change that needs it.

    Throttled like signing in; raises ``Throttled``, or ``ValidationError`` on ``field``.
    """
    who = throttle.attempt(user.username_key, address, device_cookie)
    throttle.check(who)
    if not passwords.verify_password(user.password_hash, password or ""):
        throttle.record_failure(who)
        raise ValidationError({field: str(_l("The password is wrong."))})


def may_sign_in(user: User) -> bool:
    """Active, and not a demo account (its password is published) outside demo mode."""
    return user.is_active and (not user.is_demo or bool(app_config().get("PEERAPP_DEMO")))


def check_second_factor(
    user: User, code: str, address: str, device_cookie: str | None = None
) -> LoginResult:
    """The second step: a current TOTP code or a recovery code, each usable once."""
    who = throttle.attempt(user.username_key, address, device_cookie)
    if not throttle.allowed(who):
        return LoginResult(LoginOutcome.THROTTLED)
    try:
        with unit_of_work():
            if not second_factor.verify(user, code or ""):
                raise _CodeRefused
    except _CodeRefused:
        throttle.record_failure(who)
        return LoginResult(LoginOutcome.OTP_INVALID, user)
    return LoginResult(LoginOutcome.OK, user)


class _CodeRefused(Exception):
    """The code did not work: whatever checking it wrote is rolled back."""


def sign_in(
    username: str, password: str, address: str, otp: str | None, device_cookie: str | None = None
) -> LoginResult:
    """Both steps at once, as the session API takes them."""
    result = check_password(username, password, address, device_cookie)
    if result.outcome is LoginOutcome.OTP_REQUIRED and otp:
        assert result.user is not None
        return check_second_factor(result.user, otp, address, device_cookie)
    return result


def remember_device(device_cookie: str | None, user: User) -> str:
    """The device cookie after ``user`` signed in on this browser (see ``devices``)."""
    return devices.remember(device_cookie, user.username_key)


def open_session(user: User) -> str:
    """Record the sign-in and open a fresh server-side session; its token for the cookie."""
    with unit_of_work():
        user.last_login_at = utcnow()
        token = sessions.start_session(user)
    return token


def close_session(user: User, token: str, push_endpoint: str | None = None) -> None:
    """Log out: end the session on the server, and forget this browser's push subscription."""
    from peerapp.services.notify import subscriptions

    with unit_of_work():
        if push_endpoint and len(push_endpoint) <= subscriptions.MAX_ENDPOINT_LENGTH:
            subscriptions.unsubscribe(user, push_endpoint)
        sessions.end_session(token)


#: the roles one may give oneself by registering: a client, or a relative of someone who uses
SELF_REGISTERING = ("client", "relative")


def register_client(
    username: str, password: str, language: str = "nb", role: str = "client"
) -> User:
    """Create a client's (or a relative's) account from a pseudonym and a password; raises
    ``ValidationError``."""
    errors = {}
    if role not in SELF_REGISTERING:
        errors["role"] = str(_l("Choose client or relative."))
    if problem := username_problem(username):
        errors["username"] = problem
    if problem := passwords.password_problem(password, username):
        errors["password"] = problem
    if errors:
        raise ValidationError(errors)
    with unit_of_work():
        if find_user(username) is not None:
            raise ValidationError({"username": str(_l("That username is taken. Try another."))})
        user = _new_user(username, role, password, language=language)
    return user


def _new_user(username: str, role: str, password: str, **fields: object) -> User:
    """Add a user with a hashed password to the session."""
    name = " ".join(unicodedata.normalize("NFKC", username).split())
    user = User(
        username=name,
        username_key=username_key(name),
        role=role,
        password_hash=passwords.hash_password(password),
        **fields,
    )
    db.session.add(user)
    db.session.flush()
    return user


def change_password(
    user: User,
    current: str,
    new: str,
    keep_token: str | None,
    *,
    address: str,
    device_cookie: str | None = None,
) -> None:
    """Set a new password and end every other session.

    The current password is checked as at signing in, throttled alike; raises ``Throttled``
    or ``ValidationError``.
    """
    who = throttle.attempt(user.username_key, address, device_cookie)
    throttle.check(who)
    if not passwords.verify_password(user.password_hash, current):
        throttle.record_failure(who)
        raise ValidationError({"current_password": str(_l("The current password is wrong."))})
    if problem := passwords.password_problem(new, user.username):
        raise ValidationError({"new_password": problem})
    from peerapp.services.notify.enqueue import notify_user

    with unit_of_work():
        user.password_hash = passwords.hash_password(new)
        user.password_changed_at = utcnow()
        sessions.end_all_sessions(user, keep_token=keep_token)
        stamp = user.password_changed_at.strftime("%Y%m%dT%H%M%S%f")
        notify_user(user, "password_changed", {}, dedupe_key=f"password-changed:{user.id}:{stamp}")


@dataclass
class UserSpec:
    """What ``peerapp create-user`` is asked to create."""

    username: str
    role: str
    password: str
    clinic_slug: str | None = None
    totp_secret: str | None = None
    email: str | None = None
    #: a peer limited to these regions or towns, and/or these fellowships (empty: no limit)
    regions: tuple[str, ...] = ()
    fellowships: tuple[str, ...] = ()
    #: a municipal coordinator's municipality, by its four-digit number
    municipality_number: str | None = None


def create_user(spec: UserSpec) -> User:
    """Create a user of any role (CLI and admin); raises ``ValidationError``."""
    errors: dict[str, str] = {}
    if spec.role not in ROLES:
        errors["role"] = str(_l("Unknown role."))
    if problem := username_problem(spec.username):
        errors["username"] = problem
    if problem := passwords.password_problem(spec.password, spec.username):
        errors["password"] = problem
    if spec.totp_secret is not None and not second_factor.is_valid_secret(spec.totp_secret):
        errors["totp_secret"] = str(_l("The second-factor secret must be base32, 16+ bytes."))
    if spec.email is not None and not _EMAIL.match(spec.email):
        errors["email"] = str(_l("That is not an e-mail address."))
    clinic = find_clinic(spec.clinic_slug) if spec.clinic_slug else None
    if spec.clinic_slug and clinic is None:
        errors["clinic"] = str(_l("No clinic has that short name."))
    if spec.role == "clinic" and clinic is None and "clinic" not in errors:
        errors["clinic"] = str(_l("Clinic staff must belong to a clinic."))
    if (spec.regions or spec.fellowships) and spec.role != "peer":
        errors["regions"] = str(_l("Only peer workers can be limited to regions."))
    else:
        try:
            limits.read_limits(spec.regions, spec.fellowships)
        except ValidationError as error:
            errors.update(error.errors)
    if clinic is not None and spec.role not in ("client", "clinic"):
        errors["clinic"] = str(_l("Only clients and clinic staff belong to a clinic."))
    municipality = _municipality_for(spec, errors)
    if errors:
        raise ValidationError(errors)
    with unit_of_work():
        if find_user(spec.username) is not None:
            raise ValidationError({"username": str(_l("That username is taken. Try another."))})
        user = _new_user(
            spec.username,
            spec.role,
            spec.password,
            clinic_id=clinic.id if clinic else None,
            municipality_id=municipality.id if municipality else None,
            email=spec.email,
        )
        if spec.totp_secret:
            second_factor.enrol(user, spec.totp_secret)
        if spec.regions or spec.fellowships:
            limits.set_limits(None, user, spec.regions, spec.fellowships)
    return user


def _municipality_for(spec: UserSpec, errors: dict[str, str]) -> Municipality | None:
    """The municipality a municipal coordinator belongs to; its problems added to ``errors``."""
    number = spec.municipality_number
    if number is None:
        if spec.role == "municipal":
            errors["municipality"] = str(
                _l("A municipal coordinator must belong to a municipality (its number).")
            )
        return None
    if spec.role != "municipal":
        errors["municipality"] = str(_l("Only municipal coordinators belong to a municipality."))
        return None
    if problem := registry.number_problem(number.strip()):
        errors["municipality"] = problem
        return None
    municipality = registry.find_municipality(number)
    if municipality is None:
        errors["municipality"] = str(
            _l("No municipality has that number: create it with peerapp create-municipality.")
        )
    return municipality


def find_clinic(slug: str) -> Clinic | None:
    """The clinic with this short name."""
    return db.session.scalar(sa.select(Clinic).where(Clinic.slug == slug.strip().lower()))


@dataclass
class ClinicSpec:
    """What ``peerapp create-clinic`` is asked to create or update."""

    slug: str
    name: str
    phone: str | None = None
    email: str | None = None
    response_hours: int | None = None
    address: str | None = None


def save_clinic(spec: ClinicSpec) -> tuple[Clinic, bool]:
    """Create a clinic or update the one with that slug; (clinic, created)."""
    errors: dict[str, str] = {}
    if not _SLUG.match(spec.slug):
        errors["slug"] = str(_l("Use lower-case letters, digits and dashes (max 60)."))
    if not spec.name.strip() or len(spec.name) > 200:
        errors["name"] = str(_l("Give the clinic a name (max 200 characters)."))
    if spec.phone is not None and not _PHONE.match(spec.phone):
        errors["phone"] = str(_l("That is not a phone number."))
    if spec.email is not None and not _EMAIL.match(spec.email):
        errors["email"] = str(_l("That is not an e-mail address."))
    if spec.response_hours is not None and not 1 <= spec.response_hours <= 168:
        errors["response_hours"] = str(_l("Choose between 1 and 168 hours."))
    if errors:
        raise ValidationError(errors)
    with unit_of_work():
        clinic = find_clinic(spec.slug)
        created = clinic is None
        if clinic is None:
            clinic = Clinic(slug=spec.slug, name=spec.name.strip())
            db.session.add(clinic)
        clinic.name = spec.name.strip()
        for field in ("phone", "email", "response_hours", "address"):
            value = getattr(spec, field)
            if value is not None:
                setattr(clinic, field, value)
        if clinic.response_hours is None:
            clinic.response_hours = 4
    return clinic, created
