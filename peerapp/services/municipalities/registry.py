"""Municipalities by their four-digit number, as ``peerapp create-municipality`` keeps them."""

from __future__ import annotations

import re
from dataclasses import dataclass

import sqlalchemy as sa

from peerapp.extensions import db
from peerapp.models.municipalities import Municipality
from peerapp.services.errors import ValidationError
from peerapp.services.unit import unit_of_work
from peerapp.words import _l

_NUMBER = re.compile(r"^[0-9]{4}$")
_EMAIL = re.compile(r"^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$")
NAME_MAX = 120


def number_problem(number: str) -> str | None:
    """Why this is not a municipality number (four digits, such as 0301 for Oslo), or ``None``."""
    if not _NUMBER.match(number or ""):
        return str(_l("A municipality number has four digits, such as 0301 for Oslo."))
    return None


def find_municipality(number: str) -> Municipality | None:
    """The municipality with this four-digit number."""
    if number_problem(number.strip()):
        return None
    return db.session.scalar(sa.select(Municipality).where(Municipality.number == number.strip()))


def all_municipalities() -> list[Municipality]:
    """Every municipality on Peerapp, by name."""
    return list(db.session.scalars(sa.select(Municipality).order_by(Municipality.name)))


@dataclass
class MunicipalitySpec:
    """What ``peerapp create-municipality`` is asked to create or update."""

    number: str
    name: str
    email: str | None = None


def save_municipality(spec: MunicipalitySpec) -> tuple[Municipality, bool]:
    """Create a municipality or update the one with that number; (municipality, created)."""
    errors: dict[str, str] = {}
    number = spec.number.strip()
    if problem := number_problem(number):
        errors["number"] = problem
    name = " ".join(spec.name.split())
    if not name or len(name) > NAME_MAX:
        errors["name"] = str(_l("Give the municipality a name (max 120 characters)."))
    if spec.email is not None and (len(spec.email) > 254 or not _EMAIL.match(spec.email)):
        errors["email"] = str(_l("That is not an e-mail address."))
    if errors:
        raise ValidationError(errors)
    with unit_of_work():
        municipality = find_municipality(number)
        created = municipality is None
        if municipality is None:
            municipality = Municipality(number=number, name=name)
            db.session.add(municipality)
        municipality.name = name
        if spec.email is not None:
            municipality.email = spec.email
    return municipality, created
