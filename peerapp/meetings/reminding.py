"""Sharing a meeting and "remind me" before it: the QR code, setting and cancelling reminders."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import segno
from flask import flash, redirect, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm

from peerapp.access import signed_in
from peerapp.meetings import bp
from peerapp.services.errors import ValidationError
from peerapp.services.meetings import reminders

if TYPE_CHECKING:
    from peerapp.models import Meeting, User


def share_qr(url: str, title: str) -> str:
    """The meeting's address as an inline SVG QR code that scales with the page."""
    svg: str = segno.make(url, error="m").svg_inline(
        scale=4, border=2, omitsize=True, title=title, dark="#000"
    )
    return svg.replace("<svg ", '<svg role="img" focusable="false" ', 1)


@dataclass(frozen=True)
class ListedReminder:
    """One of my reminders as the meeting page lists it, in the meeting's own time."""

    id: int
    lead_minutes: int
    remind_at: datetime
    starts_at: datetime


def my_reminders(meeting: Meeting, now: datetime) -> list[ListedReminder]:
    """The signed-in person's reminders still to come for this meeting (none for a visitor)."""
    if not current_user.is_authenticated:
        return []
    zone = ZoneInfo(meeting.timezone)
    return [
        ListedReminder(
            r.id, r.lead_minutes, r.remind_at.astimezone(zone), r.starts_at.astimezone(zone)
        )
        for r in reminders.reminders_of(_me(), meeting.id, now)
    ]


def _me() -> User:
    user: User = current_user._get_current_object()
    return user


def _to_meeting(meeting_id: int) -> ResponseReturnValue:
    return redirect(
        url_for("meetings.meeting_page", meeting_id=meeting_id) + "#remind-heading"
    ), 303


def lead_from(raw: str | None) -> int | None:
    """The chosen lead in minutes, or ``None`` when it is not a number (the rule refuses it)."""
    return int(raw) if raw and raw.isdigit() and len(raw) < 5 else None


@bp.post("/meetings/<int:meeting_id>/reminders")
@signed_in
def remind_me(meeting_id: int) -> ResponseReturnValue:
    """Remind me (by push) a chosen time before the meeting's next occurrence."""
    if not FlaskForm().validate_on_submit():
        flash(_("The form had expired. Please try again."))
        return _to_meeting(meeting_id)
    reminder = reminders.remind_me(_me(), meeting_id, lead_from(request.form.get("lead")))
    flash(_("Reminder set. You get a notification before the meeting starts."))
    return _to_meeting(reminder.meeting_id)


@bp.post("/meetings/reminders/<int:reminder_id>/cancel")
@signed_in
def cancel_reminder(reminder_id: int) -> ResponseReturnValue:
    """Cancel one of my reminders."""
    if not FlaskForm().validate_on_submit():
        raise ValidationError({"csrf": _("The form had expired. Please try again.")})
    meeting_id = reminders.cancel_reminder(_me(), reminder_id)
    flash(_("Reminder cancelled."))
    return _to_meeting(meeting_id)
