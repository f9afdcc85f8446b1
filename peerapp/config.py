"""Typed settings read from the environment and validated at start."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from cryptography.fernet import Fernet, MultiFernet

#: the known default, refused outside debug, demo and tests (``check_production_ready``)
DEFAULT_SECRET_KEY = "dev-only-not-secret"  # noqa: S105  # nosec B105  # accepted: refused in production


class SettingsError(RuntimeError):
    """A setting is missing or invalid; the message says which and why."""


def parse_data_key(value: str) -> MultiFernet:
    """The key ring a ``PEERAPP_DATA_KEY`` value describes; a clear error when malformed.

    It lives with the settings (not with the encryption that uses it), so that checking the
    settings at start needs nothing but this module.
    """
    keys = [part.strip() for part in value.split(",") if part.strip()]
    if not keys:
        raise SettingsError("PEERAPP_DATA_KEY is empty")
    try:
        return MultiFernet([Fernet(key) for key in keys])
    except ValueError as error:
        raise SettingsError(
            "PEERAPP_DATA_KEY must be keys made by 'peerapp data-key' (32 bytes, URL-safe base64)"
        ) from error


#: a host name as ``PEERAPP_TRUSTED_HOSTS`` lists it: ``peerapp.no``, ``.peerapp.no`` (and every
#: name under it), ``localhost:8000`` (the port is not compared)
_HOST = re.compile(
    r"^\.?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:\d{1,5})?$"
)


def _trusted_hosts(value: str, public_url: str | None) -> tuple[str, ...]:
    """The host names this site answers to: the list given, and the public address's host."""
    hosts = [part.strip().lower() for part in value.split(",") if part.strip()]
    for host in hosts:
        if not _HOST.match(host):
            raise SettingsError(
                f"PEERAPP_TRUSTED_HOSTS: {host!r} is not a host name (example: peerapp.example.no)"
            )
    if public_url:
        public_host = (urlsplit(public_url).hostname or "").lower()
        if public_host and public_host not in hosts:
            hosts.append(public_host)
    return tuple(hosts)


def _flag(value: str | None, default: bool) -> bool:
    """Read an on/off environment value such as ``1``, ``0``, ``true`` or ``no``."""
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class Settings:
    """Everything an installation can set through ``PEERAPP_*`` environment variables."""

    database_url: str
    secret_key: str
    data_key: str | None
    vapid_public_key: str | None
    vapid_private_key: str | None
    vapid_subject: str | None
    smtp_url: str | None
    mail_from: str | None
    redis_url: str | None
    geocoder: str
    tile_url: str | None
    ratelimit_enabled: bool
    trusted_proxies: int
    public_url: str | None = None
    #: who the map tiles are from, shown on the map as the tile provider asks
    tile_attribution: str = ""
    #: hosts (``host`` or ``host:port``) outbound requests may reach although not public
    outbound_allow: str = ""
    #: the instance folder, where caches such as the gazetteer are kept
    instance_path: str | None = None
    #: host names the site answers to (empty: any, as in development); others get 400
    trusted_hosts: tuple[str, ...] = ()

    @classmethod
    def from_env(cls, instance_path: str, env: dict[str, str] | None = None) -> Settings:
        """Read the settings from ``env`` (default ``os.environ``), filling in the defaults."""
        env = dict(os.environ if env is None else env)
        default_db = "sqlite:///" + str(Path(instance_path) / "peerapp.sqlite3")
        database_url = env.get("PEERAPP_DATABASE_URL") or default_db
        if database_url.startswith("postgres://"):
            database_url = "postgresql://" + database_url[len("postgres://") :]
        if database_url.startswith("postgresql://"):
            database_url = "postgresql+psycopg://" + database_url[len("postgresql://") :]
        geocoder = (env.get("PEERAPP_GEOCODER") or "offline").strip().lower()
        if geocoder not in {"offline", "nominatim"}:
            raise SettingsError(
                f"PEERAPP_GEOCODER must be 'offline' or 'nominatim', not {geocoder!r}"
            )
        proxies = (env.get("PEERAPP_TRUSTED_PROXIES") or "0").strip()
        if not proxies.isdigit() or int(proxies) > 5:
            raise SettingsError("PEERAPP_TRUSTED_PROXIES must be a number of proxies, 0 to 5")
        public_url = (env.get("PEERAPP_PUBLIC_URL") or "").strip().rstrip("/") or None
        if public_url and not public_url.startswith(("https://", "http://")):
            raise SettingsError("PEERAPP_PUBLIC_URL must be this site's address: https://...")
        return cls(
            database_url=database_url,
            secret_key=env.get("PEERAPP_SECRET_KEY") or DEFAULT_SECRET_KEY,
            data_key=env.get("PEERAPP_DATA_KEY") or None,
            vapid_public_key=env.get("PEERAPP_VAPID_PUBLIC_KEY") or None,
            vapid_private_key=env.get("PEERAPP_VAPID_PRIVATE_KEY") or None,
            vapid_subject=env.get("PEERAPP_VAPID_SUBJECT") or None,
            smtp_url=env.get("PEERAPP_SMTP_URL") or None,
            mail_from=env.get("PEERAPP_MAIL_FROM") or None,
            redis_url=env.get("PEERAPP_REDIS_URL") or None,
            geocoder=geocoder,
            tile_url=env.get("PEERAPP_TILE_URL") or None,
            tile_attribution=(env.get("PEERAPP_TILE_ATTRIBUTION") or "").strip(),
            ratelimit_enabled=_flag(env.get("PEERAPP_RATELIMIT_ENABLED"), True),
            trusted_proxies=int(proxies),
            public_url=public_url,
            outbound_allow=(env.get("PEERAPP_OUTBOUND_ALLOW") or "").strip(),
            instance_path=instance_path,
            trusted_hosts=_trusted_hosts(env.get("PEERAPP_TRUSTED_HOSTS") or "", public_url),
        )

    def flask_config(self) -> dict[str, Any]:
        """Map the settings onto Flask and extension configuration keys."""
        return {
            "SQLALCHEMY_DATABASE_URI": self.database_url,
            "SECRET_KEY": self.secret_key,
            "PEERAPP_DATA_KEY": self.data_key,
            "PEERAPP_VAPID_PUBLIC_KEY": self.vapid_public_key,
            "PEERAPP_VAPID_PRIVATE_KEY": self.vapid_private_key,
            "PEERAPP_VAPID_SUBJECT": self.vapid_subject,
            "PEERAPP_SMTP_URL": self.smtp_url,
            "PEERAPP_MAIL_FROM": self.mail_from,
            "PEERAPP_REDIS_URL": self.redis_url,
            "PEERAPP_GEOCODER": self.geocoder,
            "PEERAPP_TILE_URL": self.tile_url,
            "PEERAPP_TILE_ATTRIBUTION": self.tile_attribution,
            "RATELIMIT_ENABLED": self.ratelimit_enabled,
            "PEERAPP_TRUSTED_PROXIES": self.trusted_proxies,
            "PEERAPP_PUBLIC_URL": self.public_url,
            "PEERAPP_OUTBOUND_ALLOW": self.outbound_allow,
            "PEERAPP_INSTANCE_PATH": self.instance_path,
            # Flask answers 400 to any other Host, so no absolute URL is built from a forged one
            "TRUSTED_HOSTS": list(self.trusted_hosts) or None,
            **self._public_address(),
        }

    def _public_address(self) -> dict[str, Any]:
        """With ``PEERAPP_PUBLIC_URL``, every absolute URL (API ``url`` fields, feeds, calendar
        files, enrolment links) names the public address, whichever trusted name was asked."""
        if not self.public_url:
            return {}
        parts = urlsplit(self.public_url)
        return {"SERVER_NAME": parts.netloc, "PREFERRED_URL_SCHEME": parts.scheme}


def check_production_ready(config: dict[str, Any]) -> None:
    """Refuse to serve outside debug, demo or testing with a default secret or no data key.

    CLI commands other than ``run`` (migrations, imports) sign nothing and may run without them;
    a command that needs the data key says so when it does. A data key that is set is always
    checked, so a typo is found at start rather than at the first encryption.
    """
    if config.get("PEERAPP_DATA_KEY"):
        parse_data_key(config["PEERAPP_DATA_KEY"])
    relaxed = ("TESTING", "DEBUG", "PEERAPP_DEMO", "PEERAPP_CLI")
    if any(config.get(key) for key in relaxed):
        return
    if config.get("SECRET_KEY") in (None, "", DEFAULT_SECRET_KEY):
        raise SettingsError(
            "PEERAPP_SECRET_KEY is not set. Set it to a long random value "
            "(python -c 'import secrets; print(secrets.token_urlsafe(48))')."
        )
    if len(str(config["SECRET_KEY"])) < 32:
        raise SettingsError("PEERAPP_SECRET_KEY is too short: use at least 32 random characters.")
    if not config.get("PEERAPP_DATA_KEY"):
        raise SettingsError(
            "PEERAPP_DATA_KEY is not set. It encrypts private notes and second-factor secrets; "
            "make one with 'peerapp data-key' and keep it in a safe place (and in your backups)."
        )


def app_config() -> Mapping[str, Any]:
    """The running app's settings, for rules that must not know Flask (services read them here)."""
    from flask import current_app

    return current_app.config
