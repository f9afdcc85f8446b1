"""Reading BMLT GetSearchResults: weekdays, durations, formats and venue types."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from peerapp.services.meetings.feeds import FeedOptions, parse_feed
from peerapp.services.meetings.feeds.bmlt import parse_bmlt, type_codes, world_ids
from peerapp.services.meetings.feeds.records import ParsedFeed

FORMATS = [
    {"key_string": "O", "world_id": "OPEN"},
    {"key_string": "B", "world_id": "BEG"},
    {"key_string": "Å", "world_id": "CLOSED"},  # a server's own key for a standard format
    {"key_string": "WC", "world_id": "WCHR"},
    {"key_string": "ES", "world_id": "LANG"},
    {"key_string": "CH", "world_id": ""},
]


def meeting(**overrides: str) -> dict[str, str]:
    """A BMLT meeting in Oslo: every value a string, as BMLT sends them."""
    base = {
        "id_bigint": "2566",
        "weekday_tinyint": "1",
        "start_time": "19:00:00",
        "duration_time": "01:30:00",
        "formats": "O,D",
        "latitude": "59.9133",
        "longitude": "10.7522",
        "meeting_name": "NA Ny start",
        "location_text": "Kirkens Bymisjon",
        "location_info": "Andre etasje",
        "location_street": "Storgata 3",
        "location_municipality": "Oslo",
        "location_province": "Oslo",
        "location_postal_code_1": "0155",
        "location_nation": "NO",
        "virtual_meeting_link": "",
        "phone_meeting_number": "",
    }
    base.update(overrides)
    return base


def parse(
    *meetings: dict[str, Any], formats: list[Any] | None = None, **options: Any
) -> ParsedFeed:
    """Parse records as one feed with these options."""
    return parse_bmlt(list(meetings), formats or [], FeedOptions(**options))


def only(parsed: ParsedFeed) -> Any:
    """The fields of the one record a feed imported."""
    assert not parsed.rejections, parsed.rejections
    assert len(parsed.records) == 1
    return parsed.records[0].fields


@pytest.mark.parametrize(("tinyint", "day"), [("1", 0), ("2", 1), ("4", 3), ("7", 6)])
def test_weekday_tinyint_one_is_sunday(tinyint, day):
    assert only(parse(meeting(weekday_tinyint=tinyint))).day == day


@pytest.mark.parametrize("tinyint", ["0", "8", "", "Sunday"])
def test_a_weekday_out_of_range_is_rejected(tinyint):
    parsed = parse(meeting(weekday_tinyint=tinyint))
    assert parsed.rejections[0].reason == f"weekday_tinyint {tinyint!r} is not 1-7"
    assert parsed.rejections[0].id == "2566"


def test_a_meeting_becomes_our_fields():
    fields = only(parse(meeting()))
    assert fields.name == "NA Ny start"
    assert fields.fellowship == "na"
    assert (fields.time, fields.end_time) == (dt.time(19), dt.time(20, 30))
    assert fields.timezone == "Europe/Oslo"
    assert fields.types == ["O", "D"]
    assert fields.attendance_option == "in_person"
    assert fields.notes == "Andre etasje"
    loc = fields.location
    assert (loc.name, loc.address, loc.city, loc.postal_code, loc.region, loc.country) == (
        "Kirkens Bymisjon",
        "Storgata 3",
        "Oslo",
        "0155",
        "Oslo",
        "NO",
    )
    assert (loc.latitude, loc.longitude) == (59.9133, 10.7522)
    assert parse(meeting()).records[0].external_slug == "2566"


def test_duration_and_time_zone():
    fields = only(parse(meeting(duration_time="", start_time="23:30:00")))
    assert fields.end_time == dt.time(0, 30)
    assert only(parse(meeting(time_zone="America/New_York"))).timezone == "America/New_York"
    ny = only(parse(meeting(latitude="42.9613734", longitude="-77.1205486", location_nation="")))
    assert ny.timezone == "America/New_York"
    rejected = parse(meeting(duration_time="90 min"))
    assert rejected.rejections[0].reason == "duration_time '90 min' is not HH:MM:SS"


def test_common_na_format_keys_become_meeting_guide_codes():
    keys = "O,C,B,BT,D,SD,St,Tr,JT,LC,M,W,YP,WC,CW,NS,TC,EN,ES,XYZ"
    codes = type_codes(keys.split(","), {})
    assert codes == ["O", "C", "BE", "LIT", "D", "SP", "ST", "TR", "M", "W", "Y", "X", "CF", "NS",
                     "TC", "EN", "S"]  # fmt: skip


def test_the_servers_format_list_is_read_through_world_ids():
    worlds = world_ids(FORMATS)
    assert worlds["Å"] == "CLOSED"
    assert type_codes(["Å", "B", "WC", "ES", "CH"], worlds) == ["C", "BE", "X", "S"]
    fields = only(parse(meeting(formats="Å,WC"), formats=FORMATS))
    assert fields.types == ["C", "X"]


def test_bmlt_b_is_beginners_not_big_book():
    assert only(parse(meeting(formats="B"))).types == ["BE"]


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"venue_type": "1"}, "in_person"),
        ({"venue_type": "2", "virtual_meeting_link": "https://zoom.us/j/1"}, "online"),
        ({"venue_type": "3", "phone_meeting_number": "+4722000000"}, "hybrid"),
        ({"formats": "O,VM", "virtual_meeting_link": "https://zoom.us/j/1"}, "online"),
        ({"formats": "O,HY", "virtual_meeting_link": "https://zoom.us/j/1"}, "hybrid"),
        ({"virtual_meeting_link": "https://zoom.us/j/1"}, "hybrid"),
        ({"formats": "TC,VM", "virtual_meeting_link": "https://zoom.us/j/1"}, "online"),
    ],
)
def test_venue_type_formats_and_links_give_the_attendance(overrides, expected):
    fields = only(parse(meeting(**overrides)))
    assert fields.attendance_option == expected
    if expected != "in_person":
        assert fields.conference_url or fields.conference_phone


def test_temporarily_closed_without_a_link_and_unpublished_are_rejected():
    parsed = parse(
        meeting(formats="TC"),
        meeting(id_bigint="2", published="0"),
        meeting(id_bigint="3", venue_type="2"),
    )
    assert [r.reason for r in parsed.rejections] == [
        "inactive (location temporarily closed, no online option)",
        "not published",
        "an online or hybrid meeting needs a conference URL or phone",
    ]


def test_the_fellowship_option_applies_to_bmlt_too():
    assert only(parse(meeting(), fellowship="ca")).fellowship == "ca"


def test_parse_feed_reads_both_bmlt_shapes():
    found, parsed = parse_feed({"meetings": [meeting()], "formats": FORMATS}, FeedOptions())
    assert found == "bmlt"
    assert len(parsed.records) == 1
    found, parsed = parse_feed([meeting(), meeting(id_bigint="2567")], FeedOptions())
    assert found == "bmlt"
    assert [r.external_slug for r in parsed.records] == ["2566", "2567"]


# --- meetings that are not weekly: BMLT has no field, servers spell it in formats or comments ---

MONTHLY_FORMATS = [
    {"key_string": "O", "world_id": "OPEN", "name_string": "Open"},
    {"key_string": "1st", "world_id": "", "name_string": "First week of the month"},
    {"key_string": "3rd", "world_id": "", "name_string": "Third week of the month"},
    {"key_string": "L", "world_id": "", "name_string": "Last Sunday of the month"},
    {"key_string": "M2", "world_id": "", "name_string": "2nd & 4th"},
    {"key_string": "MO", "world_id": "", "name_string": "Monthly"},
    {"key_string": "BW", "world_id": "", "name_string": "Bi-weekly"},
    {"key_string": "FS", "world_id": "", "name_string": "First Saturday"},
]


@pytest.mark.parametrize(
    ("formats", "tinyint", "rule"),
    [
        ("O,1st", "1", "FREQ=MONTHLY;BYDAY=1SU"),
        ("1st,3rd", "2", "FREQ=MONTHLY;BYDAY=1MO,3MO"),
        ("O,L", "1", "FREQ=MONTHLY;BYDAY=-1SU"),  # read from the format's name
        ("M2", "3", "FREQ=MONTHLY;BYDAY=2TU,4TU"),
    ],
)
def test_formats_that_name_weeks_of_the_month_become_a_monthly_rule(formats, tinyint, rule):
    fields = only(parse(meeting(formats=formats, weekday_tinyint=tinyint), formats=MONTHLY_FORMATS))
    assert fields.recurrence == rule
    assert fields.types == (["O"] if "O" in formats else [])


@pytest.mark.parametrize(
    ("formats", "tinyint"),
    [
        ("O,D", "1"),  # nothing said: weekly
        ("MO", "1"),  # monthly, but which week?
        ("BW", "1"),  # every other week (or twice a week), from when?
        ("FS", "1"),  # "First Saturday" on a Sunday meeting: we cannot tell which is right
        ("L", "2"),  # "Last Sunday of the month" on a Monday meeting
    ],
)
def test_formats_that_do_not_say_which_days_leave_the_meeting_weekly(formats, tinyint):
    fields = only(parse(meeting(formats=formats, weekday_tinyint=tinyint), formats=MONTHLY_FORMATS))
    assert fields.recurrence is None


def test_a_servers_own_keys_are_read_without_its_formats_list():
    assert only(parse(meeting(formats="O,2nd,4th", weekday_tinyint="6"))).recurrence == (
        "FREQ=MONTHLY;BYDAY=2FR,4FR"
    )
    assert only(parse(meeting(formats="O,1.", weekday_tinyint="1"))).recurrence == (
        "FREQ=MONTHLY;BYDAY=1SU"
    )


@pytest.mark.parametrize(
    ("comments", "rule"),
    [
        ("Meets the 1st and 3rd Sunday of the month.", "FREQ=MONTHLY;BYDAY=1SU,3SU"),
        ("Møtes siste søndag i måneden. Ta med kaffe!", "FREQ=MONTHLY;BYDAY=-1SU"),
        ("Open meeting last Sunday of the month.", None),  # a weekly meeting, open that day
        ("Birthdays the 1st Sunday of each month", None),
        ("Meets the first Monday of the month.", None),  # not the meeting's weekday
        ("Meets every other week.", None),
    ],
)
def test_comments_are_read_only_when_they_say_when_the_meeting_meets(comments, rule):
    fields = only(parse(meeting(comments=comments, formats="O")))
    assert fields.recurrence == rule
    assert comments in fields.notes  # what the server said is kept for people to read


def test_a_monthly_meeting_is_valid_and_its_digest_differs_from_the_weekly_one():
    weekly = parse(meeting(formats="O")).records[0]
    monthly = parse(meeting(formats="O,1st")).records[0]
    assert weekly.digest != monthly.digest
    assert monthly.fields.recurrence_start is None  # counted from any month: re-imports agree
