"""Default deny: every route names the roles that may use it, or it is refused.

A view is marked with :func:`public` or :func:`roles`. A route with no mark answers 403 (and
``tests/integration/test_access_table.py`` fails until someone decides who may use it).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import urlsplit

from flask import Flask, abort, redirect, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf.csrf import CSRFError, validate_csrf
from wtforms import ValidationError as CSRFValidationError

from peerapp.errors import problem
from peerapp.models.people import ROLES

log = logging.getLogger(__name__)
View = TypeVar("View", bound=Callable[..., Any])

VISITOR = "visitor"
#: Everyone, signed in or not.
EVERYONE = frozenset((VISITOR, *ROLES))
#: Endpoints Flask itself adds.
_BUILTIN_PUBLIC = frozenset({"static"})
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def public(view: View) -> View:
    """Open to everyone, including visitors who are not signed in."""
    view.peerapp_roles = EVERYONE  # type: ignore[attr-defined]
    return view


def roles(*names: str) -> Callable[[View], View]:
    """Open only to signed-in people with one of these roles."""
    unknown = set(names) - set(ROLES)
    if unknown or not names:
        raise ValueError(f"unknown roles: {sorted(unknown)}")

    def mark(view: View) -> View:
        view.peerapp_roles = frozenset(names)  # type: ignore[attr-defined]
        return view

    return mark


def come_back_key(view: View) -> View:
    """Also open to a come-back key sent as ``Authorization: Bearer``: the only route that is."""
    view.peerapp_bearer = True  # type: ignore[attr-defined]
    return view


def bearer_key() -> str | None:
    """The come-back key a request carries as ``Authorization: Bearer``, if any."""
    scheme, _space, value = request.headers.get("Authorization", "").partition(" ")
    return value.strip() if scheme.lower() == "bearer" else None


def _refuse_bearer() -> ResponseReturnValue:
    """A come-back key on any route but the request to come back: 401, as if not signed in."""
    answer = problem(
        401, _("This key can only send the request to come back."), kind="login-required"
    )
    answer.headers["WWW-Authenticate"] = 'Bearer error="insufficient_scope"'
    return answer


def signed_in(view: View) -> View:
    """Open to anyone signed in, whatever their role."""
    view.peerapp_roles = frozenset(ROLES)  # type: ignore[attr-defined]
    return view


def allowed_roles(app: Flask, endpoint: str) -> frozenset[str] | None:
    """The roles an endpoint admits, or ``None`` when nobody decided."""
    if endpoint in _BUILTIN_PUBLIC:
        return EVERYONE
    view = app.view_functions.get(endpoint)
    return getattr(view, "peerapp_roles", None)


def current_role() -> str:
    """The role of whoever is asking: ``visitor`` when not signed in."""
    return current_user.role if current_user.is_authenticated else VISITOR


def is_api_request() -> bool:
    """Whether the request is for the JSON API."""
    return request.path == "/api" or request.path.startswith("/api/")


def safe_next(target: str | None) -> str | None:
    """A same-site path to return to after signing in, or ``None`` for anything else."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    if "\\" in target or any(ord(char) < 32 or ord(char) == 127 for char in target):
        return None  # CR/LF would split the Location header (and no path holds controls)
    return target


def _enforce() -> ResponseReturnValue | None:
    """Refuse the request unless the endpoint admits the asker's role."""
    endpoint = request.endpoint
    if endpoint is None:
        return None  # no route: the 404 or 405 handler answers
    admitted = allowed_roles(_app(), endpoint)
    if admitted is None:
        log.error("route %s has no access decision; refusing", endpoint)
        abort(403)
    if bearer_key() is not None:
        # a come-back key is no session: one route takes it, the view checks it
        view = _app().view_functions.get(endpoint)
        if getattr(view, "peerapp_bearer", False) and request.method == "POST":
            return _json_only()
        return _refuse_bearer()
    writes_api = is_api_request() and request.method not in SAFE_METHODS
    if admitted == EVERYONE and not writes_api:
        # open to all: no need to look the asker up, so static files cost no session lookup
        return None
    role = current_role()
    if role not in admitted:
        if role == VISITOR:
            if is_api_request():
                return problem(401, _("Please log in first."), kind="login-required")
            return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
        if is_api_request():
            return problem(403, _("You do not have access to this."), kind="forbidden")
        abort(403)
    if writes_api:
        return _check_api_write()
    return None


def _json_only() -> ResponseReturnValue | None:
    """A body, when sent, is JSON."""
    if request.content_length and not request.is_json:
        return problem(
            415, _("Send the body as JSON (Content-Type: application/json)."), kind="json-required"
        )
    return None


def _check_api_write() -> ResponseReturnValue | None:
    """State-changing API calls: JSON bodies only, and the CSRF token once signed in."""
    if refused := _json_only():
        return refused
    if current_user.is_authenticated:
        try:
            validate_csrf(request.headers.get("X-CSRFToken"))
        except (CSRFValidationError, CSRFError):
            return problem(
                403,
                _("The security token is missing or has expired. Reload and try again."),
                kind="csrf-failed",
            )
    return None


def _app() -> Flask:
    from flask import current_app

    return current_app._get_current_object()  # type: ignore[attr-defined,no-any-return]


def init_app(app: Flask) -> None:
    """Check every request against the route's decision."""
    app.before_request(_enforce)
