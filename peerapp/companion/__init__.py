"""The companion blueprint: "Come with me", asking a peer to go along the first time."""

from flask import Blueprint

bp = Blueprint("companion", __name__)

from peerapp.companion import routes  # noqa: E402,F401
