"""Keeping meetings true, tested at the services: stale flags, a re-import meeting a local
correction (kept, with the feed's values shown as a conflict), and peers limited to an area."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from peerapp.errors import ValidationError
from peerapp.extensions import db, utcnow
from peerapp.models import AuditEvent, FeedConflict, Meeting
from peerapp.services.meetings import edits, peer_input
from peerapp.services.meetings.feeds.importer import import_records
from peerapp.services.stewardship import limits, listings

SOURCE = "intergruppe-vest"


def record(slug: str, **changes):
    """A Meeting Guide record of a Bergen meeting."""
    body = {
        "slug": slug,
        "name": f"Gruppe {slug}",
        "day": 2,
        "time": "19:00",
        "end_time": "20:30",
        "types": ["O", "NO"],
        "location": "Frivilligsentralen",
        "address": "Kirkegata 1",
        "city": "Bergen",
        "postal_code": "5015",
        "region": "Vestland",
        "country": "NO",
        "latitude": 60.393,
        "longitude": 5.324,
    }
    return {**body, **changes}


def run_import(*records):
    return import_records(list(records), source_name=SOURCE, fellowship="aa")


def imported(slug: str) -> Meeting:
    db.session.expire_all()
    return db.session.scalar(sa.select(Meeting).where(Meeting.external_slug == slug))


def actions() -> list[str]:
    return list(db.session.scalars(sa.select(AuditEvent.action).order_by(AuditEvent.id)))


def correct(peer, meeting: Meeting, **body) -> None:
    fields = peer_input.read_meeting(body, current=meeting)
    edits.update_by_peer(peer, meeting, fields)
    db.session.commit()


# --- stale -----------------------------------------------------------------------------------


def test_a_listing_is_stale_when_never_verified_or_not_for_90_days(meeting_factory, user_factory):
    meeting = meeting_factory()
    now = utcnow()
    assert listings.is_stale(meeting, now)
    edits.verify(user_factory(role="peer"), meeting, now - timedelta(days=89))
    assert not listings.is_stale(meeting, now)
    meeting.verified_at = now - timedelta(days=91)
    assert listings.is_stale(meeting, now)


def test_a_meeting_a_peer_adds_counts_as_checked_by_them(user_factory):
    peer = user_factory(role="peer")
    body = {
        "name": "Ny gruppe",
        "fellowship": "na",
        "day": 3,
        "time": "18:00",
        "location": {"address": "Torget 1", "city": "Bergen", "latitude": 60.39, "longitude": 5.32},
    }
    meeting = edits.create_by_peer(peer, peer_input.read_meeting(body))
    db.session.commit()
    assert meeting.verified_by_id == peer.id and not listings.is_stale(meeting)
    assert meeting.end_time.isoformat(timespec="minutes") == "19:00"
    assert actions() == ["meeting.create"]


def test_the_peer_list_puts_conflicts_then_never_checked_then_oldest_checks_first(
    meeting_factory, user_factory
):
    peer = user_factory(role="peer")
    now = utcnow()
    fresh = meeting_factory(name="Fersk")
    fresh.verified_at = now - timedelta(days=2)
    old = meeting_factory(name="Gammel")
    old.verified_at = now - timedelta(days=200)
    never = meeting_factory(name="Aldri")
    gone = meeting_factory(name="Borte")
    gone.archived_at = now
    db.session.commit()
    run_import(record("a"))
    conflicted = imported("a")
    correct(peer, conflicted, name="Rettet her")
    run_import(record("a", time="18:00"))

    found = limits.tended_meetings(peer, now=now)

    names = [item.meeting.name for item in found.items]
    assert names == ["Rettet her", "Aldri", "Gammel", "Fersk"]
    assert [item.stale for item in found.items] == [True, True, True, False]
    assert [item.conflict for item in found.items] == [True, False, False, False]
    assert (found.total, found.stale, found.conflicts) == (4, 3, 1)
    assert never.id in {item.meeting.id for item in found.items}


# --- import conflicts ----------------------------------------------------------------------


def test_a_reimport_does_not_overwrite_a_local_correction_and_shows_the_conflict(user_factory):
    peer = user_factory(role="peer")
    run_import(record("a"), record("b"))
    correct(peer, imported("a"), name="Gruppe A (flyttet)", location={"address": "Torget 2"})

    report = run_import(record("a", time="18:30"), record("b", time="18:30"))

    assert (report.updated, report.conflicts) == (1, 1)
    assert report.as_dict()["conflicts"] == 1
    kept = imported("a")
    assert kept.name == "Gruppe A (flyttet)" and kept.location.address == "Torget 2"
    assert kept.time.isoformat(timespec="minutes") == "19:00"
    assert imported("b").time.isoformat(timespec="minutes") == "18:30"
    conflict = edits.conflict_of(kept)
    differences = edits.differences(kept, conflict)
    assert differences["name"] == ["Gruppe A (flyttet)", "Gruppe a"]
    assert differences["time"] == ["19:00", "18:30"]
    assert differences["location"][1]["address"] == "Kirkegata 1"


def test_the_same_import_again_records_the_conflict_once(user_factory):
    peer = user_factory(role="peer")
    run_import(record("a"))
    correct(peer, imported("a"), notes="Inngang fra bakgården")
    run_import(record("a", time="18:30"))
    again = run_import(record("a", time="18:30"))
    assert again.conflicts == 1
    assert db.session.scalar(sa.select(sa.func.count()).select_from(FeedConflict)) == 1


def test_an_unchanged_feed_leaves_a_correction_alone_without_a_conflict(user_factory):
    peer = user_factory(role="peer")
    run_import(record("a"))
    correct(peer, imported("a"), notes="Inngang fra bakgården")
    report = run_import(record("a"))
    assert (report.unchanged, report.conflicts) == (1, 0)
    assert imported("a").notes == "Inngang fra bakgården"


def test_accepting_the_feeds_version_applies_it_and_later_imports_update_again(user_factory):
    peer = user_factory(role="peer")
    run_import(record("a"))
    correct(peer, imported("a"), name="Lokalt navn")
    run_import(record("a", time="18:30"))
    meeting = imported("a")

    assert edits.accept_feed(peer, meeting)
    db.session.commit()

    meeting = imported("a")
    assert meeting.name == "Gruppe a" and meeting.time.isoformat(timespec="minutes") == "18:30"
    assert edits.conflict_of(meeting) is None and meeting.locally_edited_at is None
    assert run_import(record("a", time="18:30")).unchanged == 1
    assert run_import(record("a", time="17:00")).updated == 1
    assert imported("a").time.isoformat(timespec="minutes") == "17:00"
    event = db.session.scalar(
        sa.select(AuditEvent).where(AuditEvent.action == "meeting.accept_feed")
    )
    assert event.changes["name"] == ["Lokalt navn", "Gruppe a"]


def test_keeping_our_correction_settles_that_version_of_the_feed(user_factory):
    peer = user_factory(role="peer")
    run_import(record("a"))
    correct(peer, imported("a"), name="Lokalt navn")
    run_import(record("a", time="18:30"))

    assert edits.keep_local(peer, imported("a"))
    db.session.commit()

    assert imported("a").name == "Lokalt navn"
    assert run_import(record("a", time="18:30")).conflicts == 0
    assert run_import(record("a", time="17:00")).conflicts == 1
    assert "meeting.keep_local" in actions()


def test_a_meeting_archived_here_stays_archived_through_reimports(user_factory):
    peer = user_factory(role="peer")
    run_import(record("a"))
    edits.archive(peer, imported("a"))
    db.session.commit()

    assert run_import(record("a")).unchanged == 1
    assert imported("a").archived_at is not None

    report = run_import(record("a", name="Gruppe A på nytt"))
    assert report.conflicts == 1 and imported("a").archived_at is not None
    conflict = edits.conflict_of(imported("a"))
    assert conflict.relisted
    edits.accept_feed(peer, imported("a"))
    db.session.commit()
    assert imported("a").archived_at is None and imported("a").name == "Gruppe A på nytt"


def test_a_corrected_meeting_that_leaves_the_feed_and_returns_waits_for_a_peer(user_factory):
    peer = user_factory(role="peer")
    run_import(record("a"), record("b"))
    correct(peer, imported("a"), name="Lokalt navn")
    assert run_import(record("b")).removed == 1
    report = run_import(record("a"), record("b"))
    assert report.conflicts == 1
    assert imported("a").archived_at is not None and imported("a").name == "Lokalt navn"


# --- limits ------------------------------------------------------------------------------------


def test_a_peer_limited_to_a_region_and_fellowship_may_change_only_those(
    meeting_factory, user_factory
):
    peer = user_factory(role="peer")
    limits.set_limits(None, peer, ["Bergen"], ["na"])
    db.session.commit()
    bergen_na = meeting_factory(town="bergen", fellowship="na")
    bergen_aa = meeting_factory(town="bergen", fellowship="aa")
    oslo_na = meeting_factory(town="oslo", fellowship="na")

    limits.check_meeting(peer, bergen_na)
    for outside in (bergen_aa, oslo_na):
        with pytest.raises(limits.OutsideLimits, match="Bergen · NA"):
            limits.check_meeting(peer, outside)
    found = limits.tended_meetings(peer)
    assert [item.meeting.id for item in found.items] == [bergen_na.id]


def test_regions_compare_without_case_on_every_database(meeting_factory, user_factory):
    peer = user_factory(role="peer")
    limits.set_limits(None, peer, ["ØSTFOLD"], [])
    db.session.commit()
    meeting = meeting_factory(town="oslo")
    meeting.location.region = "Østfold"
    db.session.commit()
    limits.check_meeting(peer, meeting)
    assert [item.meeting.id for item in limits.tended_meetings(peer).items] == [meeting.id]


def test_admins_and_unlimited_peers_may_change_everything(meeting_factory, user_factory):
    meeting = meeting_factory(town="tromso")
    limits.check_meeting(user_factory(role="admin"), meeting)
    limits.check_meeting(user_factory(role="peer"), meeting)


def test_limits_are_checked_and_audited(user_factory):
    admin, peer = user_factory(role="admin"), user_factory(role="peer")
    with pytest.raises(ValidationError) as refused:
        limits.set_limits(admin, peer, ["Bergen"], ["beer"])
    assert set(refused.value.errors) == {"fellowships"}
    with pytest.raises(ValidationError):
        limits.set_limits(admin, user_factory(role="client"), ["Bergen"], [])
    limits.set_limits(admin, peer, [" Bergen ", "Bergen", ""], ["aa"])
    db.session.commit()
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "peer.limits"))
    assert event.changes == {"regions": [[], ["Bergen"]], "fellowships": [[], ["aa"]]}
    assert event.subject_id == peer.id


def test_a_meeting_archived_here_that_its_feed_lists_again_is_on_the_peer_list(user_factory):
    peer = user_factory(role="peer")
    run_import(record("a"))
    edits.archive(peer, imported("a"))
    db.session.commit()
    assert limits.tended_meetings(peer).total == 0
    run_import(record("a", name="Gruppe A på nytt"))
    (item,) = limits.tended_meetings(peer).items
    assert item.conflict and item.meeting.archived_at is not None
