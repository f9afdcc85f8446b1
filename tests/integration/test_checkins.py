"""Daily check-ins through the API and the page: consent first, one per day, replayable keys,
kind progress, help when it gets hard, and a note that is never stored in clear."""

from __future__ import annotations

import re
import uuid
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from peerapp.extensions import db
from peerapp.models import CheckIn
from peerapp.services.checkins import consent, daily, trend
from peerapp.services.peers import profiles
from tests.integration.openapi_validation import validate_response
from tests.support.auth import form_token, session_client

API = "/api/v1/checkins"
OSLO = ZoneInfo("Europe/Oslo")


@pytest.fixture
def phone(app, user_factory):
    user = user_factory(role="client")
    browser, token = session_client(app, user)
    return browser, token, user


@pytest.fixture
def consented(phone):
    answer = phone[0].post(
        "/api/v1/me/consent", json={"scope": "checkins"}, headers={"X-CSRFToken": phone[1]}
    )
    assert answer.status_code == 201
    return phone


def send(phone, body, key: str | None = None):
    headers = {"X-CSRFToken": phone[1], "Idempotency-Key": key or uuid.uuid4().hex}
    return phone[0].post(API, json=body, headers=headers)


def today() -> str:
    return daily.today().isoformat()


def stored() -> list[CheckIn]:
    db.session.commit()
    return list(db.session.scalars(sa.select(CheckIn)))


def test_nothing_is_kept_before_consent(phone):
    answer = send(phone, {"date": today(), "mood": 3})
    assert answer.status_code == 409
    assert answer.get_json()["type"].endswith("consent-required")
    assert stored() == []


def test_a_day_is_saved_then_edited_never_duplicated(consented, client):
    spec = client.get("/api/openapi.json").get_json()
    body = {
        "date": today(),
        "mood": 4,
        "craving": 2,
        "sleep_hours": 7.5,
        "plan": [{"label": "Møte", "time": "19:00"}, {"label": "Ringe Kari"}],
        "done": ["Møte"],
        "note": "Bra dag",
    }
    first = send(consented, body)
    assert first.status_code == 201
    validate_response(spec, API, "post", 201, first.get_json())
    assert first.get_json()["plan"][1] == {"label": "Ringe Kari", "time": None}

    edited = send(consented, {**body, "mood": 2})
    assert edited.status_code == 201  # a new key is a new write, here an edit of the day
    (row,) = stored()
    assert row.mood == 2
    listed = consented[0].get(API).get_json()["checkins"]
    assert [item["mood"] for item in listed] == [2]
    validate_response(spec, API, "get", 200, consented[0].get(API).get_json())


def test_a_replayed_key_changes_nothing_and_a_reused_one_is_422(consented):
    send(consented, {"date": today(), "mood": 3}, key="offline-1")
    send(consented, {"date": today(), "mood": 5}, key="offline-2")

    replay = send(consented, {"date": today(), "mood": 3}, key="offline-1")
    assert replay.status_code == 200
    assert stored()[0].mood == 5  # the later edit stands
    reused = send(consented, {"date": today(), "mood": 1}, key="offline-1")
    assert reused.status_code == 422


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"mood": 6}, "mood"),
        ({"mood": 0}, "mood"),
        ({"craving": 11}, "craving"),
        ({"craving": "høy"}, "craving"),
        ({"sleep_hours": 25}, "sleep_hours"),
        ({"date": (date.today() + timedelta(days=2)).isoformat()}, "date"),
        ({"date": "i går"}, "date"),
        ({"note": "x" * 4001}, "note"),
        ({"plan": [{"label": "Møte", "time": "25:00"}]}, "plan"),
        ({"plan": "Møte"}, "plan"),
        ({"done": "Møte"}, "done"),
    ],
)
def test_bad_figures_are_400_naming_the_field_and_nothing_is_saved(consented, change, field):
    answer = send(consented, {"date": today(), "mood": 3, **change})
    assert answer.status_code == 400
    assert field in answer.get_json()["errors"]
    assert stored() == []


def test_the_note_is_encrypted_at_rest(consented):
    canary = "KANARI-" + uuid.uuid4().hex
    send(consented, {"date": today(), "note": canary})
    (row,) = stored()
    assert canary.encode() not in row.note
    assert daily.note_of(row) == canary
    raw = db.session.execute(sa.text("SELECT note FROM checkin")).scalar_one()
    assert canary.encode() not in bytes(raw)


def test_withdrawn_consent_stops_new_check_ins(consented):
    body = {"scope": "checkins"}
    headers = {"X-CSRFToken": consented[1]}
    assert consented[0].delete("/api/v1/me/consent", json=body, headers=headers).status_code == 204
    assert send(consented, {"date": today(), "mood": 3}).status_code == 409
    assert consented[0].delete("/api/v1/me/consent", json=body, headers=headers).status_code == 404


def test_only_ones_own_check_ins_are_listed(app, consented, user_factory):
    send(consented, {"date": today(), "mood": 3})
    other, _ = session_client(app, user_factory(role="client"))
    assert other.get(API).get_json()["checkins"] == []
    assert consented[0].get(f"{API}?from=2026-13-01").status_code == 400
    assert consented[0].get(f"{API}?from=2020-01-01&to=2026-01-01").status_code == 400


def test_high_craving_or_three_low_days_bring_up_help(consented):
    user = consented[2]
    day = daily.today()
    assert not trend.needs_support(user)
    send(consented, {"date": day.isoformat(), "craving": 7})
    assert trend.needs_support(user)

    send(consented, {"date": day.isoformat(), "craving": 1, "mood": 2})
    send(consented, {"date": (day - timedelta(days=1)).isoformat(), "mood": 1})
    assert not trend.needs_support(user)  # two low days are not yet three
    send(consented, {"date": (day - timedelta(days=2)).isoformat(), "mood": 2})
    assert trend.needs_support(user)
    page = consented[0].get("/checkin?lang=en").get_data(as_text=True)
    assert "It sounds like a hard time" in page
    assert "/help" in page


def test_a_hard_day_shows_an_online_meeting_starting_soon_and_peers_to_ask(
    consented, meeting_factory, user_factory
):
    soon = (datetime.now(OSLO) + timedelta(minutes=40)).replace(second=0, microsecond=0)
    later = soon + timedelta(hours=5)
    for name, when, attendance in (
        ("Online soon", soon, "online"),
        ("Online much later", later, "online"),
        ("In a room soon", soon, "in_person"),
    ):
        meeting_factory(
            name=name,
            day=(when.isoweekday() % 7),
            start=when.strftime("%H:%M"),
            end=(when + timedelta(minutes=1)).strftime("%H:%M"),
            attendance_option=attendance,
            conference_url="https://meet.example/room" if attendance == "online" else None,
        )
    for name, paused in (("Kari", False), ("Ola", True)):
        profiles.save_profile(
            user_factory(role="peer"), profiles.ProfileSpec(name, visible=True, paused=paused)
        )
    db.session.commit()

    page = consented[0].get("/checkin?lang=en").get_data(as_text=True)
    assert "It sounds like a hard time" not in page  # a good day brings up nothing

    send(consented, {"date": today(), "craving": 8})
    page = consented[0].get("/checkin?lang=en").get_data(as_text=True)
    support = page[
        page.index('id="support-title"') : page.index(
            "</section>", page.index('id="support-title"')
        )
    ]
    assert "Online soon" in support and f"at {soon:%H:%M}" in support
    assert "Online much later" not in support and "In a room soon" not in support
    assert "Kari" in support and "Ola" not in support  # a paused peer is not offered
    assert "starting_within=120" in support  # meetings in person nearby, in the finder


def test_progress_counts_days_and_never_resets(consented):
    day = daily.today()
    for back in (0, 1, 5):
        send(consented, {"date": (day - timedelta(days=back)).isoformat(), "mood": 3})
    result = trend.progress(consented[2])
    assert result.days_checked_in == 3
    assert [row.day for row in result.trend] == [day - timedelta(days=n) for n in (5, 1, 0)]


def test_the_page_asks_for_consent_then_saves_the_day(phone):
    browser = phone[0]
    page = browser.get("/checkin?lang=en").get_data(as_text=True)
    assert "Before your first check-in" in page
    token = form_token(browser, "/checkin")
    assert browser.post("/checkin/consent", data={"csrf_token": token}).status_code == 303

    token = form_token(browser, "/checkin/evening")
    saved = browser.post(
        "/checkin",
        data={
            "csrf_token": token,
            "plan-meeting": "1",
            "time-meeting": "19:00",
            "own-label-0": "Gå tur med hunden",
            "mood": "4",
            "craving": "3",
            "sleep_hours": "7,5",
            "note": "Privat",
        },
    )
    assert saved.status_code == 303
    (row,) = stored()
    assert (row.mood, row.craving, row.sleep_hours) == (4, 3, 7.5)
    assert [item["label"] for item in row.plan][-1] == "Gå tur med hunden"
    # what matters now first: the hub, short, with today's two steps
    hub = browser.get("/checkin?lang=en").get_data(as_text=True)
    assert "Saved. Thank you for checking in." in hub
    assert 'href="/checkin/evening"' in hub and 'href="/checkin/progress"' in hub
    page = browser.get("/checkin/progress?lang=en").get_data(as_text=True)
    # one chart per measure, each named, with its own scale
    for name in ("Mood (1–5)", "Craving (0–10)", "Sleep (hours)"):
        assert f">{name}</figcaption>" in page
    assert page.count('role="img"') == 3
    assert "You checked in on 1 day of the last 30." in page
    today_cell = f'<td class="checked">{daily.today().day}'
    assert today_cell in page and page.count('class="checked"') == 1  # the month calendar
    evening = browser.get("/checkin/evening?lang=en").get_data(as_text=True)
    assert "Privat" in evening  # the owner reads their own note

    bad = browser.post("/checkin", data={"csrf_token": token, "sleep_hours": "mange"})
    assert bad.status_code == 400
    assert 'href="#sleep_hours"' in bad.get_data(as_text=True)
    assert stored()[0].sleep_hours == 7.5


def test_visitors_see_what_check_ins_are(client):
    page = client.get("/checkin?lang=en")
    assert page.status_code == 200
    assert "A bad day is information, never a reset." in page.get_data(as_text=True)


def test_sharing_shows_the_clinic_the_figures_never_the_note(app, user_factory, clinic_factory):
    clinic = clinic_factory()
    client_user = user_factory(role="client", clinic=clinic)
    staff = user_factory(role="clinic", clinic=clinic)
    consent.give_consent(client_user)
    note = "KANARI-" + uuid.uuid4().hex
    daily.save(client_user, daily.Entry(day=daily.today(), mood=2, note=note))
    desk, _ = session_client(app, staff)
    before = desk.get(f"/clinic/clients/{client_user.id}?lang=en").get_data(as_text=True)
    assert "Check-in figures the client shares" not in before

    phone, _ = session_client(app, client_user)
    token = form_token(phone, "/checkin/settings")
    assert (
        phone.post(
            "/checkin/share", data={"scope": "share_clinic", "share": "on", "csrf_token": token}
        ).status_code
        == 303
    )
    shared = desk.get(f"/clinic/clients/{client_user.id}?lang=en").get_data(as_text=True)
    assert "Check-in figures the client shares" in shared
    assert note not in shared
    log = phone.get("/api/v1/me/access-log").get_json()["access_log"]
    assert "checkins.view" in [entry["action"] for entry in log]

    phone.post(
        "/checkin/share", data={"scope": "share_clinic", "share": "off", "csrf_token": token}
    )
    after = desk.get(f"/clinic/clients/{client_user.id}?lang=en").get_data(as_text=True)
    assert "Check-in figures the client shares" not in after


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"plan": [{"label": "Møte", "time": "²³:00"}]}, "plan"),
        ({"plan": [{"label": "Møte", "time": "０７:３０"}]}, "plan"),
        ({"done": ["x" * 81]}, "done"),
        ({"done": ["Møte"] * 50}, "done"),
    ],
)
def test_odd_times_and_long_lists_are_400(consented, change, field):
    answer = send(consented, {"date": today(), **change})
    assert answer.status_code == 400
    assert field in answer.get_json()["errors"]


@pytest.mark.parametrize("query", ["to=0001-01-05", "from=9999-12-31", "to=2026-02-30"])
def test_dates_out_of_range_are_400(consented, query):
    assert consented[0].get(f"{API}?{query}").status_code == 400


def test_consent_with_no_body_means_check_ins(phone):
    answer = phone[0].post("/api/v1/me/consent", headers={"X-CSRFToken": phone[1]})
    assert answer.status_code == 201
    assert answer.get_json()["scope"] == "checkins"


def test_the_page_keeps_a_plan_as_it_was_in_any_language(consented):
    browser = consented[0]
    plan = [
        {"label": "Ring mamma", "time": "10:00"},
        {"label": "AA-møte", "time": "19:00"},
        {"label": "Frokost", "time": "08:00"},  # the offered anchor, saved in Bokmål
    ]
    send(consented, {"date": today(), "plan": plan})

    page = browser.get("/checkin/plan?lang=en").get_data(as_text=True)
    assert 'id="own-label-0" name="own-label-0" maxlength="80" value="Ring mamma"' in page
    assert 'id="own-time-1" name="own-time-1" value="19:00"' in page
    assert re.search(r'id="plan-breakfast" name="plan-breakfast" value="1" checked', page)

    token = form_token(browser, "/checkin/plan")
    browser.post(
        "/checkin",
        data={
            "csrf_token": token,
            "date": today(),
            "plan-breakfast": "1",
            "time-breakfast": "08:00",
            "own-label-0": "Ring mamma",
            "own-time-0": "10:00",
            "own-label-1": "AA-møte",
            "own-time-1": "19:00",
        },
    )
    saved = stored()[0].plan
    assert {"label": "Ring mamma", "time": "10:00"} in saved
    assert {"label": "AA-møte", "time": "19:00"} in saved
    assert len(saved) == 3


def test_an_evening_check_sent_after_midnight_stays_on_its_day(consented):
    yesterday = (daily.today() - timedelta(days=1)).isoformat()
    token = form_token(consented[0], "/checkin/evening")
    consented[0].post("/checkin", data={"csrf_token": token, "date": yesterday, "mood": "3"})
    assert [row.day.isoformat() for row in stored()] == [yesterday]


def test_reminders_come_with_the_offer_of_notifications(consented):
    page = consented[0].get("/checkin/settings?lang=en").get_data(as_text=True)
    reminders = page.index('id="reminders-title"')
    offer = page.index('<section class="push-offer"')
    assert reminders < offer  # right after the reminders they are for
    assert "Reminders reach you as notifications on this device" in page[offer:]
    assert "js/push.js" in page
