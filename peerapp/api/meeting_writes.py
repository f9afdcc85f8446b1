"""Peers' writes to meetings over the API: add, correct, verify ("still true today"), archive."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import Response, jsonify
from flask.typing import ResponseReturnValue

from peerapp import links
from peerapp.access import roles
from peerapp.api import bp
from peerapp.api.common import NOT_JSON, OUTSIDE, json_object, me
from peerapp.api.document import documented
from peerapp.api.listing_answers import (
    STALE_BODY,
    STALE_IF_MATCH,
    corrected,
    refusals,
    tagged,
)
from peerapp.api.schemas.meetings import Meeting as MeetingBody
from peerapp.api.schemas.meetings import MeetingChanges, NewMeeting
from peerapp.extensions import utcnow
from peerapp.services.meetings import operations
from peerapp.services.meetings.describe import MAX_ID, meeting_to_api
from peerapp.services.stewardship import listings

if TYPE_CHECKING:
    from peerapp.models import Meeting

MEETING_ID = f"<int(max={MAX_ID}):meeting_id>"


def _answer(meeting: Meeting, status: int = 200) -> ResponseReturnValue:
    body = meeting_to_api(meeting, link=links.meeting_page)
    if meeting.archived_at is not None:
        body["archived_at"] = meeting.archived_at.isoformat()
    return tagged(jsonify(body), listings.version_of(meeting)), status


@bp.post("/v1/meetings")
@roles("peer", "admin")
@documented(
    operation_id="createMeeting",
    ok={201: MeetingBody},
    errors={400: "Bad Request", 401: "Not signed in.", 403: OUTSIDE, 415: NOT_JSON},
    json=NewMeeting,
)
@refusals
def create_meeting() -> ResponseReturnValue:
    """A peer adds a meeting: all of it is saved, or nothing and every bad field named."""
    meeting = operations.add_meeting(me(), json_object(), utcnow())
    return _answer(meeting, 201)


@bp.patch(f"/v1/meetings/{MEETING_ID}")
@roles("peer", "admin")
@documented(
    operation_id="updateMeeting",
    ok={200: MeetingBody},
    errors={
        401: "Not signed in.",
        403: OUTSIDE,
        404: "Not Found",
        409: STALE_BODY,
        412: STALE_IF_MATCH,
        415: NOT_JSON,
    },
    json=MeetingChanges,
)
@refusals
def update_meeting(meeting_id: int) -> ResponseReturnValue:
    """A peer corrects a meeting: only the fields sent change (``types`` is replaced whole).

    ``If-Match`` (the ``ETag`` of a read) or ``"version"`` in the body refuses the change when
    someone saved the meeting meanwhile: 412 and 409.
    """
    answer = corrected(
        json_object(),
        lambda body, version: operations.correct_meeting(
            me(), meeting_id, body, expected_version=version, now=utcnow()
        ),
    )
    return answer if isinstance(answer, Response) else _answer(answer.meeting)


@bp.post(f"/v1/meetings/{MEETING_ID}/verify")
@roles("peer", "admin")
@documented(
    operation_id="verifyMeeting",
    ok={200: MeetingBody},
    errors={401: "Not signed in.", 403: OUTSIDE, 404: "Not Found", 415: NOT_JSON},
)
@refusals
def verify_meeting(meeting_id: int) -> ResponseReturnValue:
    """A peer checked the meeting: it is still true today."""
    return _answer(operations.verify_meeting(me(), meeting_id, utcnow()))


@bp.post(f"/v1/meetings/{MEETING_ID}/archive")
@roles("peer", "admin")
@documented(
    operation_id="archiveMeeting",
    ok={200: MeetingBody},
    errors={401: "Not signed in.", 403: OUTSIDE, 404: "Not Found", 415: NOT_JSON},
)
@refusals
def archive_meeting(meeting_id: int) -> ResponseReturnValue:
    """A peer takes a meeting out of search (the group stopped, or moved for good)."""
    return _answer(operations.archive_meeting(me(), meeting_id, utcnow()))
