"""Login throttling: failures are counted per account and per address, in Redis when set.

The counters live in the rate limiter's storage (``PEERAPP_REDIS_URL``, else memory), so every
gunicorn worker and machine sees the same counts.
"""

from __future__ import annotations

from limits import RateLimitItem, RateLimitItemPerMinute

from peerapp.config import app_config
from peerapp.extensions import limiter

#: the 6th failure for one account within a minute is refused
ACCOUNT_FAILURES: RateLimitItem = RateLimitItemPerMinute(5)
#: one address may fail more often (people share addresses), but not endlessly
ADDRESS_FAILURES: RateLimitItem = RateLimitItemPerMinute(30)


def _keys(username_key: str, address: str) -> list[tuple[RateLimitItem, str]]:
    # the app's key prefix keeps apps (and test runs) that share one Redis apart
    prefix = app_config().get("RATELIMIT_KEY_PREFIX", "")
    return [
        (ACCOUNT_FAILURES, f"{prefix}login-fail:account:{username_key}"),
        (ADDRESS_FAILURES, f"{prefix}login-fail:address:{address}"),
    ]


def _enabled() -> bool:
    return bool(limiter.enabled)


def login_allowed(username_key: str, address: str) -> bool:
    """Whether another attempt may be checked for this account from this address."""
    if not _enabled():
        return True
    strategy = limiter.limiter
    return all(strategy.test(item, key) for item, key in _keys(username_key, address))


def record_failure(username_key: str, address: str) -> None:
    """Count a failed attempt against the account and the address."""
    if not _enabled():
        return
    strategy = limiter.limiter
    for item, key in _keys(username_key, address):
        strategy.hit(item, key)
