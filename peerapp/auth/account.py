"""One's own account: password, second factor, and who has looked at one's data."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from peerapp.access import signed_in
from peerapp.auth import bp
from peerapp.auth.forms import ActionForm, ChangePasswordForm, CodeForm, ConfirmPasswordForm
from peerapp.errors import ValidationError
from peerapp.services.errors import NotAllowed, Throttled
from peerapp.services.people import accounts, second_factor, ways_back
from peerapp.services.privacy import audit
from peerapp.signin import client_address, device_cookie, sign_in


def _account_page(password_form: ChangePasswordForm | None = None) -> str:
    return render_template(
        "auth/account.html",
        password_form=password_form or ChangePasswordForm(formdata=None),
        action_form=ActionForm(formdata=None),
        codes_left=second_factor.recovery_codes_left(current_user) if current_user.has_totp else 0,
        welcome=request.args.get("welcome") == "1",
        ways_back=ways_back.ways_back(current_user._get_current_object()),
        confirm_form=ConfirmPasswordForm(formdata=None),
    )


@bp.get("/account")
@signed_in
def account() -> ResponseReturnValue:
    """Who I am signed in as, and what I can change."""
    return _account_page()


@bp.post("/account/password")
@signed_in
def change_password() -> ResponseReturnValue:
    """A new password; every other session of the account ends."""
    form = ChangePasswordForm()
    if not form.validate_on_submit():
        return _account_page(form), 400
    user = current_user._get_current_object()
    try:
        accounts.change_password(
            user,
            form.current_password.data or "",
            form.new_password.data or "",
            keep_token=None,
            address=client_address(),
            device_cookie=device_cookie(),
        )
    except Throttled:
        form.current_password.errors = [_("Too many attempts. Wait a minute and try again.")]
        return _account_page(form), 429
    except ValidationError as error:
        for name, message in error.errors.items():
            getattr(form, name).errors = [message]
        return _account_page(form), 400
    sign_in(user)  # a new session identifier after the change, as after logging in
    flash(_("Your password is changed. You are logged out everywhere else."))
    return redirect(url_for("auth.account"))


@bp.route("/account/security", methods=["GET", "POST"])
@signed_in
def security() -> ResponseReturnValue:
    """Set up a second factor (peers may, staff must), or get new recovery codes."""
    user = current_user._get_current_object()
    form = CodeForm()
    if request.method == "POST" and not user.has_totp:
        if form.validate_on_submit():
            codes = second_factor.finish_enrolment(user, form.code.data or "")
            if codes is not None:
                return render_template(
                    "auth/recovery_codes.html", codes=codes, next_url=url_for("auth.account")
                )
        message = _("That code did not work. Check the time on your phone and try again.")
        return _security_page(form, message), 400
    return _security_page(form, None)


def _security_page(form: CodeForm, message: str | None, codes_message: str | None = None) -> str:
    user = current_user._get_current_object()
    qr = secret = None
    if not user.has_totp:
        pending_secret = second_factor.secret_to_enrol(user)
        qr = second_factor.qr_svg(
            second_factor.provisioning_uri(user, pending_secret),
            _("QR code for your authenticator app"),
        )
        secret = " ".join(pending_secret[i : i + 4] for i in range(0, len(pending_secret), 4))
    return render_template(
        "auth/security.html",
        form=form,
        message=message,
        qr=qr,
        secret=secret,
        disable_form=ConfirmPasswordForm(formdata=None),
        codes_form=ConfirmPasswordForm(formdata=None, prefix="codes"),
        codes_message=codes_message,
        short_codes=user.has_totp and second_factor.has_short_codes(user),
    )


@bp.post("/account/security/recovery-codes")
@signed_in
def new_recovery_codes() -> ResponseReturnValue:
    """Replace the recovery codes, after the password once more; the old ones stop working."""
    user = current_user._get_current_object()
    form = ConfirmPasswordForm(prefix="codes")
    if not user.has_totp:
        return redirect(url_for("auth.security"))
    try:
        password = form.password.data if form.validate_on_submit() else None
        codes = second_factor.replace_recovery_codes(
            user, password, client_address(), device_cookie()
        )
    except Throttled:
        message = _("Too many attempts. Wait a minute and try again.")
        return _security_page(CodeForm(formdata=None), None, codes_message=message), 429
    except ValidationError:
        message = _("The password is wrong, so no new codes were made.")
        return _security_page(CodeForm(formdata=None), None, codes_message=message), 400
    return render_template(
        "auth/recovery_codes.html", codes=codes, next_url=url_for("auth.account")
    )


@bp.post("/account/security/disable")
@signed_in
def disable_second_factor() -> ResponseReturnValue:
    """Peers may turn the second factor off again, with their password; staff may not."""
    user = current_user._get_current_object()
    form = ConfirmPasswordForm()
    password = form.password.data if form.validate_on_submit() else None
    try:
        second_factor.turn_off(
            user, password, user.session_token, client_address(), device_cookie()
        )
    except Throttled:
        message = _("Too many attempts. Wait a minute and try again.")
        return _security_page(CodeForm(formdata=None), message), 429
    except NotAllowed:
        flash(_("Clinic staff and admins must keep the second step."))
        return redirect(url_for("auth.security")), 303
    except ValidationError:
        return _security_page(CodeForm(formdata=None), _("The password is wrong.")), 400
    flash(_("The second step is off."))
    return redirect(url_for("auth.account"))


@bp.get("/account/access-log")
@signed_in
def access_log() -> ResponseReturnValue:
    """Everyone who has read or changed my data, newest first, and who was refused."""
    events = audit.access_log_for(current_user._get_current_object())
    return render_template("auth/access_log.html", events=events)
