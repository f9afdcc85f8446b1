"""Contacting a peer: contact requests, a short thread, closing, blocking and reporting.

Every message and phone number is encrypted at rest; notifications say only that something
came, never what. A client who blocks a peer is never shown to them again and cannot be
contacted by them; a peer who pauses takes no new requests.
"""

from __future__ import annotations

import re
from typing import Any

import sqlalchemy as sa

from peerapp.extensions import db, utcnow
from peerapp.models.peers import (
    CHANNELS,
    AbuseReport,
    ContactReply,
    ContactRequest,
    PeerBlock,
    PeerProfile,
)
from peerapp.models.people import User
from peerapp.services import errors
from peerapp.services.checkins.trend import Progress, progress
from peerapp.services.errors import NotAllowed, ValidationError
from peerapp.services.notify import enqueue
from peerapp.services.peers.profiles import shown_profiles
from peerapp.services.privacy import audit, crypto
from peerapp.services.unit import unit_of_work
from peerapp.words import _

MAX_MESSAGE_LENGTH = 1000
_PHONE = re.compile(r"\+?[0-9][0-9 ]{4,19}")


class PeerUnavailable(errors.NotFound):
    """The peer does not exist, is not shown, has paused, or was blocked by the client."""


__all__ = ["NotAllowed", "PeerUnavailable"]  # NotAllowed: this person may not do that to it


def _seal(text: str | None) -> bytes | None:
    return crypto.encrypt(text) if text else None


def unseal(token: bytes | None) -> str | None:
    """A message, phone number or reply in clear."""
    return crypto.decrypt(token) if token else None


def request_problems(body: dict[str, Any]) -> dict[str, str]:
    """A translated message for each field of a contact request that cannot be used."""
    errors: dict[str, str] = {}
    message, channel, phone = body.get("message"), body.get("channel"), body.get("phone")
    if not isinstance(message, str) or not message.strip():
        errors["message"] = _("Write a short message.")
    elif len(message) > MAX_MESSAGE_LENGTH:
        errors["message"] = _("Keep the message under %(num)d characters.", num=MAX_MESSAGE_LENGTH)
    if channel not in CHANNELS:
        errors["channel"] = _("Choose phone, text message or here in the app.")
    if channel in ("phone", "sms") and not (
        isinstance(phone, str) and _PHONE.fullmatch(phone.strip())
    ):
        errors["phone"] = _("Write a phone number with digits, such as 912 34 567.")
    peer_id = body.get("peer_id")
    if peer_id is not None and (
        isinstance(peer_id, bool) or not isinstance(peer_id, int) or not 0 < peer_id < 2**31
    ):
        errors["peer_id"] = _("Choose a peer from the list.")
    return errors


#: who may ask a peer for contact: clients, and relatives of someone who uses
ASKING_ROLES = ("client", "relative")


def _available_peer(client: User, profile_id: int | None) -> PeerProfile:
    profiles = [p for p in shown_profiles(client) if not p.paused]
    if profile_id is not None:
        chosen = next((p for p in profiles if p.id == profile_id), None)
        if chosen is None:
            raise PeerUnavailable
        return chosen
    if not profiles:
        raise PeerUnavailable
    # anyone who is free: the one with the fewest open requests
    open_counts = dict(
        db.session.execute(
            sa.select(ContactRequest.peer_id, sa.func.count())
            .where(ContactRequest.status != "closed")
            .group_by(ContactRequest.peer_id)
        ).all()
    )
    return min(profiles, key=lambda p: (open_counts.get(p.user_id, 0), p.id))


def send_request(client: User, body: dict[str, Any]) -> ContactRequest:
    """A client or a relative asks a peer (``peer_id`` is the profile id; none: anyone free) to
    get in touch."""
    if client.role not in ASKING_ROLES:
        raise NotAllowed
    if problems := request_problems(body):
        raise ValidationError(problems)
    with unit_of_work(keep_loaded=True) as session:
        profile = _available_peer(client, body.get("peer_id"))
        phone = body.get("phone") if body["channel"] in ("phone", "sms") else None
        request = ContactRequest(
            client_id=client.id,
            peer_id=profile.user_id,
            channel=body["channel"],
            phone=_seal(phone.strip() if isinstance(phone, str) else None),
            message=_seal(body["message"].strip()),
        )
        session.add(request)
        session.flush()
        enqueue.notify_user(
            profile.user,
            "contact_new",
            {"path": f"/contact-requests/{request.id}"},
            dedupe_key=f"contact:{request.id}:new",
        )
    return request


def visible_request(user: User, request_id: int, audited: bool = True) -> ContactRequest | None:
    """The request if ``user`` is its client or its peer; a peer's look is audited.

    ``audited=False`` for an action on the request whose page, shown next, records the look.
    """
    request = db.session.get(ContactRequest, request_id)
    if request is None or user.id not in (request.client_id, request.peer_id):
        return None
    if audited and user.id == request.peer_id:
        with unit_of_work():
            audit.record(
                user,
                "contact.view",
                subject_id=request.client_id,
                object_type="contact_request",
                object_id=request.id,
            )
    return request


def reply(user: User, request: ContactRequest, text: str) -> ContactReply:
    """Add a message to the thread; the other side is told that something came."""
    text = (text or "").strip()
    if not text or len(text) > MAX_MESSAGE_LENGTH:
        raise ValidationError(
            {"body": _("Write a message under %(num)d characters.", num=MAX_MESSAGE_LENGTH)}
        )
    if user.id not in (request.client_id, request.peer_id) or request.status == "closed":
        raise NotAllowed
    with unit_of_work() as session:
        answer = ContactReply(request_id=request.id, author_id=user.id, body=_seal(text))
        session.add(answer)
        if user.id == request.peer_id:
            request.status = "answered"
        session.flush()
        other = request.client if user.id == request.peer_id else request.peer
        if other is not None:
            enqueue.notify_user(
                other,
                "contact_reply",
                {"path": f"/contact-requests/{request.id}"},
                dedupe_key=f"contact:{request.id}:reply:{answer.id}",
            )
    return answer


def close(peer: User, request: ContactRequest) -> None:
    """The peer closes the request; the client is told."""
    if peer.id != request.peer_id or request.status == "closed":
        raise NotAllowed
    with unit_of_work():
        request.status, request.closed_at = "closed", utcnow()
        if request.client is not None:
            enqueue.notify_user(
                request.client,
                "contact_reply",
                {"path": f"/contact-requests/{request.id}"},
                dedupe_key=f"contact:{request.id}:closed",
            )


def block(client: User, request: ContactRequest) -> None:
    """The client blocks the request's peer: closed, and never shown or contacted again."""
    if client.id != request.client_id:
        raise NotAllowed
    with unit_of_work() as session:
        exists = session.scalars(
            sa.select(PeerBlock).where(
                PeerBlock.client_id == client.id, PeerBlock.peer_id == request.peer_id
            )
        ).first()
        if exists is None:
            session.add(PeerBlock(client_id=client.id, peer_id=request.peer_id))
        session.execute(
            sa.update(ContactRequest)
            .where(
                ContactRequest.client_id == client.id,
                ContactRequest.peer_id == request.peer_id,
                ContactRequest.status != "closed",
            )
            .values(status="closed", closed_at=utcnow())
            .execution_options(synchronize_session=False)
        )
    db.session.refresh(request)


def report(peer: User, request: ContactRequest, reason: str) -> AbuseReport:
    """The peer tells the admins a request was abusive; each admin is notified."""
    reason = (reason or "").strip()
    if not reason or len(reason) > MAX_MESSAGE_LENGTH:
        raise ValidationError(
            {"reason": _("Say briefly what happened, under %(num)d characters.", num=1000)}
        )
    if peer.id != request.peer_id:
        raise NotAllowed
    with unit_of_work() as session:
        filed = AbuseReport(request_id=request.id, reporter_id=peer.id, reason=_seal(reason))
        session.add(filed)
        session.flush()
        for admin in session.scalars(sa.select(User).where(User.role == "admin", User.is_active)):
            enqueue.notify_user(
                admin, "abuse_report", {"path": "/admin/"}, dedupe_key=f"abuse:{filed.id}"
            )
    return filed


def requests_of(user: User) -> list[ContactRequest]:
    """A client's own requests, or a peer's incoming ones, newest first."""
    column = ContactRequest.peer_id if user.role == "peer" else ContactRequest.client_id
    return list(
        db.session.scalars(
            sa.select(ContactRequest).where(column == user.id).order_by(ContactRequest.id.desc())
        )
    )


def open_reports() -> list[AbuseReport]:
    """Abuse reports no admin has handled yet, oldest first."""
    return list(
        db.session.scalars(
            sa.select(AbuseReport).where(AbuseReport.handled_at.is_(None)).order_by(AbuseReport.id)
        )
    )


def shared_with_peer(peer: User, request: ContactRequest) -> bool:
    """Whether the request's client lets the peers they talk to see their check-in figures."""
    from peerapp.services.checkins import consent

    client = request.client
    return (
        client is not None
        and peer.id == request.peer_id
        and request.status != "closed"
        and consent.has_consent(client, "share_peer")
    )


def shared_progress(peer: User, request: ContactRequest) -> Progress | None:
    """The check-in figures the request's client shares with the peer they talk to (the look is
    audited), or ``None`` when they share none."""
    if not shared_with_peer(peer, request) or request.client is None:
        return None
    with unit_of_work():
        audit.record(peer, "checkins.view", request.client, object_type="checkins")
    return progress(request.client)


def act(user: User, request: ContactRequest, action: str, text: str = "") -> None:
    """One of the actions on a conversation: ``reply``, ``close`` (its peer), ``block`` (its
    client) or ``report`` (its peer); raises ``NotFound`` for any other."""
    if action == "reply":
        reply(user, request, text)
    elif action == "close":
        close(user, request)
    elif action == "block":
        block(user, request)
    elif action == "report":
        report(user, request, text)
    else:
        raise errors.NotFound
