"""Pages for the people who run an installation."""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort, render_template, request
from flask.typing import ResponseReturnValue
from flask_login import current_user

from peerapp.access import roles
from peerapp.admin import bp
from peerapp.extensions import db
from peerapp.models.clinics import Clinic
from peerapp.models.people import ROLES, User
from peerapp.services import audit, peers


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
    reports = [(report, peers.unseal(report.reason)) for report in peers.open_reports()]
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
    return render_template("admin/user.html", user=user)


@bp.get("/audit")
@roles("admin")
def audit_log() -> ResponseReturnValue:
    """The newest audit events of the installation."""
    before = request.args.get("before", type=int)
    events = audit.recent_events(before_id=before)
    return render_template("admin/audit.html", events=events)
