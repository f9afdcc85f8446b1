"""Page objects of the sober places: the place finder and a place's page."""

from __future__ import annotations

from tests.browser.account_pages import follow
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

    def results_heading(self) -> str:
        """The heading that counts the results."""
        return self.page.locator("#results-heading").inner_text()

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

    def still_true_today(self) -> PlacePage:
        """Press "Still true today" (a peer)."""
        follow(self.page, "#verify")
        return self

    def last_checked(self) -> str:
        """What the peers' panel says about the last check."""
        return self.page.locator("section.care p").first.inner_text()

    def edit(self) -> PlaceEditPage:
        """Follow "Edit" (a peer)."""
        follow(self.page, "#edit")
        return PlaceEditPage(self.page)

    def archive(self) -> ArchivePage:
        """Follow "Archive" (a peer): the page that asks once more."""
        follow(self.page, "#archive")
        return ArchivePage(self.page)


class LookAfterPage(BasePage):
    """The places a peer should check first."""

    path = "/places/look-after"

    def new_place(self) -> PlaceEditPage:
        """Follow "New place"."""
        follow(self.page, "#new-place")
        return PlaceEditPage(self.page)

    def names(self) -> list[str]:
        """The places listed, in order."""
        return self.page.locator(".care-card h3 a").all_inner_texts()


class PlaceEditPage(BasePage):
    """The form to add or correct a place, with its week and its dates."""

    def fill(self, **fields: str) -> PlaceEditPage:
        """Type into the plain fields named by id (``name``, ``postal_code``, ``city`` ...)."""
        for control, value in fields.items():
            self.page.locator(f"#{control}").fill(value)
        return self

    def kind(self, code: str) -> PlaceEditPage:
        """Choose the kind of place."""
        self.page.locator("#kind").select_option(code)
        return self

    def period(self, day: int, row: int, opens: str, closes: str) -> PlaceEditPage:
        """Type one period of a weekday (0 = Sunday)."""
        self.page.locator(f"#h{day}-{row}-opens").fill(opens)
        self.page.locator(f"#h{day}-{row}-closes").fill(closes)
        return self

    def closed_on(self, row: int, on: str) -> PlaceEditPage:
        """A date the place is closed all day (``YYYY-MM-DD``)."""
        self.page.locator(f"#x{row}-date").fill(on)
        return self

    def value(self, control: str) -> str:
        """What a field holds now."""
        return self.page.locator(f"#{control}").input_value()

    def save(self) -> PlacePage:
        """Press the save button; the place's page when it was saved."""
        follow(self.page, "#save")
        return PlacePage(self.page)

    def save_by_enter(self, control: str) -> None:
        """Press Enter in a field, as a keyboard user sends a form."""
        with self.page.expect_navigation():
            self.page.locator(f"#{control}").press("Enter")

    def error_links(self) -> list[str]:
        """Where the links in the error summary lead."""
        links = self.page.locator(".error-summary a").all()
        return [link.get_attribute("href") for link in links]

    def field_error(self, control: str) -> str | None:
        """The message tied to a control by ``aria-describedby``, if any."""
        described = self.page.locator(f"#{control}").get_attribute("aria-describedby") or ""
        for ref in described.split():
            if ref.endswith("-error"):
                return self.page.locator(f"#{ref}").inner_text()
        return None


class ArchivePage(BasePage):
    """ "Archive this place?"."""

    def confirm(self) -> LookAfterPage:
        """Press "Yes, archive it"."""
        follow(self.page, "#confirm-archive")
        return LookAfterPage(self.page)
