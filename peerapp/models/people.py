"""People with an account, their server-side sessions and second-factor recovery codes."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship

from peerapp.extensions import UTCDateTime, db, utcnow
from peerapp.models.clinics import Clinic
from peerapp.models.municipalities import Municipality

#: The roles a signed-in person can have; a visitor is anyone not signed in.
ROLES = ("client", "peer", "clinic", "admin", "municipal", "relative")
#: Roles that must sign in with a second factor.
STAFF_ROLES = frozenset({"clinic", "admin", "municipal"})


class User(UserMixin, db.Model):  # type: ignore[name-defined,misc]
    """An account. Clients need only a pseudonym and a password: no e-mail, no real name."""

    __allow_unmapped__ = True  # for session_token, a plain attribute beside the columns
    #: the token of the session this request is signed in with (never stored on the row)
    session_token: str | None = None

    __tablename__ = "user_account"
    __table_args__ = (
        sa.CheckConstraint(
            "role IN ('client', 'peer', 'clinic', 'admin', 'municipal', 'relative')", name="role"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(sa.String(40))
    #: the username folded for comparison, so "Kari" and "kari" are the same account
    username_key: Mapped[str] = mapped_column(sa.String(40), unique=True)
    role: Mapped[str] = mapped_column(sa.String(10))
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    email: Mapped[str | None] = mapped_column(sa.String(254))
    language: Mapped[str] = mapped_column(sa.String(5), default="nb")
    clinic_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("clinic.id", ondelete="SET NULL"), index=True
    )
    clinic: Mapped[Clinic | None] = relationship()
    #: a municipal coordinator's municipality
    municipality_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("municipality.id", ondelete="SET NULL"), index=True
    )
    municipality: Mapped[Municipality | None] = relationship()
    #: the TOTP secret, encrypted with the data key; set once enrolment is confirmed
    totp_secret: Mapped[bytes | None] = mapped_column(sa.LargeBinary)
    #: a secret being enrolled, not yet confirmed with a code
    totp_pending_secret: Mapped[bytes | None] = mapped_column(sa.LargeBinary)
    #: the last TOTP time step accepted, so that no code works twice
    totp_last_step: Mapped[int | None] = mapped_column(sa.BigInteger)
    is_active: Mapped[bool] = mapped_column(sa.Boolean, default=True)
    #: made by ``peerapp demo`` with a published password: signs in only in demo mode
    is_demo: Mapped[bool] = mapped_column(sa.Boolean, default=False, server_default=sa.false())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    password_changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    def get_id(self) -> str | None:
        """What Flask-Login keeps in the cookie: the session token, never the user's id."""
        return self.session_token

    @property
    def is_staff(self) -> bool:
        """Clinic staff, municipal coordinators and admins, who must use a second factor."""
        return self.role in STAFF_ROLES

    @property
    def has_totp(self) -> bool:
        """Whether a second factor is enrolled."""
        return self.totp_secret is not None


class UserSession(db.Model):  # type: ignore[name-defined,misc]
    """A signed-in session, kept on the server so that logging out really ends it.

    The cookie carries only a random token; the table keeps its SHA-256, never the token itself.
    """

    __tablename__ = "user_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    user: Mapped[User] = relationship()
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class RecoveryCode(db.Model):  # type: ignore[name-defined,misc]
    """A one-time code that stands in for the second factor when the phone is lost."""

    __tablename__ = "recovery_code"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    code_hash: Mapped[str] = mapped_column(sa.String(64))
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: 120-bit codes; the 48-bit ones made before still work until replaced
    long_code: Mapped[bool] = mapped_column(sa.Boolean, default=True, server_default=sa.false())
