"""The municipality in the chain, on 360 px phones in Bokmål and English: the nurse records the
discharge, the client consents, the coordinator (signed in with a code) receives and confirms the
hand-over; withdrawing consent ends their access; one not confirmed is escalated to the clinic;
and a client with no code asks a clinic and is enrolled."""

from __future__ import annotations

from datetime import timedelta

from playwright.sync_api import expect

from tests.browser.clinic_pages import sign_in
from tests.browser.municipality_pages import (
    ClinicDashboard,
    ComeBackWithoutCode,
    DischargePage,
    HandoversPage,
    SharingPage,
    add_coordinator,
)
from tests.browser.pages import LANGS, assert_accessible, path_of


def _today(live_server) -> str:
    from peerapp.services.municipalities import handovers

    with live_server.app.app_context():
        return handovers.today().isoformat()


@LANGS
def test_the_coordinator_receives_and_confirms_and_loses_access_when_consent_goes(
    open_phone, add_person, live_server, lang
):
    staff = add_person("clinic")
    client = add_person("client", clinic_of=staff)
    coordinator, number, name = add_coordinator(live_server)

    desk = open_phone(lang).page
    sign_in(desk, staff.username)
    discharge = DischargePage(desk, client.id).open()
    assert_accessible(desk)
    discharge.record(_today(live_server), number)
    assert name in discharge.state()
    assert_accessible(desk)

    phone = open_phone(lang).page
    sign_in(phone, client.username)
    sharing = SharingPage(phone).open()
    assert name in sharing.main_text()
    assert_accessible(phone)
    sharing.share()
    expect(phone.locator("main form[action$='/withdraw'] button")).to_be_visible()
    assert_accessible(phone)

    office = open_phone(lang).page
    sign_in(office, coordinator.username)  # with the second step, as staff
    assert path_of(office) == "/municipality"
    handovers = HandoversPage(office)
    assert any(client.username in text for text in handovers.names())
    assert_accessible(office)
    handover = handovers.open_handover_of(client.username)
    assert_accessible(office)
    handover.confirm(f"{_today(live_server)}T23:30", "Rusteamet, Storgata 1")
    expect(office.locator("main form button[type=submit]")).to_be_visible()
    assert "(" + coordinator.username + ")" in handover.facts()
    assert_accessible(office)
    handover_path = path_of(office)

    SharingPage(phone).open()
    expect(phone.locator("main")).to_contain_text("Rusteamet, Storgata 1")
    SharingPage(phone).stop_sharing()
    expect(phone.locator("main form[action$='/consent'] button")).to_be_visible()
    assert_accessible(phone)

    answer = office.goto(handover_path)
    assert answer is not None and answer.status == 404
    HandoversPage(office).open()
    assert not any(client.username in text for text in HandoversPage(office).names())
    assert_accessible(office)


@LANGS
def test_an_unconfirmed_hand_over_is_escalated_to_the_clinic(
    open_phone, add_person, live_server, lang
):
    from peerapp.services.municipalities import handovers as rules

    staff = add_person("clinic")
    client = add_person("client", clinic_of=staff)
    coordinator, number, name = add_coordinator(live_server)
    desk = open_phone(lang).page
    sign_in(desk, staff.username)
    DischargePage(desk, client.id).open().record(_today(live_server), number)
    phone = open_phone(lang).page
    sign_in(phone, client.username)
    SharingPage(phone).open().share()

    with live_server.app.app_context():
        handover = rules.latest_for(client.id)
        # the worker's round two working days later: the clock is handed in
        assert rules.escalate_unconfirmed(rules.deadline(handover) + timedelta(minutes=1)) == 1

    dashboard = ClinicDashboard(desk).open()
    assert any(name in text for text in dashboard.overdue_handovers())
    assert_accessible(desk)
    office = open_phone(lang).page
    sign_in(office, coordinator.username)
    assert HandoversPage(office).overdue_badges() == 1
    assert_accessible(office)


@LANGS
def test_a_client_without_a_code_asks_a_clinic_and_is_enrolled(
    open_phone, add_person, live_server, lang
):
    from peerapp.extensions import db
    from peerapp.models import Clinic

    staff = add_person("clinic")
    client = add_person("client")
    with live_server.app.app_context():
        clinic = db.session.get(Clinic, staff.clinic_id)
        slug, phone_number = clinic.slug, clinic.phone

    phone = open_phone(lang).page
    sign_in(phone, client.username)
    come_back = ComeBackWithoutCode(phone).open()
    expect(come_back.call_link_of(phone_number)).to_be_visible()
    expect(phone.locator("main blockquote")).to_contain_text("brukerstyrt innleggelse")
    assert_accessible(phone)
    come_back.ask(slug)
    expect(phone.locator("main section[aria-labelledby=asked-title]")).to_be_visible()
    assert_accessible(phone)

    desk = open_phone(lang).page
    sign_in(desk, staff.username)
    dashboard = ClinicDashboard(desk).open()
    assert_accessible(desk)
    dashboard.accept(client.username, "user_controlled")
    assert_accessible(desk)

    ComeBackWithoutCode(phone).open()
    expect(ComeBackWithoutCode(phone).come_back_button()).to_be_visible()
    assert_accessible(phone)
