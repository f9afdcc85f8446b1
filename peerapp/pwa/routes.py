"""Crisis help, the offline page, the web app manifest, the service worker and the health check."""

from __future__ import annotations

import sqlalchemy as sa
from flask import jsonify, render_template
from flask.typing import ResponseReturnValue

from peerapp.extensions import db
from peerapp.pwa import bp


@bp.get("/healthz")
def healthz() -> ResponseReturnValue:
    """Answer ok after a round trip to the database."""
    db.session.execute(sa.select(1)).scalar_one()
    return jsonify(status="ok")


@bp.get("/help")
def help_page() -> ResponseReturnValue:
    """Crisis numbers and overdose advice."""
    return render_template("pwa/help.html")
