"""The closed vocabularies stored with the data, for the layers that may not read models: consent
scopes, contact channels and statuses, place kinds, help service categories, ways in and costs,
readmission statuses and agreement kinds."""

from __future__ import annotations

from peerapp.models.checkins import CONSENT_SCOPES
from peerapp.models.helpservices import ACCESS_MODES, COSTS, SERVICE_CATEGORIES
from peerapp.models.peers import CHANNELS, CONTACT_STATUSES
from peerapp.models.places import PLACE_KINDS
from peerapp.models.readmission import AGREEMENT_KINDS, STATUSES

__all__ = [
    "ACCESS_MODES",
    "COSTS",
    "SERVICE_CATEGORIES",
    "AGREEMENT_KINDS",
    "CHANNELS",
    "CONSENT_SCOPES",
    "CONTACT_STATUSES",
    "PLACE_KINDS",
    "STATUSES",
]
