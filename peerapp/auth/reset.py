"""Getting back in as pages: a new password with a code, new recovery codes, and the phone's
come-back keys in My account."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from peerapp.access import public, roles, signed_in
from peerapp.auth import bp
from peerapp.auth.access_forms import ResetPasswordForm
from peerapp.auth.forms import ActionForm, ConfirmPasswordForm
from peerapp.errors import ValidationError
from peerapp.services.errors import NotFound
from peerapp.services.people import reset
from peerapp.services.readmission import come_back_keys
from peerapp.signin import client_address, device_cookie

THROTTLED = 429


@bp.route("/reset-password", methods=["GET", "POST"])
@public
def reset_password() -> ResponseReturnValue:
    """A forgotten password: a recovery code, or the code the clinic gave, sets a new one."""
    form = ResetPasswordForm()
    if request.method == "GET":
        return render_template("auth/reset_password.html", form=form, message=None)
    if not form.validate_on_submit():
        return render_template("auth/reset_password.html", form=form, message=None), 400
    try:
        reset.reset_password(
            form.username.data or "",
            form.code.data or "",
            form.new_password.data or "",
            client_address(),
            device_cookie(),
        )
    except ValidationError as error:
        for name, text in error.errors.items():
            getattr(form, name).errors = [text]
        return render_template("auth/reset_password.html", form=form, message=None), 400
    except reset.ResetThrottled:
        message = _("Too many attempts. Wait a minute and try again.")
        return render_template("auth/reset_password.html", form=form, message=message), THROTTLED
    except reset.ResetRefused:
        message = _("The username or code is wrong.")
        return render_template("auth/reset_password.html", form=form, message=message), 400
    return redirect(url_for("auth.login", reset=1))


@bp.post("/account/reset-codes")
@signed_in
def new_reset_codes() -> ResponseReturnValue:
    """New recovery codes for a forgotten password, after the password is given again."""
    form = ConfirmPasswordForm()
    user = current_user._get_current_object()
    try:
        if not form.validate_on_submit():
            raise ValidationError({"password": _("The password is wrong.")})
        codes = reset.new_recovery_codes(
            user, form.password.data or "", client_address(), device_cookie()
        )
    except reset.ResetThrottled:
        flash(_("Too many attempts. Wait a minute and try again."))
        return redirect(url_for("auth.account", _anchor="ways-back")), 303
    except ValidationError:
        flash(_("The password is wrong, so no new codes were made."))
        return redirect(url_for("auth.account", _anchor="ways-back")), 303
    return render_template("auth/reset_codes.html", codes=codes, next_url=url_for("auth.account"))


@bp.post("/account/come-back-keys/<int(max=2147483647):key_id>/remove")
@roles("client")
def remove_come_back_key(key_id: int) -> ResponseReturnValue:
    """Take the button off a phone: its key stops working."""
    if ActionForm().validate_on_submit():
        try:
            come_back_keys.remove_own(current_user._get_current_object(), key_id)
            flash(_("The button is taken off that phone."))
        except NotFound:
            pass
    return redirect(url_for("auth.account", _anchor="come-back-keys")), 303
