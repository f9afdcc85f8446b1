"""The plan blueprint: a client's own plan at ``/plan``, the crisis plan first."""

from flask import Blueprint

from peerapp.services.plan import read

bp = Blueprint("plan", __name__, url_prefix="/plan")

from peerapp.plan import routes  # noqa: E402,F401,I001


@bp.app_template_global()
def near_home_saved(kind: str, item_id: int) -> bool:
    """Whether the signed-in client has this meeting, place or peer saved near home."""
    return routes.saved_near_home(kind, item_id)


@bp.app_template_global()
def dial(phone: str) -> str | None:
    """What a ``tel:`` or ``sms:`` link to this phone number dials (``None``: not a number)."""
    return read.dial(phone)
