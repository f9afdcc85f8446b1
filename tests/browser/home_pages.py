"""Page objects for a client's home at ``/``, and the live state of a request on it and on the
request page. Like the other page objects they find things by address, class and role, not by
visible text, so the same journey runs in every language."""

from __future__ import annotations

from typing import Any, Self

from playwright.sync_api import Locator

from tests.browser.account_pages import follow
from tests.browser.pages import BasePage
from tests.browser.readmission_pages import COME_BACK_BUTTON, RequestPage


def top_in_page(locator: Locator) -> float:
    """Where an element starts, in CSS pixels from the top of the page (not of the screen)."""
    return locator.evaluate("(element) => element.getBoundingClientRect().top + window.scrollY")


def bottom_in_page(locator: Locator) -> float:
    """Where an element ends, in CSS pixels from the top of the page."""
    return locator.evaluate("(element) => element.getBoundingClientRect().bottom + window.scrollY")


class ClientHome(BasePage):
    """``/`` for a signed-in client: the way back first, then today, then help on a hard day."""

    path = "/"

    def open(self, lang: str | None = None, query: str = "") -> Self:
        """Go to the home, optionally choosing a language."""
        super().open(lang, query)
        return self

    def come_back_button(self) -> Locator:
        """The "I need to come back" button, while no request is open."""
        return self.page.locator(COME_BACK_BUTTON)

    def press_come_back(self) -> RequestPage:
        """Press the button and wait for the request page."""
        follow(self.page, COME_BACK_BUTTON)
        return RequestPage(self.page)

    def see_request(self) -> LiveRequestPage:
        """While a request is open: follow the card's link to its page."""
        follow(self.page, "main section.come-back a[href^='/readmission/']")
        return LiveRequestPage(self.page)

    def request_card(self) -> Locator:
        """While a request is open: where it stands now, in words."""
        return self.page.locator("main section.come-back [data-live-status]")

    def check_in(self) -> Locator:
        """The one link to today's check-in."""
        return self.page.locator("main #home-checkin")

    def hard_day(self) -> Locator:
        """Help on a hard day."""
        return self.page.locator("main section[aria-labelledby='hard-day-title']")

    def home_link(self) -> Locator:
        """The header's way home."""
        return self.page.locator("header .bar a[href='/']").last

    def page_height(self) -> int:
        """How tall the whole page is, in CSS pixels."""
        return int(self.page.evaluate("document.documentElement.scrollHeight"))


class LiveRequestPage(RequestPage):
    """A client's request page, watched while it keeps itself up to date."""

    def mark_this_load(self) -> None:
        """Leave a mark on this load of the page: a reload would wipe it."""
        self.page.evaluate("window.__sameLoad = true")

    def is_same_load(self) -> bool:
        """Whether the page is still the one marked (it was never reloaded)."""
        return bool(self.page.evaluate("window.__sameLoad === true"))

    def receive_push(self) -> None:
        """What the service worker does when a push message comes: tell the open page."""
        self.page.evaluate(
            "navigator.serviceWorker.dispatchEvent("
            "new MessageEvent('message', {data: {type: 'push', url: location.pathname}}))"
        )

    def scroll_to_bottom(self) -> float:
        """Scroll down as far as the page goes; how far that is."""
        return float(
            self.page.evaluate(
                "window.scrollTo(0, document.documentElement.scrollHeight); window.scrollY"
            )
        )

    def scrolled(self) -> float:
        """How far down the page is scrolled now."""
        return float(self.page.evaluate("window.scrollY"))

    def headline(self) -> Locator:
        """The current state's headline (the page's h1)."""
        return self.status_now().locator("h1")


def on(page: Any) -> LiveRequestPage:
    """The request page now open in ``page``."""
    return LiveRequestPage(page)
