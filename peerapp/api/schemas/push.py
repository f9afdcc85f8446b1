"""Web Push: the server's public key, and a browser's subscription."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, SkipValidation

from peerapp.api.schemas.base import ApiModel, absent
from peerapp.api.schemas.meetings import DateTime
from peerapp.services.notify.subscriptions import MAX_ENDPOINT_LENGTH

BASE64URL = r"^[A-Za-z0-9_-]+={0,2}$"
Endpoint = Annotated[
    str,
    Field(
        max_length=MAX_ENDPOINT_LENGTH,
        description="The push service address the browser made (https).",
        json_schema_extra={"format": "uri"},
    ),
]


class PushPublicKey(ApiModel):
    """The key browsers subscribe with."""

    public_key: str = Field(
        pattern=BASE64URL,
        description=(
            "The VAPID public key: the uncompressed P-256 point, URL-safe base64 without "
            "padding. Pass it as applicationServerKey to PushManager.subscribe()."
        ),
    )


class PushKeys(ApiModel):
    """The browser's keys for encrypting what is pushed to it."""

    p256dh: str = Field(
        pattern=BASE64URL, description="The browser's P-256 public key (65 bytes, base64url)."
    )
    auth: str = Field(
        pattern=BASE64URL, description="The authentication secret (16 bytes, base64url)."
    )


class NewPushSubscription(ApiModel):
    """PushSubscription.toJSON() as the browser gives it. (The subscription rules check each
    field and name each bad one.)"""

    endpoint: SkipValidation[Endpoint] = absent()
    expirationTime: SkipValidation[float | None] = absent(description="Ignored.")  # noqa: N815
    keys: SkipValidation[PushKeys] = absent()
    documented_required = ("endpoint", "keys")


class PushSubscription(ApiModel):
    """A saved subscription."""

    id: int
    endpoint: Endpoint
    created_at: DateTime


class PushSubscriptionEndpoint(ApiModel):
    """Which subscription to stop."""

    endpoint: SkipValidation[Endpoint] = absent()
    documented_required = ("endpoint",)
