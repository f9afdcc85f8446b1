"""The migration that marks demo accounts finds those an older ``peerapp demo`` made: a
``demo-`` name with the published password. A person's own account is never marked."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from argon2 import PasswordHasher
from flask_migrate import upgrade

from peerapp import create_app
from peerapp.extensions import db
from tests.test_migrations import _postgres_database

BEFORE = "634c1f984773"


@pytest.fixture(params=["sqlite", "postgresql"])
def old_database(request, tmp_path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'old.sqlite3'}"
    else:
        yield from _postgres_database()


def test_old_demo_accounts_are_marked_and_people_are_not(old_database):
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": old_database})
    hasher = PasswordHasher()
    with app.app_context():
        upgrade(revision=BEFORE)
        rows = [
            ("demo-admin", "admin", "demo-passord-123"),  # made by the old demo
            ("demo-klient", "client", "a password of her own"),  # someone took it over
            ("kari", "client", "demo-passord-123"),  # a person, whatever her password
        ]
        with db.engine.begin() as conn:
            for username, role, password in rows:
                conn.execute(
                    sa.text(
                        "INSERT INTO user_account (username, username_key, role, password_hash,"
                        " language, is_active, created_at, password_changed_at) VALUES"
                        " (:u, :u, :r, :h, 'nb', true, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
                    ),
                    {"u": username, "r": role, "h": hasher.hash(password)},
                )

        upgrade()

        with db.engine.connect() as conn:
            marked = dict(conn.execute(sa.text("SELECT username, is_demo FROM user_account")).all())
        db.engine.dispose()
    assert {name: bool(flag) for name, flag in marked.items()} == {
        "demo-admin": True,
        "demo-klient": False,
        "kari": False,
    }
