"""Pages for the people who run an installation."""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm

from peerapp.access import roles
from peerapp.admin import bp
from peerapp.errors import ValidationError
from peerapp.extensions import begin_write, db
from peerapp.models.clinics import Clinic
from peerapp.models.people import ROLES, User
from peerapp.services.meetings.vocabulary import FELLOWSHIPS
from peerapp.services.peers import contact
from peerapp.services.privacy import audit
from peerapp.services.stewardship import limits


@bp.get("/")
@roles("admin")
def home() -> ResponseReturnValue:
    """Accounts by role, and the clinics."""
    role = request.args.get("role")
    query = sa.select(User).order_by(User.username_key).limit(500)
    if role in ROLES:
        query = query.where(User.role == role)
    users = list(db.session.scalars(query))
    clinics = list(db.session.scalars(sa.select(Clinic).order_by(Clinic.name)))
    reports = [(report, contact.unseal(report.reason)) for report in contact.open_reports()]
    return render_template(
        "admin/home.html", users=users, clinics=clinics, role=role, roles=ROLES, reports=reports
    )


@bp.get("/users/<int(max=2147483647):user_id>")
@roles("admin")
def user_detail(user_id: int) -> ResponseReturnValue:
    """One account's details; looking is written to the audit log."""
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    audit.record(current_user._get_current_object(), "account.view", user, object_type="user")
    db.session.commit()
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
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    if not FlaskForm().validate_on_submit():
        abort(400)
    regions = (request.form.get("regions") or "").split(",")
    try:
        begin_write()
        limits.set_limits(
            current_user._get_current_object(), user, regions, request.form.getlist("fellowships")
        )
        db.session.commit()
    except ValidationError as error:
        db.session.rollback()
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
