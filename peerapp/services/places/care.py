"""Looking after sober places: which listed places a peer should check first, and who checked.

The list puts the places never checked first, then the ones checked longest ago, so that those
not checked for 90 days (``listings.STALE_AFTER``) are always on top.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from peerapp.extensions import db, utcnow
from peerapp.models.places import Place
from peerapp.services.stewardship.listings import STALE_AFTER, checked_by
from peerapp.services.stewardship.reported import open_report_exists
from peerapp.services.text import fold

#: how many places one page of the list shows
PAGE_SIZE = 50
MAX_PAGE = 1000


@dataclass(frozen=True)
class CareList:
    """One page of listed places to look after, and how many need a check."""

    places: list[Place]
    total: int
    stale: int
    page: int
    has_more: bool


def _listed(text: str = "") -> sa.Select[Any]:
    query = sa.select(Place).where(Place.archived_at.is_(None))
    wanted = fold(text.strip())
    if wanted:
        # folded in Python: SQLite's own case rules know only A to Z, not Æ, Ø and Å
        ids = [
            place_id
            for place_id, *words in db.session.execute(
                sa.select(Place.id, Place.name, Place.city, Place.region, Place.postal_code).where(
                    Place.archived_at.is_(None)
                )
            )
            if any(wanted in fold(word) for word in words if word)
        ]
        query = query.where(Place.id.in_(ids))
    return query


def _stale_condition(now: datetime) -> sa.ColumnElement[bool]:
    return sa.or_(Place.verified_at.is_(None), Place.verified_at < now - STALE_AFTER)


def count_needing_check(now: datetime | None = None) -> int:
    """How many listed places were never checked, or not for 90 days."""
    query = _listed().where(_stale_condition(now or utcnow()))
    return int(db.session.scalar(sa.select(sa.func.count()).select_from(query.subquery())) or 0)


def places_to_look_after(text: str = "", page: int = 1, now: datetime | None = None) -> CareList:
    """Listed places matching ``text`` (name, town, region or postal code): those with a
    reported problem first, then the least recently checked (never checked before all others)."""
    moment = now or utcnow()
    page = min(max(page, 1), MAX_PAGE)
    query = _listed(text)
    counted = query.subquery()
    total = int(db.session.scalar(sa.select(sa.func.count()).select_from(counted)) or 0)
    stale = int(
        db.session.scalar(
            sa.select(sa.func.count()).select_from(query.where(_stale_condition(moment)).subquery())
        )
        or 0
    )
    rows: list[Place] = list(
        db.session.scalars(
            query.order_by(
                sa.case((open_report_exists("place", Place.id), 0), else_=1),
                Place.verified_at.is_not(None),
                Place.verified_at,
                Place.name,
                Place.id,
            )
            .offset((page - 1) * PAGE_SIZE)
            .limit(PAGE_SIZE + 1)
        )
    )
    return CareList(rows[:PAGE_SIZE], total, stale, page, len(rows) > PAGE_SIZE)


__all__ = ["CareList", "checked_by", "count_needing_check", "places_to_look_after"]
