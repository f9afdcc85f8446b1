"""The pwa blueprint."""

from flask import Blueprint

bp = Blueprint("pwa", __name__)

from peerapp.pwa import routes  # noqa: E402,F401
