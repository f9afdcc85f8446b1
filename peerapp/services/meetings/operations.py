"""What a peer does to a meeting, each as one operation the page, the API and the command share:
add, correct, "still true today", archive, settle a feed conflict. Each takes the acting user,
checks the peer's limits (and, for a correction, that no one saved meanwhile), writes, audits
and commits its own unit of work."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from peerapp.extensions import utcnow
from peerapp.models import Meeting
from peerapp.models.people import User
from peerapp.services.errors import NotFound
from peerapp.services.meetings import edits, peer_input
from peerapp.services.meetings.describe import find_meeting
from peerapp.services.stewardship import limits, listings
from peerapp.services.unit import unit_of_work
from peerapp.words import _


@dataclass(frozen=True)
class Correction:
    """A saved correction: the meeting as it now is, and ``{field: [before, after]}``."""

    meeting: Meeting
    changes: dict[str, list[Any]]


def _not_found() -> NotFound:
    return NotFound(_("We could not find that meeting."))


def find_tended_meeting(actor: User, meeting_id: int) -> Meeting:
    """The meeting (archived ones too) if ``actor`` may look after it: ``NotFound`` when there is
    none, ``OutsideLimits`` when it is outside a limited peer's regions or fellowships."""
    meeting = find_meeting(meeting_id)
    if meeting is None:
        raise _not_found()
    limits.check_meeting(actor, meeting)
    return meeting


def _check_fields(actor: User, fields: Any) -> None:
    loc = fields.location
    limits.check(actor, fields.fellowship, loc.region, loc.city)


def add_meeting(actor: User, body: dict[str, Any], now: datetime | None = None) -> Meeting:
    """Add a meeting from what a peer sent (the API's shape): all of it, or ``ValidationError``
    naming every bad field; ``OutsideLimits`` for a place or fellowship the peer does not keep.
    It counts as verified by them today."""
    fields = peer_input.read_meeting(body)
    _check_fields(actor, fields)
    with unit_of_work():
        meeting = edits.create_by_peer(actor, fields, now or utcnow())
    return meeting


def correct_meeting(
    actor: User,
    meeting_id: int,
    body: dict[str, Any],
    *,
    expected_version: listings.Version = None,
    relisted_too: bool = False,
    now: datetime | None = None,
) -> Correction:
    """Change the fields ``body`` sends (``types`` replaced whole), audited with before and after.

    Refuses with ``NotFound`` for an archived meeting (unless ``relisted_too`` and its feed lists
    it again: the page settles that beside the form), ``OutsideLimits``, ``ValidationError``, and
    ``Conflict`` when ``expected_version`` is given and someone saved the meeting meanwhile.
    """
    with unit_of_work():
        meeting = find_tended_meeting(actor, meeting_id)
        if meeting.archived_at is not None and not (
            relisted_too and edits.conflict_of(meeting) is not None
        ):
            raise _not_found()
        fields = peer_input.read_meeting(body, current=meeting)
        _check_fields(actor, fields)
        listings.check_version(meeting, expected_version)
        changes = edits.update_by_peer(actor, meeting, fields, now or utcnow())
    return Correction(meeting, changes)


def verify_meeting(actor: User, meeting_id: int, now: datetime | None = None) -> Meeting:
    """The listed meeting is still true today, says ``actor``; audited."""
    with unit_of_work():
        meeting = find_tended_meeting(actor, meeting_id)
        if meeting.archived_at is not None:
            raise _not_found()
        edits.verify(actor, meeting, now or utcnow())
    return meeting


def archive_meeting(actor: User, meeting_id: int, now: datetime | None = None) -> Meeting:
    """Take the meeting out of search (already archived: nothing changes); audited."""
    with unit_of_work():
        meeting = find_tended_meeting(actor, meeting_id)
        edits.archive(actor, meeting, now or utcnow())
    return meeting


def settle_feed_conflict(
    actor: User, meeting_id: int, accept: bool, now: datetime | None = None
) -> Meeting:
    """Take the feed's version of a meeting corrected here (``accept``), or keep ours; audited.
    Nothing changes when there is no conflict to settle."""
    with unit_of_work():
        meeting = find_tended_meeting(actor, meeting_id)
        if accept:
            edits.accept_feed(actor, meeting, now or utcnow())
        else:
            edits.keep_local(actor, meeting)
    return meeting
