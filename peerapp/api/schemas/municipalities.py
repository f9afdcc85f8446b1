"""The municipality in the chain: hand-overs for coordinators, and clients' requests to be
enrolled by a clinic they have no code from."""

from __future__ import annotations

from pydantic import SkipValidation

from peerapp.api.schemas.base import ApiModel, absent
from peerapp.api.schemas.meetings import DateTime
from peerapp.api.schemas.places import Day
from peerapp.api.schemas.readmission import AgreementKind, ClinicContact
from peerapp.services.municipalities.enrolment_requests import REASON_MAX
from peerapp.services.municipalities.handovers import PLACE_MAX


class HandoverClient(ApiModel):
    """The client as they are known in Peerapp: a pseudonym."""

    username: str


class FirstAppointment(ApiModel):
    """The municipality's first appointment with the client."""

    at: DateTime
    place: str | None = None


class Handover(ApiModel):
    """A client handed over by a clinic at discharge, readable while the client consents."""

    id: int
    client: HandoverClient
    clinic: ClinicContact
    discharge_date: Day
    sent_at: DateTime
    confirm_by: DateTime = absent(
        description=(
            "Two working days (Monday to Friday, Norwegian public holidays excepted) "
            "after it was sent."
        )
    )
    overdue: bool = absent(
        description="Not confirmed within two working days: the clinic was told."
    )
    confirmed_at: DateTime | None = None
    first_appointment: FirstAppointment | None = None


class HandoverList(ApiModel):
    """The coordinator's municipality's hand-overs: those to confirm first."""

    handovers: list[Handover]


class HandoverConfirmation(ApiModel):
    """Receipt confirmed, with the first appointment. (The rules check the fields.)"""

    first_appointment_at: SkipValidation[DateTime] = absent(
        description=(
            "With its offset, such as 2026-12-07T10:00+01:00; from today to six months ahead."
        )
    )
    place: SkipValidation[str] = absent(max_length=PLACE_MAX)
    documented_required = ("first_appointment_at", "place")


class NewEnrolmentRequest(ApiModel):
    """Which clinic to ask, by its slug (from the come-back page's list)."""

    clinic: SkipValidation[str] = absent(max_length=60)
    documented_required = ("clinic",)


class EnrolmentRequest(ApiModel):
    """A request to be enrolled, and the clinic's answer."""

    id: int
    clinic: ClinicContact
    status: str = absent(description="open, accepted or declined.")
    created_at: DateTime
    decided_at: DateTime | None = None
    agreement: AgreementKind | None = absent(description="The agreement, once accepted.")
    decline_reason: str | None = absent(
        max_length=REASON_MAX, description="Why the clinic declined, once declined."
    )


class EnrolmentRequestList(ApiModel):
    """The client's requests to be enrolled, newest first."""

    enrolment_requests: list[EnrolmentRequest]
