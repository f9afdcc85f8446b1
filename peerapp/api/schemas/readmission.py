"""Readmission: the one tap, the timeline of a request, and enrolment at discharge."""

from __future__ import annotations

from typing import Annotated, Any, ClassVar

from pydantic import AfterValidator, Field, SkipValidation

from peerapp.api.schemas.base import ApiModel, absent, member_of, one_of
from peerapp.api.schemas.meetings import DateTime
from peerapp.api.schemas.places import Day
from peerapp.services.readmission.agreements import REFERENCE_MAX
from peerapp.services.readmission.requests import MAX_MESSAGE_LENGTH
from peerapp.services.readmission.timeline import MAX_NOTE_LENGTH
from peerapp.services.vocabularies import AGREEMENT_KINDS, STATUSES
from peerapp.words import LazyString, _l

Status = Annotated[str, one_of(STATUSES)]
AgreementKind = Annotated[str, one_of(AGREEMENT_KINDS)]


class ClinicContact(ApiModel):
    """The clinic a request goes to, and how to call it."""

    slug: str
    name: str
    phone: str | None


class Actor(ApiModel):
    """Who moved the request."""

    role: str = absent()
    name: str | None = None


class ReadmissionEvent(ApiModel):
    """One step in a request's timeline."""

    status: Status
    at: DateTime
    by: Actor
    note: str | None = None
    admission_at: DateTime | None = None


class RequestClient(ApiModel):
    """Staff and admins only; null once the client deleted their account."""

    id: int = absent()
    username: str = absent()


class ReadmissionRequest(ApiModel):
    """A request to come back to one's clinic."""

    id: int
    status: Status
    clinic: ClinicContact
    agreement: AgreementKind = absent(
        description="The return agreement in force when the request was sent."
    )
    created_at: DateTime
    received_at: DateTime | None = None
    contacted_at: DateTime | None = None
    closed_at: DateTime | None = None
    admission_at: DateTime | None = None
    overdue: bool = absent(description="Not contacted within the clinic's response-time target.")
    message: str | None = None
    callback_phone: str | None = None
    allowed_statuses: list[Status] = absent(
        description="The statuses the signed-in person may move the request to now."
    )
    client: RequestClient | None = absent(
        description="Staff and admins only; null once the client deleted their account."
    )
    reference: str | None = absent(
        description=(
            "The clinic's own reference for the client (a record number, initials): only in "
            "answers to the staff of the request's own clinic; null when it keeps none."
        )
    )
    already_open: bool = absent(
        description="The client already had this open request; no new one was made."
    )
    events: list[ReadmissionEvent] = absent(description="The timeline, oldest first.")


class ReadmissionRequestPage(ApiModel):
    """One page, newest first."""

    readmission_requests: list[ReadmissionRequest]
    next_cursor: str | None


class ReadmissionFilter(ApiModel):
    """Which requests (checked by the handler, which names a bad value)."""

    status: SkipValidation[Status] = absent()
    cursor: SkipValidation[str] = absent()


class NewReadmissionRequest(ApiModel):
    """The one tap: everything is optional. (The request rules check the fields.)"""

    message: SkipValidation[str | None] = absent(max_length=MAX_MESSAGE_LENGTH)
    callback_phone: SkipValidation[str | None] = absent(max_length=20)


class NewReadmissionEvent(ApiModel):
    """A new status for a request."""

    status: Annotated[Any, AfterValidator(member_of(STATUSES)), one_of(STATUSES)] = absent(
        description=(
            "Staff: the next step only (sent → received or contacted → offered, which needs "
            "admission_at → admitted) or declined; a client: withdrawn. Anything else is 409."
        ),
    )
    note: str | None = absent(json_schema_extra={"maxLength": MAX_NOTE_LENGTH})
    admission_at: SkipValidation[DateTime | None] = None
    documented_required = ("status",)
    messages: ClassVar[dict[str, LazyString]] = {
        "status": _l("Unknown status."),
        "note": _l("Must be text."),
    }


class Agreement(ApiModel):
    """The return agreement between a client and their clinic."""

    clinic: ClinicContact
    kind: AgreementKind
    max_stay_days: int | None = None
    min_days_between: int | None = None
    valid_until: Day | None = None


class EnrolledAgreement(ApiModel):
    """Enrolled."""

    agreement: Agreement


class NewEnrolment(ApiModel):
    """The agreement staff record at discharge. (The handler and the rules check the fields.)"""

    kind: SkipValidation[AgreementKind] = absent()
    max_stay_days: SkipValidation[int | None] = absent(ge=1, le=30)
    min_days_between: SkipValidation[int | None] = absent(ge=0, le=365)
    valid_until: SkipValidation[Day | None] = None
    reference: SkipValidation[str | None] = absent(
        max_length=REFERENCE_MAX,
        description=(
            "The clinic's own reference for the client (optional): one line, at most "
            f"{REFERENCE_MAX} characters. Kept encrypted; only the clinic's staff see it."
        ),
    )


class Enrolment(ApiModel):
    """The code, shown once."""

    code: str = Field(description="One-time code, shown only now.")
    expires_at: DateTime
    agreement: Agreement
    reference: str | None = absent(description="The reference as kept (trimmed), or null.")


class EnrolmentCode(ApiModel):
    """The code a client got from their clinic."""

    code: SkipValidation[str] = absent(max_length=40)
    documented_required = ("code",)
