"""For the nurse, on a 360 px phone in Bokmål and English: a reference of the clinic's own given
at enrolment, shown in the queue and on the request; the queue that shows a new request without a
reload, keeping the nurse's place; and a note too long for the client, refused and kept."""

from __future__ import annotations

from flask_babel import force_locale, gettext
from playwright.sync_api import expect

from tests.browser.clinic_pages import EnrolWithReference, LiveQueue, sign_in
from tests.browser.conftest import open_visit
from tests.browser.pages import LANGS, assert_accessible
from tests.browser.readmission_pages import EnrolWithCodePage, HomeScreen

REFERENCE = "Journal 4471"
#: the queue refreshes every 20 s: a new request shows within this many milliseconds
WITHIN = 30_000


def said(live_server, lang: str, text: str, **values) -> str:
    """A message of the app in a language."""
    with live_server.app.test_request_context(), force_locale(lang):
        return gettext(text, **values)


@LANGS
def test_the_nurse_sees_the_reference_and_a_new_request_without_reloading(
    open_phone, add_person, live_server, lang
):
    staff = add_person("clinic")
    client = add_person("client")

    desk = open_phone(lang).page
    sign_in(desk, staff.username)
    enrol = EnrolWithReference(desk).open()
    shown = enrol.make_code_with_reference(REFERENCE)
    assert shown.reference() == REFERENCE
    code = shown.code()
    assert_accessible(desk)

    phone = open_phone(lang).page
    sign_in(phone, client.username)
    EnrolWithCodePage(phone).open().enter_code(code)

    # the nurse has the queue open, scrolled down to the monthly summary
    queue = LiveQueue(desk).open()
    expect(queue.row_locator()).to_have_count(0)
    assert queue.refresh_link().get_attribute("href") == "/clinic#queue-title"
    assert said(live_server, lang, "Updated at %(time)s.", time="")[:6] in queue.updated_at()
    queue.mark_this_load()
    desk.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    assert queue.top_of("#queue") < 0, "the queue is above what the nurse reads"
    reading = queue.top_of("#details-title")

    HomeScreen(phone).open().press_come_back()

    expect(queue.row_locator()).to_have_count(1, timeout=WITHIN)
    assert not queue.was_reloaded()
    assert abs(queue.top_of("#details-title") - reading) <= 2, "the nurse kept their place"
    [row] = queue.rows()
    assert row[0].startswith(client.username) and REFERENCE in row[0]
    assert queue.announcement() == said(live_server, lang, "A new request came in.")
    assert_accessible(desk)

    request = queue.open_request_of(client.username)
    assert request.reference() == REFERENCE
    assert_accessible(desk)

    note = ("Vi ringer deg i morgen. " * 50).strip()  # 1,199 characters
    assert len(note) == 1199
    request.write_note("contacted", note)
    expect(request.error_summary()).to_be_visible()
    assert request.note() == note
    length = {"nb": "1\u00a0199", "en": "1,199"}[lang]
    assert length in request.note_error()
    assert_accessible(desk)


def test_without_javascript_the_queue_says_when_it_was_updated(browser, live_server, add_person):
    staff = add_person("clinic")
    visit = open_visit(browser, live_server, java_script_enabled=False, locale="en-GB")
    try:
        sign_in(visit.page, staff.username)
        queue = LiveQueue(visit.page).open("en")
        assert queue.updated_at().startswith("Updated at ")
        with visit.page.expect_navigation():
            queue.refresh_link().click()
        assert visit.page.url.endswith("/clinic#queue-title")
        visit.assert_only_local()
    finally:
        visit.context.close()
