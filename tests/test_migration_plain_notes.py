"""The migration that adds listing reports also turns stored feed notes with markup into plain
text, as the importer now reads them; notes without markup are left as they are."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade

from peerapp import create_app
from peerapp.extensions import db
from tests.test_migrations import _postgres_database

BEFORE = "040daff0f3f7"
NOTES = {
    "html": (
        "Ring på <b>døra</b>.<br>Inngang bak.<script>x()</script> Kaffe &amp; kaker",
        "Ring på døra.\nInngang bak. Kaffe & kaker",
    ),
    "plain": ("Linje 1\nLinje 2 – 5 < 6", "Linje 1\nLinje 2 – 5 < 6"),
}


@pytest.fixture(params=["sqlite", "postgresql"])
def old_database(request, tmp_path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'old.sqlite3'}"
    else:
        yield from _postgres_database()


def test_stored_notes_with_markup_become_plain_text(old_database):
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": old_database})
    with app.app_context():
        upgrade(revision=BEFORE)
        with db.engine.begin() as conn:
            for slug, (notes, _plain) in NOTES.items():
                conn.execute(
                    sa.text(
                        "INSERT INTO meeting (slug, name, fellowship, day, time, end_time,"
                        " timezone, week_minute, duration_minutes, types_text,"
                        " attendance_option, notes, search_text, created_at, updated_at,"
                        " is_demo) VALUES (:s, :s, 'aa', 1, '19:00:00', '20:00:00',"
                        " 'Europe/Oslo', 2580, 60, ',', 'in_person', :n, '', CURRENT_TIMESTAMP,"
                        " CURRENT_TIMESTAMP, false)"
                    ),
                    {"s": slug, "n": notes},
                )
        upgrade()
        with db.engine.connect() as conn:
            stored = dict(conn.execute(sa.text("SELECT slug, notes FROM meeting")).all())
            assert "listing_report" in sa.inspect(db.engine).get_table_names()
        db.engine.dispose()
    assert stored == {slug: plain for slug, (_notes, plain) in NOTES.items()}
