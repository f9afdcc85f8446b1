"""The api blueprint: the JSON API under /api, described by /api/openapi.json."""

from flask import Blueprint

from peerapp.api.headers import allow_public_reads, label_problem_language

bp = Blueprint("api", __name__, url_prefix="/api")
bp.after_request(allow_public_reads)
# app-wide, so that 404 and 405 answers for unknown /api paths are labelled as well
bp.after_app_request(label_problem_language)

# the public reads first: a too-large id must stay a 404, not match a write's rule (a 405)
from peerapp.api import routes  # noqa: E402,F401,I001
from peerapp.api import (  # noqa: E402,F401
    access,
    calendar_feed,
    checkins,
    companion,
    events,
    helpservices,
    meeting_writes,
    municipalities,
    peers,
    places,
    plan,
    push,
    readmission,
    reports,
    session,
)
