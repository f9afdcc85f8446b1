"""Getting a client back in, for the clinic: a one-time reset code handed over in person, and
the come-back keys on the client's phones (a lost phone's key can be taken off)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm

from peerapp.access import roles
from peerapp.clinic import bp
from peerapp.services.errors import NotFound
from peerapp.services.people import reset
from peerapp.services.readmission import come_back_keys


class ButtonForm(FlaskForm):
    """A button with nothing but the CSRF token."""


def _page(client_id: int, code: str | None = None) -> str:
    try:
        client, keys = come_back_keys.keys_for_staff(current_user._get_current_object(), client_id)
    except NotFound:
        abort(404)
    return render_template(
        "clinic/client_access.html",
        client=client,
        keys=keys,
        code=code,
        valid_hours=int(reset.CLINIC_CODE_VALID.total_seconds() // 3600),
        form=ButtonForm(formdata=None),
    )


@bp.get("/clients/<int(max=2147483647):client_id>/access")
@roles("clinic")
def client_access(client_id: int) -> ResponseReturnValue:
    """A client's ways back in, as the clinic can help with them."""
    return _page(client_id)


@bp.post("/clients/<int(max=2147483647):client_id>/reset-code")
@roles("clinic")
def client_reset_code(client_id: int) -> ResponseReturnValue:
    """Make a one-time code (24 hours) that lets the client choose a new password; shown once."""
    if not ButtonForm().validate_on_submit():
        return redirect(url_for("clinic.client_access", client_id=client_id)), 303
    try:
        _client, code = reset.clinic_code(current_user._get_current_object(), client_id)
    except NotFound:
        abort(404)
    return _page(client_id, code)


@bp.post(
    "/clients/<int(max=2147483647):client_id>/come-back-keys/<int(max=2147483647):key_id>/remove"
)
@roles("clinic")
def client_remove_key(client_id: int, key_id: int) -> ResponseReturnValue:
    """Take the button off one of the client's phones (a lost or shared phone)."""
    if ButtonForm().validate_on_submit():
        try:
            come_back_keys.remove_by_staff(current_user._get_current_object(), client_id, key_id)
            flash(_("The button is taken off that phone."))
        except NotFound:
            abort(404)
    return redirect(url_for("clinic.client_access", client_id=client_id)), 303
