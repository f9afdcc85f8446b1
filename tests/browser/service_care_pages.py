"""Page objects of stewards looking after help services: the list to check first, and the form
that adds or corrects a service (its week and dates are the places' form's)."""

from __future__ import annotations

from tests.browser.account_pages import follow
from tests.browser.pages import BasePage
from tests.browser.place_pages import PlaceEditPage


class ServiceLookAfterPage(BasePage):
    """The services a steward should check first."""

    path = "/services/look-after"

    def new_service(self) -> ServiceEditPage:
        """Follow "New service"."""
        follow(self.page, "#new-service")
        return ServiceEditPage(self.page)


class ServiceEditPage(PlaceEditPage):
    """The form to add or correct a help service."""

    def category(self, code: str) -> ServiceEditPage:
        """Choose the kind of help."""
        self.page.locator("#category").select_option(code)
        return self

    def access(self, code: str) -> ServiceEditPage:
        """How to get in: ``drop_in``, ``appointment`` or ``both``."""
        self.page.locator(f"#access-{code}").check()
        return self

    def language(self, code: str) -> ServiceEditPage:
        """Tick a language, after opening the folded "more" part of the form."""
        more = self.page.locator("details.coordinates", has=self.page.locator("#languages"))
        if more.get_attribute("open") is None:
            more.locator("summary").click()
        self.page.locator(f"#language-{code}").check()
        return self

    def heading(self) -> str:
        """The page's heading."""
        return self.page.locator("main h1").inner_text()
