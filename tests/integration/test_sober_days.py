"""The sober-days counter: optional, paused rather than reset, and every stretch kept."""

from __future__ import annotations

from datetime import date

import pytest

from peerapp.errors import ValidationError
from peerapp.services.checkins import consent, sober_days
from tests.support.auth import form_token, session_client


def test_counting_pausing_and_starting_again_keeps_the_history(user_factory):
    user = user_factory(role="client")
    sober_days.start_counting(user, date(2026, 1, 1), on=date(2026, 1, 10))
    assert sober_days.sober_days(user, on=date(2026, 1, 10)).days == 10

    assert sober_days.pause_counting(user, on=date(2026, 1, 24))
    paused = sober_days.sober_days(user, on=date(2026, 2, 1))
    assert paused.current is None and paused.days == 0
    assert [(p.started_on, p.ended_on) for p in paused.earlier] == [
        (date(2026, 1, 1), date(2026, 1, 23))
    ]

    sober_days.start_counting(user, date(2026, 2, 1), on=date(2026, 2, 1))
    again = sober_days.sober_days(user, on=date(2026, 2, 5))
    assert again.days == 5
    assert again.total_days == 23 + 5  # nothing counted is ever lost


@pytest.mark.parametrize("started", [date(2026, 3, 1), date(1900, 1, 1)])
def test_a_start_in_the_future_or_long_ago_is_refused(user_factory, started):
    user = user_factory(role="client")
    with pytest.raises(ValidationError):
        sober_days.start_counting(user, started, on=date(2026, 2, 1))


def test_starting_twice_is_refused(user_factory):
    user = user_factory(role="client")
    sober_days.start_counting(user, date(2026, 1, 1), on=date(2026, 1, 2))
    assert sober_days.pause_counting(user, on=date(2026, 1, 3))
    assert not sober_days.pause_counting(
        user, on=date(2026, 1, 3)
    )  # not counting: nothing to pause
    sober_days.start_counting(user, date(2026, 1, 3), on=date(2026, 1, 3))
    with pytest.raises(ValidationError):
        sober_days.start_counting(user, date(2026, 1, 2), on=date(2026, 1, 2))


def test_the_page_counts_and_pauses_without_a_reset(app, user_factory):
    user = user_factory(role="client")
    consent.give_consent(user)
    browser, _ = session_client(app, user)
    token = form_token(browser, "/checkin/progress")
    started = browser.post("/checkin/sober/start", data={"csrf_token": token})
    assert started.status_code == 303
    page = browser.get("/checkin/progress?lang=en").get_data(as_text=True)
    assert "1 day" in page and "Pause the counter" in page

    browser.post("/checkin/sober/pause", data={"csrf_token": token})
    page = browser.get("/checkin/progress?lang=en").get_data(as_text=True)
    assert "Start counting again" in page
    assert "In all: 1 sober day." in page

    bad = browser.post(
        "/checkin/sober/start", data={"started_on": "2999-01-01", "csrf_token": token}
    )
    assert bad.status_code == 400
    assert "not in the future" in bad.get_data(as_text=True)
