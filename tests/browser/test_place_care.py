"""Journey 7 for sober places in Chromium on 360 px phones: a peer adds a place with its opening
hours from the phone (an overlap is refused with a clear message and nothing lost), says it is
still true today, and a visitor then finds it open now on /places; archived, it is gone.
Walked in Bokmål and English; axe-core finds nothing on any page on the way."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from peerapp.finder import today_in_norway
from tests.browser.account_pages import focused, log_in, tab_to
from tests.browser.conftest import PHONE
from tests.browser.pages import LANGS, assert_accessible, horizontal_overflow
from tests.browser.peer_pages import PeerDashboardPage
from tests.browser.place_pages import PlaceFinderPage

#: Tromsø: no other test lists places there
WHERE = {"postal_code": "9008", "city": "Tromsø"}


@LANGS
def test_a_peer_adds_a_place_and_a_visitor_finds_it_open_now(open_phone, add_person, lang):
    peer = add_person("peer")
    name = f"Kafé Nordlys {peer.id}"
    today = today_in_norway()

    phone = open_phone(lang).page
    log_in(phone, peer)
    dashboard = PeerDashboardPage(phone).open()
    assert_accessible(phone)
    look_after = dashboard.open_places_to_look_after()
    assert_accessible(phone)
    form = look_after.new_place()
    assert_accessible(phone)

    form.fill(name=name, address="Storgata 1", **WHERE).kind("cafe")
    form.period(today, 0, "00:00", "12:00").period(today, 1, "11:00", "24")
    form.closed_on(0, "2099-12-24")
    form.save_by_enter("name")  # Enter saves; two periods that overlap are refused

    assert form.error_links() == [f"#h{today}-1-opens"]
    assert "00:00–12:00" in (form.field_error(f"h{today}-1-opens") or "")
    assert focused(phone) == "div.error-summary"
    assert form.value("name") == name and form.value(f"h{today}-1-closes") == "24"
    assert form.value("x0-date") == "2099-12-24"
    assert_accessible(phone)

    form.period(today, 1, "12:00", "24:00")
    tab_to(
        phone, "#more-rows", limit=60
    )  # a third period: more rows, by keyboard, nothing saved yet
    with phone.expect_navigation():
        phone.keyboard.press("Enter")
    assert focused(phone) == "input#h1-2-opens.clock"
    assert form.value(f"h{today}-1-opens") == "12:00"
    phone.set_viewport_size({"width": 320, "height": 640})  # 200 % zoom on a small phone
    assert horizontal_overflow(phone) == 0
    phone.set_viewport_size(PHONE)
    place = form.save()
    assert place.name == name
    assert place.is_marked_open()
    assert_accessible(phone)
    place.still_true_today()
    checked = place.last_checked()
    assert str(datetime.now(ZoneInfo("Europe/Oslo")).year) in checked  # when: just now
    assert peer.username not in checked  # colleagues see display names, never logins
    assert_accessible(phone)

    visitor = open_phone(lang).page
    finder = PlaceFinderPage(visitor).open()
    finder.where("Tromsø").only_open_now().search()
    assert name in finder.result_names()
    assert finder.is_marked_open(name)
    assert_accessible(visitor)

    # closed for good: the peer archives it, after being asked once more
    confirm = place.archive()
    assert name in confirm.heading
    assert_accessible(phone)
    confirm.confirm()
    assert_accessible(phone)
    visitor.reload()
    assert name not in finder.result_names()
