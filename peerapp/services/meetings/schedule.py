"""The printable schedule of a town or a region: every listed meeting there, by day of the week,
with the legend of the type codes it uses (for a notice board or a meeting's literature table)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from peerapp.extensions import db
from peerapp.models import Location, Meeting
from peerapp.services.errors import ValidationError
from peerapp.services.meetings.regions import in_regions
from peerapp.services.meetings.vocabulary import FELLOWSHIPS, MEETING_TYPES
from peerapp.words import _

#: the week as people in Norway read it: Monday first (our day 0 is Sunday)
WEEK = (1, 2, 3, 4, 5, 6, 0)
#: a schedule longer than this is cut (a big city: choose a fellowship)
MAX_PRINTED = 600
WHERE_MAX = 200


@dataclass(frozen=True)
class Schedule:
    """The meetings of a place by day (Monday first, only days with meetings), the type codes
    they use (for the legend), and whether the list was cut at ``MAX_PRINTED``."""

    where: str
    days: list[tuple[int, list[Meeting]]] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)
    total: int = 0
    cut: bool = False


def printable_schedule(where: str, fellowships: Iterable[str] = ()) -> Schedule:
    """Every listed meeting in the town or region ``where`` (of ``fellowships`` when given)."""
    place = " ".join(where.split())
    codes = [code for code in fellowships if code]
    errors: dict[str, str] = {}
    if not place:
        errors["where"] = _("Type a town or a county, such as Bergen or Vestland.")
    elif len(place) > WHERE_MAX:
        errors["where"] = _("At most %(num)d characters.", num=WHERE_MAX)
    unknown = [code for code in codes if code not in FELLOWSHIPS]
    if unknown:
        errors["fellowship"] = _("Unknown fellowship: %(codes)s.", codes=", ".join(unknown)[:60])
    if errors:
        raise ValidationError(errors)
    query = (
        sa.select(Meeting)
        .join(Location, Meeting.location_id == Location.id)
        .where(Meeting.archived_at.is_(None), in_regions([place]))
        .options(selectinload(Meeting.location))
        .order_by(Meeting.day, Meeting.time, Meeting.name, Meeting.id)
    )
    if codes:
        query = query.where(Meeting.fellowship.in_(codes))
    meetings = list(db.session.scalars(query.limit(MAX_PRINTED + 1)))
    cut = len(meetings) > MAX_PRINTED
    meetings = meetings[:MAX_PRINTED]
    by_day: dict[int, list[Meeting]] = {day: [] for day in WEEK}
    for meeting in meetings:
        by_day[meeting.day].append(meeting)
    used = {code for meeting in meetings for code in meeting.types}
    return Schedule(
        where=place,
        days=[(day, by_day[day]) for day in WEEK if by_day[day]],
        codes=[code for code in MEETING_TYPES if code in used],
        total=len(meetings),
        cut=cut,
    )
