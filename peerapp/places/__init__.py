"""The places blueprint: sober places near me, open now, and the pages peers look after them on."""

from flask import Blueprint

bp = Blueprint("places", __name__)

from peerapp.places import routes, steward  # noqa: E402,F401
