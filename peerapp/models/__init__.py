"""The database models, one module per entity family."""

from peerapp.models.access import ComeBackKey, Passkey, ResetCode
from peerapp.models.audit import AuditEvent
from peerapp.models.checkins import CheckIn, CheckInKey, Consent, Reminder, SoberPeriod
from peerapp.models.clinics import Clinic
from peerapp.models.companion import CompanionPause, CompanionRequest
from peerapp.models.events import Event
from peerapp.models.first_months import FirstMonthsChoice
from peerapp.models.helpservices import (
    HelpOrganisation,
    HelpService,
    HelpServiceException,
    HelpServiceHours,
    HelpServicePhone,
)
from peerapp.models.meetings import FeedSource, Location, Meeting, MeetingReminder
from peerapp.models.municipalities import EnrolmentRequest, Handover, Municipality
from peerapp.models.notify import OutboxMessage, PushSubscription
from peerapp.models.peers import (
    AbuseReport,
    ContactReply,
    ContactRequest,
    PeerBlock,
    PeerProfile,
)
from peerapp.models.people import ROLES, STAFF_ROLES, RecoveryCode, User, UserSession
from peerapp.models.places import PLACE_KINDS, Place, PlaceException, PlaceHours
from peerapp.models.plan import Plan, PlanAppointment, PlanContact, PlanKey, PlanSaved
from peerapp.models.readmission import (
    Enrolment,
    ReadmissionEvent,
    ReadmissionKey,
    ReadmissionRequest,
)
from peerapp.models.stewardship import FeedConflict, ListingReport, StewardLimit
from peerapp.models.throttle import ThrottleCounter
from peerapp.models.versions import DataVersion

__all__ = [
    "DataVersion",
    "ROLES",
    "STAFF_ROLES",
    "AbuseReport",
    "AuditEvent",
    "CheckIn",
    "CheckInKey",
    "Clinic",
    "FirstMonthsChoice",
    "ComeBackKey",
    "CompanionPause",
    "CompanionRequest",
    "Consent",
    "ContactReply",
    "ContactRequest",
    "Enrolment",
    "EnrolmentRequest",
    "Handover",
    "Municipality",
    "Event",
    "FeedConflict",
    "FeedSource",
    "ListingReport",
    "HelpOrganisation",
    "HelpService",
    "HelpServiceException",
    "HelpServiceHours",
    "HelpServicePhone",
    "Location",
    "Meeting",
    "MeetingReminder",
    "PeerBlock",
    "PeerProfile",
    "Passkey",
    "OutboxMessage",
    "PLACE_KINDS",
    "Plan",
    "PlanAppointment",
    "PlanContact",
    "PlanKey",
    "PlanSaved",
    "Place",
    "PlaceException",
    "PlaceHours",
    "PushSubscription",
    "ReadmissionEvent",
    "ReadmissionKey",
    "ReadmissionRequest",
    "Reminder",
    "SoberPeriod",
    "StewardLimit",
    "ThrottleCounter",
    "RecoveryCode",
    "ResetCode",
    "User",
    "UserSession",
]
