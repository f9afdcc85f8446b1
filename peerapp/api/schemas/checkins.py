"""Daily check-ins and the consent to keep them."""

from __future__ import annotations

from typing import Annotated, Any, ClassVar

from pydantic import AfterValidator, Field, SkipValidation

from peerapp.api.schemas.base import HHMM_PATTERN, ApiModel, absent, member_of, one_of
from peerapp.api.schemas.meetings import DateTime
from peerapp.api.schemas.places import Day
from peerapp.services.checkins.daily import MAX_ANCHORS, MAX_LABEL_LENGTH, MAX_NOTE_LENGTH
from peerapp.services.readmission.requests import MAX_KEY_LENGTH
from peerapp.services.vocabularies import CONSENT_SCOPES
from peerapp.words import LazyString, _l

MEETING_ANCHOR = (
    "The anchor is this listed meeting (its `id` in `/api/v1/meetings`): without `label` and"
    " `time` it brings its name and its start that day on the clock in Norway. A meeting that"
    " is not listed is refused (422, type ends in unknown-meeting), unless it is already in"
    " that day's plan."
)


class Anchor(ApiModel):
    """A point in the day's plan; ``meeting_id`` only when it is a meeting."""

    label: str = Field(max_length=MAX_LABEL_LENGTH)
    time: str | None = absent(pattern=HHMM_PATTERN)
    meeting_id: int | None = absent(description=MEETING_ANCHOR)


class NewAnchor(ApiModel):
    """An anchor as sent: a label, or a meeting that brings its own."""

    label: str = absent(max_length=MAX_LABEL_LENGTH)
    time: str | None = absent(pattern=HHMM_PATTERN)
    meeting_id: int | None = absent(description=MEETING_ANCHOR)

    model_config = {
        "json_schema_extra": {
            "anyOf": [
                {"required": ["label"]},
                {"required": ["meeting_id"], "properties": {"meeting_id": {"type": "integer"}}},
            ]
        }
    }


class CheckIn(ApiModel):
    """A day's check-in as its owner sees it, the note in clear."""

    date: Day = Field(description="The day, in Norway; not ahead.")
    mood: int | None = absent(ge=1, le=5)
    craving: int | None = absent(ge=0, le=10)
    sleep_hours: float | None = absent(ge=0, le=24)
    plan: list[Anchor] = Field(max_length=MAX_ANCHORS)
    done: list[str]
    note: str | None = absent(
        max_length=MAX_NOTE_LENGTH, description="Private; encrypted at rest; never shared."
    )
    updated_at: DateTime


class CheckInList(ApiModel):
    """Oldest first."""

    checkins: list[CheckIn]


class NewCheckIn(ApiModel):
    """The day's check-in. (The check-in rules check each field and name each bad one.)"""

    date: SkipValidation[Day] = absent(description="The day, in Norway; not ahead.")
    mood: SkipValidation[int | None] = absent(ge=1, le=5)
    craving: SkipValidation[int | None] = absent(ge=0, le=10)
    sleep_hours: SkipValidation[float | None] = absent(ge=0, le=24)
    plan: SkipValidation[list[NewAnchor]] = absent(max_length=MAX_ANCHORS)
    done: SkipValidation[list[str]] = absent()
    note: SkipValidation[str | None] = absent(
        max_length=MAX_NOTE_LENGTH, description="Private; encrypted at rest; never shared."
    )
    documented_required = ("date",)


class CheckInRange(ApiModel):
    """Which days (checked by the handler, which names a bad date)."""

    from_: SkipValidation[Day] = absent(alias="from")
    to: SkipValidation[Day] = absent()


class ConsentScope(ApiModel):
    """What the consent is for."""

    scope: Annotated[Any, AfterValidator(member_of(CONSENT_SCOPES)), one_of(CONSENT_SCOPES)] = (
        absent()
    )
    documented_required = ("scope",)
    messages: ClassVar[dict[str, LazyString]] = {"scope": _l("Unknown consent scope.")}


class Consent(ApiModel):
    """Recorded."""

    scope: str = absent()
    given_at: DateTime = absent()


class IdempotencyKey(ApiModel):
    """The header that makes a write safe to send again."""

    key: SkipValidation[str] = absent(
        alias="Idempotency-Key",
        min_length=1,
        max_length=MAX_KEY_LENGTH,
        description=(
            "A new random value per new write. The same key again returns the same answer "
            "(200); with a different body it is 422."
        ),
    )
    documented_required = ("Idempotency-Key",)
