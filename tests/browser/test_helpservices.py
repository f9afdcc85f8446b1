"""Help in my municipality in Chromium on a 360 px phone: find the NAV office open now in a demo
town, in Bokmål and in English, with zero axe violations on every page."""

from __future__ import annotations

import pytest

from peerapp.extensions import db
from tests.browser.pages import assert_accessible
from tests.browser.service_pages import ServiceFinderPage
from tests.support.helpservices import make_service

CLOSED_ALL_WEEK: list[dict[str, str]] = []


@pytest.fixture(scope="module")
def bergen_services(live_server):
    """A demo-like town: a NAV office open day and night, one closed, and other kinds of help."""
    with live_server.app.app_context():
        make_service(name="NAV Bergenhus (demo)", latitude=60.3935)
        make_service(name="NAV Laksevåg (demo)", latitude=60.3890, opening_hours=CLOSED_ALL_WEEK)
        make_service(name="Bergen legevakt (demo)", category="emergency_room")
        make_service(name="Værestedet Bergen (demo)", category="low_threshold_day_centre")
        db.session.remove()


@pytest.mark.parametrize(
    ("lang", "help_words"),
    [("nb", "Ingen henvisning"), ("en", "No referral needed")],
)
def test_a_visitor_finds_the_nav_office_open_now_in_bergen(
    open_phone, live_server, bergen_services, lang, help_words
):
    phone = open_phone(lang)
    finder = ServiceFinderPage(phone.page).open(lang=lang)
    assert finder.language == lang
    assert_accessible(phone.page)

    finder.where("Bergen").kind_of_help("nav_office").only_open_now().search()

    assert finder.result_names() == ["NAV Bergenhus (demo)"]
    assert finder.is_marked_open("NAV Bergenhus (demo)")
    assert 0 < finder.first_result_top() < 740  # the answer is on the first screen
    assert_accessible(phone.page)

    service = finder.open_service("NAV Bergenhus (demo)")
    assert service.is_marked_open()
    assert help_words in service.how_to_get_in()
    assert_accessible(phone.page)
