"""The relatives blueprint: ``/relatives``, a path for the families and friends of someone who
drinks or uses."""

from flask import Blueprint

bp = Blueprint("relatives", __name__)

from peerapp.relatives import routes  # noqa: E402,F401
