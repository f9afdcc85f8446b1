"""Shared fixtures: an app on a freshly migrated database (SQLite, or PostgreSQL when
``PEERAPP_DATABASE_URL`` is set), its test client and CLI runner, and a meeting factory."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from flask_migrate import upgrade

from peerapp import create_app
from peerapp.extensions import db
from scripts.shared_dir import shared_dir
from tests.factories import make_clinic, make_meeting, make_municipality, make_place, make_user

SHARED = shared_dir()
#: a fixed Fernet key for tests (never used anywhere else)
TEST_DATA_KEY = "dGVzdC1kYXRhLWtleS1ub3QtZm9yLXByb2R1Y3Rpb24="


def _test_config(database_url: str) -> dict[str, Any]:
    return {
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SECRET_KEY": "test-secret",
        "PEERAPP_DATA_KEY": TEST_DATA_KEY,
        "SERVER_NAME": "localhost",
    }


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Iterator[str]:
    """PostgreSQL from ``PEERAPP_DATABASE_URL`` when set, else a throw-away SQLite file.

    Under pytest-xdist each worker gets a database of its own on the same server
    (``<name>_gw0``, ...), made fresh for the run and dropped after it.
    """
    url = os.environ.get("PEERAPP_DATABASE_URL")
    if not url:
        yield "sqlite:///" + str(tmp_path_factory.mktemp("db") / "test.sqlite3")
        return
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    if worker_id == "master":
        yield url
        return
    shared = sa.engine.make_url(url)
    own = shared.set(database=f"{shared.database}_{worker_id}")
    server = sa.create_engine(shared, isolation_level="AUTOCOMMIT")
    with server.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{own.database}"'))
        conn.execute(sa.text(f'CREATE DATABASE "{own.database}"'))
    try:
        yield own.render_as_string(hide_password=False)
    finally:
        with server.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{own.database}" WITH (FORCE)'))
        server.dispose()


@pytest.fixture(scope="session")
def _migrated(database_url: str) -> None:
    """Run every migration once on an empty schema."""
    app = create_app(_test_config(database_url))
    with app.app_context():
        db.drop_all()
        with db.engine.begin() as conn:
            conn.execute(sa.text("DROP TABLE IF EXISTS alembic_version"))
        upgrade()
        db.engine.dispose()


@pytest.fixture
def app(_migrated: None, database_url: str) -> Iterator[Flask]:
    """An app whose tables are emptied after each test."""
    app = create_app(_test_config(database_url))
    with app.app_context():
        yield app
        db.session.remove()
        with db.engine.begin() as conn:
            for table in reversed(db.metadata.sorted_tables):
                conn.execute(table.delete())
        db.engine.dispose()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """A test client for the app."""
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    """A CLI runner for the app's commands."""
    return app.test_cli_runner()


@pytest.fixture
def meeting_factory(app: Flask) -> Callable[..., Any]:
    """Make and commit a meeting; keyword arguments override the defaults."""

    def make(**overrides: Any) -> Any:
        meeting = make_meeting(**overrides)
        db.session.commit()
        return meeting

    return make


@pytest.fixture(scope="session")
def shared_fixtures() -> Path:
    """The public sample feeds in ../shared/fixtures (read in place, never copied)."""
    path = SHARED / "fixtures"
    if not path.is_dir():
        pytest.fail(f"shared fixtures not found at {path}")
    return path


@pytest.fixture
def user_factory(app: Flask) -> Callable[..., Any]:
    """Make and commit a user: ``user_factory(role="clinic", clinic=..., email=...)``."""

    def make(**overrides: Any) -> Any:
        user = make_user(**overrides)
        db.session.commit()
        return user

    return make


@pytest.fixture
def clinic_factory(app: Flask) -> Callable[..., Any]:
    """Make and commit a clinic."""

    def make(**overrides: Any) -> Any:
        clinic = make_clinic(**overrides)
        db.session.commit()
        return clinic

    return make


@pytest.fixture
def municipality_factory(app: Flask) -> Callable[..., Any]:
    """Make and commit a municipality."""

    def make(**overrides: Any) -> Any:
        municipality = make_municipality(**overrides)
        db.session.commit()
        return municipality

    return make


@pytest.fixture
def place_factory(app: Flask) -> Callable[..., Any]:
    """Make and commit a sober place (open all day, every day, unless told otherwise)."""

    def make(**overrides: Any) -> Any:
        place = make_place(**overrides)
        db.session.commit()
        return place

    return make
