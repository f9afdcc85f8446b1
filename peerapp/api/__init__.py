"""The api blueprint: the JSON API under /api, described by /api/openapi.json."""

from flask import Blueprint

from peerapp.api.headers import allow_public_reads, label_problem_language

bp = Blueprint("api", __name__, url_prefix="/api")
bp.after_request(allow_public_reads)
# app-wide, so that 404 and 405 answers for unknown /api paths are labelled as well
bp.after_app_request(label_problem_language)

from peerapp.api import checkins, peers, places, push, readmission, routes, session  # noqa: E402,F401
