"""The button, the request page with its timeline, and entering the clinic's enrolment code."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from peerapp.access import roles
from peerapp.errors import ValidationError
from peerapp.readmission import bp
from peerapp.readmission.forms import ActionForm, DetailsForm, EnrolCodeForm, TapForm
from peerapp.readmission.no_code import no_code_context
from peerapp.services.readmission import agreements, queue, requests, shared, timeline
from peerapp.services.readmission.agreements import NoClinic
from peerapp.services.readmission.requests import KeyReused, new_tap_key
from peerapp.services.readmission.status import describe
from peerapp.services.readmission.timeline import IllegalTransition

if TYPE_CHECKING:
    from peerapp.models.people import User
    from peerapp.models.readmission import ReadmissionRequest


def _me() -> User:
    user: User = current_user._get_current_object()
    return user


@bp.get("/readmission")
@roles("client")
def home() -> ResponseReturnValue:
    """The button and the agreement, or the open request; and earlier requests."""
    me = _me()
    open_request = queue.open_request_of(me)
    if open_request is not None:
        return redirect(url_for("readmission.request_page", request_id=open_request.id))
    agreement = agreements.agreement_for(me)
    return render_template(
        "readmission/home.html",
        agreement=agreement,
        earlier=queue.listed_for(me, limit=20),
        tap_form=TapForm(key=new_tap_key()),
        **({} if agreement else no_code_context(me)),
    )


@bp.post("/readmission")
@roles("client")
def tap() -> ResponseReturnValue:
    """The one tap: send the request, then show the clinic's number and what happens next."""
    form = TapForm()
    if not form.validate_on_submit():
        flash(_("The request was not sent. Please press the button again."), "error")
        return redirect(url_for("readmission.home")), 303
    try:
        result = requests.submit(_me(), form.key.data or "")
    except NoClinic:
        flash(_("You are not enrolled at a clinic yet. Enter the code your clinic gave you."))
        return redirect(url_for("readmission.enrol")), 303
    except (KeyReused, ValidationError):
        flash(_("The request was not sent. Please press the button again."), "error")
        return redirect(url_for("readmission.home")), 303
    return redirect(url_for("readmission.request_page", request_id=result.request.id)), 303


def _own(request_id: int) -> ReadmissionRequest:
    item = queue.visible_to(_me(), request_id)
    if item is None:
        abort(404)
    return item


def _request_page(item: ReadmissionRequest, details_form: DetailsForm) -> str:
    return render_template(
        "readmission/request.html",
        item=item,
        status=describe(item),
        details_form=details_form,
        message=shared.unseal(item.message),
        callback_phone=shared.unseal(item.callback_phone),
        notes={event.id: shared.unseal(event.note) for event in item.events},
    )


@bp.get("/readmission/<int(max=2147483647):request_id>")
@roles("client")
def request_page(request_id: int) -> ResponseReturnValue:
    """One's request: where it stands now, in words; then the timeline and what one can do."""
    return _request_page(_own(request_id), DetailsForm())


@bp.get("/readmission/<int(max=2147483647):request_id>/status")
@roles("client")
def request_status(request_id: int) -> ResponseReturnValue:
    """Where one's request stands, for a page that keeps itself up to date (live-status.js)."""
    item = _own(request_id)
    status = describe(item)
    level = 1 if request.args.get("level") == "1" else 2
    notes = {event.id: shared.unseal(event.note) for event in item.events}
    response = jsonify(
        version=status.version,
        status=status.status,
        is_open=status.is_open,
        html=render_template("readmission/_status_body.html", status=status, level=level),
        timeline=render_template(
            "readmission/_timeline.html", item=item, notes=notes, show_actor=False
        ),
    )
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/readmission/<int(max=2147483647):request_id>/details")
@roles("client")
def add_details(request_id: int) -> ResponseReturnValue:
    """Add a message or a callback number after the tap."""
    item = _own(request_id)
    form = DetailsForm()
    errors = None
    if form.validate_on_submit():
        try:
            requests.add_details(
                _me(), item, form.message.data or "", form.callback_phone.data or ""
            )
        except ValidationError as error:
            errors = error.errors
        except IllegalTransition:
            flash(_("This request is closed, so nothing can be added to it."), "error")
            return redirect(url_for("readmission.request_page", request_id=item.id)), 303
        else:
            flash(_("Sent to the clinic."))
            return redirect(url_for("readmission.request_page", request_id=item.id)), 303
    for name, text in (errors or {}).items():
        getattr(form, name).errors = [text]
    return _request_page(item, form), 400


@bp.route("/readmission/<int(max=2147483647):request_id>/withdraw", methods=["GET", "POST"])
@roles("client")
def withdraw(request_id: int) -> ResponseReturnValue:
    """Withdraw one's open request, after saying yes once on a page of its own."""
    item = _own(request_id)
    form = ActionForm()
    if request.method == "GET":
        if not item.is_open:
            return redirect(url_for("readmission.request_page", request_id=item.id))
        return render_template("readmission/withdraw.html", item=item, form=form)
    if not form.validate_on_submit():
        abort(400)
    try:
        timeline.change_status(_me(), item, "withdrawn")
    except IllegalTransition:
        flash(_("This request is already closed."), "error")
    else:
        flash(_("Your request is withdrawn. You can send a new one at any time."))
    return redirect(url_for("readmission.request_page", request_id=item.id)), 303


@bp.route("/enrol", methods=["GET", "POST"])
@roles("client")
def enrol() -> ResponseReturnValue:
    """Enter (or arrive from the QR code with) the code the clinic gave at discharge."""
    form = EnrolCodeForm()
    if request.method == "GET" and request.args.get("code"):
        form.code.data = request.args["code"][:40]
    if form.validate_on_submit():
        try:
            enrolment = agreements.redeem(_me(), form.code.data or "")
        except ValidationError as error:
            form.code.errors = [error.errors["code"]]
        else:
            flash(_("You are now enrolled at %(clinic)s.", clinic=enrolment.clinic.name))
            return redirect(url_for("readmission.home")), 303
    status = 400 if form.errors else 200
    return render_template("readmission/enrol.html", form=form), status
