"""Headers the API adds: CORS on public data, and the language of problem answers."""

from __future__ import annotations

from flask import Response, request
from flask_babel import get_locale

#: GET endpoints that serve public data any web page may read (no cookies are involved)
PUBLIC_READS = frozenset(
    {"api.list_meetings", "api.get_meeting", "api.meeting_guide_feed", "api.openapi"}
)


def allow_public_reads(response: Response) -> Response:
    """Let any origin read public data; credentials are never allowed across origins."""
    if request.endpoint in PUBLIC_READS and request.method in {"GET", "HEAD", "OPTIONS"}:
        response.headers["Access-Control-Allow-Origin"] = "*"
    return response


def label_problem_language(response: Response) -> Response:
    """Say which language a problem's title and detail are in, and that it follows the asker."""
    if request.path.startswith("/api/") and response.mimetype == "application/problem+json":
        response.headers["Content-Language"] = str(get_locale())
        response.vary.update(("Accept-Language", "Cookie"))
    return response
