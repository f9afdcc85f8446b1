"""The search reads a copy of the meetings in memory: what any process writes is found by the
very next search, what it leaves alone keeps the copy, and nothing rolled back is ever shown."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa

from peerapp.extensions import db
from peerapp.models import DataVersion, Location, Meeting
from peerapp.models.versions import MEETINGS
from peerapp.services.meetings import snapshot
from peerapp.services.meetings.search import MeetingQuery, search_meetings
from tests.factories import make_meeting

OSLO = (59.9139, 10.7522)
#: a Monday evening in Oslo (19:30 local)
MONDAY_EVENING = datetime(2026, 12, 7, 18, 30, tzinfo=UTC)


def near_oslo(**options) -> list[str]:
    query = MeetingQuery(latitude=OSLO[0], longitude=OSLO[1], now=MONDAY_EVENING, **options)
    return [hit.meeting.name for hit in search_meetings(query).hits]


def token() -> str | None:
    return db.session.scalar(sa.select(DataVersion.token).where(DataVersion.name == MEETINGS))


def write_elsewhere(statement: str, **params) -> None:
    """Write as another process would: its own connection, committed (this session's reads
    end first, as a request's do: an open one would go on seeing what it began with)."""
    db.session.commit()
    with db.engine.begin() as other:
        other.execute(sa.text(statement), params)


def test_a_meeting_another_process_moves_or_archives_is_found_as_it_is_now(meeting_factory):
    meeting_id = meeting_factory(name="Monday group", day=1, start="19:00").id
    assert near_oslo(in_progress=True) == ["Monday group"]

    write_elsewhere(
        "UPDATE meeting SET day = 2, week_minute = 2 * 1440 + 1140 WHERE id = :id", id=meeting_id
    )
    assert near_oslo(in_progress=True) == []
    assert near_oslo(day=2) == ["Monday group"]

    write_elsewhere(
        "UPDATE meeting SET archived_at = CURRENT_TIMESTAMP WHERE id = :id", id=meeting_id
    )
    assert near_oslo() == []


def test_a_meeting_added_by_another_process_is_found(meeting_factory):
    meeting_factory(name="First")
    assert near_oslo() == ["First"]
    db.session.commit()
    with db.engine.begin() as other:
        row = other.execute(sa.select(Meeting).where(Meeting.name == "First")).mappings().one()
        copy = {k: v for k, v in row.items() if k != "id"}
        other.execute(sa.insert(Meeting).values(**{**copy, "name": "Second", "slug": "second"}))
    assert sorted(near_oslo()) == ["First", "Second"]


def test_a_change_no_search_reads_keeps_the_copy(meeting_factory):
    meeting = meeting_factory(name="Kept")
    near_oslo()
    before = token()
    kept = snapshot.current()
    meeting.verified_at = MONDAY_EVENING
    meeting.notes = "Bring a friend"
    db.session.commit()
    assert token() == before
    assert snapshot.current() is kept


def test_a_postal_code_changed_elsewhere_moves_the_meeting_between_regions(meeting_factory):
    location_id = meeting_factory(name="By the river").location_id
    assert near_oslo(region="oslo") == ["By the river"]
    write_elsewhere("UPDATE location SET postal_code = '5003' WHERE id = :id", id=location_id)
    assert near_oslo(region="oslo") == []
    assert near_oslo(region="bergen") == ["By the river"]


def test_what_this_transaction_wrote_is_found_and_forgotten_when_it_is_rolled_back(
    meeting_factory,
):
    meeting_factory(name="Committed")
    assert near_oslo() == ["Committed"]
    make_meeting(name="Not yet committed")
    db.session.flush()
    assert sorted(near_oslo()) == ["Committed", "Not yet committed"]
    db.session.rollback()
    assert near_oslo() == ["Committed"]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Location)) == 1
