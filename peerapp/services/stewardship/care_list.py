"""The list of listings that keep hours (sober places, help services) a steward checks first.

The list puts the listings never checked first, then the ones checked longest ago, so that those
not checked for 90 days (``listings.STALE_AFTER``) are always on top. Places and help services
share it; each names its own table and the columns a search on its list looks in.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from peerapp.extensions import db, utcnow
from peerapp.services.stewardship.listings import STALE_AFTER
from peerapp.services.stewardship.reported import open_report_exists
from peerapp.services.text import fold

#: how many listings one page of the list shows
PAGE_SIZE = 50
MAX_PAGE = 1000


@dataclass(frozen=True)
class CareList:
    """One page of listed listings to look after, and how many need a check."""

    places: list[Any]
    total: int
    stale: int
    page: int
    has_more: bool


def _listed(model: Any, searched: Sequence[Any], text: str = "") -> sa.Select[Any]:
    query = sa.select(model).where(model.archived_at.is_(None))
    wanted = fold(text.strip())
    if wanted:
        # folded in Python: SQLite's own case rules know only A to Z, not Æ, Ø and Å
        ids = [
            listing_id
            for listing_id, *words in db.session.execute(
                sa.select(model.id, *searched).where(model.archived_at.is_(None))
            )
            if any(wanted in fold(word) for word in words if word)
        ]
        query = query.where(model.id.in_(ids))
    return query


def _stale_condition(model: Any, now: datetime) -> sa.ColumnElement[bool]:
    return sa.or_(model.verified_at.is_(None), model.verified_at < now - STALE_AFTER)


def count_needing_check(model: Any, now: datetime | None = None) -> int:
    """How many listed rows of ``model`` were never checked, or not for 90 days."""
    query = _listed(model, ()).where(_stale_condition(model, now or utcnow()))
    return int(db.session.scalar(sa.select(sa.func.count()).select_from(query.subquery())) or 0)


def to_look_after(
    model: Any,
    searched: Sequence[Any],
    text: str = "",
    page: int = 1,
    now: datetime | None = None,
    *,
    report_kind: str | None = None,
) -> CareList:
    """Listed rows of ``model`` whose ``searched`` columns hold ``text``: those with an
    unsettled report (of listings of ``report_kind``) first, then the least recently checked
    (never checked before all others)."""
    moment = now or utcnow()
    page = min(max(page, 1), MAX_PAGE)
    query = _listed(model, searched, text)
    total = int(db.session.scalar(sa.select(sa.func.count()).select_from(query.subquery())) or 0)
    stale = int(
        db.session.scalar(
            sa.select(sa.func.count()).select_from(
                query.where(_stale_condition(model, moment)).subquery()
            )
        )
        or 0
    )
    reported_first = (
        [sa.case((open_report_exists(report_kind, model.id), 0), else_=1)] if report_kind else []
    )
    rows: list[Any] = list(
        db.session.scalars(
            query.order_by(
                *reported_first,
                model.verified_at.is_not(None),
                model.verified_at,
                model.name,
                model.id,
            )
            .offset((page - 1) * PAGE_SIZE)
            .limit(PAGE_SIZE + 1)
        )
    )
    return CareList(rows[:PAGE_SIZE], total, stale, page, len(rows) > PAGE_SIZE)
