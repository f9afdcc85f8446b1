"""Come with me: a client's request for a peer to come along, and a peer's answer."""

from __future__ import annotations

from typing import Annotated

from pydantic import SkipValidation

from peerapp.api.schemas.base import ApiModel, absent, one_of
from peerapp.api.schemas.meetings import DateTime
from peerapp.services.companion.rules import (
    COMPANION_OUTCOMES,
    COMPANION_STATUSES,
    MEETING_POINT_MAX,
    NOTE_MAX,
    REASON_MAX,
)

CompanionStatus = Annotated[str, one_of(COMPANION_STATUSES)]
Outcome = Annotated[str, one_of(COMPANION_OUTCOMES)]


class NewCompanionRequest(ApiModel):
    """Ask for company: one of meeting_id, place_id or event_id. (The rules check each field.)"""

    meeting_id: SkipValidation[int | None] = absent(description="An in-person meeting.")
    place_id: SkipValidation[int | None] = absent(description="A sober place.")
    event_id: SkipValidation[int | None] = absent(description="An event held in a place.")
    starts_at: SkipValidation[str] = absent(
        description=(
            "When, with its offset: for a meeting or an event one of its next four starts; for "
            "a place a time within 28 days."
        )
    )
    meeting_point: SkipValidation[str] = absent(
        max_length=MEETING_POINT_MAX,
        description="At the door, or a named spot near it; a home address is refused.",
    )
    note: SkipValidation[str | None] = absent(
        max_length=NOTE_MAX, description="Optional; sealed with the data key."
    )
    documented_required = ("starts_at", "meeting_point")


class CompanionRequest(ApiModel):
    """A request for company, as its client or a peer sees it."""

    id: int
    status: CompanionStatus
    starts_at: DateTime
    meeting_point: str
    meeting_id: int | None
    place_id: int | None
    event_id: int | None = absent()
    name: str = absent(description="The meeting's, place's or event's name.")
    other_display_name: str | None = absent(
        description="The other side's display name, once a peer has accepted."
    )
    note: str | None = absent(description="The client's note: to the client and its peer only.")
    cancelled_by: Annotated[str, one_of(("client", "peer"))] | None = absent()
    cancel_reason: str | None = absent(description="To the two sides only.")
    outcome: Outcome | None = absent(description="How it went, as the client said.")
    created_at: DateTime


class CompanionRequestList(ApiModel):
    """A client's own requests; a peer's accepted ones and the open ones they may take."""

    companion_requests: list[CompanionRequest]


class CancelCompanionRequest(ApiModel):
    """Why it is cancelled: the other side is told."""

    reason: SkipValidation[str] = absent(max_length=REASON_MAX)
    documented_required = ("reason",)


class CompanionOutcome(ApiModel):
    """How it went, the client's one tap after the time."""

    outcome: SkipValidation[Outcome] = absent()
    documented_required = ("outcome",)
