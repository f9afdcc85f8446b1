"""Writing and reading the audit log of access to clients' personal data."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from peerapp.extensions import db
from peerapp.models.audit import AuditEvent
from peerapp.models.people import User


def record(
    actor: User | None,
    action: str,
    subject: User | None = None,
    *,
    object_type: str | None = None,
    object_id: int | str | None = None,
    allowed: bool = True,
    changes: dict[str, Any] | None = None,
    subject_id: int | None = None,
) -> AuditEvent | None:
    """Log that ``actor`` read or changed ``subject``'s data (or was refused).

    Nothing is written when people look at their own data. Call within the transaction of the
    change it records, so that both commit together.
    """
    target_id = subject.id if subject is not None else subject_id
    if actor is not None and target_id is not None and actor.id == target_id:
        return None
    event = AuditEvent(
        actor_id=actor.id if actor else None,
        actor_username=actor.username if actor else None,
        actor_role=actor.role if actor else "visitor",
        actor_clinic_id=actor.clinic_id if actor else None,
        subject_id=target_id,
        action=action,
        object_type=object_type,
        object_id=None if object_id is None else str(object_id),
        allowed=allowed,
        changes=changes,
    )
    db.session.add(event)
    return event


def access_log_for(subject: User, limit: int | None = 200) -> list[AuditEvent]:
    """The newest events about ``subject``'s data, for the person to see (all: ``None``)."""
    query = (
        sa.select(AuditEvent)
        .where(AuditEvent.subject_id == subject.id)
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    )
    if limit is not None:
        query = query.limit(limit)
    return list(db.session.scalars(query))


def recent_events(limit: int = 100, before_id: int | None = None) -> list[AuditEvent]:
    """The newest events of the whole installation, for admins."""
    query = sa.select(AuditEvent).order_by(AuditEvent.id.desc()).limit(limit)
    if before_id is not None:
        query = query.where(AuditEvent.id < before_id)
    return list(db.session.scalars(query))
