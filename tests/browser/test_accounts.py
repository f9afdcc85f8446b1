"""Each role logs in on a 360 px phone, and axe-core finds nothing on any page on the way."""

from __future__ import annotations

import base64

import pyotp
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from playwright.sync_api import expect

from tests.browser.account_pages import (
    AccountPage,
    AdminHomePage,
    AuditPage,
    ClinicDashboardPage,
    EnrolPage,
    LoginPage,
    RecoveryCodesPage,
    RegisterPage,
    accessible_name,
    focused,
    log_in,
)
from tests.browser.pages import LANGS, assert_accessible, horizontal_overflow, path_of

MY_ACCOUNT = {"nb": "Min konto", "en": "My account"}
SECOND_STEP = {"nb": "Totrinnsinnlogging", "en": "Second step at login"}
QR_CODE = {"nb": "QR-kode til autentiseringsappen", "en": "QR code for your authenticator app"}
PUSH_EXPLAINED = {"nb": "Peerapp kan gi deg beskjed", "en": "Peerapp can tell you"}
PUSH_BLOCKED = {
    "nb": "Denne nettleseren blokkerer varsler fra Peerapp. Du kan tillate dem i nettleserens "
    "innstillinger for nettstedet.",
    "en": "This browser blocks notifications from Peerapp. You can allow them in the browser’s "
    "site settings.",
}


@LANGS
def test_a_visitor_registers_by_keyboard_and_logs_out(open_phone, lang):
    page = open_phone(lang).page
    register = RegisterPage(page).open()
    assert register.language == lang
    assert_accessible(page)

    register.register_by_keyboard(f"Morgenfugl {lang}", "en lang tur i fjellet")
    codes = RecoveryCodesPage(page)
    assert len(codes.codes()) == 8  # for a forgotten password, shown once
    assert_accessible(page)
    codes.carry_on()
    account = AccountPage(page)
    assert path_of(page) == "/account"
    assert account.heading == MY_ACCOUNT[lang]
    assert account.username() == f"Morgenfugl {lang}"
    assert_accessible(page)

    access_log = account.open_access_log(by_keyboard=True)
    assert path_of(page) == "/account/access-log"
    assert access_log.entries() == []
    assert_accessible(page)

    login = access_log.back_to_account(by_keyboard=True).log_out(by_keyboard=True)
    assert path_of(page) == "/login"
    assert login.language == lang
    assert_accessible(page)
    AccountPage(page).open()
    assert path_of(page) == "/login", "the session should have ended"


@LANGS
def test_a_peer_sets_up_the_second_step_from_the_key_in_text(open_phone, add_person, lang):
    peer = add_person("peer")
    page = open_phone(lang).page
    log_in(page, peer)
    account = AccountPage(page)
    assert path_of(page) == "/account"
    assert_accessible(page)

    security = account.open_security()
    assert security.heading == SECOND_STEP[lang]
    assert security.qr_code().is_visible()
    assert_accessible(page)

    recovery = security.turn_on(pyotp.TOTP(security.secret_key()).now())
    codes = recovery.codes()
    assert len(codes) == len(set(codes)) >= 8
    assert_accessible(page)
    recovery.carry_on()
    assert path_of(page) == "/account"
    assert f"({len(codes)} " in account.facts()


@LANGS
def test_clinic_staff_open_a_client_and_the_client_sees_it(open_phone, add_person, lang):
    staff = add_person("clinic")
    client = add_person("client", clinic_of=staff)
    page = open_phone(lang).page
    log_in(page, staff)
    assert path_of(page) == "/clinic"
    assert_accessible(page)

    dashboard = ClinicDashboardPage(page)
    assert dashboard.client_names() == [client.username]
    client_page = dashboard.open_client(client.username)
    assert client_page.heading == client.username
    assert_accessible(page)

    phone = open_phone().page  # the client's own phone, in Bokmål
    log_in(phone, client)
    access_log = AccountPage(phone).open_access_log()
    [entry] = access_log.entries()
    assert staff.username in entry
    assert staff.clinic_name in entry
    assert_accessible(phone)


@LANGS
def test_clinic_staff_without_a_second_step_must_set_it_up_first(open_phone, add_person, lang):
    staff = add_person("clinic", totp=False)
    page = open_phone(lang).page
    log_in(page, staff)
    assert path_of(page) == "/login/enrol"
    enrol = EnrolPage(page)
    qr_code = enrol.qr_code()
    assert qr_code.is_visible()
    assert accessible_name(qr_code, "img") == QR_CODE[lang]
    assert_accessible(page)
    key = enrol.secret_key()

    ClinicDashboardPage(page).open()
    assert path_of(page) == "/login", "the clinic stays closed until the second step is set up"
    enrol.open()
    assert enrol.secret_key() == key

    recovery = enrol.turn_on(pyotp.TOTP(key).now())
    assert recovery.codes()
    assert_accessible(page)
    recovery.carry_on()
    assert path_of(page) == "/clinic"
    assert_accessible(page)


@LANGS
def test_an_admin_sees_accounts_a_user_and_the_audit_log(open_phone, add_person, lang):
    admin = add_person("admin")
    client = add_person("client")
    page = open_phone(lang).page
    log_in(page, admin)
    assert path_of(page) == "/admin/"
    assert_accessible(page)

    home = AdminHomePage(page)
    assert client.username in home.usernames()
    user_page = home.open_user(client.username)
    assert user_page.heading == client.username
    assert_accessible(page)

    audit = AuditPage(page).open()
    newest = audit.entries()[0]
    assert admin.username in newest and "account.view" in newest and str(client.id) in newest
    assert_accessible(page)


@LANGS
def test_a_wrong_password_is_announced_and_leads_to_the_field(open_phone, add_person, lang):
    client = add_person("client")
    page = open_phone(lang).page
    login = LoginPage(page).open()
    login.log_in(client.username, "not the password at all")

    summary = login.error_summary()
    assert summary.get_attribute("role") == "alert"
    assert focused(page).startswith("div.error-summary"), focused(page)
    assert login.error_links() == ["#password"]
    assert summary.locator("a").inner_text() in login.field_error("password")
    assert login.is_marked_invalid("password")
    assert_accessible(page)


def test_account_pages_reflow_at_200_percent_zoom(open_phone, add_person):
    # 200 % browser zoom: 640 device pixels become 320 CSS pixels, as in test_accessibility
    staff = add_person("clinic")
    page = open_phone(viewport={"width": 320, "height": 640}, device_scale_factor=2).page
    assert RegisterPage(page).open().viewport_width() == 320
    assert horizontal_overflow(page) == 0, "register"
    LoginPage(page).open().log_in(staff.username, "not the password at all")
    assert horizontal_overflow(page) == 0, "login with an error"
    log_in(page, staff)
    assert path_of(page) == "/clinic"
    assert horizontal_overflow(page) == 0, "clinic"
    AccountPage(page).open()
    assert horizontal_overflow(page) == 0, "account"


def _vapid_public_key() -> str:
    key = ec.generate_private_key(ec.SECP256R1()).public_key()
    point = key.public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    return base64.urlsafe_b64encode(point).decode().rstrip("=")


@LANGS
def test_notifications_are_explained_and_asked_for_only_on_a_press(
    open_phone, add_person, live_server, monkeypatch, lang
):
    monkeypatch.setitem(live_server.app.config, "PEERAPP_VAPID_PUBLIC_KEY", _vapid_public_key())
    client = add_person("client")
    page = open_phone(lang, service_workers="allow").page
    log_in(page, client)
    account = AccountPage(page)
    turn_on = account.turn_on_notifications_button()
    assert turn_on.is_visible()
    assert account.notifications_explained().startswith(PUSH_EXPLAINED[lang])
    assert account.notification_permission() == "default", "asked before the press"
    assert_accessible(page)

    # this browser is not allowed to show notifications, so pressing says so and where to change it
    turn_on.click()
    status = account.notifications_status()
    expect(status).to_have_text(PUSH_BLOCKED[lang])
    assert status.get_attribute("role") == "status"
    assert turn_on.is_enabled()
    assert_accessible(page)
