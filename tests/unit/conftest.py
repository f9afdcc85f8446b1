"""Unit tests run without a database: a test that asks for one fails and says where it belongs.

The shared ``app`` fixture is replaced by an app whose database cannot be opened, for the few
rules that read a setting or speak through Babel. A test that needs stored rows belongs in
``tests/integration``.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from flask import Flask

from peerapp import create_app
from peerapp.extensions import db
from tests.conftest import TEST_DATA_KEY

NO_DATABASE = "unit tests run without a database: move this to tests/integration"


@pytest.fixture(scope="session")
def database_url() -> str:
    """Refuse: a unit test has no database."""
    pytest.fail(NO_DATABASE)


@pytest.fixture(scope="session")
def _migrated() -> None:
    """Refuse: a unit test has no database to migrate."""
    pytest.fail(NO_DATABASE)


def _refuse_connection(*_args: object) -> None:
    pytest.fail(NO_DATABASE)


@pytest.fixture
def app() -> Iterator[Flask]:
    """An app for settings and words only: opening its database fails the test."""
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": "sqlite://",
            "SECRET_KEY": "test-secret",
            "PEERAPP_DATA_KEY": TEST_DATA_KEY,
            "SERVER_NAME": "localhost",
        }
    )
    with app.app_context():
        sa.event.listen(db.engine, "connect", _refuse_connection)
        yield app
        db.session.remove()
        db.engine.dispose()
