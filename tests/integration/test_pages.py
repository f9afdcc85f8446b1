"""The finder without JavaScript (journey 1), and the HTML helpers the other page tests share."""

from __future__ import annotations

import re
from datetime import timedelta
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pytest
from flask import Flask
from flask_babel import force_locale, gettext

from peerapp.extensions import utcnow
from peerapp.finder import today_in_norway


class Page(HTMLParser):
    """A parsed page: every start tag with its attributes, and the text of some elements."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.card_titles: list[str] = []
        self.text_parts: list[str] = []
        self._in_card_title = False
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        self.tags.append((tag, values))
        if tag == "h3" and "card-title" in values.get("class", ""):
            self._in_card_title = True
            self.card_titles.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "h3":
            self._in_card_title = False

    def handle_data(self, data: str) -> None:
        self.text_parts.append(data)
        if self._in_card_title:
            self.card_titles[-1] += data.strip()

    @property
    def text(self) -> str:
        """All the text, whitespace collapsed."""
        return re.sub(r"\s+", " ", " ".join(self.text_parts))

    def find(self, tag: str, **attrs: str) -> list[dict[str, str]]:
        """Attributes of each ``tag`` whose attributes include ``attrs`` (``class_`` = class)."""
        wanted = {key.rstrip("_"): value for key, value in attrs.items()}
        return [
            values
            for name, values in self.tags
            if name == tag and all(values.get(k) == v for k, v in wanted.items())
        ]

    def hrefs(self) -> list[str]:
        """Every link target on the page."""
        return [values["href"] for name, values in self.tags if name == "a" and "href" in values]

    def error_links(self) -> list[str]:
        """The controls the error summary points to (``#id``)."""
        return [href for href in self.hrefs() if href.startswith("#") and href != "#main"]


def fetch(client, url: str):
    """GET ``url`` as a browser would: in an app context of its own, as in production.

    The ``app`` fixture keeps one app context open for the whole test, and Flask-Babel caches the
    locale on it; a fresh context per request keeps one request's language out of the next.
    """
    with client.application.app_context():
        return client.get(url)


def get_page(client, url: str, status: int = 200) -> Page:
    """Fetch a page, check its status, and parse it."""
    response = fetch(client, url)
    assert response.status_code == status, response.get_data(as_text=True)[:2000]
    return Page(response.get_data(as_text=True))


def translated(app: Flask, lang: str, message: str, **variables: object) -> str:
    """``message`` as the catalog of ``lang`` has it (the English msgid while untranslated)."""
    with app.test_request_context(), force_locale(lang):
        return gettext(message, **variables)


# --- the finder -------------------------------------------------------------------------------


def test_finder_lists_nearest_first_for_a_postal_code_and_a_place_name(client, meeting_factory):
    meeting_factory(town="bergen", name="Farther", latitude=60.3913 + 0.05, longitude=5.3221)
    meeting_factory(town="bergen", name="Nearest", latitude=60.3913, longitude=5.3221)
    meeting_factory(town="oslo", name="Oslo group")
    for where in ("5003", "Bergen"):
        page = get_page(client, f"/?where={where}")
        assert page.card_titles == ["Nearest", "Farther"]
        assert "km" in page.text


def test_finder_filters_by_fellowship_and_day(client, meeting_factory):
    today = today_in_norway()
    other_day = (today + 1) % 7
    meeting_factory(town="bergen", name="NA today", fellowship="na", day=today)
    meeting_factory(town="bergen", name="NA another day", fellowship="na", day=other_day)
    meeting_factory(town="bergen", name="AA today", fellowship="aa", day=today)
    page = get_page(client, "/?where=Bergen&fellowship=na&day=today")
    assert page.card_titles == ["NA today"]
    page = get_page(client, f"/?where=Bergen&fellowship=na&fellowship=aa&day={other_day}")
    assert page.card_titles == ["NA another day"]
    page = get_page(client, "/?where=Bergen&fellowship=na&day=today")
    assert page.find("option", value="today", selected="")
    assert page.find("input", id="fellowship-na", checked="")


@pytest.mark.parametrize(
    ("query", "control"),
    [
        ("lat=abc&lng=5.3", "where"),
        ("radius_km=10000", "radius"),
        ("day=9", "day"),
        ("from=25:00", "from"),
    ],
)
@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
def test_bad_parameters_are_a_400_naming_the_field_in_the_users_language(
    app, client, query, control, lang
):
    page = get_page(client, f"/?{query}&lang={lang}", status=400)
    assert page.find("html", lang=lang)
    assert page.error_links() == [f"#{control}"]
    assert page.find("div", class_="error-summary", role="alert")
    labels = {"where": "Your location", "radius": "Distance", "day": "Day", "from": "From"}
    assert translated(app, lang, labels[control]) + ":" in page.text
    invalid = [values for _tag, values in page.tags if values.get("aria-invalid") == "true"]
    assert [values["id"] for values in invalid] == [control]


def test_messages_for_bad_fields_are_translated(app, client):
    page = get_page(client, "/?day=9&lang=en", status=400)
    assert "Day: Must be between 0 and 6." in page.text
    page = get_page(client, "/?from=25:00&lang=nn", status=400)
    assert translated(app, "nn", "Must be a time of day as HH:MM, for example 18:30.") in page.text


def test_an_unknown_place_is_a_clear_message_not_an_error_status(app, client, meeting_factory):
    meeting_factory(town="bergen", name="Somewhere")
    page = get_page(client, "/?where=Xyzzyville&lang=en")
    assert page.error_links() == ["#where"]
    assert "We could not find the place “Xyzzyville”" in page.text
    assert page.card_titles == []
    assert page.find("input", id="where", value="Xyzzyville")


def test_first_visit_shows_the_form_and_meetings_coming_up(client, meeting_factory):
    meeting_factory(town="oslo", name="Coming up", is_demo=True)
    page = get_page(client, "/?lang=en")
    assert page.find("form", class_="finder", method="get")
    assert page.find("input", id="where", name="where")
    assert page.find("input", type="hidden", name="lat")
    assert page.find("button", id="locate", hidden="")  # shown by locate.js only
    assert page.card_titles == ["Coming up"]
    assert "Meetings coming up" in page.text
    assert "Demo data" in page.text


def test_no_demo_notice_for_real_meetings(client, meeting_factory):
    meeting_factory(town="bergen", name="Real")
    assert "Demo data" not in get_page(client, "/?where=Bergen&lang=en").text


def test_results_heading_counts_and_cards_carry_badges(client, meeting_factory):
    meeting_factory(
        town="bergen",
        name="Hybrid",
        attendance_option="hybrid",
        conference_url="https://meet.example/abc",
        types=["C", "EN", "X"],
    )
    meeting_factory(town="bergen", name="Plain")
    page = get_page(client, "/?where=Bergen&lang=en")
    assert "2 meetings near Bergen" in page.text
    assert page.find("div", class_="results-head", role="status")
    for label in ("Closed", "Open", "Hybrid", "English", "Wheelchair access", "Norwegian"):
        assert label in page.text
    assert "Join online: the link is on the meeting page." in page.text
    assert "https://meet.example/abc" not in page.text


def test_starting_soon_and_in_progress_are_marked_in_words(client, meeting_factory):
    from zoneinfo import ZoneInfo

    now = utcnow().astimezone(ZoneInfo("Europe/Oslo"))
    soon = now + timedelta(minutes=30)
    started = now - timedelta(minutes=10)
    meeting_factory(
        town="oslo",
        name="Soon",
        day=soon.isoweekday() % 7,
        start=soon.strftime("%H:%M"),
        end=(soon + timedelta(hours=1)).strftime("%H:%M"),
    )
    meeting_factory(
        town="oslo",
        name="Started",
        day=started.isoweekday() % 7,
        start=started.strftime("%H:%M"),
        end=(started + timedelta(hours=1)).strftime("%H:%M"),
    )
    page = get_page(client, "/?lang=en")
    assert "Starting soon: in" in page.text
    assert "In progress" in page.text
    assert f"Today {started.strftime('%H:%M')}" in page.text  # the running one, not next week's
    soon_only = get_page(client, "/?now=soon&lang=en")
    assert soon_only.card_titles == ["Soon"]
    running = get_page(client, "/?now=in_progress&lang=en")
    assert running.card_titles == ["Started"]


def test_more_meetings_follows_the_cursor(client, meeting_factory):
    for n in range(23):
        meeting_factory(town="bergen", name=f"Group {n:02d}", latitude=60.39 + n * 0.001)
    first = get_page(client, "/?where=Bergen&lang=en")
    assert len(first.card_titles) == 20
    more = [href for href in first.hrefs() if "cursor=" in href]
    assert len(more) == 1
    args = parse_qs(urlsplit(more[0]).query)
    assert args["where"] == ["Bergen"]
    second = get_page(client, more[0])
    assert len(second.card_titles) == 3
    assert set(first.card_titles).isdisjoint(second.card_titles)
    assert "Showing 21–23 of 23." in second.text


def test_online_meetings_are_not_said_to_be_near_a_place(client, meeting_factory):
    meeting_factory(
        town="oslo",
        name="Online",
        attendance_option="online",
        conference_url="https://meet.example/x",
    )
    meeting_factory(town="bergen", name="In Bergen")
    page = get_page(client, "/?where=Bergen&attendance=online&lang=en")
    assert page.card_titles == ["Online"]
    assert "1 online meeting" in page.text


def test_search_around_my_position(client, meeting_factory):
    meeting_factory(town="bergen", name="Close by")
    page = get_page(client, "/?lat=60.391&lng=5.322&lang=en")
    assert page.card_titles == ["Close by"]
    assert "1 meeting near you" in page.text
    assert page.find("input", type="hidden", name="lat", value="60.391")


def test_a_typed_place_wins_over_an_earlier_position(client, meeting_factory):
    meeting_factory(town="bergen", name="Bergen group")
    meeting_factory(town="oslo", name="Oslo group")
    page = get_page(client, "/?where=Oslo&lat=60.391&lng=5.322")
    assert page.card_titles == ["Oslo group"]
