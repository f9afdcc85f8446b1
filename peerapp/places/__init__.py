"""The places blueprint: sober places near me, open now."""

from flask import Blueprint

bp = Blueprint("places", __name__)

from peerapp.places import routes  # noqa: E402,F401
