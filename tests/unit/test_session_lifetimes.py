"""How long a session lasts: idle and absolute lifetimes by role."""

from __future__ import annotations

from datetime import timedelta

import pytest

from peerapp.extensions import utcnow
from peerapp.models import User, UserSession
from peerapp.services.people import sessions

MINUTE = timedelta(minutes=1)


def _row(role: str, idle: timedelta, age: timedelta | None = None) -> UserSession:
    """A session (not stored) of someone with ``role``, unused for ``idle``."""
    now = utcnow()
    return UserSession(
        user=User(role=role), last_seen_at=now - idle, created_at=now - (age or idle)
    )


@pytest.mark.parametrize(
    ("role", "idle_limit"),
    [
        ("client", timedelta(days=30)),
        ("peer", timedelta(hours=24)),
        ("clinic", timedelta(hours=2)),
        ("admin", timedelta(hours=2)),
    ],
)
def test_a_session_expires_after_its_roles_idle_time(role, idle_limit):
    assert not sessions.is_expired(_row(role, idle_limit - MINUTE), utcnow())
    assert sessions.is_expired(_row(role, idle_limit + MINUTE), utcnow())


@pytest.mark.parametrize("role", ["clinic", "admin"])
def test_staff_sessions_end_after_a_working_day_however_busy(role):
    busy = _row(role, idle=MINUTE, age=timedelta(hours=12) + MINUTE)
    assert sessions.is_expired(busy, utcnow())
    assert not sessions.is_expired(_row(role, MINUTE, timedelta(hours=11)), utcnow())


@pytest.mark.parametrize("role", ["client", "peer"])
def test_clients_and_peers_stay_signed_in_while_they_use_the_app(role):
    assert not sessions.is_expired(_row(role, idle=MINUTE, age=timedelta(days=90)), utcnow())
