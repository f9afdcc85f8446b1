"""Page objects for relatives: the relatives' page, and making an account as a relative."""

from __future__ import annotations

from tests.browser.account_pages import follow
from tests.browser.pages import BasePage
from tests.browser.peer_pages import PeerProfilePage


class RelativesPage(BasePage):
    """Meetings for families, support for relatives, helplines and peers who talk with relatives."""

    path = "/relatives"

    def peer_names(self) -> list[str]:
        """The peers listed as talking with relatives."""
        return self.page.locator(
            "section[aria-labelledby='relatives-peers'] h3 a"
        ).all_inner_texts()

    def helplines(self) -> list[str]:
        """The numbers of the helplines, as shown."""
        return self.page.locator("#relatives-helplines ~ ul .call-number").all_inner_texts()

    def open_peer(self, name: str) -> PeerProfilePage:
        """Open a peer's profile from the list of peers who talk with relatives."""
        follow(self.page, f"section[aria-labelledby='relatives-peers'] h3 a:text-is('{name}')")
        return PeerProfilePage(self.page)

    def make_an_account(self) -> RelativeRegisterPage:
        """Follow "Make an account as a relative"."""
        follow(self.page, "#register-relative")
        return RelativeRegisterPage(self.page)


class RelativeRegisterPage(BasePage):
    """The registration form, reached from the relatives' page."""

    path = "/register"

    def relative_chosen(self) -> bool:
        """Whether "a relative or friend" is the choice already made."""
        return bool(self.page.locator("input[name=role][value=relative]").is_checked())

    def register(self, username: str, password: str) -> None:
        """Fill in the name and the password twice, and send the form."""
        self.page.locator("#username").fill(username)
        self.page.locator("#password").fill(password)
        self.page.locator("#password_again").fill(password)
        follow(self.page, "main form button[type=submit]")
