"""Every name templates may use besides Flask's own, registered in one place: labels in the
reader's language, dates and durations, links and versioned asset URLs."""

from __future__ import annotations

from flask import Flask

from peerapp import labels


def init_app(app: Flask) -> None:
    """Make the template globals available in every template."""
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
