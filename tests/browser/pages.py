"""Page objects: what a person can do on each page, in the product's words.

They find controls by id rather than by visible text, so the same journey runs in every language.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe

_axe = Axe()
#: every journey is walked in Bokmål and in English
LANGS = pytest.mark.parametrize("lang", ["nb", "en"])


def axe_violations(page: Any) -> list[str]:
    """axe-core's findings on the current page, one readable line per rule and element."""
    results = _axe.run(page)
    found = []
    for violation in results.response["violations"]:
        for node in violation["nodes"]:
            found.append(
                f"{violation['id']} ({violation['impact']}): {violation['help']} "
                f"at {node['target']}: {node.get('failureSummary', '')}"
            )
    return found


def horizontal_overflow(page: Any) -> int:
    """How many CSS pixels the page is wider than the viewport (0 when it reflows)."""
    return page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


def assert_accessible(page: Any) -> None:
    """axe-core finds nothing on the page, and it does not scroll sideways."""
    violations = axe_violations(page)
    assert not violations, f"{page.url}:\n" + "\n".join(violations)
    assert horizontal_overflow(page) == 0, page.url


def path_of(page: Any) -> str:
    """The path of the page's address, without query or fragment."""
    return urlsplit(page.url).path


class BasePage:
    """What every page has: the header with crisis help, the language switch, a main region."""

    path = "/"

    def __init__(self, page: Any):
        self.page = page

    def open(self, lang: str | None = None, query: str = "") -> BasePage:
        """Go to this page, optionally choosing a language with ``?lang=``."""
        params = "&".join(part for part in (query, f"lang={lang}" if lang else "") if part)
        self.page.goto(self.path + (f"?{params}" if params else ""))
        return self

    @property
    def language(self) -> str:
        """The language the page says it is in."""
        return self.page.locator("html").get_attribute("lang")

    @property
    def title(self) -> str:
        """The page's title, as the browser tab shows it."""
        return self.page.title()

    @property
    def heading(self) -> str:
        """The page's main heading."""
        return self.page.locator("h1").inner_text()

    def crisis_link(self) -> Any:
        """The crisis help link in the header."""
        return self.page.locator("header a.crisis-link")

    def viewport_width(self) -> int:
        """How many CSS pixels wide the page is laid out."""
        return self.page.evaluate("window.innerWidth")

    def main_text(self) -> str:
        """What the page's main region says."""
        return self.page.locator("main").inner_text()

    def link_to(self, path: str) -> Any:
        """The link in the main region to ``path``."""
        return self.page.locator(f"main a[href='{path}']")


class FinderPage(BasePage):
    """The meeting finder."""

    path = "/"

    def where(self, text: str) -> FinderPage:
        """Type a place or postal code."""
        self.page.locator("#where").fill(text)
        return self

    def open_filters(self) -> FinderPage:
        """Unfold the filters and each group of them, if they are folded."""
        details = self.page.locator("details.filters")
        if details.get_attribute("open") is None:
            details.locator("summary").first.click()
        groups = self.page.locator("details.filter-group")
        for index in range(groups.count()):
            group = groups.nth(index)
            if group.get_attribute("open") is None:
                group.locator("summary").click()
        return self

    def tick_type(self, code: str) -> FinderPage:
        """Tick a meeting type in its group, such as ``W`` (women)."""
        self.open_filters()
        ids = {"X": "wheelchair", "BE": "newcomer", "O": "open-only"}
        self.page.locator(f"#{ids.get(code, 'type-' + code.lower())}").check()
        return self

    def tick_fellowship(self, code: str) -> FinderPage:
        """Tick a fellowship such as ``na``."""
        self.open_filters()
        self.page.locator(f"#fellowship-{code}").check()
        return self

    def choose_day(self, value: str) -> FinderPage:
        """Choose a day: ``today``, ``0``-``6`` or ``""`` for any day."""
        self.open_filters()
        self.page.locator("#day").select_option(value)
        return self

    def skip_link_comes_first(self) -> bool:
        """Press Tab once on a fresh page: whether the focus is on "Skip to content"."""
        self.page.keyboard.press("Tab")
        return self.page.evaluate("document.activeElement.className") == "skip-link"

    def search_by_keyboard(self, where: str) -> FinderPage:
        """Type a place, Tab to the search button and press Enter; wait for the results."""
        self.page.locator("#where").focus()
        self.page.keyboard.type(where)
        for _ in range(10):
            self.page.keyboard.press("Tab")
            if self.page.evaluate("document.activeElement.id") == "search":
                break
        assert self.page.evaluate("document.activeElement.id") == "search"
        with self.page.expect_navigation():
            self.page.keyboard.press("Enter")
        return self

    def offers_my_location(self) -> bool:
        """Whether the "Use my location" button is shown (it needs JavaScript)."""
        return self.page.locator("#locate").is_visible()

    def use_my_location(self) -> FinderPage:
        """Press "Use my location" and wait for the meetings around the phone."""
        with self.page.expect_navigation():
            self.page.locator("#locate").click()
        return self

    def search(self) -> FinderPage:
        """Press the search button and wait for the results."""
        with self.page.expect_navigation():
            self.page.locator("#search").click()
        return self

    def nearest_first(self) -> FinderPage:
        """Follow "Nearest first" (the finder lists the soonest first) and wait for the list."""
        with self.page.expect_navigation():
            self.page.locator(".sort-switch a[href*='sort=distance']").click()
        return self

    def search_summary(self) -> str:
        """The one line the search folds into after a search ("" when the form is open)."""
        summary = self.page.locator("details.search-summary > summary")
        return summary.inner_text() if summary.count() else ""

    def change_search(self) -> FinderPage:
        """Unfold the search from its one-line summary."""
        self.page.locator("details.search-summary > summary").click()
        return self

    def first_result_top(self) -> float:
        """How far down the page the first result card starts, in CSS pixels."""
        return self.page.locator(".results .card").first.bounding_box()["y"]

    def next_start_note(self) -> str:
        """What the finder says when nothing is in progress ("" when it says nothing)."""
        note = self.page.locator(".next-start")
        return note.inner_text() if note.count() else ""

    def result_names(self) -> list[str]:
        """The names of the meetings listed, in order."""
        return self.page.locator(".card-title a").all_inner_texts()

    def results_heading(self) -> str:
        """The heading that counts the results."""
        return self.page.locator("#results-heading").inner_text()

    def open_meeting(self, name: str) -> MeetingPage:
        """Open a meeting from the results."""
        with self.page.expect_navigation():
            self.page.locator(".card-title a", has_text=name).click()
        return MeetingPage(self.page)

    def result_card(self, name: str) -> str:
        """What a meeting's card in the results says."""
        title = self.page.locator(".card-title", has_text=name)
        return self.page.locator(".card", has=title).inner_text()

    def saved_meetings(self) -> list[str]:
        """The meetings saved on this phone, as listed on the finder."""
        section = self.page.locator("#saved")
        if section.is_hidden():
            return []
        return section.locator("#saved-list a").all_inner_texts()


class MeetingPage(BasePage):
    """One meeting."""

    def open_meeting(self, meeting_id: int, lang: str | None = None) -> MeetingPage:
        """Go straight to a meeting's page."""
        self.path = f"/meetings/{meeting_id}"
        self.open(lang)
        return self

    @property
    def name(self) -> str:
        """The meeting's name."""
        return self.heading

    def calendar_link(self) -> Any:
        """The "Add to calendar" link."""
        return self.page.locator("a[href$='.ics']")

    def download_calendar(self) -> tuple[str, str]:
        """Download the .ics; its suggested file name and its text."""
        with self.page.expect_download() as info:
            self.calendar_link().click()
        download = info.value
        text = Path(download.path()).read_text(encoding="utf-8")
        return download.suggested_filename, text

    def last_checked(self) -> str:
        """What the page says about when a peer last checked the meeting."""
        return self.page.locator("footer.verified").inner_text()

    def offers_still_true_today(self) -> bool:
        """Whether the page has the peer's "Still true today" button."""
        return self.page.locator("#verify-meeting").count() > 0

    def shows_save_hint(self) -> bool:
        """Whether the page explains that saving needs JavaScript."""
        return self.page.locator("#save-hint").is_visible()

    def save(self) -> None:
        """Press "Save on this phone"."""
        self.page.locator("#save-meeting").click()

    def is_saved(self) -> bool:
        """Whether the save button says this meeting is saved."""
        return self.page.locator("#save-meeting").get_attribute("aria-pressed") == "true"


class HelpPage(BasePage):
    """Crisis help."""

    path = "/help"

    def phone_links(self) -> list[str]:
        """The ``tel:`` links on the page."""
        return [
            link.get_attribute("href") for link in self.page.locator("main a[href^='tel:']").all()
        ]


class OfflinePage(BasePage):
    """What the service worker shows, with no network, for a page it did not keep."""

    path = "/offline"
