"""Extensions, created once here and bound to the app in ``create_app``."""

from __future__ import annotations

import os
import sqlite3
import weakref
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    """Declarative base whose constraints all get predictable names."""

    metadata = sa.MetaData(
        naming_convention={
            "ix": "ix_%(column_0_label)s",
            "uq": "uq_%(table_name)s_%(column_0_name)s",
            "ck": "ck_%(table_name)s_%(constraint_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        }
    )


class UTCDateTime(sa.types.TypeDecorator[datetime]):
    """A timestamp stored in UTC and always read back as an aware UTC datetime."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        """Refuse naive datetimes and store the UTC instant."""
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        """Return an aware UTC datetime whatever the backend returned."""
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def utcnow() -> datetime:
    """The current instant, timezone-aware in UTC."""
    return datetime.now(UTC)


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
babel = Babel()
csrf = CSRFProtect()
login_manager = LoginManager()


def _rate_limit_key() -> str:
    """Whom a request counts against: the signed-in account, else the address it came from."""
    from flask_login import current_user

    if current_user and current_user.is_authenticated:
        return f"user:{current_user.id}"
    return f"address:{get_remote_address()}"


limiter = Limiter(
    key_func=_rate_limit_key,
    # state-changing requests share one budget per address; reads are not limited
    default_limits=["60 per minute"],
    default_limits_exempt_when=lambda: _is_safe_method(),
)


def _is_safe_method() -> bool:
    """Whether the current request only reads (GET, HEAD, OPTIONS)."""
    from flask import request

    return request.method in {"GET", "HEAD", "OPTIONS"}


def configure_sqlite(engine: sa.engine.Engine) -> None:
    """Make the embedded SQLite durable and polite under concurrency.

    WAL lets readers run beside one writer, ``synchronous=FULL`` survives power loss, foreign keys
    are enforced, deleted bytes are zeroed (``secure_delete``), and writers start with
    ``BEGIN IMMEDIATE`` (when the connection is marked with the ``sqlite_immediate`` option), so
    that two writers queue on the busy timeout instead of failing halfway through a transaction.
    """

    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves, below
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=10000")
        # deleted content is overwritten with zeros, so an erased note leaves no bytes behind
        cursor.execute("PRAGMA secure_delete=ON")
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _on_begin(conn: sa.engine.Connection) -> None:
        immediate = conn.get_execution_options().get("sqlite_immediate")
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


#: engines whose pooled connections a forked child must not share (see below)
_FORK_SAFE: weakref.WeakSet[sa.Engine] = weakref.WeakSet()


def fresh_connections_after_fork(engine: sa.Engine) -> None:
    """Make a process forked from this one (``gunicorn --preload``) open its own connections.

    A child using its parent's pooled sockets would interleave both processes' queries on one
    connection; the child drops the pool without closing it, so the parent's stay usable.
    """
    _FORK_SAFE.add(engine)


def _after_fork_in_child() -> None:
    for engine in list(_FORK_SAFE):
        engine.dispose(close=False)


os.register_at_fork(after_in_child=_after_fork_in_child)


def begin_write() -> None:
    """Start the session's transaction as a write (``BEGIN IMMEDIATE`` on SQLite).

    Call before the unit of work that will write, so that SQLite takes the write lock up front
    and waits its turn on the busy timeout. A read-only transaction still open from earlier
    queries is ended first: on SQLite a reader that later writes fails at once ("database is
    locked") when another connection wrote meanwhile. One with unsaved changes is joined as is.
    On PostgreSQL it simply begins a transaction.
    """
    session = db.session()
    if session.get_transaction() is not None:
        if session.new or session.dirty or session.deleted or _has_flushed(session):
            return  # our own changes are in it: it must commit as one
        if session.get_bind().dialect.name != "sqlite":
            return  # PostgreSQL lets a transaction that has read go on to write
        session.commit()  # only reads so far: end them (loaded objects reload when next used)
    session.connection(execution_options={"sqlite_immediate": True})


def commit_keeping_loaded() -> None:
    """Commit, keeping the loaded objects' values rather than reloading them when next used.

    For a unit of work that has just written what it answers with: its objects hold exactly what
    was stored, and reading them back would only cost round trips.
    """
    session = db.session()
    session.expire_on_commit = False
    try:
        session.commit()
    finally:
        session.expire_on_commit = True


def _has_flushed(session: Any) -> bool:
    """Whether the open transaction has already written (flushed) something."""
    return bool(session.info.get("peerapp_flushed"))


@sa.event.listens_for(sa.orm.Session, "after_flush")
def _mark_flushed(session: sa.orm.Session, _context: Any) -> None:
    session.info["peerapp_flushed"] = True


@sa.event.listens_for(sa.orm.Session, "after_transaction_end")
def _clear_flushed(session: sa.orm.Session, transaction: sa.orm.SessionTransaction) -> None:
    if transaction.parent is None:
        session.info.pop("peerapp_flushed", None)
