"""Things to do in the product's words: the finder, one event, and adding one."""

from __future__ import annotations

from tests.browser.account_pages import follow
from tests.browser.pages import BasePage


class EventFinderPage(BasePage):
    """Events this week, soonest first."""

    path = "/events"

    def titles(self) -> list[str]:
        """The events listed, by title."""
        return self.page.locator("#events li > a").all_inner_texts()

    def open_event(self, title: str) -> EventPage:
        """Open one event from the list."""
        follow(self.page, f"#events li > a:text-is('{title}')")
        return EventPage(self.page)


class NewEventPage(BasePage):
    """A peer's form to add an event."""

    path = "/events/new"

    def add_weekly(
        self, title: str, day: str, start: str, end: str, place: str, town: str
    ) -> EventPage:
        """Fill in a weekly event in a place, and add it."""
        self.page.locator("#title").fill(title)
        self.page.locator("#day").fill(day)
        self.page.locator("#start").fill(start)
        self.page.locator("#end").fill(end)
        self.page.locator("#weekly").check()
        self.page.locator("#place_name").fill(place)
        self.page.locator("#city").fill(town)
        self.page.locator("#for_whom").fill("Alle")
        follow(self.page, "#save-event")
        return EventPage(self.page)

    def errors(self) -> list[str]:
        """The messages in the error summary."""
        return self.page.locator(".error-summary li").all_inner_texts()


class EventPage(BasePage):
    """One event."""

    def times(self) -> list[str]:
        """The next times, as written."""
        return self.page.locator("#event-times li").all_inner_texts()
