"""The meeting search service: distance, the clock in each meeting's own zone, filters, paging."""

from __future__ import annotations

from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

import pytest
from geopy.distance import geodesic, great_circle
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from peerapp.extensions import db
from peerapp.services.meetings.search import MeetingQuery, search_meetings
from tests.factories import make_meeting

OSLO = ZoneInfo("Europe/Oslo")
BERGEN = (60.3913, 5.3221)


def oslo(*args: int) -> datetime:
    """An instant given as Oslo wall-clock time."""
    return datetime(*args, tzinfo=OSLO)


def names(result) -> list[str]:
    return [hit.meeting.name for hit in result.hits]


def test_nearest_first_within_radius_with_geodesic_distances(meeting_factory):
    meeting_factory(town="bergen", name="Centre", latitude=60.3913, longitude=5.3221)
    meeting_factory(town="bergen", name="Five km", latitude=60.3913 + 0.045, longitude=5.3221)
    meeting_factory(town="oslo", name="Oslo")
    result = search_meetings(MeetingQuery(latitude=BERGEN[0], longitude=BERGEN[1], radius_km=25))
    assert names(result) == ["Centre", "Five km"]
    assert result.total == 2
    expected = great_circle(BERGEN, (60.3913 + 0.045, 5.3221)).km
    assert result.hits[1].distance_km == pytest.approx(expected, abs=1e-6)


def test_radius_is_a_circle_not_a_box(meeting_factory):
    # 20 km north and 20 km east is 28 km away: inside the bounding box, outside the circle
    meeting_factory(town="oslo", name="Corner", latitude=59.9139 + 0.18, longitude=10.7522 + 0.36)
    result = search_meetings(MeetingQuery(latitude=59.9139, longitude=10.7522, radius_km=25))
    assert result.total == 0
    wider = search_meetings(MeetingQuery(latitude=59.9139, longitude=10.7522, radius_km=35))
    assert names(wider) == ["Corner"]


def test_day_and_time_window_including_across_midnight(meeting_factory):
    meeting_factory(name="Tue late", day=2, start="23:30", end="00:30")
    meeting_factory(name="Tue early", day=2, start="00:30")
    meeting_factory(name="Tue noon", day=2, start="12:00")
    meeting_factory(name="Wed late", day=3, start="23:00")
    late = search_meetings(MeetingQuery(day=2, time_from=time(22), time_to=time(1)))
    assert sorted(names(late)) == ["Tue early", "Tue late"]
    noon = search_meetings(MeetingQuery(time_from=time(11), time_to=time(13)))
    assert names(noon) == ["Tue noon"]


def test_starting_within_wraps_over_the_end_of_the_week(meeting_factory):
    meeting_factory(name="Sunday just after midnight", day=0, start="00:10")
    meeting_factory(name="Sunday noon", day=0, start="12:00")
    saturday_night = oslo(2026, 11, 21, 23, 50)  # a Saturday
    result = search_meetings(MeetingQuery(starting_within=30, now=saturday_night))
    assert names(result) == ["Sunday just after midnight"]
    assert result.hits[0].starting_soon
    assert result.hits[0].starts_at == oslo(2026, 11, 22, 0, 10)


def test_in_progress_across_midnight_and_in_the_meetings_own_zone(meeting_factory):
    meeting_factory(name="Oslo Saturday night", day=6, start="23:30", end="00:45")
    meeting_factory(
        name="New York evening", day=6, start="18:00", end="19:30", timezone="America/New_York"
    )
    meeting_factory(name="Oslo Sunday morning", day=0, start="09:00")
    # Sunday 00:15 in Oslo is Saturday 18:15 in New York
    now = oslo(2026, 11, 22, 0, 15)
    result = search_meetings(MeetingQuery(in_progress=True, now=now))
    assert sorted(names(result)) == ["New York evening", "Oslo Saturday night"]
    assert all(hit.in_progress for hit in result.hits)


def test_results_without_a_point_come_soonest_first(meeting_factory):
    now = oslo(2026, 11, 23, 12, 0)  # Monday noon
    meeting_factory(name="Monday 13", day=1, start="13:00")
    meeting_factory(name="Monday 11", day=1, start="11:00")  # next week: last
    meeting_factory(name="Tuesday 9", day=2, start="09:00")
    assert names(search_meetings(MeetingQuery(now=now))) == ["Monday 13", "Tuesday 9", "Monday 11"]


def test_fellowship_types_and_attendance(meeting_factory):
    meeting_factory(name="AA open English", fellowship="aa", types=["O", "EN"])
    meeting_factory(name="AA open Norwegian", fellowship="aa", types=["O", "NO"])
    meeting_factory(name="NA", fellowship="na", types=["O", "EN"])
    meeting_factory(
        name="Online",
        fellowship="na",
        attendance_option="online",
        conference_url="https://meet.example.org/x",
        types=["ONL"],
    )
    meeting_factory(
        name="Hybrid",
        fellowship="aa",
        attendance_option="hybrid",
        conference_url="https://meet.example.org/y",
        types=["O"],
    )
    both = search_meetings(MeetingQuery(fellowships=("aa",), types=("O", "EN")))
    assert names(both) == ["AA open English"]
    assert sorted(names(search_meetings(MeetingQuery(attendance="online")))) == ["Hybrid", "Online"]
    in_person = names(search_meetings(MeetingQuery(attendance="in_person")))
    assert "Hybrid" in in_person and "Online" not in in_person
    assert names(search_meetings(MeetingQuery(attendance="hybrid"))) == ["Hybrid"]


def test_type_filter_matches_whole_codes_only(meeting_factory):
    meeting_factory(name="Women", types=["W"])
    meeting_factory(name="Wheelchair", types=["X", "XB"])
    assert names(search_meetings(MeetingQuery(types=("X",)))) == ["Wheelchair"]
    assert names(search_meetings(MeetingQuery(types=("W",)))) == ["Women"]


def test_free_text_folds_case_and_norwegian_letters(meeting_factory):
    meeting_factory(town="tromso", name="Ishavsgruppa")
    meeting_factory(town="oslo", name="Grünerløkka")
    assert names(search_meetings(MeetingQuery(text="tromso"))) == ["Ishavsgruppa"]
    assert names(search_meetings(MeetingQuery(text="GRUNERLOKKA"))) == ["Grünerløkka"]
    assert search_meetings(MeetingQuery(text="100%")).total == 0


def test_archived_meetings_are_not_found(meeting_factory):
    meeting = meeting_factory(name="Gone")
    meeting.archived_at = datetime.now(UTC)
    db.session.commit()
    assert search_meetings(MeetingQuery()).total == 0


@pytest.mark.parametrize("near", [True, False])
def test_cursor_paging_walks_every_result_once(meeting_factory, near):
    for i in range(7):
        meeting_factory(town="bergen", name=f"M{i}", day=i % 7, latitude=60.39 + i * 0.001)
    point = {"latitude": BERGEN[0], "longitude": BERGEN[1]} if near else {}
    seen, query = [], MeetingQuery(limit=3, **point)
    from peerapp.services.meetings.query import parse_meeting_args

    result = search_meetings(query)
    seen += names(result)
    while result.next_cursor:
        args = {"limit": ["3"], "cursor": [result.next_cursor]}
        if near:
            args.update({"lat": [str(BERGEN[0])], "lng": [str(BERGEN[1])]})
        result = search_meetings(parse_meeting_args(args))
        seen += names(result)
    assert sorted(seen) == [f"M{i}" for i in range(7)]
    assert result.total == 7


coordinates = st.tuples(
    st.floats(min_value=58.0, max_value=71.0), st.floats(min_value=4.0, max_value=31.0)
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    points=st.lists(coordinates, min_size=1, max_size=25),
    centre=coordinates,
    radius=st.floats(min_value=1, max_value=500),
)
def test_index_prefilter_finds_exactly_what_a_full_scan_finds(app, points, centre, radius):
    db.session.rollback()
    from peerapp.models import Location, Meeting

    db.session.query(Meeting).delete()
    db.session.query(Location).delete()
    for i, (lat, lng) in enumerate(points):
        make_meeting(name=f"P{i}", latitude=lat, longitude=lng)
    db.session.commit()
    result = search_meetings(
        MeetingQuery(latitude=centre[0], longitude=centre[1], radius_km=radius, limit=100)
    )
    expected = {f"P{i}" for i, p in enumerate(points) if geodesic(centre, p).km <= radius}
    assert set(names(result)) == expected
