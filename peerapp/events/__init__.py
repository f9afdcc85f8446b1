"""The events blueprint: ``/events``, things to do this week, and their calendar files."""

from flask import Blueprint

bp = Blueprint("events", __name__)

from peerapp.events import routes  # noqa: E402,F401
