"""Server-side sessions: a random token whose hash is stored, expired sessions deleted when next
used, and ending one session or all of a person's sessions."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from peerapp.extensions import db, utcnow
from peerapp.models import UserSession
from peerapp.services.people import sessions


def test_only_the_hash_of_the_token_is_stored(user_factory):
    user = user_factory()
    token = sessions.start_session(user)
    db.session.commit()
    stored = db.session.scalars(sa.select(UserSession.token_hash)).all()
    assert len(token) >= 40
    assert token not in stored and len(stored) == 1
    assert sessions.load_session(token).user_id == user.id


def test_every_session_gets_its_own_token(user_factory):
    user = user_factory()
    tokens = {sessions.start_session(user) for _ in range(5)}
    db.session.commit()
    assert len(tokens) == 5


@pytest.mark.parametrize("token", ["", "made-up", "x" * 500])
def test_an_unknown_token_is_no_session(app, token):
    assert sessions.load_session(token) is None


def test_an_expired_session_is_deleted_when_it_is_next_used(user_factory):
    user = user_factory(role="clinic")
    token = sessions.start_session(user)
    db.session.commit()
    db.session.execute(sa.update(UserSession).values(last_seen_at=utcnow() - timedelta(hours=3)))
    db.session.commit()
    assert sessions.load_session(token) is None
    assert db.session.scalar(sa.select(sa.func.count()).select_from(UserSession)) == 0


def test_using_a_session_moves_its_idle_clock(user_factory):
    user = user_factory(role="clinic")
    token = sessions.start_session(user)
    db.session.commit()
    long_ago = utcnow() - timedelta(hours=1, minutes=50)
    db.session.execute(sa.update(UserSession).values(last_seen_at=long_ago))
    db.session.commit()
    assert sessions.load_session(token) is not None
    db.session.expire_all()
    assert db.session.scalar(sa.select(UserSession.last_seen_at)) > long_ago + timedelta(hours=1)


def test_a_deactivated_account_has_no_session(user_factory):
    user = user_factory()
    token = sessions.start_session(user)
    user.is_active = False
    db.session.commit()
    assert sessions.load_session(token) is None


def test_ending_all_sessions_can_keep_the_current_one(user_factory):
    user, other = user_factory(), user_factory()
    here, there, elsewhere = (sessions.start_session(user) for _ in range(3))
    others = sessions.start_session(other)
    db.session.commit()
    assert sessions.end_all_sessions(user, keep_token=here) == 2
    db.session.commit()
    assert sessions.load_session(here) is not None
    assert sessions.load_session(there) is None and sessions.load_session(elsewhere) is None
    assert sessions.load_session(others) is not None  # someone else's stay
    sessions.end_session(here)
    db.session.commit()
    assert sessions.load_session(here) is None
