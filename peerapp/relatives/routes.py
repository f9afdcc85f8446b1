"""The relatives' page: meetings for families, support services, helplines and peers."""

from __future__ import annotations

from flask import render_template
from flask.typing import ResponseReturnValue
from flask_login import current_user

from peerapp.access import public
from peerapp.relatives import bp
from peerapp.services import relatives


@bp.get("/relatives")
@public
def page() -> ResponseReturnValue:
    """Where a relative starts: open to all; a relative's home once signed in."""
    viewer = current_user._get_current_object() if current_user.is_authenticated else None
    return render_template(
        "relatives/page.html",
        path=relatives.relatives_path(viewer),
        family_fellowships=relatives.FAMILY_FELLOWSHIPS,
        category=relatives.RELATIVES_CATEGORY,
    )
