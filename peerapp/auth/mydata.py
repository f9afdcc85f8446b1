"""My data as pages: everything stored about me, a download, and deleting my account."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from flask import Response, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from peerapp.access import roles, signed_in
from peerapp.auth import bp
from peerapp.auth.forms import ConfirmPasswordForm
from peerapp.errors import ValidationError
from peerapp.services.errors import Throttled
from peerapp.services.people import mydata
from peerapp.signin import (
    CLEAR_SITE_DATA,
    SELF_ERASING,
    client_address,
    device_cookie,
    forget_sign_in,
)

if TYPE_CHECKING:
    from peerapp.models.people import User


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
        try:
            mydata.erase_account(_me(), form.password.data, client_address(), device_cookie())
        except ValidationError:
            message = _("That password is not right.")
        except Throttled:
            message = _("Too many attempts. Wait a minute and try again.")
            return render_template("auth/delete.html", form=form, message=message), 429
        else:
            forget_sign_in()  # the sessions went with the account
            flash(_("Your account and everything only yours are deleted."))
            response = redirect(url_for("meetings.finder"), 303)
            response.headers["Clear-Site-Data"] = CLEAR_SITE_DATA
            return response
    status = 400 if form.errors or message else 200
    return render_template("auth/delete.html", form=form, message=message), status
