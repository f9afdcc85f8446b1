"""The clinic dashboard: the readmission queue, enrolment at discharge, and the clinic's clients."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import SelectChoice

from peerapp.access import roles
from peerapp.charts import trend_chart
from peerapp.clinic import bp
from peerapp.clinic.forms import EnrolmentForm, ReferenceForm, StatusForm
from peerapp.errors import ValidationError
from peerapp.extensions import utcnow
from peerapp.labels import status_label
from peerapp.services.checkins import daily, sharing
from peerapp.services.errors import NotFound
from peerapp.services.municipalities import enrolment_requests, handovers
from peerapp.services.people import second_factor
from peerapp.services.readmission import agreements, clinics, timeline
from peerapp.services.readmission import queue as readmission_queue
from peerapp.services.readmission import shared as readmission_shared
from peerapp.services.readmission.agreements import OSLO
from peerapp.services.readmission.timeline import IllegalTransition

if TYPE_CHECKING:
    from peerapp.models.people import User
    from peerapp.models.readmission import ReadmissionRequest


def _me() -> User:
    user: User = current_user._get_current_object()
    return user


@bp.get("")
@roles("clinic")
def dashboard() -> ResponseReturnValue:
    """The queue (longest waiting first), the monthly summary, clients and staff."""
    clinic = current_user.clinic
    if clinic is None:
        abort(404)
    clients = clinics.enrolled_clients(clinic.id)
    queue = readmission_queue.queue(clinic.id)
    references = agreements.references_for(_me(), [item.client_id for item in queue])
    references.update(agreements.references_for(_me(), [client.id for client in clients]))
    return render_template(
        "clinic/dashboard.html",
        clinic=clinic,
        queue=queue,
        references=references,
        now=utcnow(),
        updated_at=utcnow().astimezone(OSLO),
        summary=readmission_queue.monthly_summary(clinic.id),
        staff=clinics.clinic_staff(clinic.id),
        clients=[(client, agreements.agreement_for(client)) for client in clients],
        enrolment_requests=enrolment_requests.open_for_clinic(_me()),
        overdue_handovers=handovers.overdue_for_clinic(_me()),
    )


@bp.get("/queue")
@roles("clinic")
def queue_section() -> ResponseReturnValue:
    """The queue alone, for the dashboard to refresh itself without a reload."""
    clinic = current_user.clinic
    if clinic is None:
        abort(404)
    queue = readmission_queue.queue(clinic.id)
    response = current_app.make_response(
        render_template(
            "clinic/_queue.html",
            clinic=clinic,
            queue=queue,
            references=agreements.references_for(_me(), [item.client_id for item in queue]),
            now=utcnow(),
            updated_at=utcnow().astimezone(OSLO),
        )
    )
    response.headers["Cache-Control"] = "no-store"
    return response


def _staff_request(request_id: int) -> ReadmissionRequest:
    item = readmission_queue.visible_to(_me(), request_id)
    if item is None:
        abort(404)
    return item


def _request_page(item: ReadmissionRequest, form: StatusForm) -> str:
    return render_template(
        "clinic/request.html",
        item=item,
        form=form,
        overdue=readmission_queue.is_overdue(item),
        message=readmission_shared.unseal(item.message),
        reference=agreements.references_for(_me(), [item.client_id]).get(item.client_id or 0),
        callback_phone=readmission_shared.unseal(item.callback_phone),
        notes={event.id: readmission_shared.unseal(event.note) for event in item.events},
    )


def _status_form(item: ReadmissionRequest) -> StatusForm:
    form = StatusForm()
    form.status.choices = [
        SelectChoice(status, status_label(status))
        for status in timeline.allowed_statuses(_me(), item)
    ]
    return form


@bp.get("/requests/<int(max=2147483647):request_id>")
@roles("clinic")
def request_detail(request_id: int) -> ResponseReturnValue:
    """One request; the first look by staff marks it received (and is audited, as every look)."""
    item = _staff_request(request_id)
    timeline.open_for_staff(_me(), item)
    return _request_page(item, _status_form(item))


@bp.post("/requests/<int(max=2147483647):request_id>/status")
@roles("clinic")
def request_status(request_id: int) -> ResponseReturnValue:
    """Move the request one step, with an optional note the client sees."""
    item = _staff_request(request_id)
    form = _status_form(item)
    if form.validate_on_submit():
        admission_at = form.admission_at.data
        try:
            timeline.change_status(
                _me(),
                item,
                form.status.data or "",
                form.note.data,
                admission_at.replace(tzinfo=OSLO) if isinstance(admission_at, datetime) else None,
            )
        except ValidationError as error:
            for name, text in error.errors.items():
                getattr(form, name).errors = [text]
        except IllegalTransition:
            flash(_("Someone else changed this request just now. Check its status."), "error")
            return redirect(url_for("clinic.request_detail", request_id=item.id)), 303
        else:
            flash(_("Saved: %(status)s.", status=status_label(item.status)))
            return redirect(url_for("clinic.request_detail", request_id=item.id)), 303
    return _request_page(item, form), 400


@bp.route("/enrol", methods=["GET", "POST"])
@roles("clinic")
def enrol() -> ResponseReturnValue:
    """At discharge: record the agreement and give the client a one-time code and QR code."""
    form = EnrolmentForm()
    if form.validate_on_submit():
        spec = agreements.AgreementSpec(
            kind=form.kind.data or "fast_return",
            max_stay_days=form.max_stay_days.data,
            min_days_between=form.min_days_between.data,
            valid_until=form.valid_until.data,
        )
        try:
            enrolment, code = agreements.create_enrolment(_me(), spec, form.reference.data)
        except ValidationError as error:
            for name, text in error.errors.items():
                getattr(form, name).errors = [text]
        else:
            link = url_for("readmission.enrol", code=agreements.format_code(code), _external=True)
            return render_template(
                "clinic/enrolment_code.html",
                code=agreements.format_code(code),
                expires_at=enrolment.expires_at,
                agreement=agreements.agreement_of(enrolment),
                reference=agreements.clean_reference(form.reference.data),
                qr=second_factor.qr_svg(
                    link, _("QR code that opens the enrolment page with the code")
                ),
            )
    status = 400 if form.errors else 200
    return render_template("clinic/enrol.html", form=form), status


@bp.get("/clients/<int(max=2147483647):client_id>")
@roles("clinic")
def client_detail(client_id: int) -> ResponseReturnValue:
    """One enrolled client; another clinic's client is 404, as if they did not exist."""
    client = clinics.client_for_staff(_me(), client_id)
    if client is None:
        abort(404)
    form = ReferenceForm()
    form.reference.data = agreements.references_for(_me(), [client.id]).get(client.id, "")
    return _client_page(client, form)


def _client_page(client: User, form: ReferenceForm) -> str:
    shared = sharing.shared_with_clinic(_me(), client)
    return render_template(
        "clinic/client.html",
        client=client,
        agreement=agreements.agreement_for(client),
        shared=shared,
        chart=trend_chart(shared.trend, daily.today()) if shared else None,
        form=form,
    )


@bp.post("/clients/<int(max=2147483647):client_id>/reference")
@roles("clinic")
def client_reference(client_id: int) -> ResponseReturnValue:
    """Set, change or remove the clinic's own reference for a client (audited)."""
    form = ReferenceForm()
    if form.validate_on_submit():
        try:
            agreements.set_reference(_me(), client_id, form.reference.data)
        except NotFound:
            abort(404)
        except ValidationError as error:
            form.reference.errors = [error.errors["reference"]]
        else:
            flash(_("Saved: the clinic's reference."))
            return redirect(url_for("clinic.client_detail", client_id=client_id)), 303
    client = clinics.client_for_staff(_me(), client_id)
    if client is None:
        abort(404)
    return _client_page(client, form), 400
