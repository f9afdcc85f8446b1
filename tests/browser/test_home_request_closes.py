"""When the clinic closes a request while the client's home is open, the button to come back
returns by itself: the home loads itself again once, and the button is there to press."""

from __future__ import annotations

from playwright.sync_api import expect

from peerapp.extensions import db
from peerapp.models import User
from peerapp.services.readmission import queue, timeline
from tests.browser.account_pages import log_in
from tests.browser.home_pages import ClientHome, on
from tests.browser.pages import assert_accessible

#: a push message makes the page ask at once
PUSHED_WITHIN_MS = 5_000


def test_the_button_comes_back_on_the_open_home_when_the_clinic_declines(
    open_phone, add_person, live_server
):
    staff = add_person("clinic")
    client = add_person("client", clinic_of=staff)
    page = open_phone("en").page
    log_in(page, client)
    home = ClientHome(page)
    request_id = home.press_come_back().request_id
    home.open()
    expect(home.request_card()).to_be_visible()
    expect(home.come_back_button()).to_have_count(0)

    with live_server.app.app_context():
        desk = db.session.get(User, staff.id)
        assert desk is not None
        item = queue.visible_to(desk, request_id)
        assert item is not None
        timeline.change_status(desk, item, "declined", "Ingen ledig plass denne uken.", None)
        db.session.remove()

    on(page).receive_push()  # what the service worker does when the clinic's push comes
    expect(home.come_back_button()).to_be_visible(timeout=PUSHED_WITHIN_MS)
    expect(home.request_card()).to_have_count(0)
    assert_accessible(page)
