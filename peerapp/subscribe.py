"""Links to subscribe to meetings in a calendar app: a search's ``webcal:`` address, built from
the search the finder ran, for GET /api/v1/meetings.ics."""

from __future__ import annotations

from typing import Any

from flask import url_for
from werkzeug.datastructures import MultiDict

from peerapp.listing_pages import encode_query


def _search_params(query: Any) -> MultiDict[str, str]:
    """The API parameters of a finder search, without the "now" filters (in progress, starting
    within), which mean nothing in a calendar that is read all week."""
    params: MultiDict[str, str] = MultiDict()
    if query.latitude is not None and query.longitude is not None:
        params.add("lat", f"{query.latitude:.5f}")
        params.add("lng", f"{query.longitude:.5f}")
        params.add("radius_km", f"{query.radius_km:g}")
    if query.text:
        params.add("q", query.text)
    for code in query.fellowships:
        params.add("fellowship", code)
    for code in query.types:
        params.add("types", code)
    if query.region:  # a county number or a post town, as the search's ``region`` takes it
        params.add("region", query.region)
    if query.day is not None:
        params.add("day", str(query.day))
    if query.time_from is not None:
        params.add("from", query.time_from.strftime("%H:%M"))
    if query.time_to is not None:
        params.add("to", query.time_to.strftime("%H:%M"))
    if query.attendance:
        params.add("attendance", query.attendance)
    # no ``sort``: soonest-first would change which 100 meetings a busy town's feed holds as the
    # week goes by; the feed's own order (nearest first around a place) keeps it steady
    return params


def as_webcal(url: str) -> str:
    """A feed's http(s) address as the ``webcal:`` one that opens a calendar app to subscribe."""
    return "webcal://" + url.split("://", 1)[1]


def calendar_feed_url(query: Any) -> str:
    """The https address of the calendar feed of a finder search."""
    encoded = encode_query(_search_params(query))
    base = url_for("api.meetings_calendar", _external=True)
    return f"{base}?{encoded}" if encoded else base
