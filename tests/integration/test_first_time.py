"""What happens at a meeting: a page per fellowship in every language, reached from each meeting
page and from the finder's newcomer filter; meetings marked for newcomers carry a badge."""

from __future__ import annotations

import re
from html import unescape

import pytest

from peerapp.services.meetings.vocabulary import FELLOWSHIPS
from tests.integration.test_pages import fetch, get_page, translated

LANGS = ("nb", "nn", "en")
GOING_IN = "What happens when you go in"
BADGE = "Good for a first time"


def h1_of(client, url: str) -> str:
    """The text of the page's main heading."""
    response = fetch(client, url)
    assert response.status_code == 200, url
    found = re.search(r"<h1[^>]*>(.*?)</h1>", response.get_data(as_text=True), re.S)
    assert found, url
    return unescape(re.sub(r"<[^>]+>", "", found.group(1))).strip()


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("code", list(FELLOWSHIPS))
def test_every_fellowship_has_a_page_in_every_language(app, client, code, lang):
    url = f"/meetings/first-time/{code}?lang={lang}"
    page = get_page(client, url)
    assert page.find("html", lang=lang)
    assert FELLOWSHIPS[code].short in h1_of(client, url)
    going_in = translated(app, lang, GOING_IN)
    if lang != "en":
        assert going_in != GOING_IN, f"not translated into {lang}"
    assert going_in in page.text
    # the way on: meetings of this fellowship, and the other fellowships
    assert f"/?fellowship={code}" in page.hrefs()
    assert "/meetings/first-time" in page.hrefs()


@pytest.mark.parametrize("lang", LANGS)
def test_the_overview_leads_to_every_fellowship(app, client, lang):
    page = get_page(client, f"/meetings/first-time?lang={lang}")
    assert translated(app, lang, GOING_IN) in page.text
    for code, fellowship in FELLOWSHIPS.items():
        assert f"/meetings/first-time/{code}" in page.hrefs()
        assert str(fellowship.name) in page.text or fellowship.short in page.text


def test_relatives_and_the_person_they_worry_about_find_each_others_fellowship(client):
    al_anon = get_page(client, "/meetings/first-time/al-anon?lang=en")
    assert "relatives and friends" in al_anon.text
    assert "/meetings/first-time/aa" in al_anon.hrefs()
    assert "/meetings/first-time/al-anon" in get_page(client, "/meetings/first-time/aa").hrefs()
    assert "/meetings/first-time/nar-anon" in get_page(client, "/meetings/first-time/na").hrefs()


def test_smart_and_self_help_are_not_told_about_a_higher_power(client):
    assert "higher power" in get_page(client, "/meetings/first-time/aa?lang=en").text
    smart = get_page(client, "/meetings/first-time/smart?lang=en").text
    assert "not a twelve-step programme" in smart
    assert "Talk of a higher power" not in smart
    assert "Talk of a higher power" not in get_page(client, "/meetings/first-time/selvhjelp").text


@pytest.mark.parametrize("lang", LANGS)
def test_an_unknown_fellowship_is_a_404_in_the_readers_language(app, client, lang):
    page = get_page(client, f"/meetings/first-time/no-such-thing?lang={lang}", status=404)
    assert translated(app, lang, "We could not find that page.") in page.text


def test_a_fellowship_code_in_capitals_is_the_same_page(client):
    assert "AA" in h1_of(client, "/meetings/first-time/AA?lang=en")


@pytest.mark.parametrize("code", list(FELLOWSHIPS))
def test_every_meeting_page_links_to_its_fellowships_explainer(client, meeting_factory, code):
    meeting = meeting_factory(town="bergen", fellowship=code)
    page = get_page(client, f"/meetings/{meeting.id}?lang=en")
    assert f"/meetings/first-time/{code}" in page.hrefs()
    short = FELLOWSHIPS[code].short
    assert f"First time? What happens at {short} meetings" in page.text


def test_a_meeting_of_a_fellowship_we_do_not_list_links_to_the_overview(client, meeting_factory):
    meeting = meeting_factory(town="bergen", fellowship="oa")
    page = get_page(client, f"/meetings/{meeting.id}?lang=en")
    assert "/meetings/first-time" in page.hrefs()
    assert "First time? What happens at a meeting" in page.text


def test_only_newcomer_meetings_carry_the_badge(client, meeting_factory):
    newcomers = meeting_factory(town="bergen", name="Ny start", types=["O", "BE", "NO"])
    others = meeting_factory(town="bergen", name="Old timers", types=["C", "NO"])
    page = get_page(client, f"/meetings/{newcomers.id}?lang=en")
    assert page.find("span", class_="badge badge-newcomer")
    assert page.text.count(BADGE) == 1  # not again as a "Newcomer" type further down
    assert "Newcomer" not in page.text
    assert BADGE not in get_page(client, f"/meetings/{others.id}?lang=en").text
    finder = get_page(client, "/?where=Bergen&lang=en")
    assert set(finder.card_titles) == {"Ny start", "Old timers"}
    assert len(finder.find("li", class_="badge badge-newcomer")) == 1
    nb = get_page(client, f"/meetings/{newcomers.id}?lang=nb")
    assert BADGE not in nb.text and nb.find("span", class_="badge badge-newcomer")


def test_the_newcomer_filter_finds_them_and_explains_a_first_meeting(client, meeting_factory):
    meeting_factory(town="bergen", name="Ny start", types=["O", "BE", "NO"])
    meeting_factory(town="bergen", name="Old timers", types=["C", "NO"])
    page = get_page(client, "/?where=Bergen&types=BE&lang=en")
    assert page.card_titles == ["Ny start"]
    assert page.find("input", id="newcomer", value="BE", checked="")
    # next to the checkbox, and (since the form folds after a search) next to the results
    assert page.hrefs().count("/meetings/first-time") == 2
    assert "Near Bergen · Good for a first time" in page.text  # the folded search says so
    # the checkbox is the one field for the type: it is not sent twice as a hidden one
    assert not page.find("input", type="hidden", name="types", value="BE")
    first_visit = get_page(client, "/?lang=en")
    assert first_visit.find("input", id="newcomer", value="BE")
    assert not first_visit.find("input", id="newcomer", checked="")
