"""Meetings in a county or a town, as people write them: "Vestland", "Bergen", "oslo"."""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa

from peerapp.models import Location


def _lower_variants(name: str) -> set[str]:
    """How ``lower()`` may write a name in the database: PostgreSQL folds every letter, SQLite
    only A-Z ("Østfold" stays "Østfold" there)."""
    name = " ".join(name.split())
    return {name.lower(), "".join(c.lower() if c.isascii() else c for c in name)}


def in_regions(names: Iterable[str]) -> sa.ColumnElement[bool]:
    """The location's region or town is one of ``names`` (case does not matter; a region written
    as "Vestland > Bergen" matches either part)."""
    wanted = sorted({variant for name in names for variant in _lower_variants(name)})
    region = sa.func.lower(Location.region)
    return sa.or_(
        region.in_(wanted),
        sa.func.lower(Location.city).in_(wanted),
        *(region.like(f"%> {name}") for name in wanted),
        *(region.like(f"{name} >%") for name in wanted),
    )
