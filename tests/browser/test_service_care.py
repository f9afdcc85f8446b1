"""Municipal staff and peer workers keep help services true from a 360 px phone: a municipal
coordinator (signed in with the second step) adds a service with its hours, is told of a bad
time at its field with nothing lost, saves, and a visitor then finds the service on /services.
Walked in Bokmål and English; axe-core finds nothing on any page on the way."""

from __future__ import annotations

from peerapp.finder import today_in_norway
from tests.browser.account_pages import log_in
from tests.browser.clinic_pages import sign_in
from tests.browser.conftest import PHONE
from tests.browser.municipality_pages import add_coordinator
from tests.browser.pages import LANGS, assert_accessible, horizontal_overflow, path_of
from tests.browser.service_care_pages import ServiceEditPage, ServiceLookAfterPage
from tests.browser.service_pages import ServiceFinderPage


@LANGS
def test_a_municipal_coordinator_adds_a_service_and_a_visitor_finds_it(
    open_phone, live_server, lang
):
    coordinator, _number, _name = add_coordinator(live_server)
    name = f"Lavterskel Nordlys {coordinator.id}"
    today = today_in_norway()

    phone = open_phone(lang).page
    sign_in(phone, coordinator.username)  # with the second step, as staff
    look_after = ServiceLookAfterPage(phone).open()
    assert_accessible(phone)
    form = look_after.new_service()
    assert_accessible(phone)
    assert horizontal_overflow(phone) == 0

    form.fill(name=name, address="Storgata 1", postal_code="9008", city="Tromsø")
    form.category("low_threshold_day_centre").access("drop_in").language("en")
    form.period(today, 0, "08:00", "25:00")
    form.save_by_enter("name")  # a time that is not one is refused, at its field

    assert form.error_links() == [f"#h{today}-0-closes"]
    assert form.field_error(f"h{today}-0-closes")
    assert form.value("name") == name and form.value(f"h{today}-0-opens") == "08:00"
    assert_accessible(phone)

    form.period(today, 0, "00:00", "24:00")
    form.save()
    assert path_of(phone).startswith("/services/")
    assert name in phone.locator("main h1").inner_text()
    assert_accessible(phone)

    visitor = open_phone(lang).page
    finder = ServiceFinderPage(visitor).open(lang=lang)
    finder.page.locator("#q").evaluate("field => field.closest('details').open = true")
    finder.page.locator("#q").fill(name)
    finder.search()
    assert finder.result_names() == [name]
    assert finder.is_marked_open(name)
    assert_accessible(visitor)


@LANGS
def test_a_peer_corrects_a_service_on_a_small_phone(open_phone, add_person, lang):
    peer = add_person("peer")
    phone = open_phone(lang).page
    log_in(phone, peer)
    form = ServiceLookAfterPage(phone).open().new_service()
    name = f"NAV Nordlys {peer.id}"
    form.fill(name=name, postal_code="9008", city="Tromsø").category("nav_office")
    form.save()

    edit = ServiceEditPage(phone)
    phone.locator("#edit").click()
    phone.wait_for_url("**/edit")
    assert name in edit.heading()
    assert edit.value("name") == name
    assert_accessible(phone)
    phone.set_viewport_size({"width": 320, "height": 640})  # 200 % zoom on a small phone
    assert horizontal_overflow(phone) == 0
    phone.set_viewport_size(PHONE)
    edit.fill(name=f"{name} sentrum")
    edit.save()
    assert f"{name} sentrum" in phone.locator("main h1").inner_text()
    assert_accessible(phone)
