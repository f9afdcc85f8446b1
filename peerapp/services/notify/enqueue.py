"""Notifications written to the outbox with the event that they tell about.

The ``queue_*`` functions and :func:`notify_user` add rows inside the caller's write transaction
and never commit, so a notification exists exactly when the event it tells about does. Each
message has a dedupe key: writing the same key again adds nothing, on SQLite and PostgreSQL
alike and also when two requests race. ``peerapp worker`` delivers the rows
(:mod:`peerapp.services.notify.worker`).
"""

from __future__ import annotations

import hashlib
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from peerapp.extensions import db
from peerapp.models.notify import OutboxMessage, PushSubscription
from peerapp.models.people import User
from peerapp.services.notify.messages import DEFAULT_LANGUAGE, LANGUAGES, kind_named

_DEDUPE_KEY_LENGTH = 200


_PAYLOAD_TEXT_LIMIT = 300


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


def queue_for_subscription(
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
