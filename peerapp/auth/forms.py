"""The forms of signing in and managing one's account."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, RadioField, SelectChoice, StringField
from wtforms.validators import DataRequired, EqualTo, InputRequired, Length

from peerapp.services.people.passwords import MAX_PASSWORD_LENGTH

_required = DataRequired(message=_l("Fill this in."))
_password_length = Length(max=MAX_PASSWORD_LENGTH, message=_l("That is too long."))


class LoginForm(FlaskForm):
    """Username and password."""

    username = StringField(
        _l("Username"), validators=[_required, Length(max=160, message=_l("That is too long."))]
    )
    password = PasswordField(
        _l("Password"), validators=[InputRequired(_l("Fill this in.")), _password_length]
    )


class CodeForm(FlaskForm):
    """A code from the authenticator app, or a recovery code."""

    code = StringField(
        _l("Code"), validators=[_required, Length(max=60, message=_l("That is too long."))]
    )


class RegisterForm(FlaskForm):
    """A pseudonym and a password: all a client (or a relative) needs."""

    role = RadioField(
        _l("I am"),
        choices=[
            SelectChoice("client", _l("Someone who has had problems with alcohol or drugs")),
            SelectChoice("relative", _l("A relative or friend of someone who has")),
        ],
        default="client",  # a form sent without the choice (an older page) registers a client
    )
    username = StringField(
        _l("Choose a username"),
        validators=[_required, Length(max=160, message=_l("That is too long."))],
    )
    password = PasswordField(_l("Choose a password"), validators=[_required, _password_length])
    password_again = PasswordField(
        _l("The same password again"),
        validators=[_required, EqualTo("password", message=_l("The two passwords differ."))],
    )


class ChangePasswordForm(FlaskForm):
    """The current password and a new one, twice."""

    current_password = PasswordField(
        _l("Current password"), validators=[_required, _password_length]
    )
    new_password = PasswordField(_l("New password"), validators=[_required, _password_length])
    new_password_again = PasswordField(
        _l("The new password again"),
        validators=[_required, EqualTo("new_password", message=_l("The two passwords differ."))],
    )


class ConfirmPasswordForm(FlaskForm):
    """The password again, before something that weakens the account."""

    password = PasswordField(_l("Password"), validators=[_required, _password_length])


class ActionForm(FlaskForm):
    """A button with nothing but the CSRF token (log out, new recovery codes)."""
