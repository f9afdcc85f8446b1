"""The client's side of the way back: the button, the request's timeline, and enrolling."""

from flask import Blueprint

bp = Blueprint("readmission", __name__)

from peerapp.readmission import no_code, routes  # noqa: E402,F401
