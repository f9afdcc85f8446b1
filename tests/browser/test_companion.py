"""Come with me, walked on a phone in Bokmål and English: a client asks for company to a meeting
for newcomers, a peer says yes from the push they get, both see where to meet, both are reminded
two hours before, and afterwards the client says how it went."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from peerapp.emails import render_email
from peerapp.extensions import db
from peerapp.models import OutboxMessage, User
from peerapp.models.companion import CompanionRequest
from peerapp.services.companion import reminders, requests
from peerapp.services.notify import rounds, subscriptions
from tests.browser.account_pages import log_in
from tests.browser.companion_pages import CompanyRequestPage, MeetingWithCompany
from tests.browser.pages import LANGS, assert_accessible
from tests.factories import make_meeting
from tests.integration.conftest import new_vapid_keys
from tests.support.push_receiver import PushReceiver


@pytest.fixture
def push_service(live_server):
    """A real push service on 127.0.0.1, and the live server signing for it meanwhile."""
    saved = dict(live_server.app.config)
    live_server.app.config.update(new_vapid_keys())
    # the operator lets this machine's own push service through the outbound guard
    live_server.app.config["PEERAPP_OUTBOUND_ALLOW"] = "127.0.0.1"
    with PushReceiver() as receiver:
        yield receiver
    live_server.app.config.clear()
    live_server.app.config.update(saved)


def _phone_of(live_server, push_service, person):
    """Subscribe ``person`` to the local push service, as their phone would."""
    phone = push_service.new_subscription()
    with live_server.app.app_context():
        user = db.session.get(User, person.id)
        keys = phone["keys"]
        subscriptions.subscribe(user, phone["endpoint"], keys["p256dh"], keys["auth"])
        db.session.commit()
        db.session.remove()
    return phone


def _deliver(live_server):
    with live_server.app.app_context():
        rounds.work_round(render_email, until_empty=True)
        db.session.remove()


@LANGS
def test_a_peer_comes_along_to_a_newcomer_meeting(
    lang, open_phone, live_server, add_person, push_service, monkeypatch
):
    client = add_person("client", language=lang)
    peer = add_person("peer", language=lang)
    with live_server.app.app_context():
        # in a town of its own, so that peers added by other tests are not told
        meeting = make_meeting(
            town="tromso", fellowship="na", day=3, start="19:00", types=["O", "BE"]
        )
        db.session.commit()
        meeting_id = meeting.id
        db.session.remove()
    client_phone = _phone_of(live_server, push_service, client)
    peer_phone = _phone_of(live_server, push_service, peer)
    _deliver(live_server)  # "notifications are on"
    peer_before = len(push_service.received(peer_phone))
    client_before = len(push_service.received(client_phone))

    # the client asks from the meeting's page
    asking = open_phone(lang)
    log_in(asking.page, client)
    meeting_page = MeetingWithCompany(asking.page).open_meeting(meeting_id, lang)
    assert_accessible(asking.page)
    form = meeting_page.ask_for_company()
    assert len(form.times()) == 4
    assert_accessible(asking.page)
    form.ask(spot="Storgata 12", note="")
    assert len(form.errors()) == 1  # a home address is refused, with a message
    assert_accessible(asking.page)
    form.ask(spot="Kiosken ved Stortorget", note="Jeg er litt nervøs")
    mine = CompanyRequestPage(asking.page)
    assert mine.meeting_point() == "Kiosken ved Stortorget"
    assert_accessible(asking.page)

    # the peer's phone gets a push that opens the request
    _deliver(live_server)
    [told] = push_service.received(peer_phone)[peer_before:]
    with live_server.app.app_context():
        item = db.session.scalars(
            sa.select(CompanionRequest).where(CompanionRequest.client_id == client.id)
        ).one()
        request_id, starts_at = item.id, item.starts_at
        db.session.remove()
    assert told.payload["url"] == f"/company/{request_id}"
    assert "Kiosken" not in str(told.payload)

    taking = open_phone(lang)
    log_in(taking.page, peer)
    taking.page.goto(told.payload["url"])
    theirs = CompanyRequestPage(taking.page)
    assert_accessible(taking.page)
    theirs.accept()
    assert theirs.meeting_point() == "Kiosken ved Stortorget"
    assert theirs.other_name() == client.username
    assert_accessible(taking.page)

    asking.page.reload()
    assert mine.other_name() == peer.username
    assert mine.meeting_point() == "Kiosken ved Stortorget"
    assert not mine.can_tell_how_it_went()

    # two hours before, both are reminded
    monkeypatch.setattr(reminders, "utcnow", lambda: starts_at - timedelta(hours=2))
    _deliver(live_server)
    with live_server.app.app_context():
        queued = db.session.scalars(
            sa.select(OutboxMessage.user_id).where(
                OutboxMessage.kind == "companion_soon",
                OutboxMessage.payload["path"].as_string() == f"/company/{request_id}",
            )
        ).all()
        db.session.remove()
    assert sorted(queued) == sorted([client.id, peer.id])
    soon = [p for p in push_service.received(client_phone)[client_before:] if p.payload.get("url")]
    assert soon[-1].payload["url"] == f"/company/{request_id}"
    assert push_service.rejections == []

    # afterwards, the client says how it went with one tap
    monkeypatch.setattr(requests, "utcnow", lambda: starts_at + timedelta(hours=1))
    asking.page.reload()
    assert mine.can_tell_how_it_went()
    assert_accessible(asking.page)
    mine.tell_how_it_went("good")
    assert mine.outcome() in ("Det gikk bra", "It went well")
    with live_server.app.app_context():
        assert db.session.get(CompanionRequest, request_id).outcome == "good"
        db.session.remove()
    assert_accessible(asking.page)
