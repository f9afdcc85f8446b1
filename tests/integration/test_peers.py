"""Peers: profiles shown only while switched on, a contact request that reaches the peer, the
thread, pausing, blocking and reporting, with messages never stored or sent in clear."""

from __future__ import annotations

import uuid

import pytest
import sqlalchemy as sa

from peerapp.extensions import db
from peerapp.models import AbuseReport, ContactRequest, OutboxMessage
from peerapp.services.notify import worker
from peerapp.services.peers import contact, profiles
from tests.integration.openapi_validation import validate_response
from tests.support.auth import form_token, session_client


@pytest.fixture
def peer(user_factory):
    user = user_factory(role="peer", email="kari@peer.example")
    profile = profiles.save_profile(
        user,
        profiles.ProfileSpec(
            "Kari",
            languages=("nb", "en"),
            regions=("Trondheim",),
            fellowships=("na",),
            availability="Hverdager 16–20",
            visible=True,
        ),
    )
    return user, profile


@pytest.fixture
def client_phone(app, user_factory):
    user = user_factory(role="client")
    browser, token = session_client(app, user)
    return browser, token, user


def ask(client_phone, **body):
    browser, token, _ = client_phone
    return browser.post("/api/v1/contact-requests", json=body, headers={"X-CSRFToken": token})


def test_only_switched_on_profiles_are_listed(client, user_factory, peer):
    hidden = user_factory(role="peer")
    profiles.save_profile(hidden, profiles.ProfileSpec("Skjult", visible=False))
    spec = client.get("/api/openapi.json").get_json()

    answer = client.get("/api/v1/peers")

    validate_response(spec, "/api/v1/peers", "get", 200, answer.get_json())
    names = [p["display_name"] for p in answer.get_json()["peers"]]
    assert names == ["Kari"]
    assert set(answer.get_json()["peers"][0]) >= {
        "id",
        "display_name",
        "languages",
        "regions",
        "fellowships",
        "availability",
    }
    page = client.get("/peers?region=trond&lang=en").get_data(as_text=True)
    assert "Kari" in page and "Skjult" not in page
    assert "Kari" not in client.get("/peers?language=pl").get_data(as_text=True)


def test_a_request_reaches_the_peer_without_its_words(
    client_phone, peer, push_receiver, smtp_server, vapid, mail_settings, subscribe
):
    peer_user, profile = peer
    phone = push_receiver.new_subscription()
    subscribe(peer_user, phone)
    secret = "KANARI-" + uuid.uuid4().hex

    answer = ask(
        client_phone, peer_id=profile.id, channel="sms", phone="912 34 567", message=secret
    )

    assert answer.status_code == 201
    stored = db.session.scalars(sa.select(ContactRequest)).one()
    assert secret.encode() not in stored.message
    assert contact.unseal(stored.message) == secret
    worker.drain()
    pushes = [p for p in push_receiver.received(phone) if p.payload["tag"].startswith("contact")]
    assert [p.payload["url"] for p in pushes] == [f"/contact-requests/{stored.id}"]
    assert secret not in repr(pushes[0].payload)
    (mail,) = smtp_server.messages
    assert mail["To"] == "kari@peer.example" and secret not in mail.as_string()
    for row in db.session.scalars(sa.select(OutboxMessage)):
        assert secret not in repr(row.payload)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"channel": "in_app"}, "message"),
        ({"channel": "pigeon", "message": "Hei"}, "channel"),
        ({"channel": "phone", "message": "Hei"}, "phone"),
        ({"channel": "sms", "message": "Hei", "phone": "ring meg"}, "phone"),
        ({"channel": "in_app", "message": "x" * 1001}, "message"),
        ({"channel": "in_app", "message": "Hei", "peer_id": "kari"}, "peer_id"),
    ],
)
def test_bad_requests_are_400_naming_the_field(client_phone, peer, body, field):
    answer = ask(client_phone, **body)
    assert answer.status_code == 400
    assert field in answer.get_json()["errors"]
    assert db.session.scalars(sa.select(ContactRequest)).all() == []


def test_a_paused_peer_takes_no_new_requests(client_phone, peer):
    peer_user, profile = peer
    profiles.save_profile(peer_user, profiles.ProfileSpec("Kari", visible=True, paused=True))
    answer = ask(client_phone, peer_id=profile.id, channel="in_app", message="Hei")
    assert answer.status_code == 409
    assert answer.get_json()["type"].endswith("peer-unavailable")
    assert ask(client_phone, channel="in_app", message="Hei").status_code == 409  # no one free


def test_without_a_chosen_peer_anyone_free_gets_it(client_phone, peer):
    answer = ask(client_phone, channel="in_app", message="Noen som kan prate?")
    assert answer.status_code == 201
    assert db.session.scalars(sa.select(ContactRequest)).one().peer_id == peer[0].id


def test_the_thread_the_answer_and_closing(app, client_phone, peer):
    peer_user, profile = peer
    request_id = ask(client_phone, peer_id=profile.id, channel="in_app", message="Hei").get_json()[
        "id"
    ]
    desk, _ = session_client(app, peer_user)
    path = f"/contact-requests/{request_id}"
    assert "Hei" in desk.get(path).get_data(as_text=True)
    token = form_token(desk, path)
    desk.post(f"{path}/reply", data={"body": "Hei! Jeg kan prate i kveld.", "csrf_token": token})
    seen = client_phone[0].get(f"{path}?lang=en").get_data(as_text=True)
    assert "Jeg kan prate i kveld." in seen and "Answered" in seen

    desk.post(f"{path}/close", data={"csrf_token": token})
    assert "Closed" in client_phone[0].get(f"{path}?lang=en").get_data(as_text=True)
    log = client_phone[0].get("/api/v1/me/access-log").get_json()["access_log"]
    # the peer opened the page twice; replying and closing are not looks of their own
    assert [entry["action"] for entry in log].count("contact.view") == 2


def test_someone_else_cannot_open_the_conversation(app, client_phone, peer, user_factory):
    request_id = ask(client_phone, peer_id=peer[1].id, channel="in_app", message="Hei").get_json()[
        "id"
    ]
    other_peer, _ = session_client(app, user_factory(role="peer"))
    assert other_peer.get(f"/contact-requests/{request_id}").status_code == 404


def test_blocking_hides_the_peer_and_stops_messages(app, client_phone, peer):
    peer_user, profile = peer
    request_id = ask(client_phone, peer_id=profile.id, channel="in_app", message="Hei").get_json()[
        "id"
    ]
    path = f"/contact-requests/{request_id}"
    token = form_token(client_phone[0], path)
    assert client_phone[0].post(f"{path}/block", data={"csrf_token": token}).status_code == 303

    assert "Kari" not in client_phone[0].get("/peers").get_data(as_text=True)
    again = ask(client_phone, peer_id=profile.id, channel="in_app", message="Hei igjen")
    assert again.status_code == 409
    desk, _ = session_client(app, peer_user)
    token = form_token(desk, path)
    desk.post(f"{path}/reply", data={"body": "Hallo?", "csrf_token": token})
    assert "Hallo?" not in client_phone[0].get(path).get_data(as_text=True)


def test_a_peer_reports_abuse_to_the_admins(app, client_phone, peer, user_factory):
    user_factory(role="admin")
    request_id = ask(
        client_phone, peer_id=peer[1].id, channel="in_app", message="Stygg melding"
    ).get_json()["id"]
    desk, _ = session_client(app, peer[0])
    path = f"/contact-requests/{request_id}"
    token = form_token(desk, path)
    desk.post(f"{path}/report", data={"reason": "Truende språk", "csrf_token": token})
    (filed,) = db.session.scalars(sa.select(AbuseReport)).all()
    assert contact.unseal(filed.reason) == "Truende språk"
    assert b"Truende" not in filed.reason


def test_the_peer_edits_the_profile_and_bad_fields_are_named(app, user_factory):
    user = user_factory(role="peer")
    desk, _ = session_client(app, user)
    token = form_token(desk, "/peer")
    saved = desk.post(
        "/peer",
        data={
            "display_name": "Ola",
            "languages": ["nb", "pl"],
            "regions": "Bergen, Voss",
            "fellowships": ["aa"],
            "visible": "1",
            "csrf_token": token,
        },
    )
    assert saved.status_code == 303
    profile = profiles.profile_of(user)
    assert (profile.regions, profile.languages, profile.visible) == (
        ["Bergen", "Voss"],
        ["nb", "pl"],
        True,
    )

    bad = desk.post("/peer", data={"display_name": "", "csrf_token": token})
    assert bad.status_code == 400
    assert 'href="#display_name"' in bad.get_data(as_text=True)
    assert profiles.profile_of(user).display_name == "Ola"


def test_a_client_may_share_figures_with_the_peers_they_talk_to(app, client_phone, peer):
    from peerapp.services.checkins import consent, daily

    user = client_phone[2]
    consent.give_consent(user)
    daily.save(user, daily.Entry(day=daily.today(), mood=4, note="Bare mitt"))
    request_id = ask(client_phone, peer_id=peer[1].id, channel="in_app", message="Hei").get_json()[
        "id"
    ]
    desk, _ = session_client(app, peer[0])
    path = f"/contact-requests/{request_id}?lang=en"
    assert "Check-in figures the client shares" not in desk.get(path).get_data(as_text=True)

    token = form_token(client_phone[0], "/checkin/settings")
    client_phone[0].post(
        "/checkin/share", data={"scope": "share_peer", "share": "on", "csrf_token": token}
    )
    page = desk.get(path).get_data(as_text=True)
    assert "Check-in figures the client shares" in page
    assert "Bare mitt" not in page
