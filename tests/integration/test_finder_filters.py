"""Every filter the data holds: types in people's words, region, time of day, words with typos,
and all of it in a link that can be shared."""

from __future__ import annotations

from typing import Any

import pytest

from peerapp.services.meetings.search import MeetingQuery, search_meetings

LIST = "/api/v1/meetings"


def names(result) -> list[str]:
    return sorted(hit.meeting.name for hit in result.hits)


def _api(client, **query: Any):
    response = client.get(LIST, query_string={"lang": "en", **query})
    return response, response.get_json()


@pytest.fixture
def towns(meeting_factory):
    meeting_factory(town="oslo", name="Grünerløkka kvinnegruppe", types=["O", "W"], start="19:00")
    meeting_factory(town="oslo", name="Majorstuen talermøte", types=["O", "SP", "X"], start="08:00")
    meeting_factory(town="bergen", name="Nordnes trinngruppe", types=["C", "ST"], start="18:00")
    meeting_factory(town="tromso", name="Tromsø ungdom", types=["O", "Y"], start="12:30")


def test_words_find_the_place_without_norwegian_letters_and_with_a_typo(towns):
    assert names(search_meetings(MeetingQuery(text="grunerlokka"))) == ["Grünerløkka kvinnegruppe"]
    assert names(search_meetings(MeetingQuery(text="grunerloka"))) == ["Grünerløkka kvinnegruppe"]
    assert names(search_meetings(MeetingQuery(text="tromso ungdom"))) == ["Tromsø ungdom"]
    assert names(search_meetings(MeetingQuery(text="talermote majorstua"))) == [
        "Majorstuen talermøte"
    ]
    assert names(search_meetings(MeetingQuery(text="talermote bergen"))) == []  # every word


def test_region_by_county_and_by_town_in_the_api(client, towns):
    response, body = _api(client, region="Vestland")
    assert response.status_code == 200
    assert [m["name"] for m in body["meetings"]] == ["Nordnes trinngruppe"]
    _, by_number = _api(client, region="03")
    assert sorted(m["name"] for m in by_number["meetings"]) == [
        "Grünerløkka kvinnegruppe",
        "Majorstuen talermøte",
    ]
    _, by_town = _api(client, region="tromsø")
    assert [m["name"] for m in by_town["meetings"]] == ["Tromsø ungdom"]
    bad, problem = _api(client, region="Atlantis")
    assert bad.status_code == 400 and bad.mimetype == "application/problem+json"
    assert list(problem["errors"]) == ["region"]


def test_repeatable_types_must_all_hold(client, towns):
    _, body = _api(client, types=["O", "SP"])
    assert [m["name"] for m in body["meetings"]] == ["Majorstuen talermøte"]
    _, both = _api(client, types="O,W")
    assert [m["name"] for m in both["meetings"]] == ["Grünerløkka kvinnegruppe"]


def test_the_finder_keeps_every_filter_in_its_link(client, towns):
    query = {
        "lang": "en",
        "types": ["W"],
        "region": "03",
        "band": "evening",
        "q": "grunerloka",
        "fellowship": "aa",
    }
    page = client.get("/", query_string=query).get_data(as_text=True)
    assert "Grünerløkka kvinnegruppe" in page and "Majorstuen" not in page.split("results")[-1]
    for control in ('value="W" checked', 'value="evening" checked', 'value="grunerloka"'):
        assert control in page
    assert '<option value="03" selected>' in page
    morning = client.get("/", query_string={**query, "band": "morning"}).get_data(as_text=True)
    assert "No meetings match your search" in morning


def test_a_four_digit_code_that_is_no_postal_code_says_so(client):
    response = client.get("/", query_string={"lang": "en", "where": "0000"})
    page = response.get_data(as_text=True)
    assert "0000 is not a Norwegian postal code" in page
    known = client.get("/", query_string={"lang": "en", "where": "5003"}).get_data(as_text=True)
    assert "is not a Norwegian postal code" not in known


def test_an_unknown_band_is_named(client):
    response = client.get("/", query_string={"lang": "en", "band": "dawn"})
    assert response.status_code == 400
    assert "Time of day" in response.get_data(as_text=True)
