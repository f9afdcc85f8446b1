"""Accounts: signing in (the session), registering, a new password, and one's access log."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from peerapp.api.schemas.base import ApiModel, absent
from peerapp.api.schemas.meetings import DateTime
from peerapp.services.people.passwords import MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH

#: the password rules check the length, in their own words
Password = Annotated[
    str,
    Field(json_schema_extra={"minLength": MIN_PASSWORD_LENGTH, "maxLength": MAX_PASSWORD_LENGTH}),
]


class UserClinic(ApiModel):
    """The clinic a staff member or an enrolled client belongs to."""

    slug: str
    name: str


class User(ApiModel):
    """The signed-in user."""

    id: int
    username: str
    role: Literal["client", "peer", "clinic", "admin", "municipal", "relative"]
    clinic: UserClinic | None
    second_factor: bool


class Session(ApiModel):
    """Signed in: who, and the token to send as X-CSRFToken."""

    user: User
    csrf_token: str = Field(description="Send as X-CSRFToken on state-changing calls.")


class Credentials(ApiModel):
    """Username, password and, for staff and admins, a current code."""

    username: str | None = None
    password: str | None = absent(json_schema_extra={"maxLength": MAX_PASSWORD_LENGTH})
    otp: str | None = absent(description="Current TOTP code or a recovery code (staff, admins).")
    documented_required = ("username", "password")


class NewAccount(ApiModel):
    """A client's pseudonym and password."""

    username: str | None = absent(json_schema_extra={"minLength": 3, "maxLength": 40})
    password: Password | None = None
    role: Literal["client", "relative"] | None = absent(
        description="`relative` for a relative of someone who uses (default `client`)."
    )
    documented_required = ("username", "password")


class PasswordChange(ApiModel):
    """The current password and the new one."""

    current_password: str | None = None
    new_password: Password | None = None
    documented_required = ("current_password", "new_password")


class AccessEvent(ApiModel):
    """One read, change or refused attempt on my data."""

    at: DateTime
    actor: str | None
    role: str
    clinic: str | None
    action: str
    allowed: bool


class AccessLog(ApiModel):
    """Who has read or changed my data, and refused attempts, newest first."""

    access_log: list[AccessEvent]
