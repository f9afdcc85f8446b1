"""What happens at a meeting: the overview, and a page for each fellowship we list."""

from __future__ import annotations

from flask import render_template
from flask.typing import ResponseReturnValue

from peerapp.access import public
from peerapp.meetings import bp
from peerapp.services.meetings.first_time import first_time_guide, first_time_guides


@bp.get("/meetings/first-time")
@public
def first_time() -> ResponseReturnValue:
    """Your first meeting: what happens when you go in, and a page for each fellowship."""
    return render_template("meetings/first_time/overview.html", guides=first_time_guides())


@bp.get("/meetings/first-time/<fellowship>")
@public
def first_time_fellowship(fellowship: str) -> ResponseReturnValue:
    """Your first meeting in one fellowship (404 for a fellowship we do not list)."""
    guide = first_time_guide(fellowship)
    return render_template("meetings/first_time/fellowship.html", guide=guide)
