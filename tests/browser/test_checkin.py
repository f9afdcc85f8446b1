"""The daily check-in on a 360 px phone: agree once, plan the morning, check in at night and see
the trend, by keyboard where it matters, with axe-core finding nothing on the way."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.account_pages import log_in
from tests.browser.checkin_pages import CheckInPage
from tests.browser.pages import assert_accessible, path_of


def open_checkin(page: Any, lang: str) -> CheckInPage:
    checkin = CheckInPage(page).open(lang)
    assert path_of(page) == "/checkin"
    return checkin


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_plan_the_morning_check_in_at_night_and_see_the_trend(open_phone, add_person, lang):
    person = add_person("client")
    page = open_phone(lang).page
    log_in(page, person)
    checkin = open_checkin(page, lang)
    assert_accessible(page)

    checkin.agree()
    assert_accessible(page)

    # morning: two anchors with times
    checkin.plan("meeting", at="19:00").plan("call").save()
    # sent through the offline queue, then the page is loaded again
    expect(checkin.planned_anchors()).to_have_count(2)
    assert_accessible(page)

    # evening, by keyboard: tick what got done, mood and craving, a note, save
    checkin.tick_done_by_keyboard()
    checkin.choose_by_keyboard("mood", 4).choose_by_keyboard("craving", 2)
    checkin.slept("7,5").write_note("En rolig kveld").save_by_keyboard()
    expect(checkin.trend_points()).to_have_count(3)  # mood, craving and sleep today

    assert checkin.chosen("mood", 4)
    assert checkin.chosen("craving", 2)
    assert checkin.note() == "En rolig kveld"
    assert checkin.trend_chart().is_visible()
    assert checkin.trend_points().count() == 3  # mood, craving and sleep today
    assert checkin.trend_table_rows() == 1
    assert_accessible(page)


def test_a_visitor_sees_what_it_is_and_how_to_start(open_phone):
    page = open_phone("en").page
    checkin = open_checkin(page, "en")
    assert "A bad day is information, never a reset." in checkin.main_text()
    assert checkin.link_to("/register").is_visible()
    assert_accessible(page)


def test_a_bad_figure_is_announced_and_leads_to_the_field(open_phone, add_person):
    person = add_person("client")
    page = open_phone("en").page
    log_in(page, person)
    checkin = open_checkin(page, "en").agree()
    checkin.slept("lots").save()
    expect(checkin.error_summary()).to_be_visible()  # refused by the API, the form shows each
    assert checkin.go_to_error("sleep_hours") == "sleep_hours"
    assert_accessible(page)


def test_plan_a_meeting_near_a_town_then_find_it_linked_in_the_evening(
    open_phone, add_person, live_server
):
    sentrum = live_server.meetings["NA Bergen sentrum"]
    oslo = live_server.meetings["NA Oslo"]
    person = add_person("client")
    page = open_phone("en").page
    log_in(page, person)
    checkin = open_checkin(page, "en").agree()
    # a meeting saved on this phone earlier, held today (in Oslo, so not among those near Bergen)
    checkin.remember_saved_meeting(oslo, "NA Oslo")

    # morning: today's meetings near a town typed in the plan
    checkin.find_meetings_near("Bergen")
    nearby = checkin.meeting_list("Today near Bergen")
    assert nearby.get_by_text("NA Bergen sentrum, 19:00").is_visible()
    saved = checkin.meeting_list("Saved on this phone, held today")
    saved.get_by_role("checkbox", name="NA Oslo, 19:00").wait_for()
    assert_accessible(page)
    checkin.plan_meeting(sentrum).save()
    expect(checkin.what_got_done()).to_contain_text("NA Bergen sentrum")  # saved, page reloaded

    # evening: the meeting is in "what got done", with a link to its page
    done = checkin.what_got_done()
    assert done.get_by_text("NA Bergen sentrum, 19:00").is_visible()
    link = done.get_by_role("link", name=re.compile(r"^About the meeting\W+NA Bergen sentrum$"))
    assert checkin.is_meeting_planned(sentrum)
    assert_accessible(page)
    link.click()
    assert path_of(page) == f"/meetings/{sentrum}"


def test_a_hard_evening_brings_up_help_calmly(open_phone, add_person):
    person = add_person("client")
    page = open_phone("en").page
    log_in(page, person)
    checkin = open_checkin(page, "en").agree()
    assert not checkin.has_support()  # nothing before anything is said

    checkin.choose("craving", 8).save()
    support = checkin.support()
    expect(support).to_be_visible()  # sent through the offline queue, then the page is loaded again
    assert_accessible(page)
    # no alarm: no alert role, no focus grabbed; help is a link away, by keyboard
    assert support.get_attribute("role") is None
    assert checkin.nothing_has_focus()
    checkin.follow_by_keyboard(support.get_by_role("link", name="Helplines and crisis help"))
    assert path_of(page) == "/help"
