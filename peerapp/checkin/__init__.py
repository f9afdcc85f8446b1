"""The checkin blueprint: the day's plan, the evening check and the trend, at ``/checkin``."""

from flask import Blueprint

bp = Blueprint("checkin", __name__)

from peerapp.checkin import routes  # noqa: E402,F401
