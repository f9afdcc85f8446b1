"""The first three months after discharge on a client's home: the week since the discharge date
the clinic recorded, one suggestion for the week in turn, never a score; it stops after three
months unless the client keeps it, and the client can hide it."""

from __future__ import annotations

from datetime import timedelta

import pytest

from peerapp.services import first_months
from peerapp.services.municipalities import handovers
from peerapp.services.municipalities.handovers import DischargeSpec
from tests.support.auth import session_client


@pytest.fixture
def client_of(clinic_factory, user_factory, municipality_factory):
    clinic = clinic_factory()
    municipality_factory(number="0301", name="Oslo")
    return {
        "client": user_factory(role="client", clinic=clinic),
        "staff": user_factory(role="clinic", clinic=clinic),
    }


def _discharged(people, days_ago: int):
    day = handovers.today() - timedelta(days=days_ago)
    handovers.record_discharge(
        people["staff"],
        people["client"].id,
        DischargeSpec(discharge_date=day, municipality_number="0301"),
    )
    return day


def _home(app, user, lang: str = "en") -> str:
    browser, _token = session_client(app, user)
    answer = browser.get(f"/?lang={lang}")
    assert answer.status_code == 200
    return answer.get_data(as_text=True)


def _choose(app, user, choice: str) -> int:
    browser, token = session_client(app, user)
    return browser.post(
        "/home/first-months", data={"choice": choice, "csrf_token": token}
    ).status_code


def test_ten_days_after_discharge_the_home_says_week_two_with_one_suggestion(app, client_of):
    _discharged(client_of, 10)
    page = _home(app, client_of["client"])
    assert "Week 2 after treatment" in page
    assert "The first weeks are new ground" in page
    # week two's one suggestion is a peer; the other two wait for their weeks
    assert "a talk with a peer who has been there" in page
    assert "a meeting that is good for a first time" not in page
    assert "a sober place to spend an evening" not in page
    # not yet the offer to keep it: that comes in the third month
    assert "Keep this after three months" not in page
    assert "Uke 2 etter behandling" in _home(app, client_of["client"], "nb")
    assert "Veke 2 etter behandling" in _home(app, client_of["client"], "nn")


def test_the_suggestion_turns_week_by_week(app, client_of):
    day = _discharged(client_of, 0)
    client = client_of["client"]
    seen = [
        first_months.first_weeks(client, day + timedelta(days=7 * week)).suggestion
        for week in range(6)
    ]
    assert seen == ["newcomer_meeting", "peer", "place"] * 2
    assert "a meeting that is good for a first time" in _home(app, client)


def test_without_a_known_discharge_date_or_before_it_the_home_says_nothing(app, client_of):
    assert "after treatment" not in _home(app, client_of["client"])
    day = handovers.today() + timedelta(days=3)
    handovers.record_discharge(
        client_of["staff"],
        client_of["client"].id,
        DischargeSpec(discharge_date=day, municipality_number="0301"),
    )
    assert "after treatment" not in _home(app, client_of["client"])


def test_after_three_months_it_stops_unless_the_client_keeps_it(app, client_of):
    day = _discharged(client_of, 60)
    client = client_of["client"]
    page = _home(app, client)
    assert "Week 9 after treatment" in page
    assert "Keep this after three months" in page
    later = day + timedelta(days=7 * 14)
    assert first_months.first_weeks(client, later) is None

    assert _choose(app, client, "keep") == 303
    kept = first_months.first_weeks(client, later)
    assert kept is not None and kept.week == 15 and kept.after_three_months
    assert "Keep this after three months" not in _home(app, client)

    assert _choose(app, client, "usual") == 303
    assert first_months.first_weeks(client, later) is None


def test_the_client_can_hide_it_and_it_is_in_their_export(app, client_of):
    _discharged(client_of, 20)
    client = client_of["client"]
    assert "Week 3 after treatment" in _home(app, client)
    assert _choose(app, client, "hide") == 303
    assert "after treatment" not in _home(app, client)
    browser, _token = session_client(app, client)
    exported = browser.get("/api/v1/me/export").get_json()
    assert exported["first_months"]["choice"] == "hide"


def test_a_choice_that_is_not_one_is_refused_and_nothing_changes(app, client_of):
    _discharged(client_of, 20)
    client = client_of["client"]
    assert _choose(app, client, "forever") == 400
    assert _choose(app, client, "") == 400
    assert "Week 3 after treatment" in _home(app, client)
