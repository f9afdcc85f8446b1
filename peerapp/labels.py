"""Translated names of roles and audit actions, for pages, e-mails and the API."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime
from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

from peerapp.i18n import current_language

ROLE_LABELS: dict[str, LazyString] = {
    "visitor": _l("visitor"),
    "client": _l("client"),
    "peer": _l("peer worker"),
    "clinic": _l("clinic staff"),
    "admin": _l("administrator"),
    "municipal": _l("municipal coordinator"),
    "relative": _l("relative"),
}

#: What each audited action means to the person whose data it was.
AUDIT_ACTIONS: dict[str, LazyString] = {
    "account.view": _l("Looked at your account details"),
    "account.change": _l("Changed your account"),
    "clinic.client.view": _l("Looked at your enrolment at the clinic"),
    "sessions.end": _l("Logged your account out"),
    "readmission.view": _l("Opened your request to come back"),
    "checkins.view": _l("Looked at the check-in figures you share"),
    "contact.view": _l("Opened your contact request"),
    "readmission.status": _l("Updated your request to come back"),
    "handover.record": _l("Recorded your discharge and the municipality"),
    "handover.list": _l("Saw your hand-over in the municipality's list"),
    "handover.view": _l("Opened your hand-over from the clinic"),
    "handover.confirm": _l("Confirmed your hand-over and first appointment"),
    "enrolment_request.accept": _l("Enrolled you at the clinic you asked"),
    "enrolment_request.decline": _l("Declined your request to be enrolled"),
}

#: A readmission request's status, as both the client and the staff read it.
STATUS_LABELS: dict[str, LazyString] = {
    "sent": _l("Sent"),
    "received": _l("Received by the clinic"),
    "contacted": _l("Contacted"),
    "offered": _l("Admission offered"),
    "admitted": _l("Admitted"),
    "declined": _l("Declined"),
    "withdrawn": _l("Withdrawn"),
}

CONTACT_STATUSES: dict[str, LazyString] = {
    "open": _l("Waiting for an answer"),
    "answered": _l("Answered"),
    "closed": _l("Closed"),
}

CONTACT_CHANNELS: dict[str, LazyString] = {
    "in_app": _l("Here in the app"),
    "sms": _l("Text message"),
    "phone": _l("Phone call"),
}

AGREEMENT_LABELS: dict[str, LazyString] = {
    "fast_return": _l("Fast return without a new assessment"),
    "user_controlled": _l("User-controlled admission"),
}

_OSLO = ZoneInfo("Europe/Oslo")


def status_label(status: str) -> str:
    """A readmission status as people say it."""
    return str(STATUS_LABELS.get(status, status))


def agreement_label(kind: str) -> str:
    """A kind of return agreement as people say it."""
    return str(AGREEMENT_LABELS.get(kind, kind))


def role_label(role: str) -> str:
    """A role as people say it."""
    return str(ROLE_LABELS.get(role, role))


def audit_action(action: str) -> str:
    """An audit action as the person whose data it was would say it."""
    return str(AUDIT_ACTIONS.get(action, action))


def when(moment: datetime) -> str:
    """A moment as date and time in Norway, to the minute, such as "24. nov. 2026, 16:05"."""
    locale = "en_GB" if current_language() == "en" else current_language()
    pattern = "d MMM y, HH:mm" if locale == "en_GB" else "d. MMM y, HH:mm"
    return format_datetime(moment.astimezone(_OSLO), pattern, locale=locale)


def duration(seconds: float) -> str:
    """A waiting time as staff read it at a glance, such as "2 h 05 min"."""
    minutes = max(0, int(seconds // 60))
    return str(_l("%(hours)d h %(minutes)02d min", hours=minutes // 60, minutes=minutes % 60))


def day(value: date) -> str:
    """A date as people in Norway write it, such as "3. des. 2026"."""
    locale = "en_GB" if current_language() == "en" else current_language()
    return format_date(value, "medium", locale=locale)


def month_name(value: date) -> str:
    """A month and its year, such as "desember 2026"."""
    locale = "en_GB" if current_language() == "en" else current_language()
    return format_date(value, "LLLL y", locale=locale)
