"""Enrolment at discharge: a one-time code that links a client to the clinic, and the agreement
(plain fast return or a user-controlled bed) it carries."""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from peerapp.extensions import db, utcnow
from peerapp.models.clinics import Clinic
from peerapp.models.people import User
from peerapp.models.readmission import AGREEMENT_KINDS, Enrolment
from peerapp.services.errors import NotAllowed, NotFound, ValidationError
from peerapp.services.privacy import audit
from peerapp.services.readmission.shared import seal, unseal
from peerapp.services.unit import unit_of_work
from peerapp.words import _

OSLO = ZoneInfo("Europe/Oslo")
ENROLMENT_VALID = timedelta(days=14)


#: letters and digits that cannot be mistaken for one another when read aloud or typed
_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
_CODE_LENGTH = 12
#: the longest reference a clinic keeps for a client (a record number, initials, a room)
REFERENCE_MAX = 60
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class NoClinic(NotAllowed):
    """The client is not enrolled at any clinic."""


@dataclass(frozen=True)
class Agreement:
    """What the client and the clinic agreed at discharge, as both of them see it."""

    clinic: Clinic
    kind: str
    max_stay_days: int | None = None
    min_days_between: int | None = None
    valid_until: date | None = None

    @property
    def user_controlled(self) -> bool:
        return self.kind == "user_controlled"


def normalise_code(code: str) -> str:
    """A code as typed (any case, spaces or dashes) in its stored form."""
    return re.sub(r"[\s-]", "", code or "").upper()


def _code_hash(code: str) -> str:
    return hashlib.sha256(normalise_code(code).encode()).hexdigest()


def format_code(code: str) -> str:
    """``ABCD-EFGH-JKMN``: easier to read out and type than twelve letters in a row."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


@dataclass(frozen=True)
class AgreementSpec:
    """The agreement staff fill in at discharge, before it is checked."""

    kind: str = "fast_return"
    max_stay_days: int | None = None
    min_days_between: int | None = None
    valid_until: date | None = None


def agreement_problems(spec: AgreementSpec, today: date) -> dict[str, str]:
    """Translated messages for each field of the agreement that cannot be used."""
    errors: dict[str, str] = {}
    if spec.kind not in AGREEMENT_KINDS:
        errors["kind"] = _("Choose plain fast return or user-controlled admission.")
        return errors
    if spec.kind == "fast_return":
        return errors
    if spec.max_stay_days is None or not 1 <= spec.max_stay_days <= 30:
        errors["max_stay_days"] = _("Give the longest stay as 1 to 30 days.")
    if spec.min_days_between is not None and not 0 <= spec.min_days_between <= 365:
        errors["min_days_between"] = _("Give the days between stays as 0 to 365.")
    if spec.valid_until is not None and spec.valid_until <= today:
        errors["valid_until"] = _("The agreement must be valid until a date after today.")
    return errors


def clean_reference(reference: str | None) -> str | None:
    """The reference as stored: trimmed, ``None`` when empty."""
    return (reference or "").strip() or None


def reference_problem(reference: str | None) -> str | None:
    """Why the clinic's reference for a client cannot be kept, or ``None``."""
    cleaned = clean_reference(reference)
    if cleaned is None:
        return None
    if len(cleaned) > REFERENCE_MAX:
        return _(
            "Keep the reference to %(num)d characters (this one has %(length)d).",
            num=REFERENCE_MAX,
            length=len(cleaned),
        )
    if _CONTROL.search(cleaned):
        return _("Write the reference on one line.")
    return None


def create_enrolment(
    staff: User, spec: AgreementSpec, reference: str | None = None
) -> tuple[Enrolment, str]:
    """A new enrolment code (returned once, in clear), the agreement it carries, and the
    clinic's own reference for the client (optional, sealed)."""
    if staff.clinic_id is None:
        raise NoClinic
    errors = agreement_problems(spec, datetime.now(OSLO).date())
    if problem := reference_problem(reference):
        errors["reference"] = problem
    if errors:
        raise ValidationError(errors)
    code = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(_CODE_LENGTH))
    controlled = spec.kind == "user_controlled"
    with unit_of_work():
        enrolment = Enrolment(
            clinic_id=staff.clinic_id,
            code_hash=_code_hash(code),
            expires_at=utcnow() + ENROLMENT_VALID,
            kind=spec.kind,
            max_stay_days=spec.max_stay_days if controlled else None,
            min_days_between=spec.min_days_between if controlled else None,
            valid_until=spec.valid_until if controlled else None,
            created_by_id=staff.id,
            reference=seal(clean_reference(reference)),
        )
        db.session.add(enrolment)
        if enrolment.reference is not None:
            db.session.flush()
            audit.record(
                staff,
                "enrolment.reference",
                object_type="enrolment",
                object_id=enrolment.id,
                changes={"reference": "set"},
            )
    return enrolment, code


def _current_enrolment(client_id: int, clinic_id: int) -> Enrolment | None:
    return db.session.scalars(
        sa.select(Enrolment)
        .where(Enrolment.client_id == client_id, Enrolment.clinic_id == clinic_id)
        .order_by(Enrolment.used_at.desc(), Enrolment.id.desc())
        .limit(1)
    ).first()


def set_reference(staff: User, client_id: int, reference: str | None) -> str | None:
    """Set, change or remove the clinic's own reference for one of its enrolled clients.

    Another clinic's client is ``NotFound``, as if they did not exist. A client enrolled without
    a code (by the command line) gets an enrolment record to keep it on.
    """
    if staff.role != "clinic" or staff.clinic_id is None:
        raise NotAllowed
    if problem := reference_problem(reference):
        raise ValidationError({"reference": problem})
    cleaned = clean_reference(reference)
    with unit_of_work():
        client = db.session.get(User, client_id)
        if client is None or client.role != "client" or client.clinic_id != staff.clinic_id:
            raise NotFound
        enrolment = _current_enrolment(client.id, staff.clinic_id)
        if enrolment is None:
            now = utcnow()
            enrolment = Enrolment(
                clinic_id=staff.clinic_id,
                code_hash=secrets.token_hex(32),  # no code: nobody can redeem it
                expires_at=now,
                used_at=now,
                client_id=client.id,
                kind="fast_return",
                created_by_id=staff.id,
            )
            db.session.add(enrolment)
            db.session.flush()
        had = enrolment.reference is not None
        enrolment.reference = seal(cleaned)
        change = "removed" if cleaned is None else ("changed" if had else "set")
        audit.record(
            staff,
            "enrolment.reference",
            client,
            object_type="enrolment",
            object_id=enrolment.id,
            changes={"reference": change},
        )
    return cleaned


def references_for(staff: User, client_ids: list[int | None]) -> dict[int, str]:
    """The clinic's own reference of each of these clients that has one, for its staff only."""
    wanted = {client_id for client_id in client_ids if client_id is not None}
    if staff.role != "clinic" or staff.clinic_id is None or not wanted:
        return {}
    rows = db.session.execute(
        sa.select(Enrolment.client_id, Enrolment.reference)
        .where(Enrolment.clinic_id == staff.clinic_id, Enrolment.client_id.in_(wanted))
        .order_by(Enrolment.used_at, Enrolment.id)
    ).all()
    latest: dict[int, bytes | None] = {}
    for client_id, sealed in rows:  # the latest enrolment of each client wins
        if client_id is not None:
            latest[client_id] = sealed
    found = {client_id: unseal(sealed) for client_id, sealed in latest.items()}
    return {client_id: text for client_id, text in found.items() if text}


def redeem(client: User, code: str) -> Enrolment:
    """Link the client's account to the clinic of an unused, unexpired code."""
    if client.role != "client":
        raise ValidationError({"code": _("Only clients can be enrolled at a clinic.")})
    with unit_of_work():
        now = utcnow()
        # one conditional UPDATE: two taps of the same code cannot both use it
        claimed = db.session.execute(
            sa.update(Enrolment)
            .where(
                Enrolment.code_hash == _code_hash(code),
                Enrolment.used_at.is_(None),
                Enrolment.expires_at > now,
            )
            .values(used_at=now, client_id=client.id)
            .execution_options(synchronize_session=False)
        )
        if claimed.rowcount != 1:  # type: ignore[attr-defined]
            raise ValidationError(
                {"code": _("This code is not valid. It may be used or expired: ask your clinic.")}
            )
        enrolment = db.session.scalars(
            sa.select(Enrolment).where(Enrolment.code_hash == _code_hash(code))
        ).one()
        client.clinic_id = enrolment.clinic_id
    return enrolment


def agreement_for(client: User) -> Agreement | None:
    """The client's agreement with their clinic (plain fast return without an enrolment)."""
    if client.clinic is None:
        return None
    enrolment = db.session.scalars(
        sa.select(Enrolment)
        .where(Enrolment.client_id == client.id, Enrolment.clinic_id == client.clinic_id)
        .order_by(Enrolment.used_at.desc())
        .limit(1)
    ).first()
    if enrolment is None:
        return Agreement(client.clinic, "fast_return")
    return agreement_of(enrolment)


def agreement_of(enrolment: Enrolment) -> Agreement:
    """The agreement an enrolment records."""
    return Agreement(
        enrolment.clinic,
        enrolment.kind,
        enrolment.max_stay_days,
        enrolment.min_days_between,
        enrolment.valid_until,
    )


def agreement_in_force(agreement: Agreement | None, today: date) -> str:
    """The kind of return that applies today: user-controlled only until its end date."""
    if agreement is None:
        return "fast_return"
    if agreement.user_controlled and (
        agreement.valid_until is None or agreement.valid_until >= today
    ):
        return "user_controlled"
    return "fast_return"
