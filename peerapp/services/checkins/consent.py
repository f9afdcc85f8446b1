"""Consent to keep check-ins (and to share them): given, withdrawn, and given anew."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from peerapp.extensions import db, utcnow
from peerapp.models.checkins import Consent
from peerapp.models.people import User
from peerapp.services.errors import NotAllowed, NotFound
from peerapp.services.unit import unit_of_work

#: who keeps check-ins
CHECKIN_ROLES = ("client", "peer")
#: what a client may share their check-in figures with
SHARING_SCOPES = ("share_clinic", "share_peer")


class ConsentRequired(NotAllowed):
    """Check-ins are kept only after the person consented to it."""


def has_consent(user: User, scope: str = "checkins") -> bool:
    """Whether the person has consented to ``scope`` and not withdrawn it."""
    consent = _consent_of(user, scope)
    return consent is not None and consent.withdrawn_at is None


def _consent_of(user: User, scope: str) -> Consent | None:
    return db.session.scalars(
        sa.select(Consent).where(Consent.user_id == user.id, Consent.scope == scope)
    ).first()


def give_consent(user: User, scope: str = "checkins") -> Consent:
    """Record consent (again, after a withdrawal: the time it was given anew)."""
    if user.role not in CHECKIN_ROLES:
        raise NotAllowed
    for _attempt in range(3):
        try:
            with unit_of_work() as session:
                consent = _consent_of(user, scope)
                if consent is None:
                    consent = Consent(user_id=user.id, scope=scope)
                    session.add(consent)
                elif consent.withdrawn_at is not None:
                    consent.given_at, consent.withdrawn_at = utcnow(), None
                session.flush()
            return consent
        except IntegrityError:
            continue  # given in a parallel request a moment ago: read it
    raise RuntimeError("consent neither stored nor found")  # pragma: no cover


def withdraw_consent(user: User, scope: str = "checkins") -> bool:
    """Withdraw consent; check-ins already kept stay until erased. False when none was given."""
    if user.role not in CHECKIN_ROLES:
        raise NotAllowed
    with unit_of_work():
        consent = _consent_of(user, scope)
        if consent is None or consent.withdrawn_at is not None:
            return False
        consent.withdrawn_at = utcnow()
    return True


def set_sharing(client: User, scope: str, share: bool) -> None:
    """A client starts (``share``) or stops letting their clinic (``share_clinic``) or the peers
    they talk to (``share_peer``) see their check-in figures, never the note."""
    if client.role != "client" or scope not in SHARING_SCOPES:
        raise NotAllowed
    if scope == "share_clinic" and client.clinic_id is None:
        raise NotFound  # no clinic to share with
    if share:
        give_consent(client, scope)
    else:
        withdraw_consent(client, scope)
