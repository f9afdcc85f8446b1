"""The coordinator's pages: hand-overs sent to their municipality, one at a time, confirmed with
the first appointment."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import DateTimeLocalField, StringField
from wtforms.validators import Optional

from peerapp.access import roles
from peerapp.errors import ValidationError
from peerapp.municipality import bp
from peerapp.services.errors import NotAllowed, NotFound
from peerapp.services.municipalities import handovers

if TYPE_CHECKING:
    from peerapp.models.municipalities import Handover
    from peerapp.models.people import User


class ConfirmForm(FlaskForm):
    """Receipt confirmed, with the first appointment: when and where."""

    appointment_at = DateTimeLocalField(
        _l("First appointment, date and time"), format="%Y-%m-%dT%H:%M", validators=[Optional()]
    )
    place = StringField(_l("Where"))


def _me() -> User:
    user: User = current_user._get_current_object()
    return user


@bp.get("/municipality")
@roles("municipal")
def home() -> ResponseReturnValue:
    """Hand-overs to the municipality: those still to confirm first."""
    try:
        items = handovers.for_municipality(_me())
    except NotAllowed:
        abort(404)
    return render_template(
        "municipality/home.html",
        items=items,
        municipality=_me().municipality,
        overdue={h.id for h in items if handovers.is_overdue(h)},
    )


def _page(handover: Handover, form: ConfirmForm) -> str:
    plan = handovers.plan_of(handover)
    return render_template(
        "municipality/handover.html",
        handover=handover,
        form=form,
        plan=plan,
        place=handovers.appointment_place(handover),
        deadline=handovers.deadline(handover),
        overdue=handovers.is_overdue(handover),
    )


@bp.get("/municipality/handovers/<int(max=2147483647):handover_id>")
@roles("municipal")
def handover_page(handover_id: int) -> ResponseReturnValue:
    """One hand-over (audited: the client sees each look in their access log)."""
    try:
        handover = handovers.visible_to(_me(), handover_id)
    except NotFound:
        abort(404)
    form = ConfirmForm()
    if handover.first_appointment_at is not None:
        form.appointment_at.data = handover.first_appointment_at.astimezone(handovers.OSLO).replace(
            tzinfo=None
        )
        form.place.data = handovers.appointment_place(handover)
    return _page(handover, form)


@bp.post("/municipality/handovers/<int(max=2147483647):handover_id>")
@roles("municipal")
def confirm(handover_id: int) -> ResponseReturnValue:
    """Confirm receipt and the first appointment."""
    form = ConfirmForm()
    if form.validate_on_submit():
        answer = handovers.Confirmation(form.appointment_at.data, form.place.data or "")
        try:
            handovers.confirm(_me(), handover_id, answer)
        except NotFound:
            abort(404)
        except ValidationError as error:
            for name, text in error.errors.items():
                getattr(form, name).errors = [text]
        else:
            flash(_("Confirmed. The clinic and the client can see the first appointment."))
            return redirect(url_for("municipality.handover_page", handover_id=handover_id)), 303
    elif form.appointment_at.errors:
        form.appointment_at.errors = [_("Give the date and time of the first appointment.")]
    try:
        handover = handovers.visible_to(_me(), handover_id)
    except NotFound:
        abort(404)
    return _page(handover, form), 400
