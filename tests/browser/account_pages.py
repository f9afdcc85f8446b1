"""Page objects for accounts: registering, logging in with a second step, and what each role sees.

Like ``pages.py`` they find controls by id or address rather than by visible text, so the same
journey runs in every language.
"""

from __future__ import annotations

import re
from typing import Any

from tests.browser.pages import BasePage, assert_accessible, path_of
from tests.factories import PASSWORD
from tests.support.auth import current_code

TURN_ON = {"nb": "Slå på varsler", "en": "Turn on notifications"}
#: the submit button of the one form on a page
SUBMIT = "main form button[type=submit]"


def tab_to(page: Any, selector: str, limit: int = 40) -> None:
    """Press Tab until the keyboard focus is on ``selector``, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(selector) => document.activeElement.matches(selector)", selector):
            return
    raise AssertionError(f"{limit} presses of Tab never reached {selector}")


def focused(page: Any) -> str:
    """A short description of the element that has the keyboard focus."""
    return page.evaluate(
        "(() => { const e = document.activeElement;"
        " return e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')"
        " + (e.className ? '.' + e.className.split(' ').join('.') : ''); })()"
    )


def accessible_name(locator: Any, role: str) -> str | None:
    """The name assistive technology gives an element of ``role``; ``None`` for another role."""
    match = re.match(rf'- {role} "(.*)"', locator.aria_snapshot())
    return match.group(1) if match else None


def follow(page: Any, selector: str, by_keyboard: bool = False) -> None:
    """Activate a link or button, by mouse or by Tab and Enter, and wait for the next page."""
    with page.expect_navigation():
        if by_keyboard:
            tab_to(page, selector)
            page.keyboard.press("Enter")
        else:
            page.locator(selector).click()


def log_in(page: Any, person: Any, password: str = PASSWORD) -> None:
    """Log in on the login page, then on the code page when asked, checking each with axe."""
    login = LoginPage(page).open()
    assert_accessible(page)
    login.log_in(person.username, password)
    if path_of(page) == "/login/code":
        assert_accessible(page)
        CodePage(page).enter_code(current_code(person.username))


class LoginPage(BasePage):
    """The first step of logging in: username and password."""

    path = "/login"

    def log_in(self, username: str, password: str) -> None:
        """Type the username and password and press "Log in"."""
        self.page.locator("#username").fill(username)
        self.page.locator("#password").fill(password)
        follow(self.page, SUBMIT)

    def error_summary(self) -> Any:
        """The box at the top that says what went wrong."""
        return self.page.locator(".error-summary")

    def error_links(self) -> list[str]:
        """Where the links in the error summary lead (``#password`` and the like)."""
        links = self.error_summary().locator("a").all()
        return [link.get_attribute("href") for link in links]

    def is_marked_invalid(self, field_id: str) -> bool:
        """Whether a field tells assistive technology it holds a mistake."""
        return self.page.locator(f"#{field_id}").get_attribute("aria-invalid") == "true"

    def field_error(self, field_id: str) -> str | None:
        """The error message tied to a field by ``aria-describedby``, if any."""
        described = self.page.locator(f"#{field_id}").get_attribute("aria-describedby") or ""
        for ref in described.split():
            if ref.endswith("-error"):
                return self.page.locator(f"#{ref}").inner_text()
        return None


class CodePage(BasePage):
    """The second step of logging in: a code from the authenticator app."""

    path = "/login/code"

    def enter_code(self, code: str) -> None:
        """Type the code and press "Continue"."""
        self.page.locator("#code").fill(code)
        follow(self.page, SUBMIT)


class SecondStepSetup(BasePage):
    """Setting up an authenticator app: a QR code, the same key as text, and the first code."""

    def qr_code(self) -> Any:
        """The QR code image."""
        return self.page.locator(".qr svg")

    def secret_key(self) -> str:
        """The key shown as text for those who cannot scan, without its spaces."""
        return self.page.locator("code.secret").inner_text().replace(" ", "")

    def turn_on(self, code: str) -> RecoveryCodesPage:
        """Type the first code from the app and press the button."""
        self.page.locator("#code").fill(code)
        follow(self.page, SUBMIT)
        return RecoveryCodesPage(self.page)


class EnrolPage(SecondStepSetup):
    """Staff without a second step set one up here before they get in."""

    path = "/login/enrol"


class SecurityPage(SecondStepSetup):
    """The "Second step at login" page of one's own account."""

    path = "/account/security"


class RecoveryCodesPage(BasePage):
    """The recovery codes, shown once."""

    def codes(self) -> list[str]:
        """The codes listed."""
        return self.page.locator(".codes code").all_inner_texts()

    def carry_on(self) -> None:
        """Press "I have saved them – continue"."""
        with self.page.expect_navigation():
            self.page.locator("main a.button").click()


class RegisterPage(BasePage):
    """Making a client account with a pseudonym."""

    path = "/register"

    def register_by_keyboard(self, username: str, password: str) -> None:
        """Tab to each field, type, and press Enter to send the form; no mouse at all."""
        keyboard = self.page.keyboard
        tab_to(self.page, "#username")
        keyboard.type(username)
        for field_id, text in (("password", password), ("password_again", password)):
            keyboard.press("Tab")
            assert focused(self.page).startswith(f"input#{field_id}"), focused(self.page)
            keyboard.type(text)
        with self.page.expect_navigation():
            keyboard.press("Enter")


class AccountPage(BasePage):
    """The "My account" page."""

    path = "/account"

    def username(self) -> str:
        """The username the page says I am logged in as."""
        return self.page.locator(".facts dd").first.inner_text()

    def open_access_log(self, by_keyboard: bool = False) -> AccessLogPage:
        """Follow "Who has looked at my data"."""
        follow(self.page, "main a[href='/account/access-log']", by_keyboard)
        return AccessLogPage(self.page)

    def open_security(self) -> SecurityPage:
        """Follow "Second step at login"."""
        follow(self.page, "main a[href='/account/security']")
        return SecurityPage(self.page)

    def facts(self) -> str:
        """The facts the page lists about the account (name, second step, codes left ...)."""
        return self.page.locator(".facts").inner_text()

    def notifications(self) -> Any:
        """The offer of notifications, once the page's script has shown it."""
        section = self.page.locator("section[data-push]")
        section.wait_for(state="visible")
        return section

    def notifications_explained(self) -> str:
        """The first thing the offer of notifications says."""
        return self.notifications().locator("p").first.inner_text()

    def turn_on_notifications_button(self) -> Any:
        """The "Turn on notifications" button, found by its name in the page's language."""
        return self.notifications().get_by_role("button", name=TURN_ON[self.language])

    def notifications_status(self) -> Any:
        """Where the offer says what happened after the press."""
        return self.notifications().locator("[data-push-status]")

    def notification_permission(self) -> str:
        """What the browser answers when asked whether notifications are allowed."""
        return self.page.evaluate("Notification.permission")

    def log_out(self, by_keyboard: bool = False) -> LoginPage:
        """Press "Log out"."""
        follow(self.page, "form.logout button", by_keyboard)
        return LoginPage(self.page)

    def log_out_and_clear_the_phone(self) -> LoginPage:
        """Press "Log out"; the page's script clears the phone before the login page loads."""
        with self.page.expect_navigation(url=re.compile(r"/login")):
            self.page.locator("form[data-logout] button[type=submit]").click()
        self.page.wait_for_load_state()
        return LoginPage(self.page)


class AccessLogPage(BasePage):
    """Who has looked at my data."""

    path = "/account/access-log"

    def entries(self) -> list[str]:
        """One line per access, newest first."""
        return self.page.locator("main tbody tr").all_inner_texts()

    def back_to_account(self, by_keyboard: bool = False) -> AccountPage:
        """Follow "Back to my account"."""
        follow(self.page, "main a[href='/account']", by_keyboard)
        return AccountPage(self.page)


class ClinicDashboardPage(BasePage):
    """A clinic's own page for its staff."""

    path = "/clinic"

    def client_names(self) -> list[str]:
        """The pseudonyms of the clients enrolled at the clinic."""
        return self.page.locator("main a[href^='/clinic/clients/']").all_inner_texts()

    def open_client(self, username: str) -> ClinicClientPage:
        """Open an enrolled client's page."""
        with self.page.expect_navigation():
            self.page.locator("main").get_by_role("link", name=username, exact=True).click()
        return ClinicClientPage(self.page)


class ClinicClientPage(BasePage):
    """One enrolled client, as clinic staff see them."""


class AdminHomePage(BasePage):
    """Administration: accounts and clinics."""

    path = "/admin/"

    def usernames(self) -> list[str]:
        """The accounts listed."""
        return self.page.locator("main a[href^='/admin/users/']").all_inner_texts()

    def open_user(self, username: str) -> AdminUserPage:
        """Open one account's page."""
        with self.page.expect_navigation():
            self.page.locator("main").get_by_role("link", name=username, exact=True).click()
        return AdminUserPage(self.page)


class AdminUserPage(BasePage):
    """One account, as an admin sees it."""


class AuditPage(BasePage):
    """The installation's audit log."""

    path = "/admin/audit"

    def entries(self) -> list[str]:
        """One line per event, newest first."""
        return self.page.locator("main tbody tr").all_inner_texts()
