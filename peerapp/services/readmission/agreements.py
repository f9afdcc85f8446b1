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
from peerapp.services.errors import NotAllowed, ValidationError
from peerapp.services.unit import unit_of_work
from peerapp.words import _

OSLO = ZoneInfo("Europe/Oslo")
ENROLMENT_VALID = timedelta(days=14)


#: letters and digits that cannot be mistaken for one another when read aloud or typed
_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
_CODE_LENGTH = 12


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


def create_enrolment(staff: User, spec: AgreementSpec) -> tuple[Enrolment, str]:
    """A new enrolment code (returned once, in clear) and the agreement it carries."""
    if staff.clinic_id is None:
        raise NoClinic
    errors = agreement_problems(spec, datetime.now(OSLO).date())
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
        )
        db.session.add(enrolment)
    return enrolment, code


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
