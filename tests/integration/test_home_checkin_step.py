"""The home's check-in tap opens the step of the hour: the morning plan until one is saved, the
evening check from 15:00 until it is saved, the check-in hub once the hour's step is done (and
before consent, where the hub asks for it)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, time

import pytest

import peerapp.home
from peerapp.extensions import db
from peerapp.services.checkins import consent, daily
from peerapp.services.checkins.daily import OSLO
from tests.support.auth import session_client

_TAP = re.compile(r'id="home-checkin" href="([^"]+)"')


@pytest.fixture
def client_user(user_factory, clinic_factory):
    return user_factory(role="client", clinic=clinic_factory(name="Klinikk Sør"))


@pytest.fixture
def phone(app, client_user):
    return session_client(app, client_user)[0]


@pytest.fixture
def clock(monkeypatch):
    """Set the home's clock to an hour of today in Norway."""

    def at(hour: int, minute: int = 0) -> None:
        instant = datetime.combine(daily.today(), time(hour, minute), OSLO).astimezone(UTC)
        monkeypatch.setattr(peerapp.home, "utcnow", lambda: instant)

    return at


def tap_on_home(phone) -> str:
    """Where the home's check-in tap leads."""
    match = _TAP.search(phone.get("/?lang=en").get_data(as_text=True))
    assert match, "no check-in tap on the home"
    return match.group(1)


def test_in_the_morning_the_tap_opens_the_plan_until_one_is_saved(phone, client_user, clock):
    consent.give_consent(client_user)
    db.session.commit()
    clock(8, 30)
    assert tap_on_home(phone) == "/checkin/plan"
    clock(14, 59)
    assert tap_on_home(phone) == "/checkin/plan"
    plan = (daily.Anchor("Gå en tur", "17:00"),)
    daily.save(client_user, daily.Entry(day=daily.today(), plan=plan))
    db.session.commit()
    clock(9, 0)
    assert tap_on_home(phone) == "/checkin", "the plan is made: the hub shows what is next"


def test_from_three_in_the_afternoon_the_tap_opens_the_evening_check_until_it_is_saved(
    phone, client_user, clock
):
    consent.give_consent(client_user)
    plan = (daily.Anchor("Gå en tur", "17:00"),)
    daily.save(client_user, daily.Entry(day=daily.today(), plan=plan))
    db.session.commit()
    clock(15, 0)
    assert tap_on_home(phone) == "/checkin/evening", "a plan saved does not make the evening done"
    clock(22, 30)
    assert tap_on_home(phone) == "/checkin/evening"
    daily.save(client_user, daily.Entry(day=daily.today(), mood=4, craving=2, plan=plan))
    db.session.commit()
    assert tap_on_home(phone) == "/checkin"
    html = phone.get("/?lang=en").get_data(as_text=True)
    assert "See or change today" in html


def test_before_consent_the_tap_opens_the_hub_which_asks_for_it(phone, clock):
    clock(8, 0)
    assert tap_on_home(phone) == "/checkin"
    clock(18, 0)
    assert tap_on_home(phone) == "/checkin"
    hub = phone.get("/checkin?lang=en").get_data(as_text=True)
    assert "Before your first check-in" in hub


def test_the_hub_highlights_the_same_step(phone, client_user, monkeypatch):
    from peerapp.services.checkins import steps

    consent.give_consent(client_user)
    db.session.commit()
    evening = datetime.combine(daily.today(), time(19, 0), OSLO)
    monkeypatch.setattr(steps, "datetime", _FixedClock(evening))
    hub = phone.get("/checkin?lang=en").get_data(as_text=True)
    assert re.search(r'class="button button-primary button-wide" id="evening-link"', hub)
    morning = datetime.combine(daily.today(), time(7, 0), OSLO)
    monkeypatch.setattr(steps, "datetime", _FixedClock(morning))
    hub = phone.get("/checkin?lang=en").get_data(as_text=True)
    assert re.search(r'class="button button-primary button-wide" id="plan-link"', hub)


class _FixedClock:
    """Stands in for ``datetime`` where only ``now`` is asked."""

    def __init__(self, instant: datetime) -> None:
        self.instant = instant

    def now(self, zone=None) -> datetime:
        return self.instant.astimezone(zone)
