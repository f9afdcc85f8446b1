"""Reading Meeting Guide records: what is imported, and why the rest is rejected."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from peerapp.services.meetings.feeds import FeedOptions, parse_feed
from peerapp.services.meetings.feeds.meeting_guide import parse_meeting_guide
from peerapp.services.meetings.feeds.records import ParsedFeed


def record(**overrides: Any) -> dict[str, Any]:
    """An in-person meeting in Oslo, as a Meeting Guide record."""
    base: dict[str, Any] = {
        "name": "Tirsdagsgruppa",
        "slug": "tirsdagsgruppa",
        "day": 2,
        "time": "19:00",
        "end_time": "20:30",
        "types": ["O", "NO"],
        "location": "Frivilligsentralen",
        "address": "Storgata 1",
        "city": "Oslo",
        "postal_code": "0155",
        "country": "NO",
        "latitude": 59.9133,
        "longitude": 10.7522,
    }
    base.update(overrides)
    return base


def parse(*records: dict[str, Any], **options: Any) -> ParsedFeed:
    """Parse records as one feed with these options."""
    return parse_meeting_guide(list(records), FeedOptions(**options))


def only(parsed: ParsedFeed) -> Any:
    """The fields of the one record a feed imported."""
    assert not parsed.rejections, parsed.rejections
    assert len(parsed.records) == 1
    return parsed.records[0].fields


def reasons(parsed: ParsedFeed) -> list[str]:
    """Why each rejected record was rejected."""
    return [r.reason for r in parsed.rejections]


def test_a_complete_record_becomes_our_fields():
    fields = only(parse(record()))
    assert fields.name == "Tirsdagsgruppa"
    assert fields.fellowship == "aa"
    assert (fields.day, fields.time, fields.end_time) == (2, dt.time(19), dt.time(20, 30))
    assert fields.timezone == "Europe/Oslo"
    assert fields.types == ["O", "NO"]
    assert fields.attendance_option == "in_person"
    loc = fields.location
    assert (loc.name, loc.address, loc.city, loc.postal_code, loc.country) == (
        "Frivilligsentralen",
        "Storgata 1",
        "Oslo",
        "0155",
        "NO",
    )
    assert (loc.latitude, loc.longitude, loc.approximate) == (59.9133, 10.7522, False)


def test_a_list_of_days_makes_one_meeting_per_day_with_stable_ids():
    parsed = parse(record(day=[1, "3", 5]))
    assert [(r.external_slug, r.fields.day) for r in parsed.records] == [
        ("tirsdagsgruppa-d1", 1),
        ("tirsdagsgruppa-d3", 3),
        ("tirsdagsgruppa-d5", 5),
    ]


def test_a_one_day_list_keeps_the_plain_id():
    parsed = parse(record(day=[4]))
    assert [(r.external_slug, r.fields.day) for r in parsed.records] == [("tirsdagsgruppa", 4)]


def test_a_bad_day_in_a_list_rejects_the_record():
    parsed = parse(record(day=[1, 9]))
    assert parsed.records == []
    assert reasons(parsed) == ["day 9 is not 0-6"]


def test_missing_end_time_is_an_hour_after_the_start():
    assert only(parse(record(end_time=None))).end_time == dt.time(20, 0)
    assert only(parse(record(time="23:30", end_time=""))).end_time == dt.time(0, 30)
    assert only(parse(record(end_time="19:00"))).end_time == dt.time(20, 0)


def test_twelve_hour_times_are_repaired():
    fields = only(parse(record(time="7:30 PM", end_time="8:45 PM")))
    assert (fields.time, fields.end_time) == (dt.time(19, 30), dt.time(20, 45))


def test_an_unreadable_time_is_rejected_with_its_value():
    parsed = parse(record(time="evening"))
    assert reasons(parsed) == ["time 'evening' is not a time of day (HH:MM)"]
    assert parsed.rejections[0].id == "tirsdagsgruppa"
    assert parsed.rejections[0].index == 0


def test_string_coordinates_are_read():
    loc = only(parse(record(latitude="60.3913", longitude="5.3221"))).location
    assert (loc.latitude, loc.longitude) == (60.3913, 5.3221)


def test_missing_timezone_is_taken_from_the_coordinates():
    fields = only(parse(record(latitude="40.7484", longitude="-73.9857", country="US")))
    assert fields.timezone == "America/New_York"


def test_timezone_option_and_record_timezone():
    assert only(parse(record(), timezone="Europe/Stockholm")).timezone == "Europe/Stockholm"
    fields = only(parse(record(timezone="Europe/Helsinki"), timezone="Europe/Stockholm"))
    assert fields.timezone == "Europe/Helsinki"
    assert reasons(parse(record(timezone="CET+1"))) == ["unknown time zone 'CET+1'"]


def test_a_meeting_abroad_without_zone_or_coordinates_is_rejected_unless_told():
    abroad = record(address=None, city=None, postal_code=None, country=None, latitude=None)
    abroad.update(longitude=None, formatted_address="9540 83 Ave NW, Edmonton, AB, Canada")
    assert "no time zone" in reasons(parse(abroad))[0]
    assert only(parse(abroad, timezone="America/Edmonton")).timezone == "America/Edmonton"


def test_formatted_address_is_the_address_when_there_are_no_parts():
    tsml = record(address=None, city=None, postal_code=None, country=None)
    tsml["formatted_address"] = "Storgata 1, 0155 Oslo, Norway"
    loc = only(parse(tsml)).location
    assert (loc.address, loc.city, loc.country) == ("Storgata 1, 0155 Oslo, Norway", None, None)


def test_regions_are_joined_and_state_is_the_last_resort():
    assert only(parse(record(regions=["Oslo", "Grünerløkka"]))).location.region == (
        "Oslo > Grünerløkka"
    )
    assert only(parse(record(region="Oslo"))).location.region == "Oslo"
    assert only(parse(record(state="Viken"))).location.region == "Viken"


def test_approximate_online_meeting_from_tsml():
    fields = only(
        parse(
            record(
                attendance_option="online",
                conference_url="https://zoom.us/j/123",
                approximate="yes",
                types=["O", "ONL"],
            )
        )
    )
    assert fields.attendance_option == "online"
    assert fields.location.approximate is True
    assert fields.types == ["O", "ONL"]


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        ({}, "in_person"),
        ({"conference_url": "https://zoom.us/j/1"}, "hybrid"),
        ({"conference_phone": "+47 22 00 00 00", "approximate": "yes"}, "online"),
        (
            {"conference_url": "https://zoom.us/j/1", "address": None, "city": None,
             "postal_code": None, "latitude": None, "longitude": None},
            "online",
        ),
        ({"conference_url": "https://zoom.us/j/1", "types": ["TC"]}, "online"),
    ],
)  # fmt: skip
def test_attendance_is_inferred_when_the_feed_does_not_say(extra, expected):
    assert only(parse(record(**extra))).attendance_option == expected


def test_tsml_attendance_option_wins_over_inference():
    parsed = parse(record(attendance_option="hybrid", conference_url="https://meet.example/x"))
    assert only(parsed).attendance_option == "hybrid"


def test_inactive_meetings_are_rejected():
    assert reasons(parse(record(attendance_option="inactive"))) == ["inactive"]
    closed = reasons(parse(record(types=["TC", "O"])))
    assert closed == ["inactive (location temporarily closed, no online option)"]


def test_online_without_a_link_is_rejected_by_the_meeting_checks():
    assert reasons(parse(record(attendance_option="online"))) == [
        "an online or hybrid meeting needs a conference URL or phone"
    ]


def test_fellowship_option_then_record_then_feed_default():
    assert only(parse(record(fellowship="Al-Anon"))).fellowship == "al-anon"
    assert only(parse(record(fellowship="na"), fellowship="aa")).fellowship == "aa"
    assert only(parse(record(), default_fellowship="na")).fellowship == "na"
    assert reasons(parse(record(fellowship="Overeaters"))) == ["unknown fellowship 'Overeaters'"]


def test_records_without_id_name_or_place_are_rejected():
    parsed = parse(
        record(slug=None, id=None),
        record(slug="no-name", name=" "),
        record(slug="nowhere", address=None, city=None, latitude=None, longitude=None),
        "not a record",
    )
    assert [(r.index, r.id, r.reason) for r in parsed.rejections] == [
        (0, None, "no slug or id"),
        (1, "no-name", "name is empty"),
        (2, "nowhere", "an in-person meeting needs an address or coordinates"),
        (3, None, "not a JSON object"),
    ]


def test_numeric_id_is_used_when_there_is_no_slug_and_the_name_makes_our_slug():
    parsed = parse(record(slug=None, id=4711))
    assert parsed.records[0].external_slug == "4711"
    assert parsed.records[0].slug_hint == "Tirsdagsgruppa"


def test_a_repeated_id_is_rejected():
    parsed = parse(record(), record(day=4))
    assert len(parsed.records) == 1
    assert reasons(parsed) == ["duplicate id (first at index 0)"]


def test_values_too_long_for_the_database_are_rejected():
    parsed = parse(record(postal_code="0" * 21))
    assert reasons(parsed) == ["postal_code is longer than 20 characters"]


def test_notes_are_gathered_and_group_stands_in_for_a_missing_name():
    fields = only(
        parse(
            record(
                name="",
                group="Onsdagsgruppa",
                notes="Ring på",
                location_notes="Inngang fra gården",
                conference_url_notes=None,
            )
        )
    )
    assert fields.name == "Onsdagsgruppa"
    assert fields.notes == "Ring på\n\nInngang fra gården"


def test_parse_feed_tells_the_format():
    found, parsed = parse_feed([record()], FeedOptions())
    assert found == "meeting-guide"
    assert len(parsed.records) == 1


@pytest.mark.parametrize(
    ("notes", "rule"),
    [
        ("Meets the 2nd and 4th Tuesday of the month.", "FREQ=MONTHLY;BYDAY=2TU,4TU"),
        ("Møtes første tirsdag i måneden.", "FREQ=MONTHLY;BYDAY=1TU"),
        # what real TSML notes say is a change to a weekly meeting, which stays weekly
        ("Open meeting last Tuesday of the month for birthdays.", None),
        ("Closed except the last Tuesday of each month.", None),
        ("Group business meetings are held last Tuesday of the month after the meeting.", None),
        ("Meets every other Tuesday.", None),
    ],
)
def test_notes_saying_the_meeting_is_monthly_give_a_rule_others_leave_it_weekly(notes, rule):
    fields = only(parse(record(notes=notes)))
    assert fields.recurrence == rule
    assert fields.notes == notes


def test_the_public_sample_feeds_hold_no_monthly_meeting(shared_fixtures):
    """Their notes say "open the last Friday" of weekly meetings: none is read as a rule."""
    import json

    for name in ("al-anon-massachusetts.json", "aa-sussex-delaware.json"):
        records = json.loads((shared_fixtures / "meeting-guide" / name).read_text("utf-8"))
        parsed = parse(*records, timezone="America/New_York")
        assert parsed.records
        assert all(r.fields.recurrence is None for r in parsed.records)
