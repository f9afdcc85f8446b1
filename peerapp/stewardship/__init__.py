"""The stewardship blueprint: peer workers add, correct, verify and archive meetings on the phone,
and see the meetings they look after (stale ones and feed conflicts first)."""

from flask import Blueprint

bp = Blueprint("stewardship", __name__)

from peerapp.stewardship import routes  # noqa: E402,F401
