"""What a client shares of their check-ins with their clinic, only with consent, audited."""

from __future__ import annotations

from peerapp.models.people import User
from peerapp.services.checkins.consent import has_consent
from peerapp.services.checkins.trend import Progress, progress
from peerapp.services.privacy import audit
from peerapp.services.unit import unit_of_work


def shared_with_clinic(staff: User, client: User) -> Progress | None:
    """The figures ``client`` shares with ``staff``'s clinic (audited), or ``None``."""
    if (
        staff.clinic_id is None
        or client.clinic_id != staff.clinic_id
        or not has_consent(client, "share_clinic")
    ):
        return None
    with unit_of_work():
        audit.record(staff, "checkins.view", client, object_type="checkins")
    return progress(client)
