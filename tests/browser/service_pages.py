"""Page objects of help services: the services finder, a service's page (save to the plan,
report a problem, the peers' settling) and the stewards' list."""

from __future__ import annotations

from tests.browser.account_pages import follow
from tests.browser.listing_care_pages import ListingPage
from tests.browser.pages import BasePage


class ServiceFinderPage(BasePage):
    """Find help in your municipality."""

    path = "/services"

    def where(self, text: str) -> ServiceFinderPage:
        """Type a town or postal code."""
        self.page.locator("#where").fill(text)
        return self

    def words(self, text: str) -> ServiceFinderPage:
        """Open the filters and type words the service's name holds."""
        filters = self.page.locator("details.filters")
        if filters.get_attribute("open") is None:
            filters.locator("summary").click()
        self.page.locator("#q").fill(text)
        return self

    def kind_of_help(self, code: str) -> ServiceFinderPage:
        """Choose a kind of help."""
        self.page.locator("#category").select_option(code)
        return self

    def only_open_now(self) -> ServiceFinderPage:
        """Tick "Open now"."""
        self.page.locator("#open-now").check()
        return self

    def search(self) -> ServiceFinderPage:
        """Press the search button and wait for the results."""
        with self.page.expect_navigation():
            self.page.locator("#search").click()
        return self

    def result_names(self) -> list[str]:
        """The names of the services listed, in order."""
        return self.page.locator(".card-title a").all_inner_texts()

    def is_marked_open(self, name: str) -> bool:
        """Whether a listed service's card marks it as open now."""
        title = self.page.locator(".card-title", has_text=name)
        card = self.page.locator(".service-card", has=title)
        return card.locator(".mark-progress").count() == 1

    def first_result_top(self) -> float:
        """How far down the page the first result's title starts, in CSS pixels."""
        box = self.page.locator(".card-title").first.bounding_box()
        return box["y"] if box else -1.0

    def open_service(self, name: str) -> ServicePage:
        """Open a service from the results."""
        with self.page.expect_navigation():
            self.page.locator(".card-title a", has_text=name).click()
        return ServicePage(self.page)


class ServicePage(ListingPage):
    """One help service: reported and settled as a meeting's page is."""

    def open_service(self, service_id: int, lang: str | None = None) -> ServicePage:
        """Go straight to a service's page."""
        self.path = f"/services/{service_id}"
        self.open(lang)
        return self

    def save_to_plan(self) -> ServicePage:
        """Press "Save to my plan" (a plain form: the page reloads)."""
        follow(self.page, "form.plan-save button", by_keyboard=True)
        return self

    def is_in_my_plan(self) -> bool:
        """Whether the save button says the service is in my plan."""
        return self.page.locator("form.plan-save button").get_attribute("aria-pressed") == "true"

    def is_marked_open(self) -> bool:
        """Whether the page marks the service as open now."""
        return self.page.locator("header .mark-progress").count() == 1

    def how_to_get_in(self) -> str:
        """The "How to get in" section's text."""
        return self.page.locator("section[aria-labelledby='how-heading']").inner_text()


class ServicesToLookAfterPage(BasePage):
    """The stewards' list of services, reported and stale first."""

    path = "/services/look-after"

    def names(self) -> list[str]:
        """The services listed, in order."""
        return self.page.locator(".care-card h3 a").all_inner_texts()

    def open_reported(self, name: str) -> ServicePage:
        """Follow a service's "Problem reported" mark to its reports."""
        card = self.page.locator(".care-card", has=self.page.locator("h3", has_text=name))
        with self.page.expect_navigation():
            card.locator("a.badge-conflict").click()
        return ServicePage(self.page)
