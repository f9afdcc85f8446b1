"""People's push subscriptions: checking what a browser sent, saving, moving and trimming them.

:func:`subscribe` and :func:`unsubscribe` are operations: each commits its own unit of work.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re

import sqlalchemy as sa
from cryptography.hazmat.primitives.asymmetric import ec
from sqlalchemy.exc import IntegrityError

from peerapp.extensions import db
from peerapp.models.notify import OutboxMessage, PushSubscription
from peerapp.models.people import User
from peerapp.services import outbound
from peerapp.services.errors import ValidationError
from peerapp.services.notify.enqueue import queue_for_subscription
from peerapp.services.unit import unit_of_work
from peerapp.words import _

#: a person rarely has more browsers than this; the oldest subscriptions beyond it are removed
MAX_SUBSCRIPTIONS_PER_USER = 10
MAX_ENDPOINT_LENGTH = 2048


_BASE64URL = re.compile(r"[A-Za-z0-9_-]+={0,2}")


def endpoint_hash(endpoint: str) -> str:
    """The SHA-256 (hex) of an endpoint URL, the subscription's unique key."""
    return hashlib.sha256(endpoint.encode()).hexdigest()


def subscribe(user: User, endpoint: str, p256dh: str, auth: str) -> PushSubscription:
    """Save a browser's push subscription for ``user`` and queue "Notifications are on".

    The same endpoint again updates its keys, and moves it to ``user`` when someone else had it
    (their messages still waiting for it are dropped). Raises ``ValidationError``.
    """
    errors = subscription_problems(endpoint, p256dh, auth)
    if errors:
        raise ValidationError(errors)
    with unit_of_work(keep_loaded=True):
        subscription = _save_subscription(user, endpoint, p256dh.rstrip("="), auth.rstrip("="))
        queue_for_subscription(user, subscription, "push_enabled", {}, f"push-enabled:{user.id}")
        _trim_subscriptions(user, keeping=subscription)
    return subscription


def unsubscribe(user: User, endpoint: str) -> bool:
    """Remove the user's subscription with this endpoint; ``False`` when they have none such."""
    with unit_of_work() as session:
        result = session.execute(
            sa.delete(PushSubscription).where(
                PushSubscription.user_id == user.id,
                PushSubscription.endpoint_hash == endpoint_hash(endpoint),
            )
        )
    return bool(getattr(result, "rowcount", 0))


def subscription_problems(endpoint: object, p256dh: object, auth: object) -> dict[str, str]:
    """What is wrong with a subscription as a browser sent it (field -> message); empty if fine."""
    errors: dict[str, str] = {}
    if problem := _endpoint_problem(endpoint):
        errors["endpoint"] = problem
    key = _decode_key(p256dh)
    if key is None or len(key) != 65 or key[0] != 4 or not _on_p256(key):
        errors["keys.p256dh"] = _("Must be the browser's P-256 public key (65 bytes, base64url).")
    secret = _decode_key(auth)
    if secret is None or len(secret) != 16:
        errors["keys.auth"] = _(
            "Must be the browser's authentication secret (16 bytes, base64url)."
        )
    return errors


def _endpoint_problem(endpoint: object) -> str | None:
    """Why an endpoint cannot be a push service's address, or ``None``."""
    if not isinstance(endpoint, str) or not endpoint:
        return _("Give the push service address the browser made.")
    if len(endpoint) > MAX_ENDPOINT_LENGTH:
        return _("The address is too long.")
    try:
        outbound.check(endpoint, schemes=("https",))
    except outbound.OutboundRefused as refused:
        if refused.reason == "internal":
            return _("Must be a push service on the internet.")
        if refused.reason == "unresolvable":
            return _("This push service cannot be found. Try again later.")
        return _("Must be an https address.")
    return None


def _decode_key(value: object) -> bytes | None:
    """Bytes from unpadded (or padded) URL-safe base64, or ``None`` when it is not that."""
    if not isinstance(value, str) or len(value) > 200 or not _BASE64URL.fullmatch(value):
        return None
    stripped = value.rstrip("=")
    try:
        return base64.urlsafe_b64decode(stripped + "=" * (-len(stripped) % 4))
    except (binascii.Error, ValueError):
        return None


def _on_p256(point: bytes) -> bool:
    """Whether ``point`` is an uncompressed point on the P-256 curve."""
    try:
        ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), point)
    except ValueError:
        return False
    return True


def _save_subscription(user: User, endpoint: str, p256dh: str, auth: str) -> PushSubscription:
    """Insert or update the subscription with this endpoint, whoever had it."""
    key = endpoint_hash(endpoint)
    existing = _subscription_by_hash(key)
    if existing is None:
        subscription = PushSubscription(
            user_id=user.id, endpoint_hash=key, endpoint=endpoint, p256dh=p256dh, auth=auth
        )
        try:
            with db.session.begin_nested():
                db.session.add(subscription)
            return subscription
        except IntegrityError:  # the same browser subscribed twice at once: update the other
            existing = _subscription_by_hash(key)
            if existing is None:
                raise
    if existing.user_id != user.id:
        _drop_waiting(existing.id, "subscription moved to another account")
        existing.user_id = user.id
    existing.p256dh, existing.auth = p256dh, auth
    return existing


def _subscription_by_hash(key: str) -> PushSubscription | None:
    return db.session.scalars(
        sa.select(PushSubscription).where(PushSubscription.endpoint_hash == key)
    ).first()


def _drop_waiting(subscription_id: int, reason: str) -> None:
    """Drop the messages still waiting for a subscription, so they reach no one else."""
    db.session.execute(
        sa.update(OutboxMessage)
        .where(OutboxMessage.subscription_id == subscription_id)
        .where(OutboxMessage.status == "pending")
        .values(status="dropped", last_error=reason, locked_until=None)
    )


def _trim_subscriptions(user: User, keeping: PushSubscription) -> None:
    """Keep only the user's newest subscriptions, and the one just saved."""
    keep = (
        sa.select(PushSubscription.id)
        .where(PushSubscription.user_id == user.id)
        .order_by(PushSubscription.id.desc())
        .limit(MAX_SUBSCRIPTIONS_PER_USER)
    )
    db.session.execute(
        sa.delete(PushSubscription).where(
            PushSubscription.user_id == user.id,
            PushSubscription.id != keeping.id,
            PushSubscription.id.not_in(keep.scalar_subquery()),
        )
    )
