"""Come with me: a client asks for company to one occurrence, a peer takes it, either cancels.

The first peer to accept gets the request: acceptance is one conditional UPDATE on an open
request whose start is ahead, so two peers racing cannot both have it. Every look by the other
side and every change is audited; notifications say only that something happened, never where.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from peerapp.extensions import db, utcnow
from peerapp.models.companion import CompanionRequest
from peerapp.models.peers import PeerProfile
from peerapp.models.people import User
from peerapp.services.companion import rules
from peerapp.services.companion.offering import Offer, is_paused, peers_to_tell
from peerapp.services.companion.targets import Target, target_of
from peerapp.services.errors import DomainError, NotAllowed, NotFound, ValidationError
from peerapp.services.notify import enqueue
from peerapp.services.privacy import audit, crypto
from peerapp.services.readmission.requests import key_problem
from peerapp.services.unit import unit_of_work
from peerapp.words import _


class KeyReused(DomainError):
    """An Idempotency-Key already used for a request with a different body."""


class AlreadyAsked(DomainError):
    """The client already has a live request for this occurrence."""


class Taken(DomainError):
    """The request is no longer open: another peer took it, it was cancelled, or it expired."""


class Finished(DomainError):
    """The request cannot change any more (cancelled, expired, or the time has passed)."""


@dataclass(frozen=True)
class Asked:
    """What a request for company produced: the request, and whether it is new."""

    request: CompanionRequest
    created: bool


def _path(request: CompanionRequest) -> str:
    return f"/company/{request.id}"


def _digest(body: dict[str, Any]) -> str:
    fields = ("meeting_id", "place_id", "event_id", "starts_at", "meeting_point", "note")
    return hashlib.sha256(
        json.dumps({k: body.get(k) for k in fields}, sort_keys=True, default=str).encode()
    ).hexdigest()


def body_problems(body: dict[str, Any]) -> dict[str, str]:
    """A translated message for each field that cannot be used (the target is checked apart)."""
    errors: dict[str, str] = {}
    if problem := rules.meeting_point_problem(body.get("meeting_point")):
        errors["meeting_point"] = problem
    if problem := rules.note_problem(body.get("note")):
        errors["note"] = problem
    return errors


def ask(client: User, key: str, body: dict[str, Any], now: datetime | None = None) -> Asked:
    """A client asks for company; the same key answers with the request it made.

    Peers who may take it are told through the outbox in the same unit of work.
    """
    if client.role != "client":
        raise NotAllowed
    if problem := key_problem(key):
        raise ValidationError({"Idempotency-Key": problem})
    now = now or utcnow()
    digest = _digest(body)
    try:
        with unit_of_work(keep_loaded=True) as session:
            before = session.scalar(
                sa.select(CompanionRequest).where(
                    CompanionRequest.client_id == client.id,
                    CompanionRequest.idempotency_key == key,
                )
            )
            if before is not None:
                if before.body_digest != digest:
                    raise KeyReused
                return Asked(before, created=False)
            if errors := body_problems(body):
                raise ValidationError(errors)
            target = target_of(body)
            starts_at = target.check_time(rules.read_moment(body.get("starts_at")), now)
            # an open one whose time has come no longer stands in the way
            session.execute(
                sa.update(CompanionRequest)
                .where(CompanionRequest.status == "open", CompanionRequest.starts_at <= now)
                .values(status="expired")
                .execution_options(synchronize_session=False)
            )
            live = session.scalar(
                sa.select(CompanionRequest.id).where(
                    CompanionRequest.client_id == client.id,
                    CompanionRequest.target == target.key,
                    CompanionRequest.starts_at == starts_at,
                    CompanionRequest.status.in_(("open", "accepted")),
                )
            )
            if live is not None:
                raise AlreadyAsked
            note = (body.get("note") or "").strip()
            request = CompanionRequest(
                client_id=client.id,
                **target.copied(),
                starts_at=starts_at,
                meeting_point=" ".join(body["meeting_point"].split()),
                note=crypto.encrypt(note) if note else None,
                status="open",
                idempotency_key=key,
                body_digest=digest,
                created_at=now,
            )
            session.add(request)
            session.flush()
            audit.record(
                client,
                "companion.ask",
                object_type="companion_request",
                object_id=request.id,
            )
            for peer in peers_to_tell(request):
                enqueue.notify_user(
                    peer,
                    "companion_new",
                    {"path": _path(request)},
                    dedupe_key=f"companion:{request.id}:new",
                )
    except IntegrityError:
        # the same key, or the same occurrence, stored by a tap that raced this one
        again = db.session.scalar(
            sa.select(CompanionRequest).where(
                CompanionRequest.client_id == client.id, CompanionRequest.idempotency_key == key
            )
        )
        if again is not None and again.body_digest == digest:
            return Asked(again, created=False)
        raise AlreadyAsked from None
    return Asked(request, created=True)


@dataclass(frozen=True)
class Asking:
    """What the page to ask for company offers: the meeting, place or event, and the times."""

    target: Target
    #: the next starts to choose from, in UTC (none for a place: a day and time are typed)
    choices: list[datetime]


def asking_for(name: str, value: int, now: datetime | None = None) -> Asking:
    """What a client is about to ask for company to (``name``: meeting_id, place_id or
    event_id); ``NotFound`` when it is not listed, ``ValidationError`` for one only online."""
    target = target_of({name: value})
    return Asking(target, target.choices(now or utcnow()))


def _load(request_id: int) -> CompanionRequest | None:
    return db.session.scalar(
        sa.select(CompanionRequest)
        .options(
            joinedload(CompanionRequest.meeting),
            joinedload(CompanionRequest.place),
            joinedload(CompanionRequest.event),
        )
        .where(CompanionRequest.id == request_id)
    )


def visible(user: User, request_id: int, now: datetime | None = None) -> CompanionRequest:
    """The request if ``user`` is its client, its peer, or a peer who may take it while open;
    the look by a peer is audited. Anyone else: ``NotFound``."""
    request = _load(request_id)
    now = now or utcnow()
    if request is None:
        raise NotFound(_("There is no such request."))
    if user.id == request.client_id:
        return request
    if user.id == request.peer_id or (
        user.role == "peer"
        and rules.status_at(request, now) == "open"
        and Offer(user).may_take(request)
    ):
        with unit_of_work():
            audit.record(
                user,
                "companion.view",
                subject_id=request.client_id,
                object_type="companion_request",
                object_id=request.id,
            )
        return request
    if user.role == "peer" and user.id != request.client_id and Offer(user).may_take(request):
        # a peer who was told of it, opening the link after someone else said yes
        raise Taken(_("Someone else has already said yes, or the request has ended."))
    raise NotFound(_("There is no such request."))


def listed_for(user: User, now: datetime | None = None) -> list[CompanionRequest]:
    """A client's own requests, newest first; a peer's accepted ones and the open ones they may
    take, soonest first (none while they pause offering). Looks by a peer are audited."""
    now = now or utcnow()
    query = sa.select(CompanionRequest).options(
        joinedload(CompanionRequest.meeting), joinedload(CompanionRequest.place)
    )
    if user.role == "client":
        return list(
            db.session.scalars(
                query.where(CompanionRequest.client_id == user.id).order_by(
                    CompanionRequest.id.desc()
                )
            )
        )
    if user.role != "peer":
        raise NotAllowed
    mine = list(
        db.session.scalars(
            query.where(
                CompanionRequest.peer_id == user.id,
                CompanionRequest.starts_at > now - timedelta(days=1),
            ).order_by(CompanionRequest.starts_at)
        )
    )
    offer = Offer(user)
    takeable = (
        []
        if is_paused(user)
        else [
            r
            for r in db.session.scalars(
                query.where(
                    CompanionRequest.status == "open", CompanionRequest.starts_at > now
                ).order_by(CompanionRequest.starts_at)
            )
            if offer.may_take(r)
        ]
    )
    shown = mine + takeable
    if shown:
        with unit_of_work():
            for r in shown:
                audit.record(
                    user,
                    "companion.view",
                    subject_id=r.client_id,
                    object_type="companion_request",
                    object_id=r.id,
                )
    return shown


def accept(peer: User, request_id: int, now: datetime | None = None) -> CompanionRequest:
    """The peer takes the request: the first wins (``Taken`` for the rest); the client is told."""
    now = now or utcnow()
    request = _load(request_id)
    if request is None or peer.role != "peer":
        raise NotFound(_("There is no such request."))
    if request.client_id == peer.id or not Offer(peer).may_take(request):
        with unit_of_work():
            audit.record(
                peer,
                "companion.accept",
                subject_id=request.client_id,
                object_type="companion_request",
                object_id=request.id,
                allowed=False,
            )
        raise NotAllowed(_("This request is outside the regions or fellowships you cover."))
    with unit_of_work() as session:
        won = session.execute(
            sa.update(CompanionRequest)
            .where(
                CompanionRequest.id == request.id,
                CompanionRequest.status == "open",
                CompanionRequest.starts_at > now,
            )
            .values(status="accepted", peer_id=peer.id, accepted_at=now)
            .execution_options(synchronize_session=False)
        ).rowcount  # type: ignore[attr-defined]
        if won != 1:
            raise Taken(_("Someone else has already said yes, or the request has ended."))
        audit.record(
            peer,
            "companion.accept",
            subject_id=request.client_id,
            object_type="companion_request",
            object_id=request.id,
        )
        enqueue.notify_user(
            request.client,
            "companion_accepted",
            {"path": _path(request)},
            dedupe_key=f"companion:{request.id}:accepted",
        )
    db.session.refresh(request)
    return request


def cancel(
    user: User, request_id: int, reason: Any, now: datetime | None = None
) -> CompanionRequest:
    """Either side cancels with a reason (sealed); the other side, if any, is told."""
    now = now or utcnow()
    request = _load(request_id)
    if request is None or user.id not in (request.client_id, request.peer_id):
        raise NotFound(_("There is no such request."))
    if problem := rules.reason_problem(reason):
        raise ValidationError({"reason": problem})
    side = "client" if user.id == request.client_id else "peer"
    with unit_of_work() as session:
        changed = session.execute(
            sa.update(CompanionRequest)
            .where(
                CompanionRequest.id == request.id,
                CompanionRequest.status.in_(("open", "accepted")),
                CompanionRequest.starts_at > now,
            )
            .values(
                status="cancelled",
                cancelled_at=now,
                cancelled_by=side,
                cancel_reason=crypto.encrypt(reason.strip()),
            )
            .execution_options(synchronize_session=False)
        ).rowcount  # type: ignore[attr-defined]
        if changed != 1:
            raise Finished(_("This request has already ended and cannot be cancelled."))
        audit.record(
            user,
            "companion.cancel",
            # the client's own change is recorded too, as one without a subject
            subject_id=request.client_id if side == "peer" else None,
            object_type="companion_request",
            object_id=request.id,
        )
        other = request.peer if side == "client" else request.client
        if other is not None:
            enqueue.notify_user(
                other,
                "companion_cancelled",
                {"path": _path(request)},
                dedupe_key=f"companion:{request.id}:cancelled",
            )
    db.session.refresh(request)
    return request


def say_how_it_went(
    client: User, request_id: int, outcome: Any, now: datetime | None = None
) -> CompanionRequest:
    """After the time, the client's one tap on how it went (changeable, optional)."""
    now = now or utcnow()
    request = _load(request_id)
    if request is None or client.id != request.client_id:
        raise NotFound(_("There is no such request."))
    if problem := rules.outcome_problem(outcome):
        raise ValidationError({"outcome": problem})
    if request.status != "accepted" or request.starts_at > now:
        raise Finished(_("You can say how it went once the time has come."))
    with unit_of_work():
        request.outcome, request.outcome_at = outcome, now
        audit.record(
            client, "companion.outcome", object_type="companion_request", object_id=request.id
        )
    return request


def status_of(request: CompanionRequest, now: datetime | None = None) -> str:
    """The request's status now (an open one past its start is expired)."""
    return rules.status_at(request, now or utcnow())


def may_tell_outcome(request: CompanionRequest, now: datetime | None = None) -> bool:
    """Whether the client can now say how it went."""
    return request.status == "accepted" and request.starts_at <= (now or utcnow())


def display_name(user: User | None) -> str | None:
    """The name one side sees of the other: a peer's profile name, else the username."""
    if user is None:
        return None
    name = db.session.scalar(
        sa.select(PeerProfile.display_name).where(PeerProfile.user_id == user.id)
    )
    return name or user.username


def other_side(viewer: User, request: CompanionRequest) -> str | None:
    """The other side's display name once accepted (``None`` before, or to anyone else)."""
    if request.status != "accepted":
        return None
    if viewer.id == request.client_id:
        return display_name(request.peer)
    if viewer.id == request.peer_id:
        return display_name(request.client)
    return None


def note_of(viewer: User, request: CompanionRequest) -> str | None:
    """The client's note in clear, for the client and the peer who took it."""
    if request.note is None or viewer.id not in (request.client_id, request.peer_id):
        return None
    return crypto.decrypt(request.note)


def reason_of(viewer: User, request: CompanionRequest) -> str | None:
    """Why it was cancelled, for the two sides."""
    if request.cancel_reason is None or viewer.id not in (request.client_id, request.peer_id):
        return None
    return crypto.decrypt(request.cancel_reason)


def export_of(client: User) -> list[dict[str, Any]]:
    """A client's requests for company, for their export (the note in clear)."""
    rows = db.session.scalars(
        sa.select(CompanionRequest)
        .where(CompanionRequest.client_id == client.id)
        .order_by(CompanionRequest.id)
    )
    return [
        {
            "id": r.id,
            "meeting_id": r.meeting_id,
            "place_id": r.place_id,
            "event_id": r.event_id,
            "starts_at": r.starts_at.isoformat(),
            "meeting_point": r.meeting_point,
            "note": crypto.decrypt(r.note) if r.note else None,
            "status": r.status,
            "created_at": r.created_at.isoformat(),
            "cancel_reason": crypto.decrypt(r.cancel_reason) if r.cancel_reason else None,
            "outcome": r.outcome,
        }
        for r in rows
    ]
