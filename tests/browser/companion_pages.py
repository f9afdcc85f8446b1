"""Come with me in the product's words: ask for company from a meeting, the request as each side
sees it, the peer's yes, and how it went."""

from __future__ import annotations

from tests.browser.account_pages import follow
from tests.browser.pages import BasePage, MeetingPage


class MeetingWithCompany(MeetingPage):
    """A meeting's page, with its "Come with me" link."""

    def ask_for_company(self) -> AskForCompanyPage:
        """Follow "Come with me" to the form."""
        follow(self.page, "#come-with-me")
        return AskForCompanyPage(self.page)


class AskForCompanyPage(BasePage):
    """Which time, where to meet, and a short note."""

    def times(self) -> list[str]:
        """The occurrences offered, as written."""
        return self.page.locator("#when label").all_inner_texts()

    def ask(self, spot: str | None = None, note: str = "") -> None:
        """Meet at the door (or at ``spot``), write the note, and ask."""
        if spot is None:
            self.page.locator("#where-door").check()
        else:
            self.page.locator("#where-spot").check()
            self.page.locator("#meeting_point").fill(spot)
        self.page.locator("#note").fill(note)
        follow(self.page, "#ask-company")

    def errors(self) -> list[str]:
        """The messages in the error summary."""
        return self.page.locator(".error-summary li").all_inner_texts()


class CompanyRequestPage(BasePage):
    """One request for company, as its client or a peer sees it."""

    def status(self) -> str:
        """What the page says the request's state is."""
        return self.page.locator("#company-status").inner_text()

    def meeting_point(self) -> str:
        """Where the two meet."""
        return self.page.locator("#meeting-point").inner_text()

    def other_name(self) -> str:
        """The other side's display name (shown once accepted)."""
        return self.page.locator("#other-name").inner_text()

    def accept(self) -> CompanyRequestPage:
        """A peer says "Yes, I will come along"."""
        follow(self.page, "#accept-company")
        return self

    def can_tell_how_it_went(self) -> bool:
        """Whether the "How did it go?" answers are offered."""
        return self.page.locator("#how-it-went").count() == 1

    def tell_how_it_went(self, outcome: str) -> CompanyRequestPage:
        """One tap on an answer: good, okay, hard or did_not_go."""
        follow(self.page, f"#how-it-went button[value='{outcome}']")
        return self

    def outcome(self) -> str:
        """How it went, as the client said."""
        return self.page.locator("#outcome").inner_text()
