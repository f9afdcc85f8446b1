"""The clinic blueprint: the dashboard where staff see their own clinic's clients."""

from flask import Blueprint

bp = Blueprint("clinic", __name__, url_prefix="/clinic")

from peerapp.clinic import client_access, discharge, handover, routes  # noqa: E402,F401
