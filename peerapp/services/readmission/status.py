"""A request's current state in words, as the client reads it first: on the request page, on the
home card and in the live update, told one way in one place."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from peerapp.models.people import User
from peerapp.models.readmission import ReadmissionEvent, ReadmissionRequest
from peerapp.services.readmission.agreements import OSLO
from peerapp.services.readmission.queue import visible_to
from peerapp.services.readmission.shared import unseal
from peerapp.words import _, ngettext


@dataclass(frozen=True)
class StatusInWords:
    """Where a request stands: a headline, what it means now, and the clinic's own words."""

    request_id: int
    status: str
    is_open: bool
    headline: str
    #: what this state means for the client, one or two sentences
    detail: str
    #: the admission offered (with an offer, and after it), on the clock in Norway
    admission_at: datetime | None
    #: the clinic's note with the latest step: what to bring with an offer, the reason with a
    #: decline, else whatever staff wrote for the client
    note: str | None
    note_label: str | None
    #: when the latest step happened
    changed_at: datetime
    #: changes whenever anything shown here changes: a live page compares it to redraw
    version: str


def _latest(request: ReadmissionRequest) -> ReadmissionEvent | None:
    return request.events[-1] if request.events else None


def _headline_and_detail(request: ReadmissionRequest) -> tuple[str, str]:
    clinic = request.clinic.name
    hours = request.clinic.response_hours
    match request.status:
        case "sent":
            return _("Your request has been sent"), ngettext(
                "%(clinic)s has your request. Someone will contact you within %(num)d hour.",
                "%(clinic)s has your request. Someone will contact you within %(num)d hours.",
                hours,
                clinic=clinic,
            )
        case "received":
            return _("The clinic has read your request"), ngettext(
                "%(clinic)s has opened your request. Someone will contact you within %(num)d hour"
                " of sending it.",
                "%(clinic)s has opened your request. Someone will contact you within %(num)d"
                " hours of sending it.",
                hours,
                clinic=clinic,
            )
        case "contacted":
            return _("The clinic has been in touch"), _(
                "%(clinic)s has contacted you. Together you agree when you can come in.",
                clinic=clinic,
            )
        case "offered":
            return _("You are offered a place"), _(
                "%(clinic)s has a place for you. Come in at the time below.", clinic=clinic
            )
        case "admitted":
            return _("You are admitted"), _("Welcome back to %(clinic)s.", clinic=clinic)
        case "declined":
            return _("Your request was declined"), _(
                "%(clinic)s cannot take you in now. You can call them, or send a new request"
                " later.",
                clinic=clinic,
            )
        case _unknown:  # "withdrawn"
            return _("You withdrew your request"), _(
                "%(clinic)s knows. You can send a new request at any time.", clinic=clinic
            )


def _note_label(status: str) -> str:
    if status == "offered":
        return _("What to bring")
    if status == "declined":
        return _("The clinic's reason")
    return _("From the clinic")


def _note_missing(status: str) -> str | None:
    """What to say when an offer comes without what to bring, or a decline without a reason."""
    if status == "offered":
        return _("The clinic has not said what to bring. If you are unsure, call them.")
    if status == "declined":
        return _("The clinic gave no reason here. You can ask them on the phone.")
    return None


def describe(request: ReadmissionRequest) -> StatusInWords:
    """The request's current state as the client should read it first."""
    latest = _latest(request)
    # the note belongs to the step that made the current status, not to an earlier one
    note = unseal(latest.note) if latest is not None and latest.status == request.status else None
    note = note or _note_missing(request.status)
    headline, detail = _headline_and_detail(request)
    admission_at = request.admission_at if request.status in ("offered", "admitted") else None
    admission_at = admission_at.astimezone(OSLO) if admission_at is not None else None
    return StatusInWords(
        request_id=request.id,
        status=request.status,
        is_open=request.is_open,
        headline=headline,
        detail=detail,
        admission_at=admission_at,
        note=note,
        note_label=_note_label(request.status) if note else None,
        changed_at=latest.at if latest is not None else request.created_at,
        version=f"{request.status}.{latest.id if latest is not None else 0}",
    )


def status_of(client: User, request_id: int) -> StatusInWords | None:
    """The state of the client's own request in words, or ``None`` when it is not theirs."""
    request = visible_to(client, request_id, audited=False)
    if request is None or client.role != "client":
        return None
    return describe(request)
