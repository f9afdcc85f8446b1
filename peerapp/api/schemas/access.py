"""Getting back in: a new password with a one-time code, and the phone's come-back keys."""

from __future__ import annotations

from peerapp.api.schemas.accounts import Password
from peerapp.api.schemas.base import ApiModel, absent
from peerapp.api.schemas.meetings import DateTime


class PasswordReset(ApiModel):
    """A username, one of its recovery codes or a code from its clinic, and the new password."""

    username: str | None = absent(json_schema_extra={"maxLength": 160})
    code: str | None = absent(
        description="A recovery code shown at registration, or the one-time code the client's "
        "clinic made (valid 24 hours). Dashes and spaces do not matter.",
        json_schema_extra={"maxLength": 80},
    )
    new_password: Password | None = None
    documented_required = ("username", "code", "new_password")


class NewComeBackKey(ApiModel):
    """A name for the phone that keeps the key."""

    name: str | None = absent(json_schema_extra={"maxLength": 60})


class ComeBackKey(ApiModel):
    """A come-back key of one's own (the secret itself only in the answer that made it)."""

    id: int
    name: str
    created_at: DateTime
    last_used_at: DateTime | None
    key: str | None = absent(
        description="The secret, shown only once: send it as Authorization: Bearer."
    )


class ComeBackKeyList(ApiModel):
    """One's live come-back keys."""

    come_back_keys: list[ComeBackKey]
