"""The closed vocabularies stored with the data, for the layers that may not read models: consent
scopes, contact channels and statuses, place kinds, readmission statuses and agreement kinds."""

from __future__ import annotations

from peerapp.models.checkins import CONSENT_SCOPES
from peerapp.models.peers import CHANNELS, CONTACT_STATUSES
from peerapp.models.places import PLACE_KINDS
from peerapp.models.readmission import AGREEMENT_KINDS, STATUSES

__all__ = [
    "AGREEMENT_KINDS",
    "CHANNELS",
    "CONSENT_SCOPES",
    "CONTACT_STATUSES",
    "PLACE_KINDS",
    "STATUSES",
]
