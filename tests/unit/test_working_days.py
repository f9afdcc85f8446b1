"""Two working days in Norway: weekends and public holidays do not count."""

from __future__ import annotations

from datetime import datetime

from peerapp.services.municipalities.working_days import OSLO, after_working_days, is_working_day


def _oslo(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=OSLO)


def test_monday_to_wednesday_at_the_same_time():
    assert after_working_days(_oslo(2026, 12, 7, 10, 0), 2) == _oslo(2026, 12, 9, 10, 0)


def test_friday_to_tuesday_over_the_weekend():
    assert after_working_days(_oslo(2026, 12, 4, 15, 30), 2) == _oslo(2026, 12, 8, 15, 30)


def test_christmas_and_easter_do_not_count():
    # 24 Dec 2026 is a Thursday; 25 and 26 December are public holidays, then the weekend
    assert after_working_days(_oslo(2026, 12, 23, 9, 0), 2) == _oslo(2026, 12, 28, 9, 0)
    # Maundy Thursday 2 April 2026 to Easter Monday 6 April are holidays
    assert after_working_days(_oslo(2026, 4, 1, 12, 0), 2) == _oslo(2026, 4, 8, 12, 0)


def test_constitution_day_is_not_a_working_day():
    assert not is_working_day(_oslo(2027, 5, 17).date())
    assert is_working_day(_oslo(2027, 5, 18).date())
