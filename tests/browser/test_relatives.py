"""A relative's path in Chromium on 360 px phones: from the finder to the relatives' page, an
account as a relative, a peer who talks with relatives, a request for contact that the peer sees
on their own phone. Walked in Bokmål and English; axe-core finds nothing on the way. And the
peer's profile form reflows at 200 % zoom."""

from __future__ import annotations

from peerapp.extensions import db
from peerapp.models import User
from peerapp.services.peers import profiles
from tests.browser.account_pages import RecoveryCodesPage, follow, log_in
from tests.browser.pages import LANGS, assert_accessible, horizontal_overflow, path_of
from tests.browser.peer_pages import PeerDashboardPage
from tests.browser.relatives_pages import RelativesPage

QUESTION = "Hei. Broren min har begynt å ruse seg igjen. Kan vi snakke?"
FROM_A_RELATIVE = {"nb": "fra en pårørende", "en": "from a relative"}


def show_profile(live_server, person, name: str, talks_with_relatives: bool) -> None:
    """The peer has switched their profile on (the form is tested below and elsewhere)."""
    with live_server.app.app_context():
        user = db.session.get(User, person.id)
        spec = profiles.ProfileSpec(
            name,
            languages=("nb", "en"),
            regions=("Hamar",),
            visible=True,
            talks_with_relatives=talks_with_relatives,
        )
        profiles.save_profile(user, spec)
        db.session.remove()


@LANGS
def test_a_relative_registers_finds_a_peer_who_talks_with_relatives_and_asks(
    open_phone, add_person, live_server, lang
):
    peer = add_person("peer")
    name = f"Pårørendelikeperson {peer.id}"
    show_profile(live_server, peer, name, talks_with_relatives=True)
    other = add_person("peer")
    show_profile(live_server, other, f"Annen likeperson {other.id}", talks_with_relatives=False)

    phone = open_phone(lang).page
    phone.goto(f"/?lang={lang}")
    follow(phone, ".intro a[href='/relatives']")
    relatives = RelativesPage(phone)
    assert path_of(phone) == "/relatives"
    assert relatives.language == lang
    assert name in relatives.peer_names()
    assert f"Annen likeperson {other.id}" not in relatives.peer_names()
    assert "116 123" in relatives.helplines()
    assert_accessible(phone)

    register = relatives.make_an_account()
    assert register.relative_chosen()
    assert_accessible(phone)
    register.register(f"Bekymret søster {lang}", "en lang tur i fjellet")
    codes = RecoveryCodesPage(phone)
    assert len(codes.codes()) == 8
    codes.carry_on()
    assert path_of(phone) == "/relatives", "a relative's home is the relatives' page"
    assert_accessible(phone)

    profile = RelativesPage(phone).open_peer(name)
    assert profile.heading == name
    assert_accessible(phone)
    profile.ask_in_the_app(QUESTION)
    assert path_of(phone).startswith("/contact-requests/")
    assert_accessible(phone)

    peer_phone = open_phone(lang).page
    log_in(peer_phone, peer)
    dashboard = PeerDashboardPage(peer_phone).open()
    assert dashboard.requests().count() == 1
    incoming = peer_phone.locator("section[aria-labelledby='incoming-title'] li").inner_text()
    assert FROM_A_RELATIVE[lang] in incoming
    talk = dashboard.open_newest_request()
    assert talk.thread() == [QUESTION]
    assert_accessible(peer_phone)


def test_the_peer_profile_form_reflows_at_200_percent_zoom(open_phone, add_person):
    # a 360 px phone at 200 % zoom: 180 CSS pixels; the longest language chip must wrap
    peer = add_person("peer")
    page = open_phone(viewport={"width": 180, "height": 370}, device_scale_factor=2).page
    log_in(page, peer)
    PeerDashboardPage(page).open()
    assert path_of(page) == "/peer"
    assert horizontal_overflow(page) == 0
    page.locator("#talks_with_relatives").check()
    page.locator("#visible").check()
    follow(page, "form[action='/peer'] button[type=submit]")
    assert page.locator("#talks_with_relatives").is_checked()
    assert horizontal_overflow(page) == 0
