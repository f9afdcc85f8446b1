"""Stewards (municipal staff, peer workers and admins) look after help services from the phone:
add, correct (with the 409 the places' form has when someone saved meanwhile), the list to check
first, "still true today" and archive. Every rule is the services'."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from flask import abort, flash, make_response, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from peerapp.access import roles, safe_next
from peerapp.extensions import utcnow
from peerapp.helpservices import bp
from peerapp.helpservices.edit_form import ServiceForm, blank_form, form_of, read_form
from peerapp.listing_forms import earlier_exceptions
from peerapp.listing_pages import listing_form_sent, outside_limits_page
from peerapp.services import openhours as oh
from peerapp.services.errors import NotFound
from peerapp.services.helpservices import describe, operations
from peerapp.services.helpservices.operations import SERVICE_STEWARD_ROLES
from peerapp.services.meetings.describe import MAX_ID
from peerapp.services.meetings.query import CONTROL
from peerapp.services.stewardship import limits

if TYPE_CHECKING:
    from peerapp.models.helpservices import HelpService
    from peerapp.models.people import User

SERVICE_ID = f"<int(max={MAX_ID}):service_id>"


def _me() -> User:
    user: User = current_user._get_current_object()
    return user


def _listed(service_id: int) -> HelpService:
    """The service, if it is still listed; 404 when there is none, 410 when it was archived."""
    service = describe.find_service(service_id)
    if service is None:
        abort(404)
    if service.archived_at is not None:
        abort(make_response(render_template("helpservices/gone.html", service=service), 410))
    return service


def _edit_page(
    form: ServiceForm,
    service: HelpService | None,
    status: int = 200,
    changed_meanwhile: Any = None,
) -> ResponseReturnValue:
    return render_template(
        "helpservices/edit.html",
        form=form,
        service=service,
        changed_meanwhile=changed_meanwhile,
        categories=describe.category_choices(),
        action=(
            url_for("helpservices.edit_service", service_id=service.id)
            if service is not None
            else url_for("helpservices.new_service")
        ),
    ), status


_outside = outside_limits_page


def _page_of(service: HelpService) -> str:
    return url_for("helpservices.service_page", service_id=service.id)


@bp.route("/services/new", methods=["GET", "POST"])
@roles(*SERVICE_STEWARD_ROLES)
def new_service() -> ResponseReturnValue:
    """A steward adds a service: what it is, how to get in, where, its week and its dates."""
    if request.method == "GET":
        return _edit_page(blank_form(), None)
    return listing_form_sent(
        read_form(request.form),
        lambda form, status=200: _edit_page(form, None, status),
        lambda body: operations.add_service(_me(), body),
        (_("The service is added. Thank you for keeping the list true."), _page_of),
    )


@bp.route(f"/services/{SERVICE_ID}/edit", methods=["GET", "POST"])
@roles(*SERVICE_STEWARD_ROLES)
def edit_service(service_id: int) -> ResponseReturnValue:
    """A steward corrects a service; the audit log keeps what it was and what it became."""
    service = _listed(service_id)
    try:
        operations.check_service(_me(), service)
    except limits.OutsideLimits as error:
        return _outside(error)
    today = oh.local_today(utcnow())
    if request.method == "GET":
        return _edit_page(form_of(service, today), service)
    form = read_form(request.form, new=False)
    # the exceptions before today are kept as they are (the form shows today on)
    form.earlier = earlier_exceptions(describe.hours_of(service), today)

    def page(form: ServiceForm, status: int = 200, changed_meanwhile: Any = None) -> Any:
        # after a 409 the form carries the version just saved, to replace it on purpose
        shown = _listed(service_id) if changed_meanwhile else service
        return _edit_page(form, shown, status, changed_meanwhile)

    return listing_form_sent(
        form,
        page,
        lambda body: operations.correct_service(
            _me(), service_id, body, expected_version=request.form.get("version")
        ),
        (_("Your changes are saved."), _page_of),
    )


@bp.get("/services/look-after")
@roles(*SERVICE_STEWARD_ROLES)
def look_after() -> ResponseReturnValue:
    """The services to look after: never checked, or not for 90 days, first."""
    text = CONTROL.sub("", request.args.get("q") or "").strip()[:100]
    page = request.args.get("page", "1")
    number = int(page) if page.isascii() and page.isdigit() and len(page) < 5 else 1
    found = operations.services_to_look_after(_me(), text, number)
    return render_template("helpservices/look_after.html", found=found, text=text, now=utcnow())


@bp.post(f"/services/{SERVICE_ID}/verify")
@roles(*SERVICE_STEWARD_ROLES)
def verify(service_id: int) -> ResponseReturnValue:
    """A steward checked the service: it is still true today."""
    try:
        operations.verify_service(_me(), service_id, utcnow())
    except NotFound:
        abort(404)
    except limits.OutsideLimits as error:
        return render_template("stewardship/outside.html", message=error.message), 403
    flash(_("Marked as still true today. Thank you."))
    back = safe_next(request.form.get("next"))
    return redirect(back or url_for("helpservices.service_page", service_id=service_id)), 303


@bp.route(f"/services/{SERVICE_ID}/archive", methods=["GET", "POST"])
@roles(*SERVICE_STEWARD_ROLES)
def archive(service_id: int) -> ResponseReturnValue:
    """Take a service out of the list, after asking once more (the audit log keeps it)."""
    if request.method == "GET":
        shown = describe.find_service(service_id)
        if shown is None:
            abort(404)
        if shown.archived_at is not None:
            abort(make_response(render_template("helpservices/gone.html", service=shown), 410))
        return render_template("helpservices/archive.html", service=shown)
    try:
        service = operations.archive_service(_me(), service_id, utcnow())
    except NotFound:
        abort(404)
    except limits.OutsideLimits as error:
        return render_template("stewardship/outside.html", message=error.message), 403
    flash(_("%(place)s is archived and no longer shown.", place=service.name))
    return redirect(url_for("helpservices.look_after")), 303


@bp.app_template_global()
def may_steward_services() -> bool:
    """Whether the signed-in person looks after help services."""
    return bool(current_user.is_authenticated) and operations.may_steward(
        current_user._get_current_object()
    )
