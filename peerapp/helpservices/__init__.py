"""The help services blueprint: help in my municipality (NAV, housing, low-threshold, LAR...),
open now, under /services."""

from flask import Blueprint

bp = Blueprint("helpservices", __name__)

from peerapp.helpservices import routes, steward  # noqa: E402,F401
