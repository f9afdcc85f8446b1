"""Stewards (peer workers and admins; municipal staff once that role exists) look after help
services from the phone: the list to check first, "still true today" and archive. Corrections
go through the API (``PATCH /api/v1/services/{id}``). Every rule is the services'."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import abort, flash, make_response, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from peerapp.access import roles, safe_next
from peerapp.extensions import utcnow
from peerapp.helpservices import bp
from peerapp.services.errors import NotFound
from peerapp.services.helpservices import describe, operations
from peerapp.services.helpservices.operations import SERVICE_STEWARD_ROLES
from peerapp.services.meetings.describe import MAX_ID
from peerapp.services.meetings.query import CONTROL
from peerapp.services.stewardship import limits

if TYPE_CHECKING:
    from peerapp.models.people import User

SERVICE_ID = f"<int(max={MAX_ID}):service_id>"


def _me() -> User:
    user: User = current_user._get_current_object()
    return user


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
