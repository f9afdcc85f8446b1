"""The peers blueprint: ``/peers`` to find someone to talk to, ``/peer`` for peer workers."""

from flask import Blueprint

bp = Blueprint("peers", __name__)

from peerapp.peers import routes  # noqa: E402,F401
