"""Passwords at sign-in: rehashed when the parameters change, and an unknown user refused the
same way as a wrong password."""

from __future__ import annotations

import argon2
import sqlalchemy as sa

from peerapp.extensions import db
from peerapp.models import User
from peerapp.services.people import accounts, passwords
from peerapp.services.people.accounts import LoginOutcome
from tests.factories import PASSWORD

CURRENT = argon2.extract_parameters(argon2.PasswordHasher().hash("x"))
WEAK = argon2.PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1)


def _stored_hash(user_id: int) -> str:
    db.session.expire_all()
    return db.session.scalar(sa.select(User.password_hash).where(User.id == user_id))


def test_a_hash_made_with_older_parameters_is_replaced_at_the_next_login(user_factory):
    user = user_factory()
    user.password_hash = WEAK.hash(PASSWORD)
    db.session.commit()
    assert passwords.needs_rehash(user.password_hash)
    result = accounts.check_password(user.username, PASSWORD, "192.0.2.1")
    assert result.outcome is LoginOutcome.OK
    stored = _stored_hash(user.id)
    assert argon2.extract_parameters(stored) == CURRENT
    assert passwords.verify_password(stored, PASSWORD)


def test_a_failed_login_leaves_an_old_hash_alone(user_factory):
    user = user_factory()
    weak = WEAK.hash(PASSWORD)
    user.password_hash = weak
    db.session.commit()
    assert accounts.check_password(user.username, "wrong", "192.0.2.1").outcome is (
        LoginOutcome.REFUSED
    )
    assert _stored_hash(user.id) == weak


def test_an_unknown_user_and_a_wrong_password_end_the_same_way(user_factory):
    user_factory(username="kari")
    unknown = accounts.check_password("nobody", PASSWORD, "192.0.2.2")
    wrong = accounts.check_password("kari", "wrong password", "192.0.2.2")
    assert unknown.outcome is wrong.outcome is LoginOutcome.REFUSED
    assert unknown.user is None and wrong.user is None


def test_an_inactive_account_is_refused_like_a_wrong_password(user_factory):
    user = user_factory()
    user.is_active = False
    db.session.commit()
    result = accounts.check_password(user.username, PASSWORD, "192.0.2.3")
    assert result.outcome is LoginOutcome.REFUSED and result.user is None
