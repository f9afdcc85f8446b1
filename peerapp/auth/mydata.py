"""My data as pages: everything stored about me, a download, and deleting my account."""

from __future__ import annotations

import json

from flask import Response, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from peerapp.access import roles, signed_in
from peerapp.auth import bp
from peerapp.auth.forms import ConfirmPasswordForm
from peerapp.auth.login import sign_out
from peerapp.models.people import User
from peerapp.services.people import mydata, passwords

#: who may erase their own account here (staff accounts are removed by an administrator)
SELF_ERASING = ("client", "peer")
#: what a browser should forget when an account is erased or someone logs out
CLEAR_SITE_DATA = '"cache", "cookies", "storage"'


def _me() -> User:
    user: User = current_user._get_current_object()
    return user


def export_download(data: dict[str, object]) -> Response:
    """The export as a JSON file to save."""
    response = Response(json.dumps(data, ensure_ascii=False, indent=2), mimetype="application/json")
    response.headers["Content-Disposition"] = 'attachment; filename="peerapp-my-data.json"'
    return response


@bp.get("/account/data")
@signed_in
def my_data() -> ResponseReturnValue:
    """Everything stored about me, readable, with a download of the same as JSON."""
    return render_template("auth/my_data.html", data=mydata.export(_me()))


@bp.get("/account/data.json")
@signed_in
def my_data_download() -> ResponseReturnValue:
    """Everything stored about me, as a file."""
    return export_download(mydata.export(_me()))


@bp.route("/account/delete", methods=["GET", "POST"])
@roles(*SELF_ERASING)
def delete_account() -> ResponseReturnValue:
    """Delete my account for good, after the password once more."""
    form = ConfirmPasswordForm()
    message = None
    if form.validate_on_submit():
        if passwords.verify_password(_me().password_hash, form.password.data or ""):
            mydata.erase(_me())
            sign_out()
            flash(_("Your account and everything only yours are deleted."))
            response = redirect(url_for("meetings.finder"), 303)
            response.headers["Clear-Site-Data"] = CLEAR_SITE_DATA
            return response
        message = _("That password is not right.")
    status = 400 if form.errors or message else 200
    return render_template("auth/delete.html", form=form, message=message), status
