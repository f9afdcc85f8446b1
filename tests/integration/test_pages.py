"""Journeys 1 and 8 without JavaScript: finder, meeting page, crisis help, PWA files."""

from __future__ import annotations

import gzip
import re
from datetime import timedelta
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from flask import Flask
from flask_babel import force_locale, gettext

from peerapp.extensions import db, utcnow
from peerapp.meetings.forms import today_in_norway

STATIC = Path(__file__).resolve().parents[2] / "peerapp" / "static"
#: the finder's budget for HTML, CSS and JavaScript together, gzip-compressed
FINDER_BUDGET_BYTES = 60 * 1024


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


# --- the meeting page --------------------------------------------------------------------------


def test_meeting_page_shows_address_directions_and_calendar_link(client, meeting_factory):
    meeting = meeting_factory(
        town="bergen",
        name="Nordnes group",
        fellowship="na",
        day=2,
        start="18:30",
        end="20:00",
        types=["O", "NO", "X"],
    )
    page = get_page(client, f"/meetings/{meeting.id}?lang=en")
    text = page.text
    assert "Nordnes group" in text
    assert "Narcotics Anonymous (NA)" in text
    assert "Every Tuesday, 18:30–20:00" in text
    assert meeting.location.address in text and "5003 Bergen" in text
    assert "Open meeting" in text and "Wheelchair access" in text
    directions = [
        h for h in page.hrefs() if h.startswith("https://www.openstreetmap.org/directions")
    ]
    assert directions == ["https://www.openstreetmap.org/directions?to=60.3913%2C5.3221"]
    assert f"/meetings/{meeting.id}.ics" in page.hrefs()
    assert page.find("button", id="save-meeting", hidden="")
    assert "Not checked by a peer worker yet." in text
    assert "Europe/Oslo" in text


def test_meeting_page_of_an_online_meeting_has_the_link_and_phone(client, meeting_factory):
    meeting = meeting_factory(
        town="oslo",
        name="Online group",
        attendance_option="online",
        conference_url="https://meet.example/room",
    )
    meeting.conference_phone = "+47 21 00 00 00"
    db.session.commit()
    page = get_page(client, f"/meetings/{meeting.id}?lang=en")
    assert "https://meet.example/room" in page.hrefs()
    assert "tel:+4721000000" in page.hrefs()
    assert not [h for h in page.hrefs() if "openstreetmap" in h]


def test_a_conference_link_that_is_not_http_is_not_made_a_link(client, meeting_factory):
    meeting = meeting_factory(
        town="oslo", name="Odd", attendance_option="online", conference_url="javascript:alert(1)"
    )
    page = get_page(client, f"/meetings/{meeting.id}")
    assert not [h for h in page.hrefs() if h.startswith("javascript:")]


def test_verified_date_is_shown(client, meeting_factory):
    meeting = meeting_factory(town="oslo", name="Checked")
    meeting.verified_at = utcnow() - timedelta(days=3)
    db.session.commit()
    page = get_page(client, f"/meetings/{meeting.id}?lang=en")
    assert "Last checked by a peer worker:" in page.text
    assert "Details may have changed" not in page.text


def test_back_to_results_keeps_the_search(client, meeting_factory):
    meeting = meeting_factory(town="bergen", name="Found")
    results = get_page(client, "/?where=Bergen&fellowship=aa")
    link = [h for h in results.hrefs() if h.startswith(f"/meetings/{meeting.id}")][0]
    page = get_page(client, link)
    back = [h for h in page.hrefs() if h.startswith("/?")]
    assert parse_qs(urlsplit(back[0]).query) == {"where": ["Bergen"], "fellowship": ["aa"]}


def test_an_archived_meeting_is_gone_and_an_unknown_one_not_found(client, meeting_factory):
    meeting = meeting_factory(town="oslo", name="Old group")
    meeting.archived_at = utcnow()
    db.session.commit()
    page = get_page(client, f"/meetings/{meeting.id}?lang=en", status=410)
    assert "This meeting has ended" in page.text and "Old group" in page.text
    assert client.get(f"/meetings/{meeting.id}.ics").status_code == 410
    get_page(client, "/meetings/999999", status=404)
    assert client.get("/meetings/999999.ics").status_code == 404
    assert get_page(client, "/?lang=en").card_titles == []


# --- crisis help and what every page shares -----------------------------------------------------


def test_help_has_the_numbers_as_tel_links(client):
    page = get_page(client, "/help")
    hrefs = set(page.hrefs())
    for number in ("113", "116117", "116123", "22591300", "116111"):
        assert f"tel:{number}" in hrefs
    assert "https://rusinfo.no/" in hrefs


def test_help_is_cacheable_and_holds_nothing_personal(client):
    response = client.get("/help")
    assert response.headers["Cache-Control"].startswith("public")
    assert "Set-Cookie" not in response.headers
    assert "Cookie" in response.headers["Vary"]
    assert "<script" not in response.get_data(as_text=True).split("</head>")[1]


def test_language_switch_sets_and_remembers_the_cookie(client):
    response = fetch(client, "/?where=Bergen&lang=en")
    assert "lang=en" in response.headers["Set-Cookie"]
    assert get_page(client, "/").find("html", lang="en")
    assert get_page(client, "/help").find("html", lang="en")
    page = get_page(client, "/?where=Bergen")
    switch = [h for h in page.hrefs() if "lang=nn" in h]
    assert switch == ["/?where=Bergen&lang=nn"]
    assert "lang=nn" in fetch(client, "/?lang=nn").headers["Set-Cookie"]
    assert get_page(client, "/").find("html", lang="nn")


def test_bokmal_is_the_default(client):
    assert get_page(client, "/").find("html", lang="nb")


def _all_pages(meeting_factory) -> list[tuple[str, int]]:
    meeting = meeting_factory(town="bergen", name="Any")
    ended = meeting_factory(town="bergen", name="Ended")
    ended.archived_at = utcnow()
    db.session.commit()
    return [
        ("/", 200),
        ("/?where=Bergen", 200),
        ("/?where=Nowhere-at-all", 200),
        ("/?day=9", 400),
        (f"/meetings/{meeting.id}", 200),
        (f"/meetings/{ended.id}", 410),
        ("/meetings/424242", 404),
        ("/help", 200),
        ("/offline", 200),
        ("/no-such-page", 404),
    ]


def test_every_page_has_the_crisis_link_and_113(client, meeting_factory):
    for url, status in _all_pages(meeting_factory):
        page = get_page(client, url, status)
        assert page.find("a", class_="crisis-link", href="/help"), url
        assert "tel:113" in page.hrefs(), url
        assert page.find("a", class_="skip-link", href="#main"), url
        assert page.find("main", id="main"), url


def test_no_page_loads_anything_from_another_host(client, meeting_factory):
    loading = {
        "script": "src",
        "link": "href",
        "img": "src",
        "iframe": "src",
        "source": "src",
        "audio": "src",
        "video": "src",
        "embed": "src",
        "object": "data",
        "form": "action",
    }
    for url, status in _all_pages(meeting_factory):
        response = fetch(client, url)
        assert response.status_code == status
        page = Page(response.get_data(as_text=True))
        for tag, values in page.tags:
            target = values.get(loading.get(tag, ""), "")
            host = urlsplit(target).netloc
            assert not host or host == "localhost", f"{url}: <{tag}> loads {target}"
            assert "style" not in values, f"{url}: inline style on <{tag}>"
            assert not (tag == "script" and "src" not in values), f"{url}: inline script"
            assert not any(name.startswith("on") for name in values), f"{url}: inline handler"
        assert "<style" not in response.get_data(as_text=True)


# --- installable app ------------------------------------------------------------------------------


def test_manifest_is_named_in_the_users_language(app, client):
    response = fetch(client, "/manifest.webmanifest?lang=nn")
    assert response.mimetype == "application/manifest+json"
    manifest = response.get_json()
    assert manifest["start_url"] == "/"
    assert manifest["display"] == "standalone"
    assert manifest["lang"] == "nn"
    assert manifest["name"] == translated(app, "nn", "Peerapp – meetings and help after treatment")
    assert any(icon.get("purpose") == "maskable" for icon in manifest["icons"])
    for icon in manifest["icons"]:
        with client.get(icon["src"]) as image:
            assert image.status_code == 200


def test_service_worker_is_served_for_the_whole_site(client):
    response = client.get("/sw.js")
    assert response.mimetype == "application/javascript"
    assert response.headers["Service-Worker-Allowed"] == "/"
    script = response.get_data(as_text=True)
    assert '"/help"' in script and '"/offline"' in script
    for path in re.findall(r'"(/static/[^"]+)"', script):
        with client.get(path) as asset:
            assert asset.status_code == 200, path


def test_offline_page_points_to_help(client):
    page = get_page(client, "/offline")
    assert "/help" in page.hrefs() and "tel:113" in page.hrefs()


def test_healthz_is_unchanged(client):
    assert client.get("/healthz").get_json() == {"status": "ok"}


def test_finder_fits_the_budget_for_3g(client, meeting_factory):
    for n in range(20):
        meeting_factory(town="bergen", name=f"Group {n}", types=["O", "NO", "X"])
    response = client.get("/?where=Bergen")
    html = response.get_data()
    page = Page(html.decode())
    assets = [values["href"] for values in page.find("link", rel="stylesheet")]
    assets += [values["src"] for tag, values in page.tags if tag == "script" and "src" in values]
    total = len(gzip.compress(html))
    for url in assets:
        with client.get(url) as asset:
            assert asset.status_code == 200
            total += len(gzip.compress(asset.get_data()))
    print(f"finder page, gzip: {total} bytes")
    assert total <= FINDER_BUDGET_BYTES
