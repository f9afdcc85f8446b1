"""Demo accounts: one clinic, one municipality and a login for each role, printed by
``peerapp demo``.

Only for demo installations: the passwords and second-factor secrets are public.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa

from peerapp.extensions import db
from peerapp.models.people import User
from peerapp.services.municipalities import handovers, registry
from peerapp.services.people import accounts, second_factor

DEMO_CLINIC = accounts.ClinicSpec(
    slug="demo-klinikken",
    name="Demoklinikken rusbehandling",
    phone="+47 22 00 00 00",
    email="inntak@demoklinikken.example",
    response_hours=4,
    address="Demoveien 1, 0150 Oslo",
)
#: the municipality the demo client is handed over to at discharge
DEMO_MUNICIPALITY = registry.MunicipalitySpec("0301", "Oslo", "rus@oslo.kommune.example")
#: published on purpose: demo accounts sign in only in demo mode (``User.is_demo``)
DEMO_PASSWORD = "demo-passord-123"  # noqa: S105  # nosec B105  # accepted: published, demo mode only
#: a public second-factor secret for the demo's staff and admin (base32)
DEMO_TOTP_SECRET = "PEERAPPDEMOTOTPSECRETBASE32AAAAA"  # noqa: S105  # nosec B105  # accepted: published


@dataclass(frozen=True)
class DemoLogin:
    """A demo account as printed for the person trying the demo."""

    role: str
    username: str
    password: str
    totp_secret: str | None


DEMO_USERS = (
    DemoLogin("client", "demo-klient", DEMO_PASSWORD, None),
    DemoLogin("peer", "demo-likeperson", DEMO_PASSWORD, None),
    DemoLogin("clinic", "demo-behandler", DEMO_PASSWORD, DEMO_TOTP_SECRET),
    DemoLogin("admin", "demo-admin", DEMO_PASSWORD, DEMO_TOTP_SECRET),
    DemoLogin("municipal", "demo-kommune", DEMO_PASSWORD, DEMO_TOTP_SECRET),
    DemoLogin("relative", "demo-parorende", DEMO_PASSWORD, None),
)


def real_accounts() -> int:
    """How many accounts in the database were not made by the demo (people's own)."""
    count = db.session.scalar(sa.select(sa.func.count(User.id)).where(User.is_demo.is_(False)))
    return count or 0


def mark_as_demo(user: User) -> User:
    """Mark an account the demo made: outside demo mode it cannot sign in."""
    user.is_demo = True
    return user


def load_demo_accounts() -> list[DemoLogin]:
    """Create the demo clinic and accounts where missing; returns the logins."""
    accounts.save_clinic(DEMO_CLINIC)
    registry.save_municipality(DEMO_MUNICIPALITY)
    for login in DEMO_USERS:
        user = accounts.find_user(login.username)
        if user is None:
            clinic = DEMO_CLINIC.slug if login.role in ("client", "clinic") else None
            number = DEMO_MUNICIPALITY.number if login.role == "municipal" else None
            spec = accounts.UserSpec(
                login.username,
                login.role,
                login.password,
                clinic,
                login.totp_secret,
                municipality_number=number,
            )
            user = accounts.create_user(spec)
        mark_as_demo(user)
    db.session.commit()
    _hand_over_the_demo_client()
    assert all(second_factor.is_valid_secret(u.totp_secret) for u in DEMO_USERS if u.totp_secret)
    return list(DEMO_USERS)


def _hand_over_the_demo_client() -> None:
    """demo-klient discharged in three days to Oslo, consented: demo-kommune has one to confirm."""
    client = accounts.find_user("demo-klient")
    staff = accounts.find_user("demo-behandler")
    if client is None or staff is None or handovers.latest_for(client.id) is not None:
        return
    spec = handovers.DischargeSpec(handovers.today() + timedelta(days=3), DEMO_MUNICIPALITY.number)
    handover = handovers.record_discharge(staff, client.id, spec)
    handovers.give_consent(client, handover.id)
