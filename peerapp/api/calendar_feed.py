"""The meetings as a calendar to subscribe to (``webcal:``): a saved search, or the meetings saved
on a phone, as recurring events that calendar apps keep up to date."""

from __future__ import annotations

import dataclasses
from urllib.parse import urlsplit

from flask import Response, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from peerapp import links
from peerapp.access import public
from peerapp.api import bp
from peerapp.api.document import documented
from peerapp.api.schemas.meetings import MeetingCalendarQuery
from peerapp.errors import ValidationError
from peerapp.services.meetings.calendar import MAX_SAVED, feed_ics, listed_meetings
from peerapp.services.meetings.describe import MAX_ID
from peerapp.services.meetings.query import MAX_LIMIT, WHOLE, every, parse_meeting_args
from peerapp.services.meetings.search import search_meetings

#: how long a calendar app or a cache may keep the feed
FEED_MAX_AGE = 900


def _ids(raw: list[str]) -> list[int]:
    """The meeting ids of a saved list; ``ValidationError`` names a bad one."""
    values = [part.strip() for value in raw for part in value.split(",") if part.strip()]
    if len(values) > MAX_SAVED:
        raise ValidationError({"id": _("At most %(num)d meetings.", num=MAX_SAVED)})
    if not all(WHOLE.fullmatch(value) and 0 < int(value) <= MAX_ID for value in values):
        raise ValidationError({"id": _("Must be a whole number.")})
    return [int(value) for value in values]


@bp.get("/v1/meetings.ics")
@public
@documented(
    operation_id="meetingsCalendar",
    ok={200: (None, "The meetings as weekly recurring events (text/calendar).")},
    errors={400: "Bad Request"},
    public=True,
    validate=False,
    query=MeetingCalendarQuery,
)
def meetings_calendar() -> ResponseReturnValue:
    """The meetings a search finds (up to 100; the same query as GET /api/v1/meetings), or those
    saved on a phone (``id``), as an iCalendar feed to subscribe to."""
    args = request.args.to_dict(flat=False)
    if "id" in args:
        meetings = listed_meetings(_ids(every(args, "id")))
        name = _("My meetings (Peerapp)")
    else:
        query = parse_meeting_args(args)
        if not every(args, "limit"):
            query = dataclasses.replace(query, limit=MAX_LIMIT)
        meetings = [hit.meeting for hit in search_meetings(query).hits]
        name = _("Meetings (Peerapp)")
    body = feed_ics(
        meetings,
        url_for_meeting=lambda meeting: links.meeting_page(meeting.id),
        host=urlsplit(request.host_url).hostname or "localhost",
        name=name,
    )
    response = Response(body, mimetype="text/calendar")
    response.headers["Content-Disposition"] = 'inline; filename="meetings.ics"'
    response.cache_control.public = True
    response.cache_control.max_age = FEED_MAX_AGE
    return response
