"""The admin blueprint: users, clinics and the audit log of an installation."""

from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")

from peerapp.admin import routes  # noqa: E402,F401
