"""The meeting finder and meeting pages."""

from __future__ import annotations

from flask import render_template
from flask.typing import ResponseReturnValue

from peerapp.meetings import bp


@bp.get("/")
def finder() -> ResponseReturnValue:
    """Find a meeting near me, now."""
    return render_template("meetings/finder.html")
