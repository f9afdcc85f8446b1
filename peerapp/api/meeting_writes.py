"""Peers' writes to meetings over the API: add, correct, verify ("still true today"), archive."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, Any

from flask import jsonify
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from peerapp.access import roles
from peerapp.api import bp
from peerapp.api.common import NOT_JSON, OUTSIDE, json_object, me, outside_limits
from peerapp.api.document import documented
from peerapp.api.schemas.meetings import Meeting as MeetingBody
from peerapp.api.schemas.meetings import MeetingChanges, NewMeeting
from peerapp.errors import problem
from peerapp.extensions import begin_write, db, utcnow
from peerapp.services.meetings import edits, peer_input
from peerapp.services.meetings.describe import MAX_ID, find_meeting, meeting_to_api
from peerapp.services.stewardship import limits

if TYPE_CHECKING:
    from peerapp.models import Meeting

MEETING_ID = f"<int(max={MAX_ID}):meeting_id>"


def _not_found() -> ResponseReturnValue:
    return problem(404, _("We could not find that meeting."), kind="not-found")


def _answer(meeting: Meeting, status: int = 200) -> ResponseReturnValue:
    db.session.commit()
    body = meeting_to_api(meeting)
    if meeting.archived_at is not None:
        body["archived_at"] = meeting.archived_at.isoformat()
    return jsonify(body), status


def _tending(
    view: Callable[[Meeting], ResponseReturnValue],
) -> Callable[[int], ResponseReturnValue]:
    """Find the meeting (archived ones too) and check the peer's limits before ``view`` runs."""

    @wraps(view)
    def wrapper(meeting_id: int) -> ResponseReturnValue:
        begin_write()
        meeting = find_meeting(meeting_id)
        if meeting is None:
            return _not_found()
        try:
            limits.check_meeting(me(), meeting)
            return view(meeting)
        except limits.OutsideLimits as error:
            db.session.rollback()
            return outside_limits(error)

    return wrapper


@bp.post("/v1/meetings")
@roles("peer", "admin")
@documented(
    operation_id="createMeeting",
    ok={201: MeetingBody},
    errors={400: "Bad Request", 401: "Not signed in.", 403: OUTSIDE, 415: NOT_JSON},
    json=NewMeeting,
)
def create_meeting() -> ResponseReturnValue:
    """A peer adds a meeting: all of it is saved, or nothing and every bad field named."""
    fields = peer_input.read_meeting(json_object())
    loc = fields.location
    try:
        limits.check(me(), fields.fellowship, loc.region, loc.city)
    except limits.OutsideLimits as error:
        return outside_limits(error)
    begin_write()
    meeting = edits.create_by_peer(me(), fields, utcnow())
    return _answer(meeting, 201)


@bp.patch(f"/v1/meetings/{MEETING_ID}")
@roles("peer", "admin")
@_tending
@documented(
    operation_id="updateMeeting",
    ok={200: MeetingBody},
    errors={401: "Not signed in.", 403: OUTSIDE, 404: "Not Found", 415: NOT_JSON},
    json=MeetingChanges,
)
def update_meeting(meeting: Meeting) -> ResponseReturnValue:
    """A peer corrects a meeting: only the fields sent change (``types`` is replaced whole)."""
    body: dict[str, Any] = json_object()
    if meeting.archived_at is not None:
        return _not_found()
    fields = peer_input.read_meeting(body, current=meeting)
    loc = fields.location
    limits.check(me(), fields.fellowship, loc.region, loc.city)
    edits.update_by_peer(me(), meeting, fields, utcnow())
    return _answer(meeting)


@bp.post(f"/v1/meetings/{MEETING_ID}/verify")
@roles("peer", "admin")
@_tending
@documented(
    operation_id="verifyMeeting",
    ok={200: MeetingBody},
    errors={401: "Not signed in.", 403: OUTSIDE, 404: "Not Found", 415: NOT_JSON},
)
def verify_meeting(meeting: Meeting) -> ResponseReturnValue:
    """A peer checked the meeting: it is still true today."""
    if meeting.archived_at is not None:
        return _not_found()
    edits.verify(me(), meeting, utcnow())
    return _answer(meeting)


@bp.post(f"/v1/meetings/{MEETING_ID}/archive")
@roles("peer", "admin")
@_tending
@documented(
    operation_id="archiveMeeting",
    ok={200: MeetingBody},
    errors={401: "Not signed in.", 403: OUTSIDE, 404: "Not Found", 415: NOT_JSON},
)
def archive_meeting(meeting: Meeting) -> ResponseReturnValue:
    """A peer takes a meeting out of search (the group stopped, or moved for good)."""
    edits.archive(me(), meeting, utcnow())
    return _answer(meeting)
