"""Fixtures for integration tests: a local push service and a local mail server, both real."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from flask import Flask

from tests.support.helpservices import make_service
from tests.support.push_receiver import PushReceiver, b64url
from tests.support.smtp import SmtpServer

VAPID_SUBJECT = "mailto:drift@peerapp.example"
MAIL_FROM = "Peerapp <varsel@peerapp.example>"


#: what an operator would set to let Peerapp reach a push service or feed on this machine
LOCAL_OUTBOUND = {"PEERAPP_OUTBOUND_ALLOW": "127.0.0.1"}


@pytest.fixture
def push_receiver(app: Flask) -> Iterator[PushReceiver]:
    """A Web Push service on 127.0.0.1 that checks VAPID and decrypts what it is sent; the app
    is allowed to reach it (``PEERAPP_OUTBOUND_ALLOW``), as an intranet push service would be."""
    app.config.update(LOCAL_OUTBOUND)
    with PushReceiver() as receiver:
        yield receiver


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    """An SMTP server on 127.0.0.1 that keeps the messages it receives."""
    with SmtpServer() as server:
        yield server


def new_vapid_keys() -> dict[str, str]:
    """A fresh VAPID key pair as ``PEERAPP_VAPID_*`` settings."""
    key = ec.generate_private_key(ec.SECP256R1())
    public = key.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    return {
        "PEERAPP_VAPID_PUBLIC_KEY": b64url(public),
        "PEERAPP_VAPID_PRIVATE_KEY": b64url(
            key.private_numbers().private_value.to_bytes(32, "big")
        ),
        "PEERAPP_VAPID_SUBJECT": VAPID_SUBJECT,
    }


@pytest.fixture
def vapid(app: Flask) -> dict[str, str]:
    """The app configured with a fresh VAPID key pair; returns the settings."""
    settings = new_vapid_keys()
    app.config.update(settings)
    return settings


@pytest.fixture
def mail_settings(app: Flask, smtp_server: SmtpServer) -> dict[str, Any]:
    """The app configured to send mail through ``smtp_server``; returns the settings."""
    settings = {"PEERAPP_SMTP_URL": smtp_server.url, "PEERAPP_MAIL_FROM": MAIL_FROM}
    app.config.update(settings)
    return settings


@pytest.fixture
def subscribe(app: Flask) -> Any:
    """Subscribe a user with a browser's subscription (as ``receiver.new_subscription()`` makes)."""
    from peerapp.extensions import db
    from peerapp.services.notify import subscriptions

    def make(user: Any, subscription: dict[str, Any]) -> Any:
        keys = subscription["keys"]
        saved = subscriptions.subscribe(
            user, subscription["endpoint"], keys["p256dh"], keys["auth"]
        )
        db.session.commit()
        return saved

    return make


@pytest.fixture
def world(
    meeting_factory: Any,
    clinic_factory: Any,
    user_factory: Any,
    place_factory: Any,
    municipality_factory: Any,
) -> dict[str, Any]:
    """One user of each role (client and staff at one clinic; the peer with a profile shown), and
    one of everything the access table's paths name: a meeting, a place, the client, their
    readmission request, their contact request to the peer, and their hand-over to the
    coordinator's municipality, consented to."""
    from peerapp.services.municipalities import handovers
    from peerapp.services.peers import contact as peers_contact
    from peerapp.services.peers import profiles
    from peerapp.services.readmission import requests

    clinic = clinic_factory()
    municipality = municipality_factory()
    users = {
        "visitor": None,
        "client": user_factory(role="client", clinic=clinic),
        "peer": user_factory(role="peer"),
        "clinic": user_factory(role="clinic", clinic=clinic),
        "admin": user_factory(role="admin"),
        "municipal": user_factory(role="municipal", municipality=municipality),
        "relative": user_factory(role="relative"),
    }
    request = requests.submit(users["client"], "world").request
    handover = handovers.record_discharge(
        users["clinic"],
        users["client"].id,
        handovers.DischargeSpec(handovers.today(), municipality.number),
    )
    handovers.give_consent(users["client"], handover.id)
    profile = profiles.save_profile(users["peer"], profiles.ProfileSpec("Kari", visible=True))
    contact = peers_contact.send_request(
        users["client"], {"peer_id": profile.id, "channel": "in_app", "message": "Hei"}
    )
    service = make_service()
    return {
        "users": users,
        "ids": {
            "meeting": meeting_factory().id,
            "place": place_factory().id,
            "client": users["client"].id,
            "request": request.id,
            "profile": profile.id,
            "contact": contact.id,
            "handover": handover.id,
            "service": service.id,
            "service_uid": service.uid,
        },
    }
