"""Security headers on every response, errors included; an unknown Host refused."""

from __future__ import annotations

from flask import Flask, Response, current_app, request
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import escape
from werkzeug.exceptions import SecurityError

from peerapp.i18n import current_language
from peerapp.maps import image_sources

CSP = (
    "default-src 'self'; img-src {images}; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'; form-action 'self'"
)
#: the finders of meetings and places use the phone's position; everywhere else it is switched off
GEOLOCATION_PATHS = frozenset({"/", "/places", "/checkin"})
#: paths whose answers are about a person, even before anyone has signed in
PERSONAL_PREFIXES = (
    "/login",
    "/register",
    "/account",
    "/clinic",
    "/admin",
    "/api/v1/session",
    "/api/v1/accounts",
    "/api/v1/me",
)


def _is_personal() -> bool:
    """Whether the answer may hold personal data and so must never be stored by any cache."""
    if request.path.startswith(PERSONAL_PREFIXES):
        return True
    if request.endpoint == "static":
        return False
    return bool(current_user and current_user.is_authenticated)


def _headers(response: Response) -> Response:
    """Add a strict CSP, HSTS and the usual hardening headers, and keep personal pages private."""
    headers = response.headers
    headers.setdefault(
        "Content-Security-Policy", CSP.format(images=image_sources(current_app.config))
    )
    headers.setdefault("X-Content-Type-Options", "nosniff")
    # same-origin, not no-referrer: Flask-WTF checks the Referer of form posts over HTTPS
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    headers.setdefault(
        "Permissions-Policy",
        "geolocation=(self)" if request.path in GEOLOCATION_PATHS else "geolocation=()",
    )
    # browsers ignore it over plain HTTP, and behind a TLS proxy it is what keeps people on HTTPS
    headers.setdefault("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
    if _is_personal():
        headers["Cache-Control"] = "no-store"
        headers.pop("Expires", None)
    if response.mimetype == "text/html":
        response.vary.add("Cookie")
    return response


def _unknown_host(_error: SecurityError) -> Response:
    """400 for a Host that is not in ``PEERAPP_TRUSTED_HOSTS`` (nor ``PEERAPP_PUBLIC_URL``).

    Answered without the site's templates: they build links, and links need a trusted host.
    """
    title = _("This site does not answer to that address.")
    detail = _("Use the site's own address.")
    if request.path == "/api" or request.path.startswith("/api/"):
        from peerapp.errors import problem  # errors imports the templates; only needed here

        return problem(400, title, detail, kind="unknown-host")
    page = (
        f'<!doctype html><html lang="{current_language()}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title></head>"
        f"<body><main><h1>{escape(title)}</h1><p>{escape(detail)}</p></main></body></html>"
    )
    return Response(page, status=400, mimetype="text/html")


def init_app(app: Flask) -> None:
    """Register the header hook and the answer to an unknown Host."""
    app.after_request(_headers)
    app.register_error_handler(SecurityError, _unknown_host)
