"""Links to our own pages, built in one place: what the API, the feeds and the calendar files
point people at. Services that answer with a link take one of these from their caller."""

from __future__ import annotations

from collections.abc import Callable

from flask import current_app, has_request_context, url_for


def meeting_page(meeting_id: int) -> str:
    """The meeting's page on this site, as a full address."""
    return url_for("meetings.meeting_page", meeting_id=meeting_id, _external=True)


def meeting_report(meeting_id: int) -> str:
    """The meeting's "report a problem" page, as a full address (a feed's ``feedback_url``)."""
    return url_for("meetings.report_meeting", meeting_id=meeting_id, _external=True)


def place_page(place_id: int) -> str:
    """The place's page on this site, as a full address."""
    return url_for("places.place_page", place_id=place_id, _external=True)


def meeting_page_from(
    base_url: str | None, endpoint: str = "meetings.meeting_page"
) -> Callable[[int], str] | None:
    """Meeting pages (or another page of a meeting: ``endpoint``) for a published feed: under
    ``base_url`` when given, else from the request (or ``SERVER_NAME``), else ``None`` (a command
    that does not know the site's address)."""
    if base_url:
        paths = current_app.url_map.bind("localhost")

        def under_base(meeting_id: int) -> str:
            path = paths.build(endpoint, {"meeting_id": meeting_id})
            return base_url.rstrip("/") + path

        return under_base
    if has_request_context() or current_app.config.get("SERVER_NAME"):
        return lambda meeting_id: url_for(endpoint, meeting_id=meeting_id, _external=True)
    return None


def event_page(event_id: int) -> str:
    """The event's page on this site, as a full address."""
    return url_for("events.event_page", event_id=event_id, _external=True)


def event_calendar(event_id: int) -> str:
    """The event's calendar file on this site, as a full address."""
    return url_for("events.event_calendar", event_id=event_id, _external=True)
