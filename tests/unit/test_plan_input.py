"""The plan's input rules: phone numbers one can call from Norway (and what a link dials),
appointment times on the clock in Norway that exist, and reminders at 18:00 the evening before
whatever the summer time does."""

from __future__ import annotations

from datetime import datetime, time

import pytest

from peerapp.services.plan import read, reminders
from peerapp.services.plan.store import OSLO

NOW = datetime(2027, 3, 1, 12, 0, tzinfo=OSLO)


@pytest.fixture(autouse=True)
def _babel(app):
    with app.test_request_context():
        yield


@pytest.mark.parametrize(
    ("typed", "dials"),
    [
        ("912 34 567", "+4791234567"),
        ("+47 912 34 567", "+4791234567"),
        ("0047 22 22 22 22", "+4722222222"),
        ("+46 70 123 45 67", "+46701234567"),
        ("113", "113"),
        ("116 117", "116117"),
    ],
)
def test_a_number_one_can_call_dials_as_a_link_should(typed, dials):
    assert read.phone_problem(typed) is None
    assert read.dial(typed) == dials


@pytest.mark.parametrize("typed", ["12345", "ring meg", "9" * 30, "+47 1", "1"])
def test_what_is_not_a_phone_number_is_refused(typed):
    assert read.phone_problem(typed)
    assert read.dial(typed) is None


def test_an_empty_phone_number_is_allowed():
    assert read.phone_problem("") is None


@pytest.mark.parametrize(
    ("day", "clock", "field"),
    [
        ("2027-02-29", "10:00", "day"),
        ("2027-13-01", "10:00", "day"),
        ("i morgen", "10:00", "day"),
        ("2027-03-02", "24:00", "clock"),
        ("2027-03-02", "ti", "clock"),
        ("2031-03-02", "10:00", "day"),
        ("2026-12-01", "10:00", "day"),
    ],
)
def test_an_appointment_time_that_does_not_exist_or_is_out_of_range_is_named(day, clock, field):
    errors: dict[str, str] = {}
    assert read.day_and_clock(day, clock, errors, now=NOW) is None
    assert field in errors


def test_a_form_time_is_on_the_clock_in_norway():
    errors: dict[str, str] = {}
    when = read.day_and_clock("2027-04-01", "9.30", errors, now=NOW)
    assert errors == {}
    assert when == datetime(2027, 4, 1, 9, 30, tzinfo=OSLO)
    assert when.utcoffset().total_seconds() == 7200  # summer time


def test_over_long_text_says_its_length_and_is_not_cut():
    errors: dict[str, str] = {}
    kept = read.text("x" * 301, "line", read.MAX_ITEM_LENGTH, errors, required=True)
    assert len(kept) == 301
    assert "301" in errors["line"]


def test_a_control_character_is_refused():
    errors: dict[str, str] = {}
    read.text("Gå\x1b en tur", "line", read.MAX_ITEM_LENGTH, errors, required=True)
    assert "line" in errors


@pytest.mark.parametrize(
    ("starts", "evening"),
    [
        # summer time begins on Sunday 28 March 2027 and ends on Sunday 31 October
        (datetime(2027, 3, 28, 9, 0, tzinfo=OSLO), datetime(2027, 3, 27, 18, 0, tzinfo=OSLO)),
        (datetime(2027, 3, 29, 9, 0, tzinfo=OSLO), datetime(2027, 3, 28, 18, 0, tzinfo=OSLO)),
        (datetime(2027, 10, 31, 8, 0, tzinfo=OSLO), datetime(2027, 10, 30, 18, 0, tzinfo=OSLO)),
    ],
)
def test_the_evening_reminder_is_at_18_the_day_before(starts, evening):
    assert reminders.evening_before(starts) == evening
    assert reminders.evening_before(starts).timetz().replace(tzinfo=None) == time(18, 0)
