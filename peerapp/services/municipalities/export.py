"""What "my data" holds of the municipality in the chain: one's hand-overs with the consent given
or withdrawn, and one's requests to be enrolled with the clinics' answers."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import sqlalchemy as sa

from peerapp.extensions import db
from peerapp.models.municipalities import Handover
from peerapp.models.people import User
from peerapp.services.municipalities import enrolment_requests, handovers


def _iso(moment: datetime | date | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def municipality_data(user: User) -> dict[str, Any]:
    """The ``handovers`` and ``enrolment_requests`` parts of the export."""
    rows = db.session.scalars(
        sa.select(Handover).where(Handover.client_id == user.id).order_by(Handover.id)
    )
    return {
        "handovers": [
            {
                "clinic": item.clinic.name,
                "municipality": item.municipality.name,
                "discharge_date": _iso(item.discharge_date),
                "consent_at": _iso(item.consent_at),
                "consent_withdrawn_at": _iso(item.consent_withdrawn_at),
                "sent_at": _iso(item.sent_at),
                "confirmed_at": _iso(item.confirmed_at),
                "first_appointment_at": _iso(item.first_appointment_at),
                "first_appointment_place": handovers.appointment_place(item),
            }
            for item in rows
        ],
        "enrolment_requests": [
            {
                "clinic": item.clinic.name,
                "status": item.status,
                "created_at": _iso(item.created_at),
                "decided_at": _iso(item.decided_at),
                "agreement": item.agreement_kind,
                "decline_reason": enrolment_requests.reason_of(item),
            }
            for item in enrolment_requests.mine(user)
        ],
    }
