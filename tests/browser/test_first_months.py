"""The first three months on a client's phone: the home says the week since discharge and one
thing for the week; the client keeps it after three months or hides it, and sees the result."""

from __future__ import annotations

from datetime import timedelta

from playwright.sync_api import expect

from peerapp.extensions import db
from peerapp.models import User
from peerapp.services.municipalities import handovers
from peerapp.services.municipalities.handovers import DischargeSpec
from peerapp.services.municipalities.registry import find_municipality
from tests.browser.account_pages import log_in
from tests.browser.pages import LANGS, assert_accessible, horizontal_overflow
from tests.factories import make_municipality

WEEK_TITLE = {"nb": "Uke 9 etter behandling", "en": "Week 9 after treatment"}


def _discharged_60_days_ago(live_server, add_person):
    staff = add_person("clinic", clinic_of=None)
    client = add_person("client", clinic_of=staff)
    with live_server.app.app_context():
        if find_municipality("0301") is None:
            make_municipality(number="0301", name="Oslo")
            db.session.commit()
        handovers.record_discharge(
            db.session.get(User, staff.id),
            client.id,
            DischargeSpec(
                discharge_date=handovers.today() - timedelta(days=60), municipality_number="0301"
            ),
        )
        db.session.remove()
    return client


@LANGS
def test_the_home_says_the_week_and_the_client_keeps_or_hides_it(
    open_phone, live_server, add_person, lang
):
    client = _discharged_60_days_ago(live_server, add_person)
    page = open_phone(lang).page
    log_in(page, client)
    page.goto(f"/?lang={lang}")
    title = page.locator("#first-weeks-title")
    expect(title).to_have_text(WEEK_TITLE[lang])
    section = page.locator(".first-weeks")
    expect(section.locator("a")).to_have_count(1)
    assert_accessible(page)

    section.locator("button[value=keep]").click()
    expect(title).to_be_in_viewport()
    expect(page.locator("button[value=keep]")).to_have_count(0)
    assert_accessible(page)

    page.locator("button[value=hide]").click()
    expect(page.locator(".first-weeks")).to_have_count(0)
    page.set_viewport_size({"width": 180, "height": 370})  # 200 % zoom on a 360 px phone
    assert horizontal_overflow(page) == 0
