"""Anyone reports a problem with a listed meeting, place or help service (no account; limited
per address)."""

from __future__ import annotations

from flask import jsonify
from flask.typing import ResponseReturnValue

from peerapp.access import public
from peerapp.api import bp
from peerapp.api.common import NOT_JSON, json_object
from peerapp.api.document import documented
from peerapp.api.schemas.reports import ListingReport, ReportReceived
from peerapp.listing_reports import report_limit
from peerapp.services.meetings.describe import MAX_ID
from peerapp.services.stewardship import reports

ERRORS = {
    400: "Not a JSON object, an unknown `reason`, `other` without `text`, or `text` too long or "
    "holding control characters.",
    404: "No such listed meeting, place or service.",
    415: NOT_JSON,
    429: "Too many reports from this address; wait and try again (see Retry-After).",
}


def _received(kind: str, listing_id: int) -> ResponseReturnValue:
    body = json_object()
    reports.report_problem(kind, listing_id, body.get("reason"), body.get("text"))
    return jsonify(status="received"), 202


@bp.post(f"/v1/meetings/<int(max={MAX_ID}):meeting_id>/reports")
@public
@report_limit()
@documented(
    operation_id="reportMeeting",
    ok={202: ReportReceived},
    errors=ERRORS,
    public=True,
    validate=False,
    json=ListingReport,
)
def report_meeting(meeting_id: int) -> ResponseReturnValue:
    """Tell the peer workers that a listed meeting is wrong."""
    return _received("meeting", meeting_id)


@bp.post(f"/v1/places/<int(max={MAX_ID}):place_id>/reports")
@public
@report_limit()
@documented(
    operation_id="reportPlace",
    ok={202: ReportReceived},
    errors=ERRORS,
    public=True,
    validate=False,
    json=ListingReport,
)
def report_place(place_id: int) -> ResponseReturnValue:
    """Tell the peer workers that a listed sober place is wrong."""
    return _received("place", place_id)


@bp.post(f"/v1/services/<int(max={MAX_ID}):service_id>/reports")
@public
@report_limit()
@documented(
    operation_id="reportService",
    ok={202: ReportReceived},
    errors=ERRORS,
    public=True,
    validate=False,
    json=ListingReport,
)
def report_service(service_id: int) -> ResponseReturnValue:
    """Tell the peer workers that a listed help service is wrong."""
    return _received("service", service_id)
