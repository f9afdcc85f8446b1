"""Notifications: write them to the outbox with the event, and keep people's push subscriptions.

The ``queue_*`` functions and :func:`notify_user` add rows inside the caller's write transaction
and never commit, so a notification exists exactly when the event it tells about does. Each
message has a dedupe key: writing the same key again adds nothing, on SQLite and PostgreSQL
alike and also when two requests race. ``peerapp worker`` delivers the rows
(:mod:`peerapp.services.notify.worker`).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import ipaddress
import re
from typing import Any
from urllib.parse import urlsplit

import sqlalchemy as sa
from cryptography.hazmat.primitives.asymmetric import ec
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError

from peerapp.errors import ValidationError
from peerapp.extensions import begin_write, db
from peerapp.models.notify import OutboxMessage, PushSubscription
from peerapp.models.people import User
from peerapp.services.notify.messages import DEFAULT_LANGUAGE, LANGUAGES, kind_named

#: a person rarely has more browsers than this; the oldest subscriptions beyond it are removed
MAX_SUBSCRIPTIONS_PER_USER = 10
MAX_ENDPOINT_LENGTH = 2048
_DEDUPE_KEY_LENGTH = 200
_BASE64URL = re.compile(r"[A-Za-z0-9_-]+={0,2}")
_LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
_PAYLOAD_TEXT_LIMIT = 300


def endpoint_hash(endpoint: str) -> str:
    """The SHA-256 (hex) of an endpoint URL, the subscription's unique key."""
    return hashlib.sha256(endpoint.encode()).hexdigest()


def queue_push(user: User, kind: str, payload: dict[str, Any], dedupe_key: str) -> int:
    """Queue a push to each of the user's subscriptions; returns how many messages are new."""
    return queue_push_to(User.id == user.id, kind, payload, dedupe_key)


def queue_push_to(
    users: sa.ColumnElement[bool],
    kind: str,
    payload: dict[str, Any],
    dedupe_key: str,
    *,
    email: str | None = None,
    email_language: str = DEFAULT_LANGUAGE,
) -> int:
    """Queue a push to every subscription of the users matching ``users``, and ``email`` if given.

    One query finds the subscriptions and one statement writes every row, however many people
    are told: this runs inside a request that someone is waiting for. Returns how many are new.
    """
    kind_named(kind)
    _check_payload(payload)
    rows = [
        _push_row(user_id, language, subscription_id, kind, payload, dedupe_key)
        for subscription_id, user_id, language in db.session.execute(
            sa.select(PushSubscription.id, User.id, User.language)
            .join(User, User.id == PushSubscription.user_id)
            .where(users)
            .order_by(PushSubscription.id)
        )
    ]
    if email is not None:
        rows.append(_email_row(email, kind, payload, email_language, dedupe_key, None))
    return _insert_once(rows)


def queue_email(
    address: str,
    kind: str,
    payload: dict[str, Any],
    language: str,
    dedupe_key: str,
    user: User | None = None,
) -> int:
    """Queue an e-mail to ``address``; returns 1 when it is new, 0 when the key was written before.

    With ``user`` the message goes when that account is erased.
    """
    _check_payload(payload)
    return _insert_once([_email_row(address, kind, payload, language, dedupe_key, user)])


def _email_row(
    address: str,
    kind: str,
    payload: dict[str, Any],
    language: str,
    dedupe_key: str,
    user: User | None,
) -> dict[str, Any]:
    if not kind_named(kind).email:
        raise ValueError(f"notifications of kind {kind!r} are not e-mailed")
    return _row(
        dedupe_key=_fit(f"{dedupe_key}:email"),
        channel="email",
        kind=kind,
        user_id=user.id if user is not None else None,
        email=address,
        language=_language(language),
        payload=dict(payload),
    )


def notify_user(user: User, kind: str, payload: dict[str, Any], dedupe_key: str) -> int:
    """Tell a user on each channel they have: every push subscription, and e-mail if any."""
    queued = queue_push(user, kind, payload, dedupe_key)
    if user.email and kind_named(kind).email:
        queued += queue_email(user.email, kind, payload, user.language, dedupe_key, user=user)
    return queued


def subscribe(user: User, endpoint: str, p256dh: str, auth: str) -> PushSubscription:
    """Save a browser's push subscription for ``user`` and queue "Notifications are on".

    The same endpoint again updates its keys, and moves it to ``user`` when someone else had it
    (their messages still waiting for it are dropped). Raises ``ValidationError``. Does not commit.
    """
    errors = subscription_problems(endpoint, p256dh, auth)
    if errors:
        raise ValidationError(errors)
    begin_write()
    subscription = _save_subscription(user, endpoint, p256dh.rstrip("="), auth.rstrip("="))
    _queue_for_subscription(user, subscription, "push_enabled", {}, f"push-enabled:{user.id}")
    _trim_subscriptions(user, keeping=subscription)
    return subscription


def unsubscribe(user: User, endpoint: str) -> bool:
    """Remove the user's subscription with this endpoint; ``False`` when they have none such."""
    begin_write()
    result = db.session.execute(
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
    if any(char.isspace() or not char.isprintable() for char in endpoint):
        return _("Must be an https address.")
    try:
        parts = urlsplit(endpoint)
        host = (parts.hostname or "").lower()
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        return _("Must be an https address.")
    if not host or "@" in parts.netloc or parts.scheme not in ("https", "http"):
        return _("Must be an https address.")
    local_testing = bool(current_app.testing or current_app.debug) and host in _LOOPBACK_NAMES
    if local_testing:
        return None
    if parts.scheme != "https":
        return _("Must be an https address.")
    if _is_internal(host):
        return _("Must be a push service on the internet.")
    return None


def _is_internal(host: str) -> bool:
    """Whether ``host`` names this machine or a private network (never a real push service)."""
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return not address.is_global


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


def _queue_for_subscription(
    user: User, subscription: PushSubscription, kind: str, payload: dict[str, Any], key: str
) -> int:
    """Queue one push to one subscription; returns 1 when it is new."""
    return _insert_once([_push_row(user.id, user.language, subscription.id, kind, payload, key)])


def _push_row(
    user_id: int,
    language: str | None,
    subscription_id: int,
    kind: str,
    payload: dict[str, Any],
    key: str,
) -> dict[str, Any]:
    return _row(
        dedupe_key=_fit(f"{key}:push:{subscription_id}"),
        channel="push",
        kind=kind,
        user_id=user_id,
        subscription_id=subscription_id,
        language=_language(language),
        payload=dict(payload),
    )


_ROW_FIELDS = ("dedupe_key", "channel", "kind", "user_id", "subscription_id", "email", "language")


def _row(**values: Any) -> dict[str, Any]:
    """An outbox row with every field named, so that rows of both channels insert together."""
    return {name: values.get(name) for name in _ROW_FIELDS} | {"payload": values["payload"]}


def _insert_once(rows: list[dict[str, Any]]) -> int:
    """Insert outbox rows, each unless its dedupe key exists (``ON CONFLICT DO NOTHING``).

    Returns how many were new.
    """
    if not rows:
        return 0
    dialect = db.session.get_bind().dialect.name
    if dialect == "postgresql":
        statement: Any = postgresql.insert(OutboxMessage)
    elif dialect == "sqlite":
        statement = sqlite.insert(OutboxMessage)
    else:
        raise NotImplementedError(f"the outbox supports SQLite and PostgreSQL, not {dialect}")
    statement = (
        statement.values(rows)
        .on_conflict_do_nothing(index_elements=["dedupe_key"])
        .returning(OutboxMessage.id)
    )
    # RETURNING rather than rowcount, which ORM-enabled inserts do not always report
    return len(db.session.execute(statement).all())


def _fit(key: str) -> str:
    """A dedupe key that fits its column: a long one keeps its start and a hash of the whole."""
    if len(key) <= _DEDUPE_KEY_LENGTH:
        return key
    digest = hashlib.sha256(key.encode()).hexdigest()
    return f"{key[: _DEDUPE_KEY_LENGTH - len(digest) - 1]}:{digest}"


def _language(language: str | None) -> str:
    return language if language in LANGUAGES else DEFAULT_LANGUAGE


def _check_payload(payload: dict[str, Any]) -> None:
    """Refuse payloads that could carry private text: only a few short, flat values."""
    if not isinstance(payload, dict):
        raise ValueError("a notification payload is a dict")
    for name, value in payload.items():
        if not isinstance(name, str) or not isinstance(value, str | int | bool | None):
            raise ValueError("notification payloads hold only ids, paths and flags")
        if isinstance(value, str) and len(value) > _PAYLOAD_TEXT_LIMIT:
            raise ValueError("notification payloads hold no long text")
