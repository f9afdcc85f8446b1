"""Page objects of reporting a problem with a listing, settling it, the printable schedule and
the calendar subscriptions."""

from __future__ import annotations

from typing import Any

from tests.browser.account_pages import follow
from tests.browser.pages import BasePage, MeetingPage


class ReportPage(BasePage):
    """The "report a problem" form of a listing, and its thank-you."""

    def choose(self, reason: str) -> ReportPage:
        """Pick what is wrong (``moved``, ``time_changed``, ``other``) by keyboard."""
        self.page.locator(f"#reason-{reason}").focus()
        self.page.keyboard.press("Space")
        return self

    def write(self, text: str) -> ReportPage:
        """Say what you know."""
        self.page.locator("#text").fill(text)
        return self

    def send(self) -> ReportPage:
        """Send it; the same page says thank you."""
        follow(self.page, "#send-report", by_keyboard=True)
        return self

    def received(self) -> str:
        """The thank-you, once sent."""
        return self.page.locator("#report-sent").inner_text()


class ListingPage(MeetingPage):
    """A meeting's page, with "report a problem", the reported mark and the peers' settling."""

    def report_a_problem(self) -> ReportPage:
        """Follow "Report a problem with this listing"."""
        follow(self.page, "#report-problem", by_keyboard=True)
        return ReportPage(self.page)

    def says_a_change_is_reported(self) -> bool:
        """Whether the page says that a change has been reported."""
        return self.page.locator("#reported").count() > 0

    def reported_problems(self) -> str:
        """What the peers' tools list as reported problems."""
        return self.page.locator("#reports").inner_text()

    def settle(self, outcome: str) -> ListingPage:
        """Settle the first reported problem as ``fixed`` or ``not``."""
        follow(self.page, f"#reports [id^='settle-{outcome}-']", by_keyboard=True)
        return self

    def notice(self) -> str:
        """The message shown after an action."""
        return self.page.locator("div.notice[role=status]").inner_text()

    def local_time(self) -> Any:
        """The line giving the meeting's time where the visitor is."""
        return self.page.locator("#local-time")


class PrintPage(BasePage):
    """The printable schedule of a town or county."""

    path = "/meetings/print"

    def days(self) -> list[str]:
        """The days listed, in order."""
        return self.page.locator(".schedule-day h2").all_inner_texts()

    def legend(self) -> list[str]:
        """The type codes the legend explains."""
        return self.page.locator(".schedule-legend dt").all_inner_texts()
