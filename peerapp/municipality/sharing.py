"""The client's side: who the hand-over goes to, and the consent they give or withdraw."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm

from peerapp.access import roles
from peerapp.municipality import bp
from peerapp.services.errors import NotFound
from peerapp.services.municipalities import handovers

if TYPE_CHECKING:
    from peerapp.models.people import User


class ButtonForm(FlaskForm):
    """A button with nothing but the CSRF token."""


def _me() -> User:
    user: User = current_user._get_current_object()
    return user


@bp.get("/plan/sharing")
@roles("client")
def sharing() -> ResponseReturnValue:
    """Whether the municipality may read one's hand-over, and the button to change that."""
    handover = handovers.latest_for(_me().id)
    return render_template(
        "municipality/sharing.html",
        handover=handover,
        place=handovers.appointment_place(handover) if handover else None,
        form=ButtonForm(formdata=None),
    )


@bp.post("/plan/sharing/<int(max=2147483647):handover_id>/consent")
@roles("client")
def give_consent(handover_id: int) -> ResponseReturnValue:
    """Let the named municipality read the hand-over; it is sent to them now."""
    if ButtonForm().validate_on_submit():
        try:
            handover = handovers.give_consent(_me(), handover_id)
        except NotFound:
            abort(404)
        flash(_("%(name)s can now read your hand-over.", name=handover.municipality.name))
    return redirect(url_for("municipality.sharing")), 303


@bp.post("/plan/sharing/<int(max=2147483647):handover_id>/withdraw")
@roles("client")
def withdraw_consent(handover_id: int) -> ResponseReturnValue:
    """Take the consent back: the municipality can no longer read it, from now on."""
    if ButtonForm().validate_on_submit():
        try:
            handover = handovers.withdraw_consent(_me(), handover_id)
        except NotFound:
            abort(404)
        flash(_("%(name)s can no longer read your hand-over.", name=handover.municipality.name))
    return redirect(url_for("municipality.sharing")), 303
