"""Reading and changing a client's plan: by the client, or by staff of the client's clinic at the
hand-over. Every change raises the plan's version (an edit made on an older version is a
``Conflict``), is audited without its text, and can be replayed with an ``Idempotency-Key``."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from peerapp.extensions import db, utcnow
from peerapp.models.people import User
from peerapp.models.plan import Plan, PlanAppointment, PlanContact, PlanKey, PlanSaved
from peerapp.services.errors import Conflict, DomainError, NotFound
from peerapp.services.plan import reminders, store
from peerapp.services.plan.read import AppointmentEntry, ContactEntry, PlanChanges
from peerapp.services.plan.store import PEOPLE_PARTS, TEXT_PARTS, Person, PlanData, SavedItem
from peerapp.services.privacy import audit
from peerapp.services.unit import unit_of_work
from peerapp.words import _

#: a change function: given the session and the plan row, change it; may return a new row's id
Change = Callable[[Session, Plan], int | None]


class KeyReused(DomainError):
    """An ``Idempotency-Key`` already used for a different change of the plan."""


@dataclass(frozen=True)
class Saved:
    """A plan after a change (or found unchanged for a replayed key)."""

    plan: PlanData
    #: the key was seen before: nothing was written
    replayed: bool = False
    #: the id of what the change made (an appointment), when it made something
    result_id: int | None = None


def client_for(actor: User, client_id: int) -> User:
    """The client whose plan ``actor`` may read and change: themself, or (for clinic staff) a
    client of their clinic. Anyone else's is ``NotFound``, as if it did not exist."""
    client = db.session.get(User, client_id)
    if client is None or client.role != "client":
        raise NotFound
    if actor.id == client.id:
        return client
    if actor.role == "clinic" and actor.clinic_id is not None:
        if client.clinic_id == actor.clinic_id:
            return client
    raise NotFound


def empty_plan(client_id: int) -> PlanData:
    """A plan with nothing in it yet."""
    return PlanData(client_id, store.CrisisPlan(), [], [], [], version=0, updated_at=None)


def view(actor: User, client_id: int) -> PlanData:
    """The client's plan as ``actor`` may see it; a look by staff is audited."""
    with unit_of_work():
        client = client_for(actor, client_id)
        audit.record(actor, "plan.read", client, object_type="plan", object_id=client.id)
    return store.load_plan(client_id) or empty_plan(client_id)


def _digest(operation: str, body: Any) -> str:
    text = json.dumps([operation, body], sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def _write(
    actor: User,
    client_id: int,
    parts: list[str],
    change: Change,
    *,
    key: str | None = None,
    digest: str | None = None,
    expected_version: int | None = None,
) -> Saved:
    """Apply ``change`` to the plan in one unit of work: access, replay, version, audit."""
    for _attempt in range(3):
        try:
            with unit_of_work() as session:
                client = client_for(actor, client_id)
                if key is not None:
                    seen = session.scalars(
                        sa.select(PlanKey).where(PlanKey.user_id == client.id, PlanKey.key == key)
                    ).first()
                    if seen is not None:
                        if seen.body_hash != digest:
                            raise KeyReused
                        result_id = seen.result_id
                        replayed = True
                        break
                plan = session.scalars(
                    sa.select(Plan).where(Plan.user_id == client.id).with_for_update()
                ).first()
                if plan is None:
                    plan = Plan(user_id=client.id, version=0)
                    session.add(plan)
                    session.flush()
                if expected_version is not None and plan.version != expected_version:
                    raise Conflict(
                        plan.updated_at,
                        _("Someone changed the plan meanwhile. Look at it again and save."),
                    )
                result_id = change(session, plan)
                plan.version += 1
                plan.updated_at = utcnow()
                plan.updated_by_id = actor.id
                audit.record(
                    actor,
                    "plan.edit",
                    client,
                    object_type="plan",
                    object_id=plan.id,
                    changes={"parts": sorted(parts)},
                )
                if key is not None:
                    session.add(
                        PlanKey(user_id=client.id, key=key, body_hash=digest, result_id=result_id)
                    )
                session.flush()
                replayed = False
            break
        except IntegrityError:
            continue  # the first plan or the same key written at the same moment: try again
    else:  # pragma: no cover
        raise RuntimeError("plan neither stored nor found")
    plan_data = store.load_plan(client_id) or empty_plan(client_id)
    return Saved(plan_data, replayed=replayed, result_id=result_id)


def _set_crisis_parts(plan: Plan, parts: dict[str, list[str] | list[Person]]) -> None:
    current = store.crisis_plan_of(plan).as_dict()
    for part, items in parts.items():
        current[part] = [item.as_dict() if isinstance(item, Person) else item for item in items]
    plan.crisis_plan = store.seal_json(current)


def _add_appointment(session: Session, client_id: int, entry: AppointmentEntry) -> int:
    row = PlanAppointment(
        user_id=client_id,
        details=store.seal_json(
            {"what": entry.what, "with_whom": entry.with_whom, "where": entry.where}
        ),
        starts_at=entry.starts_at,
    )
    reminders.skip_passed(row, utcnow())
    session.add(row)
    session.flush()
    return row.id


def _replace_appointments(session: Session, plan: Plan, entries: list[AppointmentEntry]) -> None:
    """The appointments become ``entries``; one unchanged keeps its reminders as sent."""
    kept: dict[tuple[str, str, str, datetime], PlanAppointment] = {}
    for row in store.appointment_rows(plan.user_id):
        old = store.appointment_of(row)
        kept.setdefault((old.what, old.with_whom, old.where, row.starts_at), row)
    wanted = []
    for entry in entries:
        found = kept.pop((entry.what, entry.with_whom, entry.where, entry.starts_at), None)
        if found is None:
            wanted.append(entry)
    for row in kept.values():
        session.delete(row)
    for entry in wanted:
        _add_appointment(session, plan.user_id, entry)


def _replace_contacts(session: Session, plan: Plan, entries: list[ContactEntry]) -> None:
    for row in store.contact_rows(plan.user_id):
        session.delete(row)
    for position, entry in enumerate(entries):
        session.add(_contact_row(plan.user_id, entry, position))


def _contact_row(client_id: int, entry: ContactEntry, position: int) -> PlanContact:
    return PlanContact(
        user_id=client_id,
        role=entry.role,
        details=store.seal_json({"name": entry.name, "phone": entry.phone, "how": entry.how}),
        position=position,
    )


def _replace_saved(session: Session, plan: Plan, items: list[SavedItem]) -> None:
    wanted = set(items)
    for row in store.saved_rows(plan.user_id):
        if SavedItem(row.kind, row.item_id) in wanted:
            wanted.discard(SavedItem(row.kind, row.item_id))
        else:
            session.delete(row)
    for item in items:
        if item in wanted:
            session.add(PlanSaved(user_id=plan.user_id, kind=item.kind, item_id=item.item_id))
    session.flush()


def update(
    actor: User,
    client_id: int,
    changes: PlanChanges,
    *,
    key: str | None = None,
    expected_version: int | None = None,
) -> Saved:
    """Change the parts of the plan that ``changes`` holds (each part replaced whole)."""
    parts = [
        name
        for name in ("crisis_plan", "appointments", "contacts", "saved")
        if getattr(changes, name) is not None
    ]

    def change(session: Session, plan: Plan) -> None:
        if changes.crisis_plan is not None:
            _set_crisis_parts(plan, changes.crisis_plan)
        if changes.appointments is not None:
            _replace_appointments(session, plan, changes.appointments)
        if changes.contacts is not None:
            _replace_contacts(session, plan, changes.contacts)
        if changes.saved is not None:
            _replace_saved(session, plan, changes.saved)

    return _write(
        actor,
        client_id,
        parts,
        change,
        key=key,
        digest=_digest("update", [client_id, changes]),
        expected_version=expected_version,
    )


def add_to_step(
    actor: User,
    client_id: int,
    part: str,
    item: str | Person,
    *,
    expected_version: int | None = None,
) -> Saved:
    """Add one line (or, for people and professionals, one person) to a crisis-plan step."""
    if part not in TEXT_PARTS + PEOPLE_PARTS:
        raise NotFound

    def change(_session: Session, plan: Plan) -> None:
        current = getattr(store.crisis_plan_of(plan), part)
        _set_crisis_parts(plan, {part: [*current, item]})

    return _write(actor, client_id, [part], change, expected_version=expected_version)


def remove_from_step(
    actor: User, client_id: int, part: str, index: int, *, expected_version: int | None = None
) -> Saved:
    """Take one line (or person) out of a crisis-plan step, by its place in the list."""
    if part not in TEXT_PARTS + PEOPLE_PARTS:
        raise NotFound

    def change(_session: Session, plan: Plan) -> None:
        current = list(getattr(store.crisis_plan_of(plan), part))
        if not 0 <= index < len(current):
            raise NotFound
        del current[index]
        _set_crisis_parts(plan, {part: current})

    return _write(actor, client_id, [part], change, expected_version=expected_version)


def add_contact(actor: User, client_id: int, entry: ContactEntry) -> Saved:
    """Add a person to "my people", last."""

    def change(session: Session, plan: Plan) -> int:
        position = len(store.contact_rows(plan.user_id))
        row = _contact_row(plan.user_id, entry, position)
        session.add(row)
        session.flush()
        return row.id

    return _write(actor, client_id, ["contacts"], change)


def remove_contact(actor: User, client_id: int, contact_id: int) -> Saved:
    """Take a person out of "my people"."""

    def change(session: Session, plan: Plan) -> None:
        row = session.get(PlanContact, contact_id)
        if row is None or row.user_id != plan.user_id:
            raise NotFound
        session.delete(row)

    return _write(actor, client_id, ["contacts"], change)


def add_appointment(
    actor: User, client_id: int, entry: AppointmentEntry, *, key: str | None = None
) -> Saved:
    """Add an appointment; ``result_id`` is its id (the same one for a replayed key)."""
    return _write(
        actor,
        client_id,
        ["appointments"],
        lambda session, plan: _add_appointment(session, plan.user_id, entry),
        key=key,
        digest=_digest("add_appointment", [client_id, entry]),
    )


def remove_appointment(actor: User, client_id: int, appointment_id: int) -> Saved:
    """Take an appointment out of the plan (its reminders go with it)."""

    def change(session: Session, plan: Plan) -> None:
        row = session.get(PlanAppointment, appointment_id)
        if row is None or row.user_id != plan.user_id:
            raise NotFound
        session.delete(row)

    return _write(actor, client_id, ["appointments"], change)


def appointment(actor: User, client_id: int, appointment_id: int) -> store.Appointment:
    """One appointment of the plan, for its calendar file."""
    with unit_of_work():
        client_for(actor, client_id)
    row = db.session.get(PlanAppointment, appointment_id)
    if row is None or row.user_id != client_id:
        raise NotFound
    return store.appointment_of(row)


def save_near_home(actor: User, kind: str, item_id: int, *, keep: bool = True) -> Saved:
    """Save a meeting, place or peer near home in one's own plan (``keep=False`` takes it out)."""
    item = SavedItem(kind, item_id)

    def change(session: Session, plan: Plan) -> None:
        saved = [SavedItem(row.kind, row.item_id) for row in store.saved_rows(plan.user_id)]
        if keep and item not in saved:
            saved.append(item)
        elif not keep and item in saved:
            saved.remove(item)
        _replace_saved(session, plan, saved)

    return _write(actor, actor.id, ["saved"], change)
