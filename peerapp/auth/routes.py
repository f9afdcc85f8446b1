"""Registering, logging in with a second factor, and logging out, as pages."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from peerapp.access import public, safe_next, signed_in
from peerapp.auth import bp, pending
from peerapp.auth.forms import ActionForm, CodeForm, LoginForm, RegisterForm
from peerapp.errors import ValidationError
from peerapp.extensions import limiter
from peerapp.home import home_url
from peerapp.i18n import current_language
from peerapp.services.people import accounts, reset, second_factor
from peerapp.services.people.accounts import LoginOutcome
from peerapp.signin import (
    client_address,
    device_cookie,
    forget_this_browser,
    sign_in,
    sign_out,
)

if TYPE_CHECKING:
    from peerapp.models.people import User

REFUSED = 401
THROTTLED = 429


def home_for(user: User) -> str:
    """Where a person lands after logging in: their own start page."""
    return home_url(user)


def _finish(user: User, next_url: str | None) -> ResponseReturnValue:
    """Sign in and go on to where the person was heading."""
    pending.forget()
    sign_in(user)
    return redirect(safe_next(next_url) or home_for(user))


@bp.route("/login", methods=["GET", "POST"])
@public
def login() -> ResponseReturnValue:
    """Username and password; on to the second factor when the account has one."""
    form = LoginForm()
    next_url = safe_next(request.args.get("next"))
    if request.method == "GET":
        return render_template("auth/login.html", form=form, message=None)
    if not form.validate_on_submit():
        return render_template("auth/login.html", form=form, message=None), 400
    result = accounts.check_password(
        form.username.data or "", form.password.data or "", client_address(), device_cookie()
    )
    if result.outcome is LoginOutcome.THROTTLED:
        message = _("Too many attempts. Wait a minute and try again.")
        return render_template("auth/login.html", form=form, message=message), THROTTLED
    if result.outcome is LoginOutcome.REFUSED or result.user is None:
        message = _("The username or password is wrong.")
        return render_template("auth/login.html", form=form, message=message), REFUSED
    if result.outcome is LoginOutcome.OTP_REQUIRED:
        pending.remember(result.user, "otp", next_url)
        return redirect(url_for("auth.login_code"))
    if result.outcome is LoginOutcome.ENROLMENT_REQUIRED:
        pending.remember(result.user, "enrol", next_url)
        return redirect(url_for("auth.login_enrol"))
    return _finish(result.user, next_url)


@bp.route("/login/code", methods=["GET", "POST"])
@public
def login_code() -> ResponseReturnValue:
    """The second step: a code from the authenticator app or a recovery code."""
    held = pending.recall("otp")
    if held is None:
        return redirect(url_for("auth.login"))
    user, next_url = held
    form = CodeForm()
    if request.method == "GET":
        return render_template("auth/code.html", form=form, message=None)
    if not form.validate_on_submit():
        return render_template("auth/code.html", form=form, message=None), 400
    result = accounts.check_second_factor(
        user, form.code.data or "", client_address(), device_cookie()
    )
    if result.outcome is LoginOutcome.THROTTLED:
        message = _("Too many attempts. Wait a minute and try again.")
        return render_template("auth/code.html", form=form, message=message), THROTTLED
    if result.outcome is not LoginOutcome.OK:
        message = _("That code did not work. Codes change every 30 seconds and work only once.")
        return render_template("auth/code.html", form=form, message=message), REFUSED
    return _finish(user, next_url)


@bp.route("/login/enrol", methods=["GET", "POST"])
@public
def login_enrol() -> ResponseReturnValue:
    """Staff and admins without a second factor set one up before they get in."""
    held = pending.recall("enrol")
    if held is None:
        return redirect(url_for("auth.login"))
    user, next_url = held
    form = CodeForm()
    if request.method == "POST" and form.validate_on_submit():
        codes = second_factor.finish_enrolment(user, form.code.data or "")
        if codes is not None:
            pending.forget()
            sign_in(user)
            return render_template(
                "auth/recovery_codes.html",
                codes=codes,
                next_url=safe_next(next_url) or home_for(user),
            )
        message = _("That code did not work. Check the time on your phone and try again.")
        return _enrol_page(user, form, message), 400
    if request.method == "POST":
        return _enrol_page(user, form, None), 400
    return _enrol_page(user, form, None)


def _enrol_page(user: User, form: CodeForm, message: str | None) -> str:
    """The QR code and the secret in text, with the form for the first code."""
    secret = second_factor.secret_to_enrol(user)
    uri = second_factor.provisioning_uri(user, secret)
    return render_template(
        "auth/enrol.html",
        form=form,
        message=message,
        qr=second_factor.qr_svg(uri, _("QR code for your authenticator app")),
        secret=" ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
    )


@bp.route("/register", methods=["GET", "POST"])
@public
@limiter.limit("20 per hour", methods=["POST"])
def register() -> ResponseReturnValue:
    """A client's or a relative's account from a pseudonym and a password."""
    if current_user.is_authenticated:
        return redirect(home_for(current_user))
    form = RegisterForm()
    if request.method == "GET":
        if request.args.get("role") == "relative":  # from the relatives' page
            form.role.data = "relative"
        return render_template("auth/register.html", form=form)
    if not form.validate_on_submit():
        return render_template("auth/register.html", form=form), 400
    try:
        user, codes = reset.register_client(
            form.username.data or "",
            form.password.data or "",
            language=current_language(),
            role=form.role.data or "client",
        )
    except ValidationError as error:
        for name, message in error.errors.items():
            getattr(form, name).errors = [message]
        return render_template("auth/register.html", form=form), 400
    sign_in(user)
    # the recovery codes for a forgotten password, shown this once
    welcome = url_for("auth.account", welcome=1) if user.role == "client" else home_for(user)
    return render_template("auth/reset_codes.html", codes=codes, next_url=welcome)


@bp.post("/logout")
@signed_in
def logout() -> ResponseReturnValue:
    """End the session here and on the server."""
    form = ActionForm()
    if not form.validate_on_submit():
        return render_template(
            "errors/error.html", status=400, title=_("The form had expired. Please try again.")
        ), 400
    # the page stopped push to this browser before logging out: the server forgets it too
    sign_out(push_endpoint=request.form.get("push_endpoint") or None)
    return forget_this_browser(redirect(url_for("auth.login", logged_out=1)))
