"""Journey 3 in Chromium on 360 px phones: a client asks a peer for contact in the app, the peer
(on another phone) answers in the thread and closes it, and the client sees the answer and the
status. Walked in Bokmål and English; axe-core finds nothing on any page on the way."""

from __future__ import annotations

from flask_babel import force_locale, gettext

from peerapp.extensions import db
from peerapp.models import User
from peerapp.services.peers import profiles
from tests.browser.account_pages import log_in
from tests.browser.pages import LANGS, assert_accessible, path_of
from tests.browser.peer_pages import PeerDashboardPage, PeerListPage

QUESTION = "Hei! Kan vi snakke sammen i kveld?"
ANSWER = "Hei, så fint at du skrev. Jeg er her, vi kan skrive nå."


def label(live_server, lang: str, message: str) -> str:
    """A label as the page shows it in ``lang``."""
    with live_server.app.test_request_context(), force_locale(lang):
        return gettext(message)


def show_profile(live_server, person, name: str) -> None:
    """The peer has switched their profile on (done on their own page, tested elsewhere)."""
    with live_server.app.app_context():
        user = db.session.get(User, person.id)
        spec = profiles.ProfileSpec(name, languages=("nb", "en"), regions=("Bergen",), visible=True)
        profiles.save_profile(user, spec)
        db.session.remove()


@LANGS
def test_a_client_asks_a_peer_for_contact_and_sees_the_answer(
    open_phone, add_person, live_server, lang
):
    peer = add_person("peer")
    name = f"Likeperson {peer.id}"
    show_profile(live_server, peer, name)
    client = add_person("client")

    phone = open_phone(lang).page
    log_in(phone, client)
    listing = PeerListPage(phone).open()
    assert listing.language == lang
    assert name in listing.names()
    assert_accessible(phone)

    profile = listing.open_peer(name)
    assert profile.heading == name
    assert_accessible(phone)
    conversation = profile.ask_in_the_app(QUESTION)
    assert path_of(phone).startswith("/contact-requests/")
    assert conversation.status() == label(live_server, lang, "Waiting for an answer")
    assert conversation.thread() == [QUESTION]
    assert_accessible(phone)

    # the peer, on their own phone
    peer_phone = open_phone(lang).page
    log_in(peer_phone, peer)
    dashboard = PeerDashboardPage(peer_phone).open()
    assert dashboard.requests().count() == 1
    assert_accessible(peer_phone)
    talk = dashboard.open_newest_request()
    assert talk.thread() == [QUESTION]
    assert_accessible(peer_phone)
    talk.reply(ANSWER)
    assert talk.thread() == [QUESTION, ANSWER]
    assert talk.status() == label(live_server, lang, "Answered")
    talk.close()
    assert talk.status() == label(live_server, lang, "Closed")
    assert not talk.can_reply()
    assert_accessible(peer_phone)

    # the client sees the answer and that it is closed
    phone.reload()
    assert conversation.thread() == [QUESTION, ANSWER]
    assert conversation.status() == label(live_server, lang, "Closed")
    assert not conversation.can_reply()
    assert_accessible(phone)
    listing = PeerListPage(phone).open()
    [mine] = listing.my_requests()
    assert label(live_server, lang, "Closed") in mine
    assert_accessible(phone)
