"""Events over the API: the public finder and one event, and writes by peers and admins."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import jsonify, request
from flask.typing import ResponseReturnValue

from peerapp import links
from peerapp.access import public, roles
from peerapp.api import bp
from peerapp.api.common import json_object, me
from peerapp.api.document import documented
from peerapp.api.listing_answers import (
    CORRECT_ERRORS,
    CREATE_ERRORS,
    correction,
    refusals,
    tagged,
)
from peerapp.api.schemas.events import Event as EventBody
from peerapp.api.schemas.events import EventChanges, EventList, EventSearch, NewEvent
from peerapp.services.checkins.daily import today
from peerapp.services.events import operations
from peerapp.services.events.describe import event_to_api
from peerapp.services.meetings.describe import MAX_ID
from peerapp.services.stewardship.listings import version_of

if TYPE_CHECKING:
    from datetime import datetime

    from peerapp.models.events import Event

EVENT_ID = f"<int(max={MAX_ID}):event_id>"


def _answer(
    event: Event, next_start: datetime | None = None, status: int = 200
) -> ResponseReturnValue:
    body = event_to_api(event, next_start, link=links.event_page, ics_link=links.event_calendar)
    return tagged(jsonify(body), version_of(event)), status


@bp.get("/v1/events")
@public
@documented(
    operation_id="listEvents",
    ok={200: EventList},
    errors={400: "Bad Request"},
    public=True,
    validate=False,
    query=EventSearch,
)
def list_events() -> ResponseReturnValue:
    """Events with an occurrence between `from` and `to` (this week by default), near lat/lng
    when given (online events always), with words `q`; soonest first."""
    args = request.args
    search = operations.read_search(
        args.get("from"),
        args.get("to"),
        args.get("q"),
        args.get("lat"),
        args.get("lng"),
        args.get("radius_km"),
        today(),
    )
    found = operations.search_events(search)
    return jsonify(
        events=[
            event_to_api(
                hit.event,
                hit.next_start,
                link=links.event_page,
                ics_link=links.event_calendar,
                distance_km=hit.distance_km,
            )
            for hit in found
        ]
    )


@bp.get(f"/v1/events/{EVENT_ID}")
@public
@documented(operation_id="getEvent", ok={200: EventBody}, errors={404: "Not Found"}, public=True)
def get_event(event_id: int) -> ResponseReturnValue:
    """One listed event, with its next start."""
    page = operations.event_page(event_id)
    return _answer(page.event, page.next_start)


@bp.post("/v1/events")
@roles(*operations.WRITERS)
@documented(
    operation_id="createEvent",
    ok={201: EventBody},
    errors=CREATE_ERRORS,
    json=NewEvent,
)
@refusals
def create_event() -> ResponseReturnValue:
    """Add an event: all of it is saved, or nothing and every bad field named."""
    event = operations.add_event(me(), json_object())
    page = operations.event_page(event.id)
    return _answer(event, page.next_start, 201)


@bp.patch(f"/v1/events/{EVENT_ID}")
@roles(*operations.WRITERS)
@documented(
    operation_id="updateEvent",
    ok={200: EventBody},
    errors=CORRECT_ERRORS,
    json=EventChanges,
)
@refusals
def update_event(event_id: int) -> ResponseReturnValue:
    """Correct an event: only the fields sent change. ``If-Match`` or ``"version"`` refuses the
    change when someone saved it meanwhile: 412 and 409."""
    return correction(
        lambda body, version: operations.correct_event(
            me(), event_id, body, expected_version=version
        ),
        lambda event: _answer(event, operations.event_page(event.id).next_start),
    )
