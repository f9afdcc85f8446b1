"""Reports of a problem with a listing: anyone (no account) tells the stewards that a meeting, a
place or a help service is wrong; the listing says "a change has been reported" until a steward
settles it.

Generic over listings (``kind`` and id): each kind registers how to find one in ``_FINDERS``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from peerapp.extensions import db, utcnow
from peerapp.models.people import User
from peerapp.models.stewardship import ListingReport
from peerapp.services.errors import NotAllowed, NotFound, ValidationError
from peerapp.services.helpservices.describe import find_service
from peerapp.services.helpservices.operations import may_steward as may_steward_services
from peerapp.services.meetings.describe import find_meeting
from peerapp.services.places.describe import find_place
from peerapp.services.privacy import audit
from peerapp.services.stewardship import limits
from peerapp.services.stewardship.reported import open_report_exists
from peerapp.services.unit import unit_of_work
from peerapp.words import _

#: why a listing is wrong: it no longer meets (or is) here, its time changed, or something else
REASONS = ("moved", "time_changed", "other")
#: how a steward settles a report: the listing is fixed now, or it was right all along
OUTCOMES = ("fixed", "not_a_problem")
TEXT_MAX = 1000
#: control characters a person does not type (line breaks and tabs are kept)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]")
_MAX_ID = 2**31 - 1


def _meeting_listed(listing_id: int) -> Any:
    meeting = find_meeting(listing_id)
    return meeting if meeting is not None and meeting.archived_at is None else None


def _place_listed(listing_id: int) -> Any:
    place = find_place(listing_id) if 0 < listing_id <= _MAX_ID else None
    return place if place is not None and place.archived_at is None else None


def _service_listed(listing_id: int) -> Any:
    service = find_service(listing_id)
    return service if service is not None and service.archived_at is None else None


#: how each kind of listing is found (``None``: there is none, or it is archived)
_FINDERS: dict[str, Callable[[int], Any]] = {
    "meeting": _meeting_listed,
    "place": _place_listed,
    "service": _service_listed,
}


def _listing(kind: str, listing_id: int) -> Any:
    finder = _FINDERS.get(kind)
    found = finder(listing_id) if finder is not None else None
    if found is None:
        raise NotFound(_("We could not find that listing."))
    return found


def read_report(reason: Any, text: Any) -> tuple[str, str | None]:
    """The reason and the text (stripped, ``None`` when empty); ``ValidationError`` names each
    bad one. "Other" needs a few words."""
    errors: dict[str, str] = {}
    if reason not in REASONS:
        errors["reason"] = _("Choose what is wrong: %(options)s.", options=", ".join(REASONS))
    words: str | None = None
    if text is not None and not isinstance(text, str):
        errors["text"] = _("Must be text.")
    elif isinstance(text, str):
        if _CONTROL.search(text):
            errors["text"] = _("The text holds characters that cannot be shown. Type it again.")
        elif len(text) > TEXT_MAX:
            errors["text"] = _("At most %(num)d characters.", num=TEXT_MAX)
        else:
            words = text.strip() or None
    if reason == "other" and words is None and "text" not in errors:
        errors["text"] = _("Tell us in a few words what is wrong.")
    if errors:
        raise ValidationError(errors)
    return str(reason), words


def report_problem(
    kind: str, listing_id: int, reason: Any, text: Any = None, now: datetime | None = None
) -> ListingReport:
    """Anyone tells the stewards that a listed meeting, place or service is wrong (``NotFound``
    when it is not listed, ``ValidationError`` for a bad reason or text); logged without the
    text."""
    with unit_of_work():
        _listing(kind, listing_id)
        reason, words = read_report(reason, text)
        report = ListingReport(
            listing_kind=kind,
            listing_id=listing_id,
            reason=reason,
            text=words,
            created_at=now or utcnow(),
        )
        db.session.add(report)
        db.session.flush()
        audit.record(
            None,
            f"{kind}.report",
            object_type=kind,
            object_id=listing_id,
            changes={"reason": [None, reason]},
        )
    return report


def open_reports(kind: str, listing_id: int) -> list[ListingReport]:
    """The listing's reports no steward has settled yet, oldest first."""
    return list(
        db.session.scalars(
            sa.select(ListingReport)
            .where(
                ListingReport.listing_kind == kind,
                ListingReport.listing_id == listing_id,
                ListingReport.settled_at.is_(None),
            )
            .order_by(ListingReport.created_at, ListingReport.id)
        )
    )


def has_open_report(kind: str, listing_id: int) -> bool:
    """Whether a change of the listing has been reported and not yet settled."""
    return bool(db.session.scalar(sa.select(open_report_exists(kind, listing_id))))


@dataclass(frozen=True)
class Settled:
    """A settled report, and the listing it was about."""

    report: ListingReport
    kind: str
    listing_id: int


def _check_steward(actor: User, kind: str, listing: Any) -> None:
    if kind == "service":
        if not may_steward_services(actor):
            raise NotAllowed(
                _("Only municipal staff, peer workers and admins can change services.")
            )
    elif actor.role not in ("peer", "admin"):
        raise NotAllowed(_("Only peer workers settle reports."))
    if kind == "meeting":
        limits.check_meeting(actor, listing)
    else:
        limits.check(actor, None, getattr(listing, "region", None), getattr(listing, "city", None))


def settle_report(
    actor: User, report_id: int, outcome: str, now: datetime | None = None
) -> Settled:
    """A steward settles a report: the listing is ``fixed`` now, or ``not_a_problem``; audited.
    A report already settled stays as it was."""
    if outcome not in OUTCOMES:
        raise ValidationError(
            {"outcome": _("Must be one of: %(options)s.", options="fixed, not_a_problem")}
        )
    with unit_of_work():
        report = db.session.get(ListingReport, report_id) if 0 < report_id <= _MAX_ID else None
        if report is None:
            raise NotFound(_("We could not find that report."))
        finder = _FINDERS.get(report.listing_kind)
        listing = finder(report.listing_id) if finder else None
        if listing is None:
            raise NotFound(_("We could not find that listing."))
        _check_steward(actor, report.listing_kind, listing)
        if report.settled_at is None:
            moment = now or utcnow()
            report.settled_at, report.settled_by_id, report.outcome = moment, actor.id, outcome
            audit.record(
                actor,
                f"{report.listing_kind}.report.settle",
                object_type=report.listing_kind,
                object_id=report.listing_id,
                changes={"report": [None, report.id], "outcome": [None, outcome]},
            )
    return Settled(report, report.listing_kind, report.listing_id)
