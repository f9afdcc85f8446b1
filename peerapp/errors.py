"""Errors as people and programs expect them: a page in their language, or RFC 9457 JSON."""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, Response, jsonify, render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from peerapp.services.errors import (
    Conflict,
    DomainError,
    NotAllowed,
    NotFound,
    Throttled,
    ValidationError,
)

__all__ = ["ValidationError", "problem", "validation_problem"]

PROBLEM_BASE = "https://peerapp.no/problems/"
log = logging.getLogger(__name__)


def problem(
    status: int,
    title: str,
    detail: str | None = None,
    kind: str | None = None,
    errors: dict[str, str] | None = None,
) -> Response:
    """An ``application/problem+json`` response."""
    body: dict[str, Any] = {
        "type": PROBLEM_BASE + kind if kind else "about:blank",
        "title": title,
        "status": status,
        "detail": detail or title,
    }
    if errors:
        body["errors"] = errors
    response = jsonify(body)
    response.status_code = status
    response.mimetype = "application/problem+json"
    return response


def validation_problem(errors: dict[str, str]) -> Response:
    """The 400 answer for a request with invalid fields."""
    return problem(
        400,
        _("Some of the input is not valid."),
        "; ".join(f"{field}: {message}" for field, message in errors.items()),
        "validation-error",
        errors,
    )


def _wants_json() -> bool:
    return request.path == "/api" or request.path.startswith("/api/")


def _http_error(error: HTTPException) -> ResponseReturnValue:
    status = error.code or 500
    titles = {
        400: _("The request could not be understood."),
        404: _("We could not find that page."),
        405: _("That method is not allowed here."),
        413: _("What you sent is too large."),
        429: _("Too many requests. Please wait a little and try again."),
    }
    title = titles.get(status, error.name)
    if isinstance(error, CSRFError):
        title = _("The form had expired. Please reload the page and try again.")
    # keep what the exception says besides its body: Allow on 405, Retry-After on 429 and 503
    headers = {k: v for k, v in error.get_headers() if k.lower() != "content-type"}
    if _wants_json():
        response = problem(status, title, kind=error.name.lower().replace(" ", "-"))
        response.headers.update(headers)
        return response
    return render_template("errors/error.html", status=status, title=title), status, headers


def _refused(error: DomainError) -> ResponseReturnValue:
    """A rule's refusal that no view caught: a problem on the API, an error page elsewhere."""
    if isinstance(error, ValidationError):
        if _wants_json():
            return validation_problem(error.errors)
        status, title = 400, _("Some of the input is not valid.")
    elif isinstance(error, NotFound):
        status, title = 404, _("We could not find that page.")
    elif isinstance(error, NotAllowed):
        status, title = 403, _("You do not have access to this.")
    elif isinstance(error, Conflict):
        status, title = 409, _("Someone else saved a change meanwhile.")
    elif isinstance(error, Throttled):
        status, title = 429, _("Too many attempts. Wait a minute and try again.")
    else:
        status, title = 400, _("The request could not be understood.")
    detail = str(error.message) or None
    headers = {"Retry-After": "60"} if status == 429 else {}
    if _wants_json():
        kinds = {404: "not-found", 403: "forbidden", 409: "conflict", 429: "too-many-attempts"}
        response = problem(status, title, detail, kinds.get(status, "bad-request"))
        response.headers.update(headers)
        return response
    return render_template("errors/error.html", status=status, title=title), status, headers


def _unexpected(error: Exception) -> ResponseReturnValue:
    log.exception("unhandled error on %s %s", request.method, request.path)
    return _http_error(InternalServerError())


def init_app(app: Flask) -> None:
    """Register the handlers."""
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(DomainError, _refused)
    if not app.config.get("PROPAGATE_EXCEPTIONS"):
        app.register_error_handler(Exception, _unexpected)
