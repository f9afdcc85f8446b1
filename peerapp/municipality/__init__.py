"""The municipality blueprint: coordinators' hand-overs, and the client's consent to share."""

from flask import Blueprint

bp = Blueprint("municipality", __name__)

from peerapp.municipality import routes, sharing  # noqa: E402,F401
