"""GET /api/v1/feeds/meeting-guide.json: our meetings as a Meeting Guide feed for other apps."""

from __future__ import annotations

from typing import Any

import pytest

from peerapp.extensions import db, utcnow
from tests.integration.openapi_validation import assert_documented

FEED = "/api/v1/feeds/meeting-guide.json"


@pytest.fixture
def spec(client) -> dict[str, Any]:
    """The OpenAPI document as the app serves it."""
    return client.get("/api/openapi.json").get_json()


def test_feed_lists_published_meetings_in_meeting_guide_format(client, spec, meeting_factory):
    meeting = meeting_factory(name="Mandagsgruppa", fellowship="na", day=1, start="18:00")
    url = "https://meet.example.org/x"
    meeting_factory(name="Nettmøtet", attendance_option="online", conference_url=url)
    gone = meeting_factory(name="Nedlagt")
    gone.archived_at = utcnow()
    db.session.commit()
    response = client.get(FEED)
    assert response.status_code == 200
    feed = assert_documented(spec, response, FEED)
    assert isinstance(feed, list)
    assert sorted(record["name"] for record in feed) == ["Mandagsgruppa", "Nettmøtet"]
    [monday] = [record for record in feed if record["slug"] == meeting.slug]
    assert (monday["day"], monday["time"], monday["fellowship"]) == (1, "18:00", "na")
    assert monday["url"] == f"http://localhost/meetings/{meeting.id}"


def test_empty_feed_is_an_empty_list(client, spec):
    response = client.get(FEED)
    assert assert_documented(spec, response, FEED) == []


def test_feed_is_cacheable_and_readable_from_any_site(client, meeting_factory):
    meeting_factory()
    response = client.get(FEED, headers={"Origin": "https://meetings.example"})
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response.headers
    assert response.cache_control.public
    assert response.cache_control.max_age == 300
    assert response.mimetype == "application/json"
