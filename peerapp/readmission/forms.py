"""Forms of the way back to the clinic, for clients (staff's forms are in peerapp.clinic.forms)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from peerapp.long_text import WithinLength
from peerapp.services.readmission.requests import MAX_KEY_LENGTH, MAX_MESSAGE_LENGTH

_too_long = _l("That is too long.")


class TapForm(FlaskForm):
    """The button: no questions first. The key makes a double tap one request."""

    key = HiddenField(validators=[DataRequired(), Length(max=MAX_KEY_LENGTH)])


class DetailsForm(FlaskForm):
    """What the client may add after the tap."""

    message = TextAreaField(
        _l("A message to the clinic (optional)"),
        validators=[Optional(), WithinLength(MAX_MESSAGE_LENGTH)],
    )
    callback_phone = StringField(
        _l("Phone number to call you on (optional)"),
        validators=[Optional(), Length(max=20, message=_too_long)],
    )


class ActionForm(FlaskForm):
    """A button that changes something, with nothing to fill in."""


class EnrolCodeForm(FlaskForm):
    """The code from the clinic, typed or from the QR code."""

    code = StringField(
        _l("Enrolment code"),
        validators=[DataRequired(_l("Fill this in.")), Length(max=40, message=_too_long)],
    )
