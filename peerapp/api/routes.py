"""The JSON API under /api/v1: meeting search, one meeting, our feed, and the OpenAPI document."""

from __future__ import annotations

from typing import Any

from flask import jsonify, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from peerapp import links
from peerapp.access import public
from peerapp.api import bp
from peerapp.api.document import documented, openapi_document
from peerapp.api.schemas.meetings import (
    Meeting,
    MeetingGuideFeed,
    MeetingGuideQuery,
    MeetingList,
    MeetingSearch,
)
from peerapp.api.schemas.problems import OpenApiDocument
from peerapp.errors import problem
from peerapp.extensions import utcnow
from peerapp.services.meetings.describe import MAX_ID, find_meeting, meeting_to_api
from peerapp.services.meetings.feeds.meeting_guide import export_feed
from peerapp.services.meetings.query import CONTROL, every, parse_meeting_args
from peerapp.services.meetings.search import MeetingHit, meeting_moment, search_meetings
from peerapp.services.stewardship.listings import version_of

FEED_MAX_AGE = 300


def hit_to_api(hit: MeetingHit) -> dict[str, Any]:
    """A search hit as a Meeting, with when it next starts and whether it is on now."""
    body = meeting_to_api(hit.meeting, hit.distance_km, link=links.meeting_page)
    body["next_start"] = hit.starts_at.isoformat()
    body["in_progress"] = hit.in_progress
    body["starting_soon"] = hit.starting_soon
    return body


@bp.get("/v1/meetings")
@public
@documented(
    operation_id="listMeetings",
    ok={200: MeetingList},
    errors={400: "Bad Request"},
    public=True,
    validate=False,
    query=MeetingSearch,
)
def list_meetings() -> ResponseReturnValue:
    """Meetings matching the query: nearest first around lat/lng, otherwise by next start;
    ``sort=time`` lists those in progress first, then the soonest."""
    result = search_meetings(parse_meeting_args(request.args.to_dict(flat=False)))
    return jsonify(
        meetings=[hit_to_api(hit) for hit in result.hits],
        total=result.total,
        next_cursor=result.next_cursor,
    )


@bp.get(f"/v1/meetings/<int(max={MAX_ID}):meeting_id>")
@public
@documented(operation_id="getMeeting", ok={200: Meeting}, errors={404: "Not Found"}, public=True)
def get_meeting(meeting_id: int) -> ResponseReturnValue:
    """One listed meeting, with its next start."""
    meeting = find_meeting(meeting_id)
    if meeting is None or meeting.archived_at is not None:
        return problem(404, _("We could not find that meeting."), kind="not-found")
    body = meeting_to_api(meeting, link=links.meeting_page)
    moment = meeting_moment(meeting, utcnow())
    if moment is not None:
        body["next_start"] = moment.starts_at.isoformat()
    response = jsonify(body)
    response.set_etag(version_of(meeting))  # what a correction names in If-Match
    return response


@bp.get("/v1/feeds/meeting-guide.json")
@public
@documented(
    operation_id="meetingGuideFeed",
    ok={200: MeetingGuideFeed},
    errors={400: "Bad Request"},
    public=True,
    validate=False,
    query=MeetingGuideQuery,
)
def meeting_guide_feed() -> ResponseReturnValue:
    """Our published meetings as a Meeting Guide JSON feed, for other meeting apps; only some
    fellowships' and regions' with ``fellowship`` and ``region``."""
    args = request.args.to_dict(flat=False)
    wanted = parse_meeting_args({"fellowship": every(args, "fellowship")})
    regions = [CONTROL.sub("", name).strip()[:200] for name in every(args, "region")][:20]
    feed = export_feed(
        link=links.meeting_page,
        fellowships=wanted.fellowships,
        regions=regions,
        feedback_link=links.meeting_report,
    )
    response = jsonify(feed)
    response.cache_control.public = True
    response.cache_control.max_age = FEED_MAX_AGE
    return response


@bp.get("/openapi.json")
@public
@documented(operation_id="openapi", ok={200: OpenApiDocument}, public=True)
def openapi() -> ResponseReturnValue:
    """The OpenAPI 3.1 description of this API."""
    return jsonify(openapi_document())
