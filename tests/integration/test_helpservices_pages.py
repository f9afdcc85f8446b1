"""The services finder and pages as people use them, and stewards looking after services from
the phone: the stale-first list, "still true today", archive after asking; others may not."""

from __future__ import annotations

from datetime import timedelta

from peerapp.extensions import db, utcnow
from peerapp.models import HelpService
from peerapp.services.helpservices import operations
from tests.integration.test_pages import get_page
from tests.support.auth import session_client
from tests.support.helpservices import make_service


def test_the_finder_finds_the_nav_office_open_now_and_its_page_says_how_to_get_in(client):
    nav = make_service(name="NAV Bergenhus", referral_required=False, cost="free")
    make_service(name="NAV stengt", opening_hours=[])
    make_service(name="Legevakt", category="emergency_room")

    page = get_page(client, "/services?where=Bergen&category=nav_office&open_now=1&lang=en")

    assert page.card_titles == ["NAV Bergenhus"]
    assert "1 service near Bergen" in page.text and "Open now" in page.text
    one = get_page(client, f"/services/{nav.id}?lang=en")
    assert "How to get in" in one.text and "No referral needed." in one.text
    assert "Drop in or by appointment" in one.text and "+47 55 55 33 33" in one.text


def test_an_archived_service_is_gone(client, app, user_factory):
    service = make_service()
    operations.archive_service(user_factory(role="admin"), service.id)
    assert client.get(f"/services/{service.id}").status_code == 410


def test_a_peer_checks_the_never_checked_first_and_archives_after_asking(app, user_factory):
    peer = user_factory(role="peer")
    browser, token = session_client(app, peer)
    old = make_service(name="A sjekket i fjor")
    make_service(name="B aldri sjekket")
    operations.verify_service(peer, old.id, utcnow() - timedelta(days=200))

    listing = get_page(browser, "/services/look-after?lang=en")
    assert listing.text.index("B aldri sjekket") < listing.text.index("A sjekket i fjor")
    assert "2 services have not been checked for 90 days" in listing.text

    verified = browser.post(f"/services/{old.id}/verify", data={"csrf_token": token})
    assert verified.status_code == 303
    db.session.expire_all()
    assert db.session.get(HelpService, old.id).verified_at > utcnow() - timedelta(minutes=1)

    ask = get_page(browser, f"/services/{old.id}/archive?lang=en")
    assert "Archive A sjekket i fjor?" in ask.text
    done = browser.post(f"/services/{old.id}/archive", data={"csrf_token": token})
    assert done.status_code == 303
    db.session.expire_all()
    assert db.session.get(HelpService, old.id).archived_at is not None


def test_a_client_may_not_look_after_services(app, user_factory):
    service = make_service()
    browser, token = session_client(app, user_factory(role="client"))
    assert browser.get("/services/look-after").status_code == 403
    assert (
        browser.post(f"/services/{service.id}/verify", data={"csrf_token": token}).status_code
        == 403
    )
