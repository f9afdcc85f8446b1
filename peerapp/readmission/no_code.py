"""Coming back without a code: the clinics on Peerapp with their numbers, what to say when
calling, and a request to be enrolled by the clinic one chooses."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from flask import flash, redirect, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField
from wtforms.validators import DataRequired, Length

from peerapp.access import roles
from peerapp.errors import ValidationError
from peerapp.readmission import bp
from peerapp.services.municipalities import enrolment_requests
from peerapp.services.readmission.requests import MAX_KEY_LENGTH, KeyReused, new_tap_key

if TYPE_CHECKING:
    from peerapp.models.people import User


class AskClinicForm(FlaskForm):
    """Which clinic to ask; the key makes a double tap one request."""

    clinic = RadioField(validate_choice=False)
    key = HiddenField(validators=[DataRequired(), Length(max=MAX_KEY_LENGTH)])


def no_code_context(client: User) -> dict[str, Any]:
    """What the come-back page shows a client who is not enrolled anywhere."""
    return {
        "clinics": enrolment_requests.clinics_on_peerapp(),
        "enrolment_requests": enrolment_requests.mine(client),
        "reason_of": enrolment_requests.reason_of,
        "ask_form": AskClinicForm(formdata=None, key=new_tap_key()),
    }


@bp.post("/readmission/enrolment-request")
@roles("client")
def ask_clinic() -> ResponseReturnValue:
    """Ask the chosen clinic to enrol one; their answer shows on the come-back page."""
    form = AskClinicForm()
    me: User = current_user._get_current_object()
    if not form.validate_on_submit():
        flash(_("Nothing was sent. Please choose a clinic and try again."), "error")
        return redirect(url_for("readmission.home")), 303
    try:
        asked = enrolment_requests.ask(me, form.clinic.data, form.key.data or "")
    except ValidationError as error:
        flash(next(iter(error.errors.values())), "error")
    except KeyReused:
        flash(_("Nothing was sent. Please choose a clinic and try again."), "error")
    else:
        flash(_("Sent to %(clinic)s. They will answer here.", clinic=asked.request.clinic.name))
    return redirect(url_for("readmission.home")), 303
