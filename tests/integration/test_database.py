"""The embedded SQLite database is set up for durability and for writers that queue."""

from __future__ import annotations

import os
import sqlite3
import threading
import time

import sqlalchemy as sa
from flask_migrate import upgrade

from peerapp import create_app
from peerapp.extensions import begin_write, db


def _sqlite_app(tmp_path):
    return create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/d.db"})


def test_sqlite_pragmas(tmp_path):
    app = _sqlite_app(tmp_path)
    with app.app_context():
        pragmas = {
            name: db.session.execute(sa.text(f"PRAGMA {name}")).scalar()
            for name in ("journal_mode", "synchronous", "foreign_keys", "busy_timeout")
        }
        db.session.rollback()
        db.engine.dispose()
    assert pragmas == {
        "journal_mode": "wal",
        "synchronous": 2,  # FULL
        "foreign_keys": 1,
        "busy_timeout": 10000,
    }


def test_begin_write_takes_the_write_lock_up_front(tmp_path):
    app = _sqlite_app(tmp_path)
    with app.app_context():
        upgrade()
        begin_write()
        # another connection cannot start a write while ours is open
        other = sqlite3.connect(tmp_path / "d.db", timeout=0.1, isolation_level=None)
        try:
            other.execute("BEGIN IMMEDIATE")
            locked = False
            other.execute("ROLLBACK")
        except sqlite3.OperationalError as error:
            locked = "locked" in str(error)
        finally:
            other.close()
        db.session.rollback()
        db.engine.dispose()
    assert locked


def test_a_second_writer_waits_instead_of_failing(tmp_path):
    app = _sqlite_app(tmp_path)
    with app.app_context():
        upgrade()
        db.engine.dispose()
    finished: list[str] = []

    def writer(name: str, hold: float) -> None:
        with app.app_context():
            begin_write()
            db.session.execute(
                sa.text("INSERT INTO feed_source (name, location, format) VALUES (:n, 'x', 'y')"),
                {"n": name},
            )
            time.sleep(hold)
            db.session.commit()
            finished.append(name)
            db.session.remove()

    first = threading.Thread(target=writer, args=("first", 0.5))
    first.start()
    time.sleep(0.1)
    writer("second", 0)
    first.join()
    with app.app_context():
        count = db.session.scalar(sa.text("SELECT count(*) FROM feed_source"))
        db.engine.dispose()
    assert finished == ["first", "second"]
    assert count == 2


def test_a_forked_worker_opens_its_own_connections(tmp_path):
    """gunicorn --preload forks workers from a process that may hold pooled connections."""
    app = _sqlite_app(tmp_path)
    with app.app_context():
        db.session.execute(sa.text("SELECT 1"))
        db.session.remove()
        assert db.engine.pool.checkedin() == 1
        read, write = os.pipe()
        child = os.fork()
        if child == 0:  # pragma: no cover - runs in the child
            os.write(write, str(db.engine.pool.checkedin()).encode())
            os._exit(0)
        os.waitpid(child, 0)
        in_child = int(os.read(read, 10))
        os.close(read)
        os.close(write)
        # the parent's connection is still its own and still works
        assert db.session.execute(sa.text("SELECT 1")).scalar() == 1
        db.session.remove()
        db.engine.dispose()
    assert in_child == 0
