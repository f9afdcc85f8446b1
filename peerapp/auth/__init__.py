"""The auth blueprint: register, log in (with a second factor), log out, and one's account."""

from flask import Blueprint

bp = Blueprint("auth", __name__)

from peerapp.auth import account, mydata, passkeys, reset, routes  # noqa: E402,F401
