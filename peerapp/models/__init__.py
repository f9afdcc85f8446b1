"""The database models, one module per entity family."""

from peerapp.models.audit import AuditEvent
from peerapp.models.clinics import Clinic
from peerapp.models.meetings import FeedSource, Location, Meeting
from peerapp.models.notify import OutboxMessage, PushSubscription
from peerapp.models.people import ROLES, STAFF_ROLES, RecoveryCode, User, UserSession

__all__ = [
    "ROLES",
    "STAFF_ROLES",
    "AuditEvent",
    "Clinic",
    "FeedSource",
    "Location",
    "Meeting",
    "OutboxMessage",
    "PushSubscription",
    "RecoveryCode",
    "User",
    "UserSession",
]
