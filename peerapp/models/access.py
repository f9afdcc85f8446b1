"""Ways back in and the button when signed out: passkeys, reset codes and come-back keys.

None of them stores a secret in clear: a passkey keeps only its public key, a reset code a
salted hash, a come-back key the SHA-256 of a 256-bit random value.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from peerapp.extensions import UTCDateTime, db, utcnow
from peerapp.models.people import User

#: a recovery code the person keeps, or a one-time code the client's clinic hands over
RESET_CODE_KINDS = ("recovery", "clinic")


class Passkey(db.Model):  # type: ignore[name-defined,misc]
    """A WebAuthn credential: the phone's own lock signs in to the account."""

    __tablename__ = "passkey"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    user: Mapped[User] = relationship()
    #: the credential id as base64url, as the browser names it
    credential_id: Mapped[str] = mapped_column(sa.String(1400), unique=True)
    public_key: Mapped[bytes] = mapped_column(sa.LargeBinary)
    sign_count: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    transports: Mapped[list[Any] | None] = mapped_column(sa.JSON)
    name: Mapped[str] = mapped_column(sa.String(60))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class ResetCode(db.Model):  # type: ignore[name-defined,misc]
    """A one-time code that sets a new password: one's own recovery code, or one from the clinic."""

    __tablename__ = "reset_code"
    __table_args__ = (sa.CheckConstraint("kind IN ('recovery', 'clinic')", name="kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(sa.String(10))
    salt: Mapped[str] = mapped_column(sa.String(32))
    #: SHA-256 of the salt and the normalised code
    code_hash: Mapped[str] = mapped_column(sa.String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )


class ComeBackKey(db.Model):  # type: ignore[name-defined,misc]
    """A device-bound secret that can only send the client's readmission request."""

    __tablename__ = "come_back_key"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    user: Mapped[User] = relationship()
    #: the clinic the client was enrolled at: the key ends when that enrolment does
    clinic_id: Mapped[int] = mapped_column(
        sa.ForeignKey("clinic.id", ondelete="CASCADE"), index=True
    )
    key_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    name: Mapped[str] = mapped_column(sa.String(60))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
