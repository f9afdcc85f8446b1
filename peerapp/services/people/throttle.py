"""Sign-in throttling that stops guessing, not people.

Every check of a password or code (signing in, the second step, a forgotten password, changing
the password, new recovery codes, turning the second step off, erasing the account) goes
through here. Failures are counted per address, and, for a browser the account does not know,
per account and per account-and-address; a browser that signed in to the account before carries
a device cookie (OWASP's device-cookie approach, ``devices``), and its failures count against
that device alone. So guesses from elsewhere lock out every unknown browser, but not the
owner's own phone.

The counters live in the rate limiter's storage when it is shared (``PEERAPP_REDIS_URL``), and
otherwise in the database (``throttle_counter``): either way every worker and machine sees the
same counts.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa
from limits import RateLimitItem, RateLimitItemPerHour, RateLimitItemPerMinute
from sqlalchemy.dialects import postgresql, sqlite

from peerapp.config import app_config
from peerapp.extensions import db, limiter, utcnow
from peerapp.models.throttle import ThrottleCounter
from peerapp.services.errors import Throttled
from peerapp.services.people import devices
from peerapp.services.unit import unit_of_work

#: an account is refused to unknown browsers from the 6th failure in a minute (or 21st in an hour)
ACCOUNT_FAILURES: tuple[RateLimitItem, ...] = (RateLimitItemPerMinute(5), RateLimitItemPerHour(20))
#: one address guessing at one account is held back for longer
PAIR_FAILURES: tuple[RateLimitItem, ...] = (RateLimitItemPerHour(10),)
#: one address may fail more often (people share addresses), but not endlessly
ADDRESS_FAILURES: tuple[RateLimitItem, ...] = (RateLimitItemPerMinute(30),)
#: a known device has a budget of its own, as strict as the account's
DEVICE_FAILURES: tuple[RateLimitItem, ...] = ACCOUNT_FAILURES

__all__ = ["Attempt", "Throttled", "attempt", "check", "record_failure", "sharing_warning"]


@dataclass(frozen=True)
class Attempt:
    """Who is guessing: the account's username key, the address, and a known device, if any."""

    account: str
    address: str
    #: the device id from a valid device cookie for this very account
    device: str | None = None


def attempt(account: str, address: str, device_cookie: str | None = None) -> Attempt:
    """The attempt on ``account`` from ``address``, known by its device cookie when valid."""
    return Attempt(account, address or "unknown", devices.device_for(device_cookie, account))


def _keys(who: Attempt) -> list[tuple[RateLimitItem, str]]:
    # the app's key prefix keeps apps (and test runs) that share one Redis apart
    prefix = str(app_config().get("RATELIMIT_KEY_PREFIX", "")) + "login-fail"
    if who.device is not None:
        # the owner's own browser: neither the account's lockout nor the address's applies
        return [(item, f"{prefix}:device:{who.device}") for item in DEVICE_FAILURES]
    keys = [(item, f"{prefix}:account:{who.account}") for item in ACCOUNT_FAILURES]
    keys += [(item, f"{prefix}:pair:{who.account}|{who.address}") for item in PAIR_FAILURES]
    keys += [(item, f"{prefix}:address:{who.address}") for item in ADDRESS_FAILURES]
    return keys


def _enabled() -> bool:
    return bool(limiter.enabled)


def _in_database() -> bool:
    """Whether the counters live in the database: the limiter's own storage is not shared."""
    return str(app_config().get("RATELIMIT_STORAGE_URI", "memory://")).startswith("memory://")


def allowed(who: Attempt) -> bool:
    """Whether another password or code may be checked for this attempt."""
    if not _enabled():
        return True
    keys = _keys(who)
    if _in_database():
        return _database_allows(keys)
    strategy = limiter.limiter
    return all(strategy.test(item, key) for item, key in keys)


def check(who: Attempt) -> None:
    """Raise ``Throttled`` when no more attempts may be checked for now."""
    if not allowed(who):
        raise Throttled


def record_failure(who: Attempt) -> None:
    """Count a wrong password or code."""
    if not _enabled():
        return
    keys = _keys(who)
    if _in_database():
        _database_hit(keys)
        return
    strategy = limiter.limiter
    for item, key in keys:
        strategy.hit(item, key)


def sharing_warning() -> str | None:
    """What an operator should know when some limits are not shared by all workers."""
    if not _enabled() or not _in_database():
        return None
    return (
        "PEERAPP_REDIS_URL is not set: sign-in throttling is shared by all workers through the "
        "database, but the other request limits (registrations, 60 changes a minute) are "
        "counted in each worker's memory, so N workers allow N times as much. Set "
        "PEERAPP_REDIS_URL to share them."
    )


# --- counters in the database ---------------------------------------------------------------


def _digest(item: RateLimitItem, key: str) -> str:
    """The row key: a hash, so the table holds no username or address in clear."""
    return hashlib.sha256(f"{key}/{item.amount}/{item.get_expiry()}".encode()).hexdigest()


def _database_allows(keys: list[tuple[RateLimitItem, str]]) -> bool:
    limits = {_digest(item, key): item.amount for item, key in keys}
    rows = db.session.execute(
        sa.select(ThrottleCounter.key, ThrottleCounter.hits).where(
            ThrottleCounter.key.in_(limits), ThrottleCounter.window_ends_at > utcnow()
        )
    )
    return all(hits < limits[key] for key, hits in rows)


def _database_hit(keys: list[tuple[RateLimitItem, str]]) -> None:
    """Add one failure to each counter, each in one atomic upsert, on SQLite and PostgreSQL.

    A unit of work of its own, on the request's own connection: on SQLite a second connection
    writing would leave the request's open read snapshot unable to write afterwards.
    """
    now = utcnow()
    table = ThrottleCounter.__table__
    with unit_of_work() as session:
        insert = postgresql.insert if db.engine.dialect.name == "postgresql" else sqlite.insert
        session.execute(sa.delete(ThrottleCounter).where(ThrottleCounter.window_ends_at <= now))
        for item, key in keys:
            ends = now + timedelta(seconds=item.get_expiry())
            over = table.c.window_ends_at <= now  # the stored window has ended: start a new one
            statement = insert(table).values(key=_digest(item, key), hits=1, window_ends_at=ends)
            statement = statement.on_conflict_do_update(
                index_elements=[table.c.key],
                set_={
                    "hits": sa.case((over, 1), else_=table.c.hits + 1),
                    "window_ends_at": sa.case(
                        (over, sa.literal(ends, table.c.window_ends_at.type)),
                        else_=table.c.window_ends_at,
                    ),
                },
            )
            session.execute(statement)
