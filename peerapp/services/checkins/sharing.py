"""What a client shares of their check-ins with their clinic, only with consent, audited."""

from __future__ import annotations

from peerapp.extensions import begin_write, db
from peerapp.models.people import User
from peerapp.services.checkins.consent import has_consent
from peerapp.services.checkins.trend import Progress, progress
from peerapp.services.privacy import audit


def shared_with_clinic(staff: User, client: User) -> Progress | None:
    """The figures ``client`` shares with ``staff``'s clinic (audited), or ``None``."""
    if (
        staff.clinic_id is None
        or client.clinic_id != staff.clinic_id
        or not has_consent(client, "share_clinic")
    ):
        return None
    begin_write()
    audit.record(staff, "checkins.view", client, object_type="checkins")
    db.session.commit()
    return progress(client)
