"""The meetings blueprint."""

from flask import Blueprint

bp = Blueprint("meetings", __name__)

from peerapp.meetings import first_time, reminding, routes  # noqa: E402,F401
