"""Peerapp: meetings, sober places, peers and a fast way back to the clinic after treatment."""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path
from typing import Any

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter, Map

from peerapp.config import Settings, check_production_ready
from peerapp.extensions import (
    configure_sqlite,
    csrf,
    db,
    fresh_connections_after_fork,
    limiter,
    migrate,
)

PACKAGE_DIR = Path(__file__).resolve().parent
#: the largest row id (the tables' ids are 32-bit integers on PostgreSQL)
MAX_ROW_ID = 2**31 - 1


class RowIdConverter(IntegerConverter):
    """``<int:…>`` in every route is a row id: a number past the largest one is no route (404),
    never a number the database cannot hold (a 500)."""

    def __init__(self, url_map: Map, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", MAX_ROW_ID)
        super().__init__(url_map, *args, **kwargs)


def asset_dir(name: str) -> Path:
    """Where ``templates``, ``static`` or ``translations`` is: in the package once built into a
    wheel, at the repository root in a checkout (and an editable install)."""
    installed = PACKAGE_DIR / name
    return installed if installed.is_dir() else PACKAGE_DIR.parent / name


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Build the Flask application; ``test_config`` overrides any setting."""
    app = Flask(
        __name__,
        instance_relative_config=True,
        template_folder=str(asset_dir("templates")),
        static_folder=str(asset_dir("static")),
    )
    app.url_map.converters["int"] = RowIdConverter
    os.makedirs(app.instance_path, exist_ok=True)

    settings = Settings.from_env(app.instance_path)
    app.config.update(settings.flask_config())
    app.config.update(
        BABEL_DEFAULT_LOCALE="nb",
        BABEL_DEFAULT_TIMEZONE="Europe/Oslo",
        BABEL_TRANSLATION_DIRECTORIES=str(asset_dir("translations")),
        MAX_CONTENT_LENGTH=1024 * 1024,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        PERMANENT_SESSION_LIFETIME=timedelta(days=30),
        RATELIMIT_KEY_PREFIX="peerapp",
        RATELIMIT_STRATEGY="moving-window",
        RATELIMIT_HEADERS_ENABLED=True,
        WTF_CSRF_TIME_LIMIT=None,
        SQLALCHEMY_ENGINE_OPTIONS={"pool_pre_ping": True},
        PEERAPP_DEMO=False,
    )
    if test_config is not None:
        app.config.update(test_config)
    check_production_ready(app.config)
    _secure_cookies(app, test_config or {})
    app.config.setdefault(
        "RATELIMIT_STORAGE_URI", app.config.get("PEERAPP_REDIS_URL") or "memory://"
    )
    if app.config.get("PEERAPP_TRUSTED_PROXIES"):
        hops = int(app.config["PEERAPP_TRUSTED_PROXIES"])
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)  # type: ignore[method-assign]

    _init_extensions(app)
    _register_blueprints(app)

    from peerapp import (
        access,
        cli,
        errors,
        i18n,
        input_guard,
        logs,
        maps,
        security,
        signin,
        templating,
    )

    i18n.init_app(app)
    signin.init_app(app)
    access.init_app(app)
    templating.init_app(app)
    logs.init_app(app)
    errors.init_app(app)
    input_guard.init_app(app)
    security.init_app(app)
    maps.init_app(app)
    cli.init_app(app)
    _warn_at_start(app)
    return app


def _warn_at_start(app: Flask) -> None:
    """Say at start (serving, not in tests or one-off commands) what an operator should fix:
    limits counted per worker, and absolute URLs built from whatever Host a request names."""
    if app.config.get("TESTING") or app.config.get("PEERAPP_CLI"):
        return
    from peerapp.services.people import throttle

    with app.app_context():
        warning = throttle.sharing_warning()
    if warning:
        app.logger.warning(warning)
    local = app.config.get("DEBUG") or app.config.get("PEERAPP_DEMO")
    if not local and not app.config.get("TRUSTED_HOSTS"):
        app.logger.warning(
            "Neither PEERAPP_PUBLIC_URL nor PEERAPP_TRUSTED_HOSTS is set: links in the API, "
            "feeds and calendar files name whatever Host a request gives. Set one of them."
        )


def _init_extensions(app: Flask) -> None:
    """Bind the module-level extensions to this app."""
    import peerapp.models  # noqa: F401 - register the tables on the metadata

    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    if uri.startswith("sqlite"):
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {
            **app.config.get("SQLALCHEMY_ENGINE_OPTIONS", {}),
            "connect_args": {"timeout": 10, "check_same_thread": False},
        }
    db.init_app(app)
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            configure_sqlite(db.engine)
        fresh_connections_after_fork(db.engine)
    migrate.init_app(
        app, db, directory=str(PACKAGE_DIR / "migrations"), render_as_batch=True, compare_type=True
    )
    csrf.init_app(app)
    limiter.init_app(app)


def _secure_cookies(app: Flask, overrides: Mapping[str, Any]) -> None:
    """Cookies only over HTTPS, except on a developer's or demo machine over plain HTTP."""
    local = any(app.config.get(flag) for flag in ("DEBUG", "TESTING", "PEERAPP_DEMO"))
    secure = bool(overrides.get("SESSION_COOKIE_SECURE", not local))
    app.config["SESSION_COOKIE_SECURE"] = secure
    # Flask-Login's remember cookie is not used (sessions live on the server); were it ever
    # turned on, it is Secure too. The language and device cookies follow SESSION_COOKIE_SECURE.
    app.config["REMEMBER_COOKIE_SECURE"] = secure
    app.config["REMEMBER_COOKIE_HTTPONLY"] = True
    # the __Host- prefix makes browsers refuse the cookie unless Secure, host-only, path /
    default_name = "__Host-peerapp" if secure else "peerapp"
    app.config["SESSION_COOKIE_NAME"] = overrides.get("SESSION_COOKIE_NAME", default_name)


def _register_blueprints(app: Flask) -> None:
    """Attach one blueprint per domain."""
    from peerapp.admin import bp as admin_bp
    from peerapp.api import bp as api_bp
    from peerapp.auth import bp as auth_bp
    from peerapp.checkin import bp as checkin_bp
    from peerapp.clinic import bp as clinic_bp
    from peerapp.companion import bp as companion_bp
    from peerapp.events import bp as events_bp
    from peerapp.helpservices import bp as helpservices_bp
    from peerapp.meetings import bp as meetings_bp
    from peerapp.municipality import bp as municipality_bp
    from peerapp.peers import bp as peers_bp
    from peerapp.places import bp as places_bp
    from peerapp.plan import bp as plan_bp
    from peerapp.pwa import bp as pwa_bp
    from peerapp.readmission import bp as readmission_bp
    from peerapp.relatives import bp as relatives_bp
    from peerapp.stewardship import bp as stewardship_bp

    app.register_blueprint(meetings_bp)
    app.register_blueprint(places_bp)
    app.register_blueprint(helpservices_bp)
    app.register_blueprint(stewardship_bp)
    app.register_blueprint(pwa_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(clinic_bp)
    app.register_blueprint(readmission_bp)
    app.register_blueprint(checkin_bp)
    app.register_blueprint(peers_bp)
    app.register_blueprint(relatives_bp)
    app.register_blueprint(companion_bp)
    app.register_blueprint(plan_bp)
    app.register_blueprint(events_bp)
    app.register_blueprint(admin_bp)
    app.register_blueprint(municipality_bp)
    app.register_blueprint(api_bp)
    csrf.exempt(api_bp)  # the API checks X-CSRFToken itself on state-changing calls
