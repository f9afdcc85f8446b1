"""Help services in Chromium on a 360 px phone, nb and en, zero axe violations: the NAV office
open now in a town of its own (open day and night, so the hour the test runs does not matter), a
signed-in client saves a service to the plan and finds it under Near home with its hours today
and phone, and anyone reports a problem with a service that a peer settles from the list."""

from __future__ import annotations

from flask_babel import force_locale, gettext

from peerapp.extensions import db
from tests.browser.account_pages import log_in
from tests.browser.pages import LANGS, assert_accessible, horizontal_overflow
from tests.browser.plan_pages import PlanPage
from tests.browser.service_pages import ServiceFinderPage, ServicePage, ServicesToLookAfterPage
from tests.support.helpservices import make_service

#: 00:00-24:00 every day: open whatever the hour the test runs
ALL_WEEK = [{"day": day, "opens": "00:00", "closes": "24:00"} for day in range(7)]


def _translated(live_server, lang: str, message: str) -> str:
    with live_server.app.test_request_context(), force_locale(lang):
        return gettext(message)


def _service(live_server, town: str = "trondheim", **fields) -> int:
    with live_server.app.app_context():
        service = make_service(town, **{"opening_hours": ALL_WEEK, **fields})
        service_id = int(service.id)
        db.session.remove()
    return service_id


@LANGS
def test_the_nav_office_open_now_is_found_in_trondheim(open_phone, live_server, lang):
    stem = f"Solsiden{lang}"  # a word of their own: other tests' services stay out
    _service(live_server, name=f"NAV {stem} (demo)")
    _service(live_server, name=f"NAV {stem} stengt (demo)", opening_hours=[])
    _service(live_server, name=f"Legevakt {stem} (demo)", category="emergency_room")
    page = open_phone(lang).page
    finder = ServiceFinderPage(page).open(lang=lang)
    assert_accessible(page)
    finder.where("Trondheim").words(stem).kind_of_help("nav_office").only_open_now().search()
    assert finder.result_names() == [f"NAV {stem} (demo)"]
    assert finder.is_marked_open(f"NAV {stem} (demo)")
    assert 0 < finder.first_result_top() < 740
    assert_accessible(page)


@LANGS
def test_a_client_saves_a_service_to_the_plan_and_finds_it_under_near_home(
    open_phone, add_person, live_server, lang
):
    name = f"Lavterskel Trondheim plan {lang}"
    service_id = _service(live_server, name=name, category="low_threshold_day_centre")
    phone = open_phone(lang).page
    log_in(phone, add_person("client"))
    service = ServicePage(phone).open_service(service_id, lang)
    assert not service.is_in_my_plan()
    assert_accessible(phone)
    service.save_to_plan()
    assert service.is_in_my_plan()
    assert _translated(live_server, lang, "Saved in your plan, under Near home.") in (
        service.notice()
    )
    assert_accessible(phone)

    plan = PlanPage(phone).open()
    near = plan.section_text("near-home")
    assert name in near
    assert _translated(live_server, lang, "Open now") in near
    assert "00:00–24:00" in near and "+47 55 55 33 33" in near
    assert phone.locator("#near-home a[href='tel:+4755553333']").count() == 1
    assert horizontal_overflow(phone) == 0
    assert_accessible(phone)


@LANGS
def test_anyone_reports_a_service_and_a_peer_settles_it_from_the_list(
    open_phone, add_person, live_server, lang
):
    stem = f"Lademoenrapport {lang}"
    reported = _service(live_server, name=f"NAV {stem} flyttet")
    _service(live_server, name=f"NAV {stem} annen")
    visitor = open_phone(lang).page
    listing = ServicePage(visitor).open_service(reported, lang)
    assert not listing.says_a_change_is_reported()
    report = listing.report_a_problem()
    assert_accessible(visitor)
    report.choose("moved").write("Flyttet til Kinoveien 3.").send()
    assert _translated(live_server, lang, "Thank you, the peer workers will look at it") in (
        report.received()
    )
    assert_accessible(visitor)
    assert ServicePage(visitor).open_service(reported).says_a_change_is_reported()
    assert_accessible(visitor)

    peer = open_phone(lang).page
    log_in(peer, add_person("peer"))
    care = ServicesToLookAfterPage(peer).open(lang, f"q={stem}".replace(" ", "+"))
    assert care.names()[0] == f"NAV {stem} flyttet"  # a reported problem comes first
    assert_accessible(peer)
    mine = care.open_reported(f"NAV {stem} flyttet")
    assert "Flyttet til Kinoveien 3." in mine.reported_problems()
    assert_accessible(peer)
    mine.settle("fixed")
    assert _translated(live_server, lang, "Thank you. The report is settled as fixed.") in (
        mine.notice()
    )
    assert not mine.says_a_change_is_reported()
    assert_accessible(peer)
    assert not ServicePage(visitor).open_service(reported).says_a_change_is_reported()


def test_a_services_page_reflows_at_200_percent_zoom(open_phone, live_server):
    # a 360 px phone at 200 % zoom is 180 CSS pixels wide: the week's hours and the facts of how
    # to get in stack rather than run past the edge
    service_id = _service(
        live_server,
        name="Lavterskel Tilgjengelighetssenteret (demo)",
        category="low_threshold_day_centre",
    )
    page = open_phone(viewport={"width": 180, "height": 370}, device_scale_factor=2).page
    ServicePage(page).open_service(service_id)
    assert page.locator("table.hours").is_visible()
    assert horizontal_overflow(page) == 0
