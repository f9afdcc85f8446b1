"""Page objects for "what happens at a meeting": the first-time line on a meeting page, the
newcomer filter on the finder, and the explainer itself."""

from __future__ import annotations

from typing import Any

from tests.browser.pages import BasePage, FinderPage, MeetingPage


class MeetingWithFirstTime(MeetingPage):
    """A meeting page, read for what it offers someone going for the first time."""

    def shows_first_time_badge(self) -> bool:
        """Whether the page marks the meeting "good for a first time"."""
        return self.page.locator("main .badge-newcomer").count() > 0

    def first_time_link_top(self) -> float:
        """How far down the page the "First time?" link is, in CSS pixels."""
        return self.page.locator(".first-time-link a").bounding_box()["y"]

    def what_happens(self) -> FirstTimePage:
        """Tap "First time? What happens at ... meetings"."""
        with self.page.expect_navigation():
            self.page.locator(".first-time-link a").click()
        return FirstTimePage(self.page)


class NewcomerFinder(FinderPage):
    """The finder, searching for meetings marked for newcomers."""

    def only_newcomer_meetings(self) -> NewcomerFinder:
        """Tick "Good for a first time"."""
        self.open_filters()
        self.page.locator("#newcomer").check()
        return self

    def cards_with_badge(self) -> int:
        """How many result cards carry the "good for a first time" badge."""
        return self.page.locator(".results .card", has=self.page.locator(".badge-newcomer")).count()

    def what_happens(self) -> FirstTimePage:
        """Follow the link next to the results to the explainer."""
        with self.page.expect_navigation():
            self.page.locator(".results .newcomer-link a").click()
        return FirstTimePage(self.page)


class FirstTimePage(BasePage):
    """What happens at a meeting: the overview, or one fellowship's page."""

    path = "/meetings/first-time"

    def of(self, fellowship: str) -> FirstTimePage:
        """One fellowship's page (``aa``, ``al-anon`` ...)."""
        self.path = f"/meetings/first-time/{fellowship}"
        return self

    def section_headings(self) -> list[str]:
        """The headings a screen reader jumps between, in order."""
        return self.page.locator("main h2").all_inner_texts()

    def going_in_bottom(self) -> float:
        """Where the answer to "what happens when I go in" ends, in CSS pixels from the top."""
        box: dict[str, Any] = self.page.locator("section.going-in").bounding_box()
        return box["y"] + box["height"]

    def page_height(self) -> int:
        """The page's full height, in CSS pixels."""
        return self.page.evaluate("document.documentElement.scrollHeight")
