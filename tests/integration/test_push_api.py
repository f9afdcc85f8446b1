"""The push API as a browser's script uses it: the key, subscribing, unsubscribing, bad input."""

from __future__ import annotations

import base64

import pytest
import sqlalchemy as sa

from peerapp.extensions import db
from peerapp.models import OutboxMessage, PushSubscription
from peerapp.services.notify import worker
from tests.integration.openapi_validation import assert_documented, validate_schema
from tests.support.auth import session_client

SUBSCRIPTIONS = "/api/v1/push-subscriptions"


@pytest.fixture
def spec(client):
    return client.get("/api/openapi.json").get_json()


@pytest.fixture
def peer_api(app, user_factory):
    """A signed-in peer's test client and a function that sends JSON with the CSRF token."""
    user = user_factory(role="peer")
    client, token = session_client(app, user)

    def send(method: str, body: object, path: str = SUBSCRIPTIONS):
        return client.open(path, method=method, json=body, headers={"X-CSRFToken": token})

    send.user = user  # type: ignore[attr-defined]
    return send


def stored() -> list[PushSubscription]:
    return list(db.session.scalars(sa.select(PushSubscription).order_by(PushSubscription.id)))


def test_the_public_key_is_served_when_push_is_set_up(client, vapid, spec):
    response = client.get("/api/v1/push/public-key")

    assert response.status_code == 200
    body = assert_documented(spec, response, "/api/v1/push/public-key")
    assert body == {"public_key": vapid["PEERAPP_VAPID_PUBLIC_KEY"]}


def test_without_vapid_keys_the_public_key_is_unavailable(client, spec):
    response = client.get("/api/v1/push/public-key")

    assert response.status_code == 503
    assert response.mimetype == "application/problem+json"
    assert_documented(spec, response, "/api/v1/push/public-key")


def test_subscribing_saves_the_browser_and_says_notifications_are_on(
    peer_api, push_receiver, vapid, spec
):
    browser = push_receiver.new_subscription()

    response = peer_api("POST", browser)

    assert response.status_code == 201
    body = assert_documented(spec, response, SUBSCRIPTIONS)
    validate_schema(spec, "NewPushSubscription", browser)
    (saved,) = stored()
    assert body["id"] == saved.id and body["endpoint"] == browser["endpoint"]
    assert saved.user_id == peer_api.user.id

    worker.drain()

    (push,) = push_receiver.received(browser)
    assert push.payload["title"]
    assert push.payload["id"].startswith(f"push-enabled:{peer_api.user.id}:")


def test_subscribing_the_same_browser_again_updates_it(peer_api, push_receiver, vapid):
    browser = push_receiver.new_subscription()
    assert peer_api("POST", browser).status_code == 201
    renewed = push_receiver.new_subscription()
    renewed["endpoint"] = browser["endpoint"]

    assert peer_api("POST", renewed).status_code == 201

    (saved,) = stored()
    assert saved.p256dh == renewed["keys"]["p256dh"]
    pending = db.session.scalars(sa.select(OutboxMessage)).all()
    assert len(pending) == 1  # one "notifications are on", not two


def test_another_account_signing_in_on_the_browser_takes_the_subscription(
    app, peer_api, user_factory, push_receiver
):
    browser = push_receiver.new_subscription()
    peer_api("POST", browser)
    other = user_factory(role="client")
    client, token = session_client(app, other)

    response = client.post(SUBSCRIPTIONS, json=browser, headers={"X-CSRFToken": token})

    assert response.status_code == 201
    (saved,) = stored()
    assert saved.user_id == other.id


def test_unsubscribing_removes_the_browser(peer_api, push_receiver):
    browser = push_receiver.new_subscription()
    peer_api("POST", browser)

    response = peer_api("DELETE", {"endpoint": browser["endpoint"]})

    assert response.status_code == 204
    assert stored() == []
    again = peer_api("DELETE", {"endpoint": browser["endpoint"]})
    assert again.status_code == 404
    assert again.mimetype == "application/problem+json"


def test_nobody_can_unsubscribe_someone_elses_browser(app, peer_api, user_factory, push_receiver):
    browser = push_receiver.new_subscription()
    peer_api("POST", browser)
    client, token = session_client(app, user_factory(role="client"))

    response = client.delete(
        SUBSCRIPTIONS, json={"endpoint": browser["endpoint"]}, headers={"X-CSRFToken": token}
    )

    assert response.status_code == 404
    assert len(stored()) == 1


def test_visitors_and_requests_without_the_token_are_refused(app, client, push_receiver):
    browser = push_receiver.new_subscription()

    assert client.post(SUBSCRIPTIONS, json=browser).status_code == 401


def test_a_request_without_the_csrf_token_is_refused(app, user_factory, push_receiver):
    client, _token = session_client(app, user_factory(role="client"))

    assert client.post(SUBSCRIPTIONS, json=push_receiver.new_subscription()).status_code == 403
    assert stored() == []


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


NOT_ON_THE_CURVE = _b64(b"\x04" + b"\x01" * 64)


@pytest.mark.parametrize(
    ("change", "fields"),
    [
        (lambda s: [], {"body"}),
        (lambda s: "endpoint", {"body"}),
        (lambda s: None, {"body"}),
        (lambda s: {}, {"endpoint", "keys.p256dh", "keys.auth"}),
        (lambda s: {**s, "keys": "abc"}, {"keys.p256dh", "keys.auth"}),
        (lambda s: {**s, "keys": {**s["keys"], "p256dh": 42}}, {"keys.p256dh"}),
        (lambda s: {**s, "keys": {**s["keys"], "p256dh": _b64(b"\x04" * 33)}}, {"keys.p256dh"}),
        (lambda s: {**s, "keys": {**s["keys"], "p256dh": NOT_ON_THE_CURVE}}, {"keys.p256dh"}),
        (lambda s: {**s, "keys": {**s["keys"], "p256dh": "not base64!"}}, {"keys.p256dh"}),
        (lambda s: {**s, "keys": {**s["keys"], "auth": _b64(b"x" * 15)}}, {"keys.auth"}),
        (lambda s: {**s, "keys": {**s["keys"], "auth": s["keys"]["auth"] + "\n"}}, {"keys.auth"}),
        (lambda s: {**s, "endpoint": 12}, {"endpoint"}),
        (lambda s: {**s, "endpoint": ""}, {"endpoint"}),
        (lambda s: {**s, "endpoint": "ftp://push.example/x"}, {"endpoint"}),
        (lambda s: {**s, "endpoint": "http://push.example/x"}, {"endpoint"}),
        (lambda s: {**s, "endpoint": "https://10.0.0.7/push"}, {"endpoint"}),
        (lambda s: {**s, "endpoint": "https://user@push.example/x"}, {"endpoint"}),
        (lambda s: {**s, "endpoint": "https://push.example:port/x"}, {"endpoint"}),
        (lambda s: {**s, "endpoint": "https://[::1/x"}, {"endpoint"}),
        (lambda s: {**s, "endpoint": "https://push.example/a\nb"}, {"endpoint"}),
        (lambda s: {**s, "endpoint": "https://push.example/" + "x" * 3000}, {"endpoint"}),
    ],
)
def test_malformed_subscriptions_are_refused_with_the_fields_named(
    change, fields, peer_api, push_receiver, spec
):
    response = peer_api("POST", change(push_receiver.new_subscription()))

    assert response.status_code == 400
    body = assert_documented(spec, response, SUBSCRIPTIONS)
    assert set(body["errors"]) == fields
    assert stored() == []


@pytest.mark.parametrize("body", [[], {}, {"endpoint": 5}, {"endpoint": ""}])
def test_malformed_unsubscriptions_are_refused(body, peer_api):
    response = peer_api("DELETE", body)

    assert response.status_code == 400
    assert response.get_json()["errors"]
