"""The nurse during an attack on her name: someone elsewhere guesses her password until her
account is locked for unknown browsers, and she still logs in from her usual phone (its device
cookie). New recovery codes ask for her password; axe finds nothing on the way."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

from tests.browser.account_pages import AccountPage, RecoveryCodesPage, follow, log_in
from tests.browser.pages import LANGS, assert_accessible, path_of
from tests.factories import PASSWORD

CODES_FORM = "form[action$='/account/security/recovery-codes']"


def _guess(base_url: str, username: str, password: str) -> int:
    """One sign-in attempt through the API from another program (not her phone)."""
    request = urllib.request.Request(  # noqa: S310  # the live test server
        base_url + "/api/v1/session",
        data=json.dumps({"username": username, "password": password}).encode(),
        headers={"Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:  # noqa: S310  # nosec B310
            return int(answer.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


@LANGS
def test_the_nurse_gets_in_from_her_phone_while_her_name_is_attacked(
    open_phone, add_person, live_server, lang
):
    nurse = add_person("clinic")
    phone = open_phone(lang)
    page = phone.page
    log_in(page, nurse)
    assert path_of(page) == "/clinic"
    AccountPage(page).open().log_out()

    answers = [_guess(live_server.url, nurse.username, "not her password") for _ in range(6)]
    assert answers == [401] * 5 + [429]
    assert _guess(live_server.url, nurse.username, PASSWORD) == 429  # locked for strangers

    log_in(page, nurse)  # her own phone: not locked out
    assert path_of(page) == "/clinic"

    page.goto(phone.base_url + "/account/security")
    assert_accessible(page)
    page.locator(f"{CODES_FORM} input[type=password]").fill("not her password")
    follow(page, f"{CODES_FORM} button")
    assert page.locator(".error-summary").is_visible()
    assert_accessible(page)
    page.locator(f"{CODES_FORM} input[type=password]").fill(PASSWORD)
    follow(page, f"{CODES_FORM} button")
    codes = RecoveryCodesPage(page).codes()
    assert len(codes) == 10
    assert all(len(code.replace("-", "")) == 24 for code in codes)
    assert_accessible(page)
