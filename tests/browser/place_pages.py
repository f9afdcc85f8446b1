"""Page objects of the sober places: the place finder and a place's page."""

from __future__ import annotations

from tests.browser.pages import BasePage


class PlaceFinderPage(BasePage):
    """Find a sober place."""

    path = "/places"

    def where(self, text: str) -> PlaceFinderPage:
        """Type a town or postal code."""
        self.page.locator("#where").fill(text)
        return self

    def only_open_now(self) -> PlaceFinderPage:
        """Tick "Open now"."""
        self.page.locator("#open-now").check()
        return self

    def search(self) -> PlaceFinderPage:
        """Press the search button and wait for the results."""
        with self.page.expect_navigation():
            self.page.locator("#search").click()
        return self

    def result_names(self) -> list[str]:
        """The names of the places listed, in order."""
        return self.page.locator(".card-title a").all_inner_texts()

    def is_marked_open(self, name: str) -> bool:
        """Whether a listed place's card marks it as open now."""
        card = self.page.locator(".place-card", has=self.page.locator(".card-title", has_text=name))
        return card.locator(".mark-progress").count() == 1

    def show_hours(self, name: str) -> str:
        """Unfold a listed place's week; its text."""
        card = self.page.locator(".place-card", has=self.page.locator(".card-title", has_text=name))
        card.locator("details.week summary").click()
        return card.locator("table.hours").inner_text()

    def open_place(self, name: str) -> PlacePage:
        """Open a place from the results."""
        with self.page.expect_navigation():
            self.page.locator(".card-title a", has_text=name).click()
        return PlacePage(self.page)


class PlacePage(BasePage):
    """One sober place."""

    @property
    def name(self) -> str:
        """The place's name."""
        return self.heading

    def is_marked_open(self) -> bool:
        """Whether the page marks the place as open now."""
        return self.page.locator(".place .mark-progress").count() == 1

    def week(self) -> str:
        """The week's opening hours as text."""
        return self.page.locator("table.hours").inner_text()
