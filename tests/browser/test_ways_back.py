"""Getting back in on a 360 px phone, in Bokmål and English, with axe-core on every page: a
passkey made and used through Chromium's virtual authenticator, recovery codes at registration,
a forgotten password reset with one and with the clinic's code, and the button on a signed-out
phone that reaches the clinic's queue."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from urllib.parse import urlsplit

import pytest

from tests.browser.account_pages import (
    AccountPage,
    ClinicDashboardPage,
    LoginPage,
    RegisterPage,
    follow,
    log_in,
)
from tests.browser.conftest import LOCALES, Visit, open_visit
from tests.browser.pages import LANGS, assert_accessible, path_of
from tests.browser.readmission_pages import ClinicQueuePage
from tests.browser.ways_back_pages import (
    ClinicAccessPage,
    PasskeyLogin,
    ResetCodesPage,
    ResetPasswordPage,
    SignedOutStart,
    WaysBack,
    give_the_phone_a_lock,
)

NEW_PASSWORD = "et nytt og langt passord"
SENT = {"nb": "sendt", "en": "sent"}


@pytest.fixture
def localhost_phone(browser, live_server) -> Iterator[Callable[..., Visit]]:
    """Phones that open the app as http://localhost (a passkey needs a host name, not an IP);
    after the test, none asked another host."""
    opened: list[Visit] = []
    port = urlsplit(live_server.url).port

    def open_(lang: str = "nb") -> Visit:
        visit = open_visit(
            browser, live_server, locale=LOCALES[lang], base_url=f"http://localhost:{port}"
        )
        opened.append(visit)
        return visit

    try:
        yield open_
        for visit in opened:
            foreign = [u for u in visit.requests if urlsplit(u).hostname != "localhost"]
            assert not foreign, f"requests to other hosts: {foreign}"
    finally:
        for visit in opened:
            visit.context.close()


@LANGS
def test_a_client_adds_a_passkey_and_signs_in_with_the_phones_lock(
    localhost_phone, add_person, lang
):
    client = add_person("client")
    phone = localhost_phone(lang)
    page = phone.page
    give_the_phone_a_lock(phone.context, page)
    log_in(page, client)
    account = WaysBack(page).open()
    assert account.passkey_names() == []
    assert_accessible(page)

    account.add_passkey(f"Telefon {lang}")
    assert path_of(page) == "/account"
    assert account.passkey_names() == [f"Telefon {lang}"]
    assert_accessible(page)

    account.log_out()
    login = PasskeyLogin(page)
    assert path_of(page) == "/login"
    assert login.passkey_button().is_visible()
    assert_accessible(page)
    login.log_in_with_passkey()
    assert path_of(page) != "/login"
    assert AccountPage(page).open().username() == client.username  # signed in, fully
    assert_accessible(page)


@LANGS
def test_a_forgotten_password_is_reset_with_a_recovery_code_from_registration(open_phone, lang):
    page = open_phone(lang).page
    RegisterPage(page).open().register_by_keyboard(f"Glemsk {lang}", "en lang tur i fjellet")
    shown = ResetCodesPage(page)
    codes = shown.codes()
    assert len(codes) == 8 and all(len(code.replace("-", "")) == 24 for code in codes)
    assert_accessible(page)
    shown.carry_on()
    AccountPage(page).log_out()

    reset = PasskeyLogin(page).forgot_password()
    assert path_of(page) == "/reset-password"
    assert_accessible(page)
    reset.reset(f"Glemsk {lang}", "feil-kode", NEW_PASSWORD)
    assert path_of(page) == "/reset-password"  # refused, and said so
    assert page.locator(".error-summary").is_visible()
    assert_accessible(page)
    reset.reset(f"Glemsk {lang}", codes[0], NEW_PASSWORD)
    assert path_of(page) == "/login"
    assert page.locator("main p.notice[role=status]").is_visible()
    assert_accessible(page)
    LoginPage(page).log_in(f"Glemsk {lang}", NEW_PASSWORD)
    assert AccountPage(page).open().username() == f"Glemsk {lang}"


@LANGS
def test_the_clinic_hands_over_a_one_time_code_in_person(open_phone, add_person, lang):
    nurse = add_person("clinic")
    client = add_person("client", clinic_of=nurse)
    staff_page = open_phone(lang).page
    log_in(staff_page, nurse)
    ClinicDashboardPage(staff_page).open().open_client(client.username)
    follow(staff_page, f"main a[href='/clinic/clients/{client.id}/access']")
    assert_accessible(staff_page)
    code = ClinicAccessPage(staff_page).make_code()
    assert len(code.replace("-", "")) == 24
    assert_accessible(staff_page)

    page = open_phone(lang).page
    reset = ResetPasswordPage(page).open()
    reset.reset(client.username, code.upper(), NEW_PASSWORD)
    assert path_of(page) == "/login"
    LoginPage(page).log_in(client.username, NEW_PASSWORD)
    assert AccountPage(page).open().username() == client.username

    other = ResetPasswordPage(open_phone(lang).page).open()
    other.reset(client.username, code, "nok et langt passord")
    assert path_of(other.page) == "/reset-password"  # the code worked once


@LANGS
def test_a_signed_out_phone_taps_the_button_and_the_clinic_gets_the_request(
    open_phone, add_person, lang
):
    nurse = add_person("clinic")
    client = add_person("client", clinic_of=nurse)
    page = open_phone(lang).page
    log_in(page, client)
    account = WaysBack(page).open()
    assert not account.kept_here().is_visible()
    assert_accessible(page)
    account.keep_the_button()
    assert account.kept_here().is_visible()
    assert account.phones_with_the_button() != []
    assert_accessible(page)

    account.log_out()  # the button stays on the phone (My account says so)
    start = SignedOutStart(page).open()
    assert start.button().is_visible()
    assert client.clinic_name in start.hint()
    assert_accessible(page)
    said = start.tap()
    assert client.clinic_name in said
    assert_accessible(page)
    assert AccountPage(page).open() and path_of(page) == "/login"  # still signed out

    staff_page = open_phone(lang).page
    log_in(staff_page, nurse)
    queue = ClinicQueuePage(staff_page).open()
    assert any(client.username in " ".join(row) for row in queue.rows())
    assert_accessible(staff_page)
