"""Translated names of roles and audit actions, for pages, e-mails and the API."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from babel.dates import format_datetime
from flask import Flask
from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

from peerapp.i18n import current_language

ROLE_LABELS: dict[str, LazyString] = {
    "visitor": _l("visitor"),
    "client": _l("client"),
    "peer": _l("peer worker"),
    "clinic": _l("clinic staff"),
    "admin": _l("administrator"),
}

#: What each audited action means to the person whose data it was.
AUDIT_ACTIONS: dict[str, LazyString] = {
    "account.view": _l("Looked at your account details"),
    "account.change": _l("Changed your account"),
    "clinic.client.view": _l("Looked at your enrolment at the clinic"),
    "sessions.end": _l("Logged your account out"),
}

_OSLO = ZoneInfo("Europe/Oslo")


def role_label(role: str) -> str:
    """A role as people say it."""
    return str(ROLE_LABELS.get(role, role))


def audit_action(action: str) -> str:
    """An audit action as the person whose data it was would say it."""
    return str(AUDIT_ACTIONS.get(action, action))


def when(moment: datetime) -> str:
    """A moment as date and time in Norway, such as "24. nov. 2026, 16:05"."""
    locale = "en_GB" if current_language() == "en" else current_language()
    return format_datetime(moment.astimezone(_OSLO), "medium", locale=locale)


def init_app(app: Flask) -> None:
    """Make the labels available in every template."""
    app.jinja_env.globals.update(role_label=role_label, audit_action=audit_action, when=when)
