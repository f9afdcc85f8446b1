"""Someone saved meanwhile: the API refuses a stale correction of a meeting or place as the page
does (409 for a stale ``version``, 412 for a stale ``If-Match``), and writes as before without
either. The version is the ``ETag`` a read answers with."""

from __future__ import annotations

import pytest

from peerapp.extensions import db
from peerapp.models import Meeting, Place
from tests.integration.test_pages import Page, get_page
from tests.support.auth import session_client

MEETING = "/api/v1/meetings/{id}"
PLACE = "/api/v1/places/{id}"


@pytest.fixture
def peer(app, user_factory):
    """A peer worker's browser, signed in: (test client, CSRF token)."""
    return session_client(app, user_factory(role="peer"))


def patch(who, path: str, body: dict, **headers: str):
    browser, token = who
    with browser.application.app_context():
        return browser.patch(path, json=body, headers={"X-CSRFToken": token, **headers})


def post_form(who, path: str, data: dict[str, str]):
    browser, token = who
    with browser.application.app_context():
        return browser.post(path, data={**data, "csrf_token": token})


def stored(model, record_id: int):
    db.session.commit()  # end this test's read, so that it sees what the requests wrote
    return db.session.get(model, record_id)


def etag_of(client, path: str) -> str:
    answer = client.get(path)
    assert answer.status_code == 200
    tag, weak = answer.get_etag()
    assert tag and not weak
    return tag


@pytest.mark.parametrize(
    ("path", "model", "factory"),
    [(MEETING, Meeting, "meeting_factory"), (PLACE, Place, "place_factory")],
)
def test_a_read_tags_the_version_and_a_correction_answers_with_the_new_one(
    request, client, peer, path, model, factory
):
    listing = request.getfixturevalue(factory)(name="Før")
    url = path.format(id=listing.id)
    seen = etag_of(client, url)
    assert seen == stored(model, listing.id).updated_at.isoformat()

    answer = patch(peer, url, {"name": "Etter"}, **{"If-Match": f'"{seen}"'})

    assert answer.status_code == 200, answer.get_json()
    now = stored(model, listing.id)
    assert now.name == "Etter"
    assert answer.get_etag() == (now.updated_at.isoformat(), False)
    assert etag_of(client, url) == now.updated_at.isoformat() != seen


@pytest.mark.parametrize(
    ("path", "model", "factory"),
    [(MEETING, Meeting, "meeting_factory"), (PLACE, Place, "place_factory")],
)
def test_a_stale_correction_is_refused_412_with_if_match_and_409_with_a_version(
    request, client, peer, path, model, factory
):
    listing = request.getfixturevalue(factory)(name="Før")
    url = path.format(id=listing.id)
    seen = etag_of(client, url)
    assert patch(peer, url, {"name": "Deres"}).status_code == 200  # no version: writes as before

    stale = patch(peer, url + "?lang=en", {"name": "Mitt"}, **{"If-Match": f'"{seen}"'})
    assert stale.status_code == 412
    assert stale.mimetype == "application/problem+json"
    assert stale.get_json()["type"].endswith("precondition-failed")

    stale = patch(peer, url + "?lang=en", {"name": "Mitt", "version": seen})
    assert stale.status_code == 409
    assert stale.mimetype == "application/problem+json"
    assert stale.get_json()["type"].endswith("conflict")
    assert "saved" in stale.get_json()["detail"]

    assert stored(model, listing.id).name == "Deres"  # theirs stands

    # having seen it, naming the new version writes on purpose
    again = patch(peer, url, {"name": "Mitt", "version": etag_of(client, url)})
    assert again.status_code == 200
    assert stored(model, listing.id).name == "Mitt"


def test_if_match_any_version_and_a_bad_version_field(client, peer, place_factory):
    place = place_factory(name="Før")
    url = PLACE.format(id=place.id)
    assert patch(peer, url, {"name": "Etter"}, **{"If-Match": "*"}).status_code == 200
    bad = patch(peer, url, {"name": "Igjen", "version": 3})
    assert bad.status_code == 400 and set(bad.get_json()["errors"]) == {"version"}


def test_the_page_and_the_api_refuse_the_same_stale_meeting_edit(client, peer, meeting_factory):
    meeting = meeting_factory(name="Før", town="bergen")
    page = get_page(peer[0], f"/meetings/{meeting.id}/edit?lang=en")
    (version,) = page.find("input", name="version")
    form = {
        tag["name"]: tag.get("value", "")
        for tag in page.find("input")
        if "name" in tag and tag.get("type") not in ("radio", "checkbox")
    }
    form.update(day="1", fellowship="aa", attendance_option="in_person", openness="O")
    assert version["value"] == etag_of(client, MEETING.format(id=meeting.id))

    assert patch(peer, MEETING.format(id=meeting.id), {"name": "Deres"}).status_code == 200

    refused = post_form(peer, f"/meetings/{meeting.id}/edit?lang=en", {**form, "name": "Mitt"})
    assert refused.status_code == 409
    page = Page(refused.get_data(as_text=True))
    assert "someone else changed this meeting meanwhile" in page.text
    mine = {"name": "Mitt", "version": version["value"]}
    answer = patch(peer, MEETING.format(id=meeting.id), mine)
    assert answer.status_code == 409
    assert stored(Meeting, meeting.id).name == "Deres"


def test_the_page_and_the_api_refuse_the_same_stale_place_edit(client, peer, place_factory):
    place = place_factory(name="Før")
    page = get_page(peer[0], f"/places/{place.id}/edit?lang=en")
    form = {tag["name"]: tag.get("value", "") for tag in page.find("input") if "name" in tag}
    form.update(kind="cafe", description="")
    assert form["version"] == etag_of(client, PLACE.format(id=place.id))

    assert patch(peer, PLACE.format(id=place.id), {"name": "Deres"}).status_code == 200

    refused = post_form(peer, f"/places/{place.id}/edit?lang=en", {**form, "name": "Mitt"})
    assert refused.status_code == 409
    page = Page(refused.get_data(as_text=True))
    assert "someone else changed this place meanwhile" in page.text
    answer = patch(peer, PLACE.format(id=place.id), {"name": "Mitt", "version": form["version"]})
    assert answer.status_code == 409
    assert stored(Place, place.id).name == "Deres"
