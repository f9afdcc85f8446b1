"""Two demo meetings that are not weekly: one on the first Sunday of each month, one every other
week, so that the finder, the meeting page and the calendar file show what such meetings do."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from peerapp.extensions import db, utcnow
from peerapp.models import Meeting
from peerapp.services.meetings.recurrence import next_date_on

#: (town, day) of the demo meeting each rule goes to, and the rule
DEMO_RULES = (
    ("Bergen", 0, "FREQ=MONTHLY;BYDAY=1SU"),
    ("Trondheim", 2, "FREQ=WEEKLY;INTERVAL=2"),
)


def apply_demo_rules() -> list[str]:
    """Give the first in-person demo meeting of each town and day its rule; the slugs changed."""
    changed = []
    for town, day, rule in DEMO_RULES:
        meeting = db.session.scalar(
            sa.select(Meeting)
            .where(
                Meeting.is_demo.is_(True),
                Meeting.day == day,
                Meeting.attendance_option == "in_person",
                Meeting.slug.like(f"demo-{town.lower()}-%"),
            )
            .order_by(Meeting.id)
            .limit(1)
        )
        if meeting is None:
            continue
        first = next_date_on(day, utcnow(), meeting.timezone)
        meeting.recurrence = rule
        # every other week counts from the coming one; a monthly rule from a month back
        meeting.recurrence_start = first if "WEEKLY" in rule else first - timedelta(days=35)
        meeting.irregular = True
        changed.append(meeting.slug)
    db.session.commit()
    return changed
