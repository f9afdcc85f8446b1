"""Reading a plan out of the database and sealing it back: no permission checks here (the
operations that call these check who is asking)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from peerapp.extensions import db
from peerapp.models.plan import Plan, PlanAppointment, PlanContact, PlanSaved
from peerapp.services.privacy import crypto

OSLO = ZoneInfo("Europe/Oslo")
#: the crisis plan's lists of short texts, in the order of the steps
TEXT_PARTS = ("warning_signs", "coping", "distractions", "safer")
#: the crisis plan's lists of people, each {name, phone, how}
PEOPLE_PARTS = ("people", "professionals")


@dataclass(frozen=True)
class Person:
    """Someone in the crisis plan to ask for help: a name, a phone number and how they help."""

    name: str
    phone: str = ""
    how: str = ""

    def as_dict(self) -> dict[str, str]:
        """The person as JSON."""
        return {"name": self.name, "phone": self.phone, "how": self.how}


@dataclass(frozen=True)
class CrisisPlan:
    """The steps of the safety plan, turned toward relapse."""

    warning_signs: list[str] = field(default_factory=list)
    coping: list[str] = field(default_factory=list)
    distractions: list[str] = field(default_factory=list)
    safer: list[str] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    professionals: list[Person] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """The crisis plan as JSON."""
        parts: dict[str, Any] = {part: list(getattr(self, part)) for part in TEXT_PARTS}
        for part in PEOPLE_PARTS:
            parts[part] = [person.as_dict() for person in getattr(self, part)]
        return parts

    @property
    def is_empty(self) -> bool:
        """Whether no step has anything in it yet."""
        return not any(getattr(self, part) for part in TEXT_PARTS + PEOPLE_PARTS)


@dataclass(frozen=True)
class Appointment:
    """An appointment after discharge; ``starts_at`` is aware, in Europe/Oslo."""

    id: int
    what: str
    with_whom: str
    starts_at: datetime
    where: str


@dataclass(frozen=True)
class Contact:
    """A named person in "my people" with their role (one of ``CONTACT_ROLES``)."""

    id: int
    role: str
    name: str
    phone: str
    how: str


@dataclass(frozen=True)
class SavedItem:
    """A meeting, place or peer saved near home, by its id."""

    kind: str
    item_id: int


@dataclass(frozen=True)
class PlanData:
    """A client's whole plan, unsealed."""

    client_id: int
    crisis_plan: CrisisPlan
    appointments: list[Appointment]
    contacts: list[Contact]
    saved: list[SavedItem]
    version: int
    updated_at: datetime | None


def seal_json(value: Any) -> bytes:
    """JSON sealed with the data key."""
    return crypto.encrypt(json.dumps(value, ensure_ascii=False))


def unseal_json(token: bytes | None) -> Any:
    """Sealed JSON opened, or ``None`` when missing or unreadable."""
    if token is None:
        return None
    text = crypto.decrypt(token)
    return json.loads(text) if text is not None else None


def _people(raw: Any) -> list[Person]:
    if not isinstance(raw, list):
        return []
    return [
        Person(str(item.get("name", "")), str(item.get("phone", "")), str(item.get("how", "")))
        for item in raw
        if isinstance(item, dict)
    ]


def crisis_plan_of(plan: Plan | None) -> CrisisPlan:
    """The plan's crisis plan unsealed (empty when there is none)."""
    raw = unseal_json(plan.crisis_plan) if plan is not None else None
    if not isinstance(raw, dict):
        return CrisisPlan()

    def texts(part: str) -> list[str]:
        return [item for item in raw.get(part) or [] if isinstance(item, str)]

    return CrisisPlan(
        warning_signs=texts("warning_signs"),
        coping=texts("coping"),
        distractions=texts("distractions"),
        safer=texts("safer"),
        people=_people(raw.get("people")),
        professionals=_people(raw.get("professionals")),
    )


def appointment_of(row: PlanAppointment) -> Appointment:
    """An appointment row unsealed."""
    details = unseal_json(row.details) or {}
    return Appointment(
        id=row.id,
        what=str(details.get("what", "")),
        with_whom=str(details.get("with_whom", "")),
        starts_at=row.starts_at.astimezone(OSLO),
        where=str(details.get("where", "")),
    )


def contact_of(row: PlanContact) -> Contact:
    """A contact row unsealed."""
    details = unseal_json(row.details) or {}
    return Contact(
        id=row.id,
        role=row.role,
        name=str(details.get("name", "")),
        phone=str(details.get("phone", "")),
        how=str(details.get("how", "")),
    )


def plan_row(client_id: int) -> Plan | None:
    """The client's plan row, if they have one."""
    return db.session.scalars(sa.select(Plan).where(Plan.user_id == client_id)).first()


def appointment_rows(client_id: int) -> list[PlanAppointment]:
    """The client's appointments, soonest first."""
    return list(
        db.session.scalars(
            sa.select(PlanAppointment)
            .where(PlanAppointment.user_id == client_id)
            .order_by(PlanAppointment.starts_at, PlanAppointment.id)
        )
    )


def contact_rows(client_id: int) -> list[PlanContact]:
    """The client's people, in their order."""
    return list(
        db.session.scalars(
            sa.select(PlanContact)
            .where(PlanContact.user_id == client_id)
            .order_by(PlanContact.position, PlanContact.id)
        )
    )


def saved_rows(client_id: int) -> list[PlanSaved]:
    """What the client saved near home, in the order saved."""
    return list(
        db.session.scalars(
            sa.select(PlanSaved)
            .where(PlanSaved.user_id == client_id)
            .order_by(PlanSaved.created_at, PlanSaved.id)
        )
    )


def load_plan(client_id: int) -> PlanData | None:
    """The client's whole plan unsealed, or ``None`` when none was ever made.

    No permission check: callers decide who may read it (and audit the look).
    """
    plan = plan_row(client_id)
    if plan is None:
        return None
    return PlanData(
        client_id=client_id,
        crisis_plan=crisis_plan_of(plan),
        appointments=[appointment_of(row) for row in appointment_rows(client_id)],
        contacts=[contact_of(row) for row in contact_rows(client_id)],
        saved=[SavedItem(row.kind, row.item_id) for row in saved_rows(client_id)],
        version=plan.version,
        updated_at=plan.updated_at,
    )
