"""Pages for the people who run an installation."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm

from peerapp.access import roles
from peerapp.admin import bp
from peerapp.errors import ValidationError
from peerapp.services.errors import NotFound
from peerapp.services.meetings.vocabulary import FELLOWSHIPS
from peerapp.services.peers import contact
from peerapp.services.people import administration
from peerapp.services.people.administration import ROLES
from peerapp.services.privacy import audit
from peerapp.services.stewardship import limits

if TYPE_CHECKING:
    from peerapp.models.people import User


def _me() -> User:
    user: User = current_user._get_current_object()
    return user


@bp.get("/")
@roles("admin")
def home() -> ResponseReturnValue:
    """Accounts by role, and the clinics."""
    role = request.args.get("role")
    users = administration.accounts_for_admin(_me(), role)
    clinics = administration.clinics_for_admin(_me())
    reports = [(report, contact.unseal(report.reason)) for report in contact.open_reports()]
    return render_template(
        "admin/home.html", users=users, clinics=clinics, role=role, roles=ROLES, reports=reports
    )


@bp.get("/users/<int(max=2147483647):user_id>")
@roles("admin")
def user_detail(user_id: int) -> ResponseReturnValue:
    """One account's details; looking is written to the audit log."""
    try:
        user = administration.look_at_account(_me(), user_id)
    except NotFound:
        abort(404)
    return _user_page(user)


def _user_page(user: User, errors: dict[str, str] | None = None) -> ResponseReturnValue:
    limit = limits.limit_of(user)
    return render_template(
        "admin/user.html",
        user=user,
        limit=limit,
        fellowships=FELLOWSHIPS,
        form=FlaskForm(),
        errors=errors or {},
    ), (400 if errors else 200)


@bp.post("/users/<int(max=2147483647):user_id>/limits")
@roles("admin")
def set_limits(user_id: int) -> ResponseReturnValue:
    """Limit a peer worker to regions and/or fellowships (empty: every listing); audited."""
    try:
        user = administration.account_for_admin(_me(), user_id)
    except NotFound:
        abort(404)
    if not FlaskForm().validate_on_submit():
        abort(400)
    regions = (request.form.get("regions") or "").split(",")
    try:
        administration.set_peer_limits(_me(), user_id, regions, request.form.getlist("fellowships"))
    except ValidationError as error:
        return _user_page(user, error.errors)
    flash(_("The limits are saved."))
    return redirect(url_for("admin.user_detail", user_id=user.id)), 303


@bp.get("/audit")
@roles("admin")
def audit_log() -> ResponseReturnValue:
    """The newest audit events of the installation."""
    before = request.args.get("before", type=int)
    events = audit.recent_events(before_id=before)
    return render_template("admin/audit.html", events=events)
