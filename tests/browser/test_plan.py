"""Leaving with a plan, on a 360 px phone in Bokmål and English with axe-core finding nothing:
staff and the client build the hand-over together, and the client opens the crisis plan with no
signal and calls a person in it with one tap."""

from __future__ import annotations

from datetime import datetime, timedelta

from playwright.sync_api import expect

from peerapp.extensions import db
from peerapp.services.plan import edits, read
from peerapp.services.plan.store import OSLO, Person
from tests.browser.account_pages import AccountPage, log_in
from tests.browser.clinic_pages import sign_in
from tests.browser.conftest import LiveServer
from tests.browser.offline_pages import ThisPhone
from tests.browser.pages import LANGS, HelpPage, assert_accessible, path_of
from tests.browser.plan_pages import HandoverPage, PlanPage, StepPage

KEPT_PLAN = (
    "() => caches.open('peerapp-plan').then((c) => c.match('/plan')).then((found) => !!found)"
)
NO_PLAN = "() => caches.has('peerapp-plan').then((kept) => !kept)"


def header_row(page) -> list[float]:
    """The top of Home, Plan, Crisis help and 113 in the header."""
    tops = []
    for selector in (".home-link", ".plan-link", ".crisis-link", ".call-link"):
        box = page.locator(f".site-header {selector}").bounding_box()
        tops.append(round(box["y"]))
    return tops


@LANGS
def test_staff_and_the_client_build_the_hand_over_together(open_phone, add_person, lang):
    staff = add_person("clinic")
    client = add_person("client", clinic_of=staff)
    base = f"/clinic/clients/{client.id}/handover"

    desk = open_phone(lang).page
    sign_in(desk, staff.username)
    HandoverPage(desk).open_for(client.id)
    assert_accessible(desk)
    step = StepPage(desk).open_at(base + "/crisis/warning_signs")
    assert_accessible(desk)
    step.add_line("Lønningsdag")
    assert any("Lønningsdag" in line for line in step.lines())
    step.next_step().next_step().next_step()  # to "people I can ask for help"
    assert path_of(desk) == base + "/crisis/people"
    step.add_person("Kari", "ring meg", "Kommer over")
    expect(step.error_summary()).to_be_visible()
    assert step.value_of("name") == "Kari"  # nothing written is lost
    assert_accessible(desk)
    step.add_person("Kari", "912 34 567", "Kommer over")
    assert any("Kari" in line for line in step.lines())
    assert_accessible(desk)
    day = (datetime.now(OSLO).date() + timedelta(days=6)).isoformat()
    appointments = StepPage(desk).open_at(base + "/appointments")
    appointments.add_appointment("Fastlege", day, "10:30", "Dr. Berg")
    assert any("Fastlege" in line for line in appointments.lines())
    assert_accessible(desk)

    phone = open_phone(lang).page
    log_in(phone, client)
    plan = PlanPage(phone).open()
    assert header_row(phone) == [header_row(phone)[0]] * 4, "the header stays one row"
    assert "Lønningsdag" in plan.section_text("crisis")
    expect(plan.call_link("+4791234567")).to_be_visible()
    expect(plan.text_link("+4791234567")).to_be_visible()
    assert "Fastlege" in plan.section_text("appointments")
    assert plan.top_of("#crisis") < 740, "the crisis plan starts on the first screen"
    assert_accessible(phone)
    # the client changes it too, and staff see it
    StepPage(phone).open_at("/plan/crisis/coping").add_line("Gå en tur")
    assert_accessible(phone)
    assert "Gå en tur" in HandoverPage(desk).open_for(client.id).section_text("crisis")


def give_a_plan(live_server: LiveServer, person) -> None:
    """A crisis plan with Kari in it, as made at discharge."""
    with live_server.app.app_context():
        from peerapp.models.people import User

        user = db.session.get(User, person.id)
        changes = read.PlanChanges(
            crisis_plan={
                "warning_signs": ["Lønningsdag"],
                "people": [Person("Kari", "912 34 567", "Kommer over")],
            }
        )
        edits.update(user, user.id, changes)
        db.session.remove()


@LANGS
def test_the_crisis_plan_opens_with_no_signal_and_calls_kari(
    open_phone, add_person, live_server, lang
):
    client = add_person("client")
    give_a_plan(live_server, client)
    phone = ThisPhone(open_phone(lang, service_workers="allow"))
    page = phone.page
    log_in(page, client)
    HelpPage(page).open(lang)
    phone.wait_for_worker()
    phone.eventually(KEPT_PLAN)  # kept from any page while signed in, without opening it

    phone.go_offline()
    with page.expect_navigation():
        page.locator(".site-header .plan-link").click()
    plan = PlanPage(page)
    expect(phone.saved_copy_notice()).to_be_visible()
    assert "Lønningsdag" in plan.section_text("crisis")
    call = plan.call_link("+4791234567")
    expect(call).to_be_visible()
    assert call.get_attribute("href") == "tel:+4791234567"
    assert_accessible(page)

    phone.go_online()
    AccountPage(page).open().log_out_and_clear_the_phone()
    phone.eventually(NO_PLAN)  # gone from the phone at logout
