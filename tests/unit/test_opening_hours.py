"""Opening hours: past midnight, across the clock changes, exceptions and holidays, and the
checks that refuse impossible or overlapping hours."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from peerapp.errors import ValidationError
from peerapp.services import openhours as oh

OSLO = ZoneInfo("Europe/Oslo")
NAMES = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]


def hours(weekly: list[tuple[int, str, str]], exceptions: list[dict] | None = None):
    """Opening hours read the way the API reads them."""
    body = [{"day": d, "opens": o, "closes": c} for d, o, c in weekly]
    return oh.OpeningHours(oh.read_weekly(body, NAMES), oh.read_exceptions(exceptions or []))


def at(text: str) -> datetime:
    """A wall-clock moment in Oslo, such as "2026-12-04 21:00" (a Friday)."""
    return datetime.fromisoformat(text).replace(tzinfo=OSLO)


# --- open now --------------------------------------------------------------------------------


def test_open_within_a_range_and_closed_at_its_end():
    cafe = hours([(1, "10:00", "17:00")])  # Mondays
    assert oh.is_open(cafe, at("2026-11-30 10:00"))
    assert oh.is_open(cafe, at("2026-11-30 16:59"))
    assert not oh.is_open(cafe, at("2026-11-30 17:00"))
    assert not oh.is_open(cafe, at("2026-11-30 09:59"))
    assert not oh.is_open(cafe, at("2026-12-01 12:00"))  # Tuesday


def test_friday_night_past_midnight_is_open_early_saturday():
    night = hours([(5, "20:00", "02:00")])
    assert oh.is_open(night, at("2026-12-04 23:30"))  # Friday
    assert oh.is_open(night, at("2026-12-05 01:00"))  # Saturday
    assert not oh.is_open(night, at("2026-12-05 02:00"))
    assert not oh.is_open(night, at("2026-12-04 01:00"))  # Friday morning: Thursday had none


def test_saturday_night_runs_into_sunday_at_the_end_of_the_week():
    night = hours([(6, "22:00", "03:00")])
    assert oh.is_open(night, at("2026-12-06 02:30"))  # Sunday
    assert oh.open_state(night, at("2026-12-06 02:30")).closes_at == at("2026-12-06 03:00")


def test_several_ranges_a_day():
    split = hours([(2, "09:00", "11:30"), (2, "18:00", "21:00")])
    assert oh.is_open(split, at("2026-12-01 10:00"))
    assert not oh.is_open(split, at("2026-12-01 12:00"))
    state = oh.open_state(split, at("2026-12-01 12:00"))
    assert state.opens_at == at("2026-12-01 18:00")


def test_open_all_day_and_every_day():
    always = hours([(day, "00:00", "24:00") for day in range(7)])
    state = oh.open_state(always, at("2026-12-02 04:00"))
    assert state.open_now and state.opens_at is None
    assert state.closes_at is None  # not within the 14 days looked at


def test_midnight_written_as_00_00_closes_at_the_end_of_the_day():
    late = hours([(3, "18:00", "00:00")])
    assert oh.is_open(late, at("2026-12-02 23:59"))
    assert not oh.is_open(late, at("2026-12-03 00:00"))
    assert oh.weekly_to_api(late.weekly) == [{"day": 3, "opens": "18:00", "closes": "24:00"}]


# --- opens at ---------------------------------------------------------------------------------


def test_opens_at_is_the_next_opening_with_its_offset():
    cafe = hours([(1, "10:00", "17:00")])
    state = oh.open_state(cafe, at("2026-12-01 12:00"))  # Tuesday
    assert not state.open_now
    assert state.opens_at == at("2026-12-07 10:00")
    assert state.opens_at.isoformat() == "2026-12-07T10:00:00+01:00"


def test_nothing_opens_within_fourteen_days():
    assert oh.open_state(hours([]), at("2026-12-01 12:00")) == oh.OpenState(False, None, None)
    closed = hours(
        [(1, "10:00", "12:00")], [{"date": f"2026-12-{d:02d}", "closed": True} for d in (7, 14)]
    )
    assert oh.open_state(closed, at("2026-12-01 12:00")).opens_at is None


def test_opens_at_across_the_spring_clock_change():
    # Sunday 29 March 2026: at 02:00 the clocks jump to 03:00 (CET +01:00 -> CEST +02:00)
    sunday = hours([(0, "10:00", "12:00")])
    state = oh.open_state(sunday, at("2026-03-28 12:00"))
    assert state.opens_at is not None
    assert state.opens_at.isoformat() == "2026-03-29T10:00:00+02:00"
    # 21 hours away, not 22: the night is an hour short
    assert state.opens_at.astimezone(UTC) - at("2026-03-28 12:00").astimezone(UTC) == (
        datetime(2026, 3, 29, 8, tzinfo=UTC) - datetime(2026, 3, 28, 11, tzinfo=UTC)
    )


def test_a_night_across_the_spring_clock_change_closes_on_the_wall_clock():
    night = hours([(6, "22:00", "04:00")])  # Saturday 28 March 2026
    inside = datetime(2026, 3, 29, 1, 30, tzinfo=UTC)  # 03:30 CEST
    assert oh.is_open(night, inside)
    closes = oh.open_state(night, inside).closes_at
    assert closes is not None and closes.isoformat() == "2026-03-29T04:00:00+02:00"
    assert not oh.is_open(night, datetime(2026, 3, 29, 2, 0, tzinfo=UTC))  # 04:00 CEST


def test_an_opening_in_the_skipped_hour_is_the_moment_after_the_gap():
    odd = hours([(0, "02:30", "05:00")])
    state = oh.open_state(odd, at("2026-03-28 12:00"))
    assert state.opens_at is not None
    assert state.opens_at.astimezone(UTC) == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)


def test_autumn_clock_change_keeps_hours_on_the_wall_clock():
    # Sunday 25 October 2026: at 03:00 CEST the clocks go back to 02:00 CET
    morning = hours([(0, "09:00", "12:00")])
    state = oh.open_state(morning, at("2026-10-24 12:00"))
    assert state.opens_at is not None
    assert state.opens_at.isoformat() == "2026-10-25T09:00:00+01:00"
    assert oh.is_open(morning, datetime(2026, 10, 25, 8, 30, tzinfo=UTC))  # 09:30 CET
    assert not oh.is_open(morning, datetime(2026, 10, 25, 7, 30, tzinfo=UTC))  # 08:30 CET


def test_a_night_over_the_autumn_change_lasts_an_hour_longer():
    night = hours([(6, "22:00", "04:00")])  # Saturday 24 October 2026
    state = oh.open_state(night, at("2026-10-24 23:00"))
    assert state.closes_at is not None
    assert state.closes_at.isoformat() == "2026-10-25T04:00:00+01:00"
    opened = at("2026-10-24 22:00").astimezone(UTC)
    assert (state.closes_at.astimezone(UTC) - opened).total_seconds() == 7 * 3600


# --- exceptions and holidays ---------------------------------------------------------------


def test_a_closed_date_replaces_the_weeks_hours():
    cafe = hours([(4, "10:00", "20:00")], [{"date": "2026-12-24", "closed": True}])
    assert not oh.is_open(cafe, at("2026-12-24 12:00"))  # Christmas Eve, a Thursday
    assert oh.is_open(cafe, at("2026-12-31 12:00"))  # the Thursday after
    assert oh.open_state(cafe, at("2026-12-24 12:00")).opens_at == at("2026-12-31 10:00")


def test_special_hours_on_a_date_replace_the_weeks():
    cafe = hours(
        [(4, "10:00", "20:00")], [{"date": "2026-12-31", "opens": "18:00", "closes": "01:00"}]
    )
    assert not oh.is_open(cafe, at("2026-12-31 12:00"))
    assert oh.is_open(cafe, at("2026-12-31 23:59"))
    assert oh.is_open(cafe, at("2027-01-01 00:30"))  # New Year's night, past midnight
    assert not oh.is_open(cafe, at("2027-01-01 01:00"))


def test_closing_the_friday_also_closes_its_night():
    night = hours([(5, "20:00", "02:00")], [{"date": "2026-12-04", "closed": True}])
    assert not oh.is_open(night, at("2026-12-05 01:00"))


def test_closed_this_week_then_open_again():
    week = [(day, "09:00", "15:00") for day in (1, 2, 3, 4, 5)]
    closed = [{"date": f"2026-12-{d:02d}", "closed": True} for d in range(7, 12)]
    centre = hours(week, closed)
    state = oh.open_state(centre, at("2026-12-08 10:00"))
    assert not state.open_now and state.opens_at == at("2026-12-14 09:00")


# --- validation -------------------------------------------------------------------------------


def refused(weekly=None, exceptions=None) -> dict[str, str]:
    if exceptions is None:
        with pytest.raises(ValidationError) as caught:
            oh.read_weekly(weekly, NAMES)
    else:
        with pytest.raises(ValidationError) as caught:
            oh.read_exceptions(exceptions)
    return caught.value.errors


def test_overlapping_ranges_on_a_day_are_refused_and_named():
    errors = refused(
        [
            {"day": 1, "opens": "10:00", "closes": "14:00"},
            {"day": 1, "opens": "13:00", "closes": "16:00"},
        ]
    )
    assert list(errors) == ["opening_hours[1]"]
    assert "Monday 13:00–16:00 overlaps Monday 10:00–14:00" in errors["opening_hours[1]"]


def test_ranges_that_touch_are_fine():
    week = oh.read_weekly(
        [
            {"day": 1, "opens": "10:00", "closes": "14:00"},
            {"day": 1, "opens": "14:00", "closes": "16:00"},
        ],
        NAMES,
    )
    assert len(week) == 2


def test_an_overnight_range_overlapping_the_next_mornings_is_refused():
    errors = refused(
        [
            {"day": 5, "opens": "20:00", "closes": "02:00"},
            {"day": 6, "opens": "01:00", "closes": "05:00"},
        ]
    )
    assert "opening_hours[1]" in errors


def test_saturday_night_overlapping_sunday_morning_is_refused():
    errors = refused(
        [
            {"day": 0, "opens": "01:00", "closes": "05:00"},
            {"day": 6, "opens": "22:00", "closes": "03:00"},
        ]
    )
    assert "opening_hours[1]" in errors


@pytest.mark.parametrize(
    ("item", "field"),
    [
        ({"day": 7, "opens": "10:00", "closes": "12:00"}, "opening_hours[0].day"),
        ({"day": -1, "opens": "10:00", "closes": "12:00"}, "opening_hours[0].day"),
        ({"day": True, "opens": "10:00", "closes": "12:00"}, "opening_hours[0].day"),
        ({"day": "1", "opens": "10:00", "closes": "12:00"}, "opening_hours[0].day"),
        ({"day": 1, "opens": "25:00", "closes": "12:00"}, "opening_hours[0].opens"),
        ({"day": 1, "opens": "10:60", "closes": "12:00"}, "opening_hours[0].opens"),
        ({"day": 1, "opens": "9:00", "closes": "12:00"}, "opening_hours[0].opens"),
        ({"day": 1, "opens": "24:00", "closes": "12:00"}, "opening_hours[0].opens"),
        ({"day": 1, "opens": "10:00", "closes": "24:01"}, "opening_hours[0].closes"),
        ({"day": 1, "opens": "10:00", "closes": "１２:００"}, "opening_hours[0].closes"),
        ({"day": 1, "opens": "10:00", "closes": "10:00"}, "opening_hours[0].closes"),
        ({"day": 1, "opens": "00:00", "closes": "00:00"}, "opening_hours[0].closes"),
        ("Monday 10-12", "opening_hours[0]"),
    ],
)
def test_impossible_hours_are_refused_naming_the_field(item, field):
    assert field in refused([item])


def test_opening_hours_must_be_a_list():
    assert "opening_hours" in refused({"day": 1})


@pytest.mark.parametrize(
    ("item", "field"),
    [
        ({"date": "2026-02-30", "closed": True}, "exceptions[0].date"),
        ({"date": "30.12.2026", "closed": True}, "exceptions[0].date"),
        ({"date": "2026-12-24"}, "exceptions[0].opens"),
        ({"date": "2026-12-24", "closed": True, "opens": "10:00"}, "exceptions[0]"),
        ({"date": "2026-12-24", "closed": "yes"}, "exceptions[0].closed"),
        ({"date": "2026-12-24", "opens": "10:00", "closes": "10:00"}, "exceptions[0].closes"),
    ],
)
def test_impossible_exceptions_are_refused_naming_the_field(item, field):
    assert field in refused(exceptions=[item])


def test_a_date_given_twice_is_refused():
    errors = refused(exceptions=[{"date": "2026-12-24", "closed": True}] * 2)
    assert list(errors) == ["exceptions[1].date"]


def test_exceptions_read_back_as_the_api_writes_them():
    items = [
        {"date": "2026-12-31", "opens": "18:00", "closes": "01:00"},
        {"date": "2026-12-24", "closed": True},
    ]
    read = oh.read_exceptions(items)
    assert read[0].on == date(2026, 12, 24) and read[0].closed
    assert oh.exceptions_to_api(read) == [items[1], items[0]]
