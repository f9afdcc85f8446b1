"""Every name templates may use besides Flask's own, registered in one place: labels in the
reader's language, dates and durations, links and versioned asset URLs."""

from __future__ import annotations

from flask import Flask
from flask_login import current_user

from peerapp import labels
from peerapp.services.readmission import queue as readmission_queue
from peerapp.services.readmission.requests import new_tap_key


def init_app(app: Flask) -> None:
    """Make the template globals available in every template."""
    _readmission_globals(app)
    app.jinja_env.globals.update(
        role_label=labels.role_label,
        audit_action=labels.audit_action,
        when=labels.when,
        day=labels.day,
        duration=labels.duration,
        month_name=labels.month_name,
        status_label=labels.status_label,
        agreement_label=labels.agreement_label,
        contact_status=lambda status: str(labels.CONTACT_STATUSES.get(status, status)),
        contact_channel=lambda channel: str(labels.CONTACT_CHANNELS.get(channel, channel)),
    )


# --- The way back to the clinic (journeys 5 and 6) -----------------------------------------------


def come_back() -> dict[str, object] | None:
    """For the home screen of an enrolled client: their clinic, open request and a fresh key."""
    if not current_user.is_authenticated or current_user.role != "client":
        return None
    me = current_user._get_current_object()
    if me.clinic is None:
        return None
    return {
        "clinic": me.clinic,
        "open": readmission_queue.open_request_of(me),
        "key": new_tap_key(),
    }


def _readmission_globals(app: Flask) -> None:
    """The button back to one's clinic, on any page that shows it."""
    app.jinja_env.globals.update(come_back=come_back)
