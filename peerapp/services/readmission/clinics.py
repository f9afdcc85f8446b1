"""What clinic staff may see: their own clinic's clients, and nothing of any other clinic."""

from __future__ import annotations

import sqlalchemy as sa

from peerapp.extensions import db
from peerapp.models.people import User
from peerapp.services.privacy import audit
from peerapp.services.unit import unit_of_work


def enrolled_clients(clinic_id: int) -> list[User]:
    """The clients enrolled at a clinic, by pseudonym."""
    return list(
        db.session.scalars(
            sa.select(User)
            .where(User.clinic_id == clinic_id, User.role == "client")
            .order_by(User.username_key)
        )
    )


def clinic_staff(clinic_id: int) -> list[User]:
    """The staff accounts of a clinic."""
    return list(
        db.session.scalars(
            sa.select(User)
            .where(User.clinic_id == clinic_id, User.role == "clinic")
            .order_by(User.username_key)
        )
    )


def client_for_staff(staff: User, client_id: int) -> User | None:
    """A client of the staff member's own clinic, audited; ``None`` (a 404) for anyone else's.

    A refused look is audited too, against the client it was aimed at, so that they see it.
    """
    with unit_of_work():  # the look is written to the audit log
        client = db.session.get(User, client_id)
        mine = (
            client is not None
            and client.role == "client"
            and staff.clinic_id is not None
            and client.clinic_id == staff.clinic_id
        )
        if client is not None and client.role == "client":
            audit.record(staff, "clinic.client.view", client, object_type="user", allowed=mine)
    return client if mine else None
