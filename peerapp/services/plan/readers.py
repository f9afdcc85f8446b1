"""Who besides the client can read their plan, for the "who else can read it" section.

Today that is the staff of the client's clinic. Municipal readers (a hand-over sent to the
municipality with the client's consent in force) are added in :func:`readers_of` where marked.
"""

from __future__ import annotations

from dataclasses import dataclass

from peerapp.extensions import db
from peerapp.models.people import User
from peerapp.services.municipalities import handovers


@dataclass(frozen=True)
class Reader:
    """Someone who can read the plan: ``kind`` is ``clinic`` (or ``municipality``)."""

    kind: str
    name: str
    phone: str | None = None


def readers_of(client_id: int) -> list[Reader]:
    """Who besides the client can read the plan now, the clinic first."""
    client = db.session.get(User, client_id)
    readers: list[Reader] = []
    if client is not None and client.clinic is not None:
        readers.append(Reader("clinic", client.clinic.name, client.clinic.phone))
    # the municipality a hand-over went to, while the client's consent is in force
    handover = handovers.latest_for(client_id)
    if handover is not None and handover.sent_at is not None and handover.consent_in_force:
        readers.append(Reader("municipality", handover.municipality.name))
    return readers
