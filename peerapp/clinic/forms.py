"""Forms of clinic staff: moving a request along its timeline, and enrolment at discharge."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    DateTimeLocalField,
    IntegerField,
    RadioField,
    SelectChoice,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, NumberRange, Optional

from peerapp.long_text import WithinLength
from peerapp.services.readmission.timeline import MAX_NOTE_LENGTH


class StatusForm(FlaskForm):
    """Staff move a request one step, with an optional note the client sees."""

    status = RadioField(_l("New status"), validators=[DataRequired(_l("Choose a status."))])
    admission_at = DateTimeLocalField(
        _l("Admission date and time (for an offer)"),
        format="%Y-%m-%dT%H:%M",
        validators=[Optional()],
    )
    note = TextAreaField(
        _l("Note to the client (optional)"),
        validators=[Optional(), WithinLength(MAX_NOTE_LENGTH)],
    )


class EnrolmentForm(FlaskForm):
    """Staff at discharge: the kind of return agreed, and its limits."""

    kind = RadioField(
        _l("Agreement"),
        choices=[
            SelectChoice("fast_return", _l("Fast return without a new assessment")),
            SelectChoice(
                "user_controlled", _l("User-controlled admission (brukerstyrt innleggelse)")
            ),
        ],
        default="fast_return",
        validators=[DataRequired(_l("Choose an agreement."))],
    )
    max_stay_days = IntegerField(
        _l("Longest stay (days)"),
        validators=[Optional(), NumberRange(1, 30, _l("Give 1 to 30 days."))],
    )
    min_days_between = IntegerField(
        _l("Days at least between stays"),
        validators=[Optional(), NumberRange(0, 365, _l("Give 0 to 365 days."))],
    )
    valid_until = DateField(_l("Valid until"), validators=[Optional()])
    reference = StringField(
        _l("The clinic's reference for the client (optional)"),
        validators=[Optional()],
        render_kw={"autocomplete": "off", "spellcheck": "false"},
    )


class ReferenceForm(FlaskForm):
    """The clinic's own reference for an enrolled client, changed later."""

    reference = StringField(
        _l("The clinic's reference for the client (optional)"),
        validators=[Optional()],
        render_kw={"autocomplete": "off", "spellcheck": "false"},
    )
