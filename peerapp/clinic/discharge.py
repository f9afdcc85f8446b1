"""Discharge for the clinic: the date and the municipality that takes over, sent to the
municipality once the client consents; and answering requests to be enrolled."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import DateField, RadioField, SelectChoice, StringField, TextAreaField
from wtforms.validators import Optional

from peerapp.access import roles
from peerapp.clinic import bp
from peerapp.errors import ValidationError
from peerapp.services.errors import NotFound
from peerapp.services.municipalities import enrolment_requests, handovers

if TYPE_CHECKING:
    from peerapp.models.people import User


class DischargeForm(FlaskForm):
    """Staff at discharge: when, and which municipality follows the client up at home."""

    discharge_date = DateField(_l("Discharge date"), validators=[Optional()])
    municipality = StringField(_l("Municipality number"))


class AcceptForm(FlaskForm):
    """Accepting a request to be enrolled: the agreement the clinic offers."""

    kind = RadioField(
        _l("Agreement"),
        choices=[
            SelectChoice("fast_return", _l("Fast return without a new assessment")),
            SelectChoice(
                "user_controlled", _l("User-controlled admission (brukerstyrt innleggelse)")
            ),
        ],
        default="fast_return",
    )


class DeclineForm(FlaskForm):
    """Declining a request to be enrolled, with a reason the client reads."""

    reason = TextAreaField(_l("Why not, and what the client can do instead"))


def _me() -> User:
    user: User = current_user._get_current_object()
    return user


def _page(client_id: int, form: DischargeForm) -> str:
    try:
        client, handover = handovers.for_staff(_me(), client_id)
    except NotFound:
        abort(404)
    if handover is not None and not form.is_submitted():
        form.discharge_date.data = handover.discharge_date
        form.municipality.data = handover.municipality.number
    return render_template(
        "clinic/discharge.html",
        client=client,
        handover=handover,
        form=form,
        overdue=handover is not None and handovers.is_overdue(handover),
        deadline=handovers.deadline(handover) if handover else None,
    )


@bp.get("/clients/<int(max=2147483647):client_id>/discharge")
@roles("clinic")
def client_discharge(client_id: int) -> ResponseReturnValue:
    """The discharge date and the receiving municipality, and where the hand-over stands."""
    return _page(client_id, DischargeForm())


@bp.post("/clients/<int(max=2147483647):client_id>/discharge")
@roles("clinic")
def record_discharge(client_id: int) -> ResponseReturnValue:
    """Record the discharge; it goes to the municipality once the client consents."""
    form = DischargeForm()
    if form.validate_on_submit():
        spec = handovers.DischargeSpec(form.discharge_date.data, form.municipality.data or "")
        try:
            handover = handovers.record_discharge(_me(), client_id, spec)
        except NotFound:
            abort(404)
        except ValidationError as error:
            for name, text in error.errors.items():
                getattr(form, name).errors = [text]
        else:
            if handover.sent_at is not None:
                flash(_("Saved and sent to %(name)s.", name=handover.municipality.name))
            else:
                flash(_("Saved. It is sent when the client consents in the app."))
            return redirect(url_for("clinic.client_discharge", client_id=client_id)), 303
    elif form.discharge_date.errors:
        form.discharge_date.errors = [_("Give the date as a date, such as 2026-12-24.")]
    return _page(client_id, form), 400


@bp.post("/enrolment-requests/<int(max=2147483647):request_id>/accept")
@roles("clinic")
def accept_enrolment_request(request_id: int) -> ResponseReturnValue:
    """Enrol the client who asked, with the chosen agreement."""
    form = AcceptForm()
    if form.validate_on_submit():
        try:
            enrolment_requests.accept(_me(), request_id, form.kind.data or "")
        except NotFound:
            abort(404)
        except ValidationError as error:
            flash(next(iter(error.errors.values())), "error")
        else:
            flash(_("The client is enrolled at your clinic."))
    return redirect(url_for("clinic.dashboard")), 303


@bp.post("/enrolment-requests/<int(max=2147483647):request_id>/decline")
@roles("clinic")
def decline_enrolment_request(request_id: int) -> ResponseReturnValue:
    """Decline with a reason the client reads."""
    form = DeclineForm()
    if form.validate_on_submit():
        try:
            enrolment_requests.decline(_me(), request_id, form.reason.data or "")
        except NotFound:
            abort(404)
        except ValidationError as error:
            flash(next(iter(error.errors.values())), "error")
        else:
            flash(_("Declined. The client can read your reason."))
    return redirect(url_for("clinic.dashboard")), 303
