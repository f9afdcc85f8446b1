"""Whether a listing has a report of a problem that no steward has settled yet (for the lists)."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from peerapp.models.stewardship import ListingReport


def open_report_exists(kind: str, listing_id: Any) -> sa.Exists:
    """An SQL condition: the listing of ``kind`` whose id is ``listing_id`` (a column or a
    value) has an unsettled report."""
    return sa.exists().where(
        ListingReport.listing_kind == kind,
        ListingReport.listing_id == listing_id,
        ListingReport.settled_at.is_(None),
    )
