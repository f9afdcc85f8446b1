"""The hand-over at discharge: staff record the date and the receiving municipality, the client
consents (or withdraws), the municipality's coordinators read and confirm it, and one not
confirmed in two working days is escalated to the clinic."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import sqlalchemy as sa

from peerapp.extensions import db, utcnow
from peerapp.models.audit import AuditEvent
from peerapp.models.municipalities import Handover, Municipality
from peerapp.models.people import User
from peerapp.services.errors import NotAllowed, NotFound, ValidationError
from peerapp.services.municipalities.registry import find_municipality, number_problem
from peerapp.services.municipalities.working_days import OSLO, after_working_days
from peerapp.services.notify import enqueue
from peerapp.services.plan.store import PlanData, load_plan
from peerapp.services.privacy import audit
from peerapp.services.readmission.shared import seal, tell_clinic, unseal
from peerapp.services.unit import unit_of_work
from peerapp.words import _

#: how long the municipality has to confirm receipt and the first appointment
CONFIRM_WITHIN_WORKING_DAYS = 2
PLACE_MAX = 200
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True)
class DischargeSpec:
    """What staff fill in: the discharge date and the receiving municipality's number."""

    discharge_date: date | None
    municipality_number: str


def today() -> date:
    """Today in Norway."""
    return datetime.now(OSLO).date()


def _own_client(staff: User, client_id: int) -> User:
    """One of the staff member's clinic's clients; anyone else is ``NotFound``."""
    if staff.role != "clinic" or staff.clinic_id is None:
        raise NotAllowed
    client = db.session.get(User, client_id)
    if client is None or client.role != "client" or client.clinic_id != staff.clinic_id:
        raise NotFound
    return client


def latest_for(client_id: int) -> Handover | None:
    """The client's newest hand-over."""
    return db.session.scalars(
        sa.select(Handover).where(Handover.client_id == client_id).order_by(Handover.id.desc())
    ).first()


def for_staff(staff: User, client_id: int) -> tuple[User, Handover | None]:
    """The client (own clinic's only) and their newest hand-over, for the discharge page."""
    client = _own_client(staff, client_id)
    return client, latest_for(client.id)


def record_discharge(staff: User, client_id: int, spec: DischargeSpec) -> Handover:
    """Record (or change) the discharge date and the receiving municipality.

    Choosing another municipality asks the client's consent anew: it names the municipality.
    """
    errors: dict[str, str] = {}
    if spec.discharge_date is None:
        errors["discharge_date"] = _("Give the discharge date.")
    elif not today() - timedelta(days=60) <= spec.discharge_date <= today() + timedelta(days=365):
        errors["discharge_date"] = _("Give a discharge date from 60 days ago to a year from today.")
    municipality = None
    if problem := number_problem(spec.municipality_number.strip()):
        errors["municipality"] = problem
    else:
        municipality = find_municipality(spec.municipality_number)
        if municipality is None:
            errors["municipality"] = _("No municipality on Peerapp has that number.")
    client = _own_client(staff, client_id)
    if errors:
        raise ValidationError(errors)
    assert municipality is not None and spec.discharge_date is not None
    with unit_of_work():
        handover = latest_for(client.id)
        if handover is None or handover.confirmed_at is not None:
            handover = Handover(
                client_id=client.id,
                clinic_id=client.clinic_id,
                municipality_id=municipality.id,
                discharge_date=spec.discharge_date,
            )
            db.session.add(handover)
        elif handover.municipality_id != municipality.id:
            handover.consent_at = None
            handover.consent_withdrawn_at = None
            handover.sent_at = None
            handover.escalated_at = None
        handover.municipality_id = municipality.id
        handover.discharge_date = spec.discharge_date
        handover.recorded_by_id = staff.id
        handover.recorded_at = utcnow()
        db.session.flush()
        audit.record(
            staff,
            "handover.record",
            client,
            object_type="handover",
            object_id=handover.id,
            changes={"municipality": municipality.number},
        )
        _send_if_ready(handover)
    return handover


def _send_if_ready(handover: Handover) -> None:
    """Send the hand-over the first time it is both recorded and consented to."""
    if handover.sent_at is not None or not handover.consent_in_force:
        return
    handover.sent_at = utcnow()
    db.session.flush()
    municipality = db.session.get(Municipality, handover.municipality_id)
    enqueue.queue_push_to(
        sa.and_(
            User.municipality_id == handover.municipality_id,
            User.role == "municipal",
            User.is_active,
        ),
        "handover_new",
        {"path": f"/municipality/handovers/{handover.id}"},
        f"handover:{handover.id}:sent:{handover.municipality_id}",
        email=municipality.email if municipality is not None else None,
    )


def _own_handover(client: User, handover_id: int) -> Handover:
    handover = db.session.get(Handover, handover_id)
    if client.role != "client" or handover is None or handover.client_id != client.id:
        raise NotFound
    return handover


def give_consent(client: User, handover_id: int) -> Handover:
    """The client lets the named municipality read the hand-over; it is sent if not yet."""
    with unit_of_work():
        handover = _own_handover(client, handover_id)
        if not handover.consent_in_force:
            handover.consent_at = utcnow()
            handover.consent_withdrawn_at = None
        _send_if_ready(handover)
    return handover


def withdraw_consent(client: User, handover_id: int) -> Handover:
    """The client takes the consent back: the municipality loses access at once."""
    with unit_of_work():
        handover = _own_handover(client, handover_id)
        if handover.consent_in_force:
            handover.consent_withdrawn_at = utcnow()
    return handover


def for_municipality(actor: User) -> list[Handover]:
    """The hand-overs sent to the coordinator's municipality with consent in force: those still
    to confirm first, the oldest first; then the confirmed ones, newest first."""
    if actor.role != "municipal" or actor.municipality_id is None:
        raise NotAllowed
    rows = db.session.scalars(
        sa.select(Handover)
        .where(
            Handover.municipality_id == actor.municipality_id,
            Handover.sent_at.is_not(None),
            Handover.consent_at.is_not(None),
            Handover.consent_withdrawn_at.is_(None),
        )
        .order_by(Handover.sent_at)
    ).all()
    _audit_listing(actor, rows)
    waiting = [h for h in rows if h.confirmed_at is None]
    done = sorted((h for h in rows if h.confirmed_at is not None), key=lambda h: -h.id)
    return [*waiting, *done]


#: a coordinator's list names each client; that look is in the client's access log once in this
#: while, so that a list opened many times a day does not bury the other entries
LIST_LOOK_EVERY = timedelta(hours=12)


def _audit_listing(actor: User, rows: Sequence[Handover]) -> None:
    """Record that ``actor`` saw each client's hand-over in their list (once per while)."""
    if not rows:
        return
    since = utcnow() - LIST_LOOK_EVERY
    seen = set(
        db.session.scalars(
            sa.select(AuditEvent.subject_id).where(
                AuditEvent.actor_id == actor.id,
                AuditEvent.action == "handover.list",
                AuditEvent.at > since,
            )
        )
    )
    fresh = [h for h in rows if h.client_id not in seen]
    if not fresh:
        return
    with unit_of_work():
        for handover in fresh:
            audit.record(
                actor,
                "handover.list",
                subject_id=handover.client_id,
                object_type="handover",
                object_id=handover.id,
            )


def visible_to(actor: User, handover_id: int) -> Handover:
    """One hand-over for a coordinator of its municipality while consent is in force, each look
    audited (and shown in the client's access log); anything else is ``NotFound``."""
    handover = db.session.get(Handover, handover_id)
    mine = (
        handover is not None
        and actor.role == "municipal"
        and actor.municipality_id == handover.municipality_id
        and handover.sent_at is not None
        and handover.consent_in_force
    )
    if handover is not None:
        with unit_of_work():
            audit.record(
                actor,
                "handover.view",
                subject_id=handover.client_id,
                object_type="handover",
                object_id=handover.id,
                allowed=mine,
            )
    if not mine or handover is None:
        raise NotFound
    return handover


@dataclass(frozen=True)
class Confirmation:
    """The municipality's answer: the first appointment's time (Norwegian time) and place."""

    appointment_at: datetime | None
    place: str


def confirm(actor: User, handover_id: int, answer: Confirmation) -> Handover:
    """Confirm receipt and the first appointment; confirming again changes the appointment."""
    handover = visible_to(actor, handover_id)
    errors: dict[str, str] = {}
    now = utcnow()
    at = answer.appointment_at
    if at is None:
        errors["appointment_at"] = _("Give the date and time of the first appointment.")
    else:
        if at.tzinfo is None:
            at = at.replace(tzinfo=OSLO)
        if not now - timedelta(days=1) <= at <= now + timedelta(days=180):
            errors["appointment_at"] = _(
                "Give a time for the first appointment from today to six months ahead."
            )
    place = " ".join((answer.place or "").split())
    if not place:
        errors["place"] = _("Say where the first appointment is.")
    elif len(place) > PLACE_MAX or _CONTROL.search(answer.place):
        errors["place"] = _("Keep the place to %(num)d characters.", num=PLACE_MAX)
    if errors:
        raise ValidationError(errors)
    with unit_of_work():
        stored = db.session.get(Handover, handover_id)
        assert stored is not None and at is not None
        handover = stored
        handover.confirmed_at = handover.confirmed_at or now
        handover.confirmed_by_id = actor.id
        handover.confirmed_by_label = actor.username
        handover.first_appointment_at = at
        handover.first_appointment_place = seal(place)
        audit.record(
            actor,
            "handover.confirm",
            subject_id=handover.client_id,
            object_type="handover",
            object_id=handover.id,
        )
    return handover


def plan_of(handover: Handover) -> PlanData | None:
    """The client's plan, for a coordinator already let through by :func:`visible_to`."""
    return load_plan(handover.client_id)


def appointment_place(handover: Handover) -> str | None:
    """Where the first appointment is, unsealed."""
    return unseal(handover.first_appointment_place)


def deadline(handover: Handover) -> datetime | None:
    """When the municipality should have confirmed: two working days after it was sent."""
    if handover.sent_at is None:
        return None
    return after_working_days(handover.sent_at, CONFIRM_WITHIN_WORKING_DAYS)


def is_overdue(handover: Handover, now: datetime | None = None) -> bool:
    """Sent with consent, not confirmed, and past its two working days (or escalated)."""
    if handover.confirmed_at is not None or not handover.consent_in_force:
        return False
    if handover.escalated_at is not None:
        return True
    limit = deadline(handover)
    return limit is not None and (now or utcnow()) >= limit


def overdue_for_clinic(staff: User) -> list[Handover]:
    """The staff member's clinic's hand-overs the municipality has not confirmed in time."""
    if staff.role != "clinic" or staff.clinic_id is None:
        return []
    rows = db.session.scalars(
        sa.select(Handover)
        .where(
            Handover.clinic_id == staff.clinic_id,
            Handover.sent_at.is_not(None),
            Handover.confirmed_at.is_(None),
        )
        .order_by(Handover.sent_at)
    ).all()
    return [h for h in rows if is_overdue(h)]


def escalate_unconfirmed(now: datetime | None = None) -> int:
    """Tell the clinic about each hand-over not confirmed in two working days, once each."""
    now = now or utcnow()
    escalated = 0
    with unit_of_work():
        candidates = db.session.scalars(
            sa.select(Handover).where(
                Handover.sent_at.is_not(None),
                Handover.confirmed_at.is_(None),
                Handover.escalated_at.is_(None),
            )
        ).all()
        for handover in candidates:
            if not is_overdue(handover, now):
                continue
            handover.escalated_at = now
            tell_clinic(
                handover.clinic_id,
                "handover_overdue",
                f"/clinic/clients/{handover.client_id}/discharge",
                f"handover:{handover.id}:overdue",
            )
            escalated += 1
    return escalated
