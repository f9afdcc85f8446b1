"""Device cookies (OWASP's answer to lockout attacks): a browser that signed in to an account
carries a signed, random device id for it, so its attempts are counted apart from everyone
else's guesses at that account.

One cookie holds the ids of the last few accounts signed in on the browser (a shared family
phone), each made new at every successful sign-in. It holds no secret of the account and no
username (only a keyed hash of it): it says "this browser has signed in as this account
before", and is signed with the app's secret key so that it cannot be made up.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta

from itsdangerous import BadData, URLSafeTimedSerializer

from peerapp.config import app_config

#: the cookie is forgotten after half a year without a sign-in
MAX_AGE = timedelta(days=180)
#: accounts remembered per browser
MAX_ACCOUNTS = 5
_SALT = "peerapp-device-cookie"


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(str(app_config()["SECRET_KEY"]), salt=_SALT)


def _account_tag(account: str) -> str:
    """A keyed hash of the username key: the cookie never shows whose phone this is."""
    key = str(app_config()["SECRET_KEY"]).encode()
    return hmac.new(key, account.encode(), hashlib.sha256).hexdigest()[:24]


def _devices(cookie: str | None) -> dict[str, str]:
    """The accounts and device ids a cookie holds; empty when missing, forged or too old."""
    if not cookie or len(cookie) > 4096:
        return {}
    try:
        value = _serializer().loads(cookie, max_age=int(MAX_AGE.total_seconds()))
    except BadData:
        return {}
    if not isinstance(value, dict):
        return {}
    return {str(k): str(v) for k, v in value.items() if isinstance(v, str)}


def device_for(cookie: str | None, account: str) -> str | None:
    """The device id a valid cookie holds for the account (its username key), else ``None``."""
    return _devices(cookie).get(_account_tag(account))


def remember(cookie: str | None, account: str) -> str:
    """The cookie value after a successful sign-in to ``account``: a fresh id for it."""
    known = _devices(cookie)
    tag = _account_tag(account)
    known.pop(tag, None)
    known[tag] = secrets.token_urlsafe(16)
    newest = dict(list(known.items())[-MAX_ACCOUNTS:])
    return str(_serializer().dumps(newest))
