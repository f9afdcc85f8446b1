"""Who may look after which listings (a peer limited to regions or fellowships), and the list of
meetings a peer looks after: conflicts with a feed first, then those not verified for 90 days."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from peerapp.extensions import db, utcnow
from peerapp.models import Location, Meeting
from peerapp.models.people import User
from peerapp.models.stewardship import FeedConflict, StewardLimit
from peerapp.services.errors import NotAllowed, ValidationError
from peerapp.services.meetings.vocabulary import FELLOWSHIPS
from peerapp.services.privacy import audit
from peerapp.services.stewardship import listings
from peerapp.services.stewardship.reported import open_report_exists
from peerapp.services.text import fold
from peerapp.words import _

MAX_REGIONS = 20
REGION_MAX = 200
PAGE_SIZE = 50


class OutsideLimits(NotAllowed):
    """A limited peer tried to change a listing outside their regions or fellowships."""


# --- limits -------------------------------------------------------------------------------------


def limit_of(user: User) -> StewardLimit | None:
    """The limits set for a peer, or ``None`` when they may look after every listing."""
    if user.role != "peer":
        return None
    found = db.session.scalar(sa.select(StewardLimit).where(StewardLimit.user_id == user.id))
    if found is None or not (found.regions or found.fellowships):
        return None
    return found


def read_limits(regions: Iterable[str], fellowships: Iterable[str]) -> tuple[list[str], list[str]]:
    """Regions (trimmed, without repeats) and fellowship codes; ``ValidationError`` if bad."""
    errors: dict[str, str] = {}
    names = list(dict.fromkeys(" ".join(r.split()) for r in regions if r and r.strip()))
    if len(names) > MAX_REGIONS or any(len(name) > REGION_MAX for name in names):
        errors["regions"] = _(
            "At most %(count)d regions of at most %(num)d characters each.",
            count=MAX_REGIONS,
            num=REGION_MAX,
        )
    codes = list(dict.fromkeys(code.strip() for code in fellowships if code and code.strip()))
    unknown = [code for code in codes if code not in FELLOWSHIPS]
    if unknown:
        errors["fellowships"] = _(
            "Unknown fellowship: %(code)s. Use one of: %(codes)s.",
            code=", ".join(unknown)[:60],
            codes=", ".join(FELLOWSHIPS),
        )
    if errors:
        raise ValidationError(errors)
    return names, codes


def set_limits(
    actor: User | None, peer: User, regions: Iterable[str], fellowships: Iterable[str]
) -> StewardLimit:
    """Limit a peer to regions and/or fellowships (empty lists: no limit); audited."""
    if peer.role != "peer":
        raise ValidationError({"role": _("Only peer workers can be limited to regions.")})
    names, codes = read_limits(regions, fellowships)
    found = db.session.scalar(sa.select(StewardLimit).where(StewardLimit.user_id == peer.id))
    before = {"regions": found.regions, "fellowships": found.fellowships} if found else {}
    limit = found or StewardLimit(user_id=peer.id)
    limit.regions, limit.fellowships, limit.updated_at = names, codes, utcnow()
    db.session.add(limit)
    changed = listings.changes(
        {"regions": [], "fellowships": [], **before}, {"regions": names, "fellowships": codes}
    )
    if changed:
        audit.record(
            actor, "peer.limits", peer, object_type="user", object_id=peer.id, changes=changed
        )
    return limit


def _within(limit: StewardLimit, fellowship: str | None, places: Iterable[str | None]) -> bool:
    """Whether a listing is inside the limits (``fellowship`` ``None``: a place, not limited by
    fellowship)."""
    if fellowship is not None and limit.fellowships and fellowship not in limit.fellowships:
        return False
    if limit.regions:
        mine = {fold(region) for region in limit.regions}
        return any(fold(place) in mine for place in places if place)
    return True


def describe(limit: StewardLimit) -> str:
    """The limits as a peer reads them: "Vestland, Bergen · AA, NA"."""
    parts = [", ".join(limit.regions)] if limit.regions else []
    if limit.fellowships:
        parts.append(", ".join(FELLOWSHIPS[c].short for c in limit.fellowships if c in FELLOWSHIPS))
    return " · ".join(parts)


def _refuse(limit: StewardLimit) -> OutsideLimits:
    return OutsideLimits(
        _(
            "You look after listings in %(limits)s only. Ask an administrator if this one "
            "should be yours too.",
            limits=describe(limit),
        )
    )


def check(user: User, fellowship: str | None, region: str | None, city: str | None) -> None:
    """Raise ``OutsideLimits`` unless ``user`` may change a listing of this fellowship and place.

    Admins and unlimited peers may change everything. ``fellowship`` is ``None`` for places,
    which only regions limit.
    """
    limit = limit_of(user)
    if limit is not None and not _within(limit, fellowship, (region, city)):
        raise _refuse(limit)


def check_meeting(user: User, meeting: Meeting) -> None:
    """``check`` for a stored meeting."""
    loc = meeting.location
    check(user, meeting.fellowship, loc.region if loc else None, loc.city if loc else None)


def may_edit(user: User, meeting: Meeting) -> bool:
    """Whether ``user`` may change this meeting."""
    try:
        check_meeting(user, meeting)
    except OutsideLimits:
        return False
    return True


# --- the meetings a peer looks after ---------------------------------------------------------


@dataclass(frozen=True)
class Tended:
    """A meeting on a peer's list, and why it may need them."""

    meeting: Meeting
    stale: bool
    conflict: bool
    #: someone reported a problem with it that no steward has settled yet
    reported: bool = False


@dataclass(frozen=True)
class TendedPage:
    """One page of a peer's list."""

    items: list[Tended]
    total: int
    stale: int
    conflicts: int
    page: int
    pages: int
    reported: int = 0


def _lower_variants(name: str) -> set[str]:
    """How ``lower()`` may write a name in the database: PostgreSQL folds every letter, SQLite
    only A-Z ("Østfold" stays "Østfold" there)."""
    return {name.lower(), "".join(c.lower() if c.isascii() else c for c in name)}


def _in_limits(query: sa.Select, limit: StewardLimit | None) -> sa.Select:  # type: ignore[type-arg]
    if limit is None:
        return query
    if limit.fellowships:
        query = query.where(Meeting.fellowship.in_(limit.fellowships))
    if limit.regions:
        names = sorted(set().union(*(_lower_variants(r) for r in limit.regions)))
        query = query.where(
            sa.or_(
                sa.func.lower(Location.region).in_(names), sa.func.lower(Location.city).in_(names)
            )
        )
    return query


def tended_meetings(
    user: User, page: int = 1, q: str = "", now: datetime | None = None
) -> TendedPage:
    """The listed meetings ``user`` may look after: those with a reported problem first, then
    conflicts with a feed, then those never verified or verified longest ago (the stale ones),
    ``PAGE_SIZE`` a page."""
    moment = now or utcnow()
    limit = limit_of(user)
    # an archived meeting stays on the list while its feed lists it again (a conflict to settle)
    relisted = sa.exists().where(FeedConflict.meeting_id == Meeting.id)
    base = (
        sa.select(Meeting.id)
        .outerjoin(Location, Meeting.location_id == Location.id)
        .where(sa.or_(Meeting.archived_at.is_(None), relisted))
    )
    base = _in_limits(base, limit)
    if q.strip():
        for word in fold(q).split()[:5]:
            escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            base = base.where(Meeting.search_text.like(f"%{escaped}%", escape="\\"))
    ids = base.subquery()
    stale_cut = moment - listings.STALE_AFTER
    is_stale = sa.or_(Meeting.verified_at.is_(None), Meeting.verified_at < stale_cut)
    reported = open_report_exists("meeting", Meeting.id)
    total, stale, conflicts, reports = db.session.execute(
        sa.select(
            sa.func.count(),
            sa.func.count().filter(is_stale),
            sa.func.count(FeedConflict.id),
            sa.func.count().filter(reported),
        )
        .select_from(Meeting)
        .join(ids, ids.c.id == Meeting.id)
        .outerjoin(FeedConflict, FeedConflict.meeting_id == Meeting.id)
    ).one()
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(1, page), pages)
    rows = db.session.execute(
        sa.select(Meeting, FeedConflict.id, reported)
        .join(ids, ids.c.id == Meeting.id)
        .outerjoin(FeedConflict, FeedConflict.meeting_id == Meeting.id)
        .options(selectinload(Meeting.location))
        .order_by(
            sa.case((reported, 0), else_=1),
            FeedConflict.id.is_(None),
            sa.case((Meeting.verified_at.is_(None), 0), else_=1),
            Meeting.verified_at,
            Meeting.name,
            Meeting.id,
        )
        .limit(PAGE_SIZE)
        .offset((page - 1) * PAGE_SIZE)
    ).all()
    items = [
        Tended(meeting, listings.is_stale(meeting, moment), conflict_id is not None, bool(flag))
        for meeting, conflict_id, flag in rows
    ]
    return TendedPage(items, total, stale, conflicts, page, pages, reports)
