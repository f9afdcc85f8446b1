"""The forms of getting back in: a new password with a code, and naming a passkey."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length

from peerapp.services.people.passwords import MAX_PASSWORD_LENGTH

_required = DataRequired(message=_l("Fill this in."))
_too_long = _l("That is too long.")


class ResetPasswordForm(FlaskForm):
    """The username, a recovery code or a code from the clinic, and the new password twice."""

    username = StringField(
        _l("Username"), validators=[_required, Length(max=160, message=_too_long)]
    )
    code = StringField(_l("Code"), validators=[_required, Length(max=80, message=_too_long)])
    new_password = PasswordField(
        _l("New password"),
        validators=[_required, Length(max=MAX_PASSWORD_LENGTH, message=_too_long)],
    )
    new_password_again = PasswordField(
        _l("The new password again"),
        validators=[_required, EqualTo("new_password", message=_l("The two passwords differ."))],
    )
