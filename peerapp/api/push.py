"""Web Push from the browser's side: the server's public key, and subscribing and unsubscribing."""

from __future__ import annotations

from flask import current_app, jsonify
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from peerapp.access import public, signed_in
from peerapp.api import bp
from peerapp.api.common import NOT_JSON, json_object
from peerapp.api.document import documented
from peerapp.api.schemas.push import (
    NewPushSubscription,
    PushPublicKey,
    PushSubscription,
    PushSubscriptionEndpoint,
)
from peerapp.errors import ValidationError, problem
from peerapp.services.notify import subscriptions

CSRF = "The X-CSRFToken header is missing or wrong."


@bp.get("/v1/push/public-key")
@public
@documented(
    operation_id="getPushPublicKey",
    ok={200: PushPublicKey},
    errors={503: "Push notifications are not set up on this server."},
    public=True,
)
def push_public_key() -> ResponseReturnValue:
    """The VAPID public key a browser subscribes with (its applicationServerKey)."""
    key = current_app.config.get("PEERAPP_VAPID_PUBLIC_KEY")
    if not key:
        return problem(
            503, _("Push notifications are not set up on this server."), kind="push-unavailable"
        )
    return jsonify(public_key=key)


@bp.post("/v1/push-subscriptions")
@signed_in
@documented(
    operation_id="createPushSubscription",
    ok={201: PushSubscription},
    errors={400: "Bad Request", 401: "Not signed in.", 403: CSRF, 415: NOT_JSON},
    json=NewPushSubscription,
)
def create_push_subscription() -> ResponseReturnValue:
    """Save this browser's push subscription and send it "Notifications are on"."""
    body = json_object()
    keys = body.get("keys")
    if not isinstance(keys, dict):
        keys = {}
    errors = subscriptions.subscription_problems(
        body.get("endpoint"), keys.get("p256dh"), keys.get("auth")
    )
    if errors:
        raise ValidationError(errors)
    subscription = subscriptions.subscribe(
        current_user._get_current_object(), body["endpoint"], keys["p256dh"], keys["auth"]
    )
    answer = {
        "id": subscription.id,
        "endpoint": subscription.endpoint,
        "created_at": subscription.created_at.isoformat(),
    }
    return jsonify(answer), 201


@bp.delete("/v1/push-subscriptions")
@signed_in
@documented(
    operation_id="deletePushSubscription",
    ok={204: None},
    errors={
        400: "Bad Request",
        401: "Not signed in.",
        403: CSRF,
        404: "The signed-in account has no subscription with this endpoint.",
        415: NOT_JSON,
    },
    json=PushSubscriptionEndpoint,
)
def delete_push_subscription() -> ResponseReturnValue:
    """Stop push notifications to this browser."""
    endpoint = json_object().get("endpoint")
    if not isinstance(endpoint, str) or not endpoint:
        raise ValidationError({"endpoint": _("Give the push service address the browser made.")})
    if not subscriptions.unsubscribe(current_user._get_current_object(), endpoint):
        return problem(404, _("This browser has no push subscription here."), kind="not-found")
    return "", 204
