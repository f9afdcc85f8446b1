"""Consent to keep check-ins (and to share them): given, withdrawn, and given anew."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from peerapp.extensions import begin_write, db, utcnow
from peerapp.models.checkins import Consent
from peerapp.models.people import User


class ConsentRequired(Exception):
    """Check-ins are kept only after the person consented to it."""


def has_consent(user: User, scope: str = "checkins") -> bool:
    """Whether the person has consented to ``scope`` and not withdrawn it."""
    consent = db.session.scalars(
        sa.select(Consent).where(Consent.user_id == user.id, Consent.scope == scope)
    ).first()
    return consent is not None and consent.withdrawn_at is None


def give_consent(user: User, scope: str = "checkins") -> Consent:
    """Record consent (again, after a withdrawal: the time it was given anew)."""
    for _attempt in range(3):
        begin_write()
        consent = db.session.scalars(
            sa.select(Consent).where(Consent.user_id == user.id, Consent.scope == scope)
        ).first()
        if consent is None:
            consent = Consent(user_id=user.id, scope=scope)
            db.session.add(consent)
        elif consent.withdrawn_at is not None:
            consent.given_at, consent.withdrawn_at = utcnow(), None
        try:
            db.session.commit()
            return consent
        except IntegrityError:
            db.session.rollback()  # given in a parallel request a moment ago: read it
    raise RuntimeError("consent neither stored nor found")  # pragma: no cover


def withdraw_consent(user: User, scope: str = "checkins") -> bool:
    """Withdraw consent; check-ins already kept stay until erased. False when none was given."""
    begin_write()
    consent = db.session.scalars(
        sa.select(Consent).where(Consent.user_id == user.id, Consent.scope == scope)
    ).first()
    if consent is None or consent.withdrawn_at is not None:
        db.session.rollback()
        return False
    consent.withdrawn_at = utcnow()
    db.session.commit()
    return True
