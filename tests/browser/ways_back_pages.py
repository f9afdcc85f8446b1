"""Page objects for getting back in: passkeys and recovery codes in My account, a new password
with a code, the clinic's one-time code and phones with the button, and the button on the start
page of a signed-out phone. Controls are found by id, mark or address, not by visible text."""

from __future__ import annotations

from typing import Any

from tests.browser.account_pages import AccountPage, LoginPage, follow
from tests.browser.pages import BasePage

#: Chromium's virtual authenticator: a phone with its own lock that verifies its user
PHONE_LOCK = {
    "protocol": "ctap2",
    "transport": "internal",
    "hasResidentKey": True,
    "hasUserVerification": True,
    "isUserVerified": True,
    "automaticPresenceSimulation": True,
}


def give_the_phone_a_lock(context: Any, page: Any) -> Any:
    """Attach a virtual platform authenticator to ``page`` (through the DevTools protocol)."""
    cdp = context.new_cdp_session(page)
    cdp.send("WebAuthn.enable", {"enableUI": False})
    cdp.send("WebAuthn.addVirtualAuthenticator", {"options": PHONE_LOCK})
    return cdp


class WaysBack(AccountPage):
    """My account's ways back in: passkeys, recovery codes, the button on this phone."""

    def passkey_names(self) -> list[str]:
        """The passkeys listed, by name."""
        return self.page.locator("[data-passkeys] li strong").all_inner_texts()

    def add_passkey(self, name: str) -> None:
        """Name the passkey and press "Add a passkey"; the phone's lock does the rest."""
        form = self.page.locator("form[data-passkey-add]")
        form.locator("#passkey-name").fill(name)
        with self.page.expect_navigation():
            form.locator("button[type=submit]").click()

    def keep_the_button(self) -> None:
        """Press "Keep the button on this phone"."""
        form = self.page.locator("form[data-keep-button]")
        with self.page.expect_navigation():
            form.locator("button[type=submit]").click()

    def kept_here(self) -> Any:
        """The note that this phone keeps the button."""
        return self.page.locator("#come-back-keys [data-kept]")

    def phones_with_the_button(self) -> list[str]:
        """The phones listed under the button on this phone."""
        return self.page.locator("#come-back-keys li strong").all_inner_texts()


class PasskeyLogin(LoginPage):
    """The login page's passkey button."""

    def passkey_button(self) -> Any:
        """The "Log in with a passkey" button (shown where the browser has passkeys)."""
        return self.page.locator("[data-passkey-login] button")

    def log_in_with_passkey(self) -> None:
        """Press the button: the phone's lock signs, and the page moves on."""
        with self.page.expect_navigation():
            self.passkey_button().click()

    def forgot_password(self) -> ResetPasswordPage:
        """Follow "Forgot password?"."""
        follow(self.page, "main a[href='/reset-password']")
        return ResetPasswordPage(self.page)


class ResetPasswordPage(BasePage):
    """``/reset-password``: a recovery code or the clinic's code sets a new password."""

    path = "/reset-password"

    def reset(self, username: str, code: str, new_password: str) -> None:
        """Fill in the form and send it."""
        for field_id, text in (
            ("username", username),
            ("code", code),
            ("new_password", new_password),
            ("new_password_again", new_password),
        ):
            self.page.locator(f"#{field_id}").fill(text)
        follow(self.page, "main form button[type=submit]")


class ResetCodesPage(BasePage):
    """The recovery codes for a forgotten password, shown once at registration."""

    def codes(self) -> list[str]:
        """The codes listed."""
        return self.page.locator("[data-reset-codes] code").all_inner_texts()

    def carry_on(self) -> None:
        """Press "I have saved them – continue"."""
        follow(self.page, "main a.button")


class ClinicAccessPage(BasePage):
    """A client's ways back in, as their clinic sees them."""

    def make_code(self) -> str:
        """Press "Make a one-time code" and read the code shown once."""
        follow(self.page, "main form[action$='/reset-code'] button")
        return self.page.locator("[data-reset-code]").inner_text()


class SignedOutStart(BasePage):
    """The start page of a signed-out phone that keeps a come-back key."""

    path = "/"

    def button(self) -> Any:
        """The button to come back."""
        return self.page.locator("[data-come-back-key] button")

    def hint(self) -> str:
        """What the button will do."""
        return self.page.locator("[data-come-back-key] [data-hint]").inner_text()

    def tap(self) -> str:
        """Tap the button and wait for what the page says."""
        self.button().click()
        result = self.page.locator("[data-come-back-key] [data-result]")
        result.wait_for(state="visible")
        return result.inner_text()
