"""Reading loose feed values, and the decisions every feed format shares."""

from __future__ import annotations

import datetime as dt

import pytest

from peerapp.services.meetings.feeds.inference import attendance, country_of, timezone_for
from peerapp.services.meetings.feeds.records import FeedOptions, RecordError
from peerapp.services.meetings.feeds.values import (
    clock,
    coordinate,
    flag,
    join_notes,
    plus_minutes,
    point,
    text,
    type_codes,
    weekday,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("19:30", dt.time(19, 30)),
        ("7:05", dt.time(7, 5)),
        ("19:30:00", dt.time(19, 30)),
        ("00:00", dt.time(0, 0)),
        ("11:00 AM", dt.time(11, 0)),
        ("12:00 PM", dt.time(12, 0)),
        ("12:15 AM", dt.time(0, 15)),
        ("7:30 pm", dt.time(19, 30)),
        ("8 PM", dt.time(20, 0)),
        ("9:15 a.m.", dt.time(9, 15)),
    ],
)
def test_clock_reads_24_hour_times_and_repairs_12_hour_ones(raw, expected):
    assert clock(raw, "time") == expected


@pytest.mark.parametrize("raw", ["24:00", "19:60", "13:00 PM", "0:30 AM", "noon", "1930", 1930])
def test_clock_rejects_what_is_not_a_time_of_day(raw):
    with pytest.raises(RecordError, match="is not a time of day"):
        clock(raw, "time")


def test_clock_names_a_missing_field_and_allows_24_00_as_an_end():
    with pytest.raises(RecordError, match="^end_time is missing$"):
        clock(None, "end_time", end=True)
    assert clock("24:00", "end_time", end=True) == dt.time(0, 0)


def test_plus_minutes_wraps_past_midnight():
    assert plus_minutes(dt.time(23, 30), 60) == dt.time(0, 30)


@pytest.mark.parametrize(("raw", "expected"), [(0, 0), (6, 6), ("3", 3), (" 5 ", 5)])
def test_weekday_accepts_numbers_and_numeric_strings(raw, expected):
    assert weekday(raw) == expected


@pytest.mark.parametrize("raw", [7, -1, "Monday", True, None, 1.5])
def test_weekday_rejects_anything_else(raw):
    with pytest.raises(RecordError, match="is not 0-6"):
        weekday(raw)


def test_coordinates_from_numbers_and_strings():
    assert coordinate("59.91", "latitude") == pytest.approx(59.91)
    assert coordinate(10, "longitude") == 10.0
    assert coordinate("", "latitude") is None
    assert point("0", "0") == (None, None)  # a tool's "unknown", not the Gulf of Guinea
    with pytest.raises(RecordError, match="latitude 'north' is not a number"):
        coordinate("north", "latitude")
    with pytest.raises(RecordError, match="finite"):
        coordinate(float("nan"), "latitude")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("yes", True), ("no", False), (True, True), (False, False), (None, False), ("1", True)],
)
def test_flag(raw, expected):
    assert flag(raw, "approximate") is expected


def test_flag_rejects_an_unclear_value():
    with pytest.raises(RecordError, match="approximate 'maybe' is not yes or no"):
        flag("maybe", "approximate")


def test_text_trims_decodes_entities_and_drops_control_characters():
    assert text("  Love &amp; Service\x00 ") == "Love & Service"
    assert text("") is None
    assert text(42) == "42"
    assert text(["a"]) is None


def test_type_codes_keep_ours_and_short_codes_and_drop_words():
    codes = type_codes(["o", "C", "POA", "12X12", "", "not a code", "O", 7])
    assert codes == ["O", "C", "POA", "12x12", "7"]
    assert type_codes("O,W") == ["O", "W"]
    assert type_codes(None) == []


def test_join_notes_skips_empty_parts_and_repeats():
    assert join_notes("Door at the back", None, "", "Door at the back", "Zoom") == (
        "Door at the back\n\nZoom"
    )
    assert join_notes(None, " ") is None


@pytest.mark.parametrize(
    ("conference", "place", "closed", "expected"),
    [
        (False, True, False, "in_person"),
        (True, True, False, "hybrid"),
        (True, False, False, "online"),
        (True, True, True, "online"),
    ],
)
def test_attendance_without_an_option_follows_tsml(conference, place, closed, expected):
    found = attendance(None, has_conference=conference, has_place=place, temporarily_closed=closed)
    assert found == expected


def test_attendance_inactive_is_rejected():
    with pytest.raises(RecordError, match="^inactive$"):
        attendance("inactive", has_conference=False, has_place=True, temporarily_closed=False)
    with pytest.raises(RecordError, match="temporarily closed"):
        attendance(None, has_conference=False, has_place=True, temporarily_closed=True)


def test_timezone_order_record_then_option_then_coordinates_then_oslo():
    new_york = (40.7484, -73.9857)
    assert timezone_for("America/Chicago", FeedOptions(timezone="UTC"), *new_york) == (
        "America/Chicago"
    )
    assert timezone_for(None, FeedOptions(timezone="UTC"), *new_york) == "UTC"
    assert timezone_for(None, FeedOptions(), *new_york) == "America/New_York"
    assert timezone_for(None, FeedOptions(), 69.6492, 18.9553) == "Europe/Oslo"
    assert timezone_for(None, FeedOptions(), None, None) == "Europe/Oslo"
    assert timezone_for(None, FeedOptions(), None, None, "NO") == "Europe/Oslo"


def test_no_zone_is_guessed_for_a_meeting_known_to_be_abroad():
    with pytest.raises(RecordError, match="no time zone.*CA.*--timezone"):
        timezone_for(None, FeedOptions(), None, None, "CA")


def test_country_of_reads_the_country_field_or_the_end_of_the_address():
    assert country_of("Canada", None) == "CA"
    assert country_of("us", None) == "US"
    assert country_of(None, "8318 104 St, Edmonton, Alberta, T6E 4E8, Canada") == "CA"
    assert country_of(None, "18 Olive Ave, Rehoboth Beach, DE 19971, USA") == "US"
    assert country_of(None, "Storgata 1, Oslo") is None
    assert country_of(None, "Storgata 1, 0150 Oslo, Norge") == "NO"
