"""The help services migration moves naloxone hand-out points out of sober places: each becomes
a help service with its name, place, phone, hours and exceptions, remembering the place it was;
the other places stay where they are."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade

from peerapp import create_app
from peerapp.extensions import db
from tests.test_migrations import _postgres_database

BEFORE = "040daff0f3f7"
PLACE = (
    "INSERT INTO place (name, kind, phone, city, latitude, longitude, geocell, created_at,"
    " updated_at, is_demo) VALUES (:name, :kind, '+47 22 00 00 00', 'Bergen', 60.39, 5.32, 1,"
    " CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, false)"
)


@pytest.fixture(params=["sqlite", "postgresql"])
def old_database(request, tmp_path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'old.sqlite3'}"
    else:
        yield from _postgres_database()


def test_naloxone_places_become_help_services(old_database):
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": old_database})
    with app.app_context():
        upgrade(revision=BEFORE)
        with db.engine.begin() as conn:
            conn.execute(sa.text(PLACE), {"name": "Kafé Kontakt", "kind": "cafe"})
            conn.execute(sa.text(PLACE), {"name": "Naloksonutdeling", "kind": "naloxone"})
            old_id = conn.execute(
                sa.text("SELECT id FROM place WHERE kind = 'naloxone'")
            ).scalar_one()
            conn.execute(
                sa.text(
                    "INSERT INTO place_hours (place_id, day, opens, closes, week_start,"
                    " week_end) VALUES (:p, 1, 540, 900, 1980, 2340)"
                ),
                {"p": old_id},
            )
            conn.execute(
                sa.text(
                    "INSERT INTO place_exception (place_id, on_date) VALUES (:p, '2026-12-24')"
                ),
                {"p": old_id},
            )

        upgrade()

        with db.engine.connect() as conn:
            places = conn.execute(sa.text("SELECT name FROM place")).scalars().all()
            service = conn.execute(
                sa.text(
                    "SELECT id, name, category, former_place_id, municipality FROM help_service"
                )
            ).one()
            hours = conn.execute(sa.text("SELECT day, opens, closes FROM help_service_hours")).all()
            closed = conn.execute(sa.text("SELECT on_date FROM help_service_exception")).all()
            phones = conn.execute(sa.text("SELECT number FROM help_service_phone")).scalars()
            phone_numbers = list(phones)
        db.engine.dispose()
    assert places == ["Kafé Kontakt"]
    assert service[1:] == ("Naloksonutdeling", "naloxone_harm_reduction", old_id, "Bergen")
    assert [tuple(row) for row in hours] == [(1, 540, 900)]
    assert len(closed) == 1
    assert phone_numbers == ["+47 22 00 00 00"]
