"""Key rotation for private data at rest: re-encrypt every sealed value under the first key.

Put a new key in front of ``PEERAPP_DATA_KEY`` (``new,old``), run ``peerapp rotate-data-key``,
and once it reports nothing unreadable the old key can be dropped. Each batch commits on its
own; a value is either still under an old key or already under the new one, and both read
while the old key is on the ring, so an interrupted run loses nothing and can simply be run
again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from cryptography.fernet import InvalidToken

from peerapp.extensions import db
from peerapp.models.checkins import CheckIn
from peerapp.models.companion import CompanionRequest
from peerapp.models.municipalities import EnrolmentRequest, Handover
from peerapp.models.peers import AbuseReport, ContactReply, ContactRequest
from peerapp.models.people import User
from peerapp.models.readmission import Enrolment, ReadmissionEvent, ReadmissionRequest
from peerapp.services.privacy.crypto import key_ring
from peerapp.services.unit import unit_of_work

#: every column that holds text encrypted with the data key
SEALED: tuple[Any, ...] = (
    CheckIn.note,
    ContactRequest.phone,
    ContactRequest.message,
    ContactReply.body,
    AbuseReport.reason,
    User.totp_secret,
    User.totp_pending_secret,
    ReadmissionRequest.message,
    ReadmissionRequest.callback_phone,
    ReadmissionEvent.note,
    Enrolment.reference,
    CompanionRequest.note,
    CompanionRequest.cancel_reason,
    Handover.first_appointment_place,
    EnrolmentRequest.decline_reason,
)
BATCH = 500


@dataclass
class RotationReport:
    """How many values moved to the first key, and how many no key on the ring could read."""

    rotated: int = 0
    unreadable: int = 0
    #: ``table.column`` of the values no key could read, for the operator
    where_unreadable: list[str] = field(default_factory=list)


def rotate_data_key(batch: int = BATCH) -> RotationReport:
    """Re-encrypt every sealed value under the first key of ``PEERAPP_DATA_KEY``."""
    ring, report = key_ring(), RotationReport()
    for column in SEALED:
        table = column.class_
        last_id = 0
        while True:
            with unit_of_work():
                rows = db.session.execute(
                    sa.select(table.id, column)
                    .where(column.is_not(None), table.id > last_id)
                    .order_by(table.id)
                    .limit(batch)
                ).all()
                for row_id, token in rows:
                    try:
                        fresh = ring.rotate(token)
                    except InvalidToken:
                        report.unreadable += 1
                        report.where_unreadable.append(f"{table.__tablename__}.{column.key}")
                        continue
                    # only if unchanged since read: a value the app wrote meanwhile is already
                    # under the first key, and must not be replaced by the older one
                    changed = db.session.execute(
                        sa.update(table)
                        .where(table.id == row_id, column == token)
                        .values({column.key: fresh})
                    )
                    report.rotated += changed.rowcount  # type: ignore[attr-defined]
            if not rows:
                break
            last_id = rows[-1][0]
    return report
