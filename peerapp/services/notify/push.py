"""Deliver one Web Push message: encrypted (aes128gcm), signed with VAPID, sent by pywebpush.

The browser receives ``{"id", "title", "body", "url", "tag", "lang"}``; ``id`` and ``tag`` are
the message's dedupe key, so a service worker that shows it with that tag shows a repeat only
once. The ``Topic`` header, derived from the same key, lets a push service replace a repeat it
has not delivered yet.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

import http_ece
import requests
from cryptography.hazmat.primitives import serialization
from py_vapid import Vapid, VapidException
from pywebpush import WebPushException, webpush

from peerapp.config import app_config
from peerapp.services import outbound
from peerapp.services.notify.messages import (
    DeliveryFailed,
    Envelope,
    NotConfigured,
    ReceiverGone,
    kind_named,
    missing_settings,
    render_text,
)

#: seconds to wait for a push service
TIMEOUT = 10
VAPID_SETTINGS = ("PEERAPP_VAPID_PUBLIC_KEY", "PEERAPP_VAPID_PRIVATE_KEY", "PEERAPP_VAPID_SUBJECT")


def push_json(envelope: Envelope) -> dict[str, str]:
    """What the service worker receives, in the message's language."""
    text = render_text(envelope.kind, envelope.payload, envelope.language)
    return {
        "id": envelope.dedupe_key,
        "title": text.title,
        "body": text.body,
        "url": text.path,
        "tag": envelope.dedupe_key,
        "lang": text.language,
    }


def topic(dedupe_key: str) -> str:
    """An RFC 8030 ``Topic`` (32 URL-safe base64 characters) for a dedupe key."""
    digest = hashlib.sha256(dedupe_key.encode()).digest()
    return base64.urlsafe_b64encode(digest).decode()[:32]


def public_key_of(private_key: str) -> str:
    """The URL-safe base64 public point (the browser's applicationServerKey) of a private key."""
    point = Vapid.from_string(private_key).public_key.public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    return base64.urlsafe_b64encode(point).decode().rstrip("=")


def vapid_signer() -> tuple[Vapid, str]:
    """The VAPID key and subject from the settings; raises ``NotConfigured``."""
    config = app_config()
    if missing := missing_settings(config, *VAPID_SETTINGS):
        raise missing
    try:
        signer = Vapid.from_string(config["PEERAPP_VAPID_PRIVATE_KEY"])
        public = public_key_of(config["PEERAPP_VAPID_PRIVATE_KEY"])
    except (ValueError, TypeError, VapidException):
        raise NotConfigured("PEERAPP_VAPID_PRIVATE_KEY is not a P-256 private key") from None
    if public != config["PEERAPP_VAPID_PUBLIC_KEY"].rstrip("="):
        raise NotConfigured("PEERAPP_VAPID_PUBLIC_KEY does not belong to the private key")
    return signer, config["PEERAPP_VAPID_SUBJECT"]


class HideRequestPaths(logging.Filter):
    """Blank the paths urllib3 logs at DEBUG: a push endpoint's path is a browser's address."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the record in place; never drop it."""
        if isinstance(record.args, tuple):
            record.args = tuple(
                "/..." if isinstance(arg, str) and arg.startswith("/") else arg
                for arg in record.args
            )
        return True


def _hide_request_paths() -> None:
    """Install :class:`HideRequestPaths` on urllib3's request log, once."""
    urllib3_log = logging.getLogger("urllib3.connectionpool")
    if not any(isinstance(f, HideRequestPaths) for f in urllib3_log.filters):
        urllib3_log.addFilter(HideRequestPaths())


def send_push(envelope: Envelope) -> None:
    """Send one push message; raises ``DeliveryFailed`` (``ReceiverGone`` for 404 and 410)."""
    if not (envelope.endpoint and envelope.p256dh and envelope.auth):
        raise ReceiverGone("no subscription")
    _hide_request_paths()
    signer, subject = vapid_signer()
    kind = kind_named(envelope.kind)
    try:  # checked again now: a name may resolve elsewhere than when it was subscribed
        destination = outbound.check(envelope.endpoint, schemes=("https",))
    except outbound.OutboundRefused as refused:
        raise _refused(refused) from None
    try:
        with outbound.session_for(destination) as session:
            webpush(
                subscription_info={
                    "endpoint": envelope.endpoint,
                    "keys": {"p256dh": envelope.p256dh, "auth": envelope.auth},
                },
                data=json.dumps(push_json(envelope), ensure_ascii=False),
                vapid_private_key=signer,
                vapid_claims={"sub": subject},
                content_encoding="aes128gcm",
                ttl=kind.ttl,
                timeout=TIMEOUT,
                headers={"Topic": topic(envelope.dedupe_key), "Urgency": kind.urgency},
                requests_session=session,
            )
    except WebPushException as error:
        _raise_for_answer(error)
    except VapidException:
        raise NotConfigured("VAPID signing failed: check PEERAPP_VAPID_SUBJECT") from None
    except outbound.OutboundRefused as refused:
        raise _refused(refused) from None
    except requests.RequestException as error:
        raise DeliveryFailed(f"network error ({type(error).__name__})") from None
    except (ValueError, http_ece.ECEException) as error:  # keys that do not work for encryption
        raise DeliveryFailed(f"could not encrypt ({type(error).__name__})", retry=False) from None


def _refused(refused: outbound.OutboundRefused) -> DeliveryFailed:
    """The failure for an endpoint the guard refuses: trying again will not help."""
    return DeliveryFailed(f"push service address refused ({refused.reason})", retry=False)


def _raise_for_answer(error: WebPushException) -> None:
    """Turn a push service's answer into what the outbox does next."""
    status = error.status_code
    if status is None:
        raise DeliveryFailed("push request not made", retry=False) from None
    if 200 <= status < 300:
        return  # pywebpush treats 203-299 as failures; they are not
    reason = f"push service answered {status}"
    if status in (404, 410):
        raise ReceiverGone(reason) from None
    if status == 429 or status >= 500:
        raise DeliveryFailed(reason, retry_after=_retry_after(error.retry_after)) from None
    raise DeliveryFailed(reason, retry=False) from None


def _retry_after(value: Any) -> float | None:
    """Seconds from a ``Retry-After`` header (a number or an HTTP date), or ``None``."""
    if not value:
        return None
    text = str(value).strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())
