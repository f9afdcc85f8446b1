"""The plan's pages without JavaScript: the client's own steps and the clinic's hand-over,
access only for the client and their clinic (another clinic's staff get 404), every look by
staff in the client's log without the text, reminders of appointments through the outbox, and
the plan's text in clear in no database file."""

from __future__ import annotations

import re
import uuid
from datetime import datetime, time, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from peerapp.extensions import db
from peerapp.models import AuditEvent, OutboxMessage
from peerapp.services.plan import edits, read, reminders
from peerapp.services.plan.store import OSLO, load_plan
from tests.support.auth import form_token, session_client
from tests.support.helpservices import make_service


@pytest.fixture
def clinic(clinic_factory):
    return clinic_factory(phone="22 00 00 00")


@pytest.fixture
def client_user(user_factory, clinic):
    user = user_factory(role="client", clinic=clinic, email="klient@example.org")
    db.session.commit()
    return user


@pytest.fixture
def phone(app, client_user):
    browser, _token = session_client(app, client_user)
    return browser


@pytest.fixture
def staff(app, user_factory, clinic):
    browser, _token = session_client(app, user_factory(role="clinic", clinic=clinic))
    return browser


def post(browser, path, data, form_page=None):
    token = form_token(browser, form_page or path)
    return browser.post(path, data={**data, "csrf_token": token})


def test_the_client_builds_a_step_line_by_line(phone):
    page = phone.get("/plan/crisis/coping?lang=en").get_data(as_text=True)
    assert "Crisis plan, step 2 of 6" in page
    added = post(phone, "/plan/crisis/coping", {"line": "Gå en tur"})
    assert added.status_code == 303
    post(phone, "/plan/crisis/coping", {"line": "Ringe Kari"})
    plan = phone.get("/plan?lang=en").get_data(as_text=True)
    assert "Gå en tur" in plan and "Ringe Kari" in plan
    assert plan.index("My crisis plan") < plan.index("Appointments")

    version = re.search(
        r'name="version" value="(\d+)"', phone.get("/plan/crisis/coping").get_data(as_text=True)
    )[1]
    removed = post(
        phone, "/plan/crisis/coping/0/remove", {"version": version}, "/plan/crisis/coping"
    )
    assert removed.status_code == 303
    assert "Gå en tur" not in phone.get("/plan").get_data(as_text=True)


def test_removing_from_a_plan_changed_meanwhile_removes_nothing(phone, client_user):
    post(phone, "/plan/crisis/coping", {"line": "Gå en tur"})
    seen = load_plan(client_user.id).version
    edits.add_to_step(client_user, client_user.id, "coping", "Dusje kaldt")  # another phone
    answer = post(
        phone, "/plan/crisis/coping/0/remove", {"version": str(seen)}, "/plan/crisis/coping"
    )
    assert answer.status_code == 303
    db.session.expire_all()
    assert load_plan(client_user.id).crisis_plan.coping == ["Gå en tur", "Dusje kaldt"]
    # said in the language the change was made in (Bokmål here)
    assert "i mellomtiden" in phone.get("/plan/crisis/coping").get_data(as_text=True)


@pytest.mark.parametrize(
    ("path", "data", "message"),
    [
        ("/plan/crisis/people", {"name": "Kari", "phone": "ring meg"}, "is not a phone number"),
        ("/plan/crisis/people", {"name": "Kari", "phone": "12345"}, "is not a phone number"),
        ("/plan/crisis/warning_signs", {"line": "x" * 320}, "320 characters long"),
        ("/plan/people", {"role": "boss", "name": "Per"}, "Choose the role from the list"),
        (
            "/plan/appointments",
            {"what": "Fastlege", "day": "2027-02-30", "clock": "10:00"},
            "This date does not exist",
        ),
        (
            "/plan/appointments",
            {"what": "Fastlege", "day": "2027-02-03", "clock": "25:00"},
            "Give the time as HH:MM",
        ),
    ],
)
def test_bad_input_says_what_is_wrong_and_keeps_what_was_written(
    phone, client_user, path, data, message
):
    post(phone, "/plan/crisis/coping", {"line": "Gå en tur"})
    answer = post(phone, path + "?lang=en", data, path)
    assert answer.status_code == 400
    page = answer.get_data(as_text=True)
    assert message in page
    assert 'aria-invalid="true"' in page
    for value in data.values():
        if value not in ("boss",):
            assert f'value="{value}"' in page  # nothing written is lost
    db.session.expire_all()
    assert load_plan(client_user.id).crisis_plan.coping == ["Gå en tur"]


def test_a_person_in_the_plan_is_one_tap_to_call_or_text(phone):
    post(phone, "/plan/crisis/people", {"name": "Kari", "phone": "912 34 567", "how": "Kommer"})
    page = phone.get("/plan").get_data(as_text=True)
    assert 'href="tel:+4791234567"' in page
    assert 'href="sms:+4791234567"' in page
    assert 'href="tel:116117"' in page  # legevakt is always there
    assert 'href="tel:+4722000000"' in page  # and the clinic


def test_an_appointment_from_the_form_is_on_the_clock_in_norway_with_a_calendar_file(
    phone, client_user
):
    day = datetime.now(OSLO).date() + timedelta(days=5)
    answer = post(
        phone,
        "/plan/appointments",
        {
            "what": "Fastlege",
            "with_whom": "Dr. Berg",
            "day": day.isoformat(),
            "clock": "9.30",
            "where": "",
        },
    )
    assert answer.status_code == 303
    (appointment,) = load_plan(client_user.id).appointments
    assert appointment.starts_at == datetime.combine(day, time(9, 30), tzinfo=OSLO)
    ics = phone.get(f"/plan/appointments/{appointment.id}.ics")
    assert ics.mimetype == "text/calendar"
    assert b"TZID=Europe/Oslo" in ics.data


def test_staff_build_the_hand_over_and_the_client_sees_it(phone, staff, client_user):
    base = f"/clinic/clients/{client_user.id}/handover"
    assert staff.get(base).status_code == 200
    added = post(
        staff, base + "/crisis/professionals", {"name": "Koordinator Anne", "phone": "23 45 67 89"}
    )
    assert added.status_code == 303
    assert added.headers["Location"].endswith(base + "/crisis/professionals")
    post(
        staff, base + "/people", {"role": "coordinator", "name": "Anne Hansen", "phone": "23456789"}
    )
    page = phone.get("/plan?lang=en").get_data(as_text=True)
    assert "Koordinator Anne" in page and "Anne Hansen" in page
    assert "The municipality" in page and "coordinator" in page

    # every look and change by staff is in the client's log, never what was written
    events = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.subject_id == client_user.id)
    ).all()
    actions = {event.action for event in events}
    assert {"plan.read", "plan.edit"} <= actions
    assert all("Anne" not in str(event.changes) for event in events)
    log = phone.get("/account/access-log?lang=en").get_data(as_text=True)
    assert "plan" in log.lower()


def test_another_clinics_staff_and_other_clients_get_404(
    app, client_user, user_factory, clinic_factory
):
    other_staff, token = session_client(app, user_factory(role="clinic", clinic=clinic_factory()))
    base = f"/clinic/clients/{client_user.id}/handover"
    assert other_staff.get(base).status_code == 404
    assert other_staff.get(base + "/crisis/coping").status_code == 404
    refused = other_staff.post(base + "/crisis/coping", data={"line": "x", "csrf_token": token})
    assert refused.status_code == 404
    assert load_plan(client_user.id) is None


def test_near_home_is_saved_from_a_place_page_and_shown_in_the_plan(phone, place_factory):
    place = place_factory(name="Kafé Kanari")
    db.session.commit()
    page = phone.get(f"/places/{place.id}?lang=en").get_data(as_text=True)
    assert "Save to my plan" in page
    saved = post(phone, f"/plan/near-home/place/{place.id}", {}, f"/places/{place.id}")
    assert saved.status_code == 303
    assert "Saved in my plan" in phone.get(f"/places/{place.id}?lang=en").get_data(as_text=True)
    assert "Kafé Kanari" in phone.get("/plan").get_data(as_text=True)
    assert post(phone, "/plan/near-home/place/999999", {}, "/plan").status_code == 404


def test_reminders_go_the_evening_before_and_two_hours_before_without_the_text(client_user):
    day = datetime.now(OSLO).date() + timedelta(days=3)
    starts = datetime.combine(day, time(10, 0), tzinfo=OSLO)
    entry = read.AppointmentEntry("Hemmelig avtale", "Dr. Berg", starts, "Storgata 1")
    edits.add_appointment(client_user, client_user.id, entry)

    assert reminders.send_due_appointment_reminders(now=starts - timedelta(days=2)) == 0
    evening = datetime.combine(day - timedelta(days=1), time(18, 1), tzinfo=OSLO)
    assert reminders.send_due_appointment_reminders(now=evening) == 1
    assert reminders.send_due_appointment_reminders(now=evening) == 0  # once
    soon = starts - timedelta(hours=1, minutes=59)
    assert reminders.send_due_appointment_reminders(now=soon) == 1
    rows = db.session.scalars(sa.select(OutboxMessage).order_by(OutboxMessage.id)).all()
    assert [(row.kind, row.email) for row in rows] == [
        ("appointment_tomorrow", "klient@example.org"),
        ("appointment_soon", "klient@example.org"),
    ]
    assert all("Hemmelig" not in str(row.payload) for row in rows)


def _stored_bytes() -> bytes:
    """Everything the database keeps: the SQLite files, or every PostgreSQL table read raw."""
    db.session.commit()
    if db.engine.dialect.name == "sqlite":
        path = Path(db.engine.url.database or "")
        files = (path, Path(f"{path}-wal"), Path(f"{path}-shm"))
        return b"".join(p.read_bytes() for p in files if p.exists())
    tables = sa.inspect(db.engine).get_table_names()
    with db.engine.connect() as connection:
        rows = [
            connection.execute(sa.text(f'SELECT row_to_json(t)::text FROM "{table}" t'))
            .scalars()
            .all()
            for table in tables
        ]
    return "\n".join(text for found in rows for text in found).encode()


def test_the_plans_text_is_in_clear_in_no_database_file(phone, staff, client_user):
    canary = "KANARI" + uuid.uuid4().hex[:12]
    base = f"/clinic/clients/{client_user.id}/handover"
    post(phone, "/plan/crisis/warning_signs", {"line": f"{canary} tegn"})
    post(
        staff,
        base + "/crisis/people",
        {"name": f"{canary} navn", "phone": "912 34 567", "how": f"{canary} hvordan"},
    )
    post(
        phone,
        "/plan/people",
        {"role": "gp", "name": f"{canary} lege", "phone": "22222222", "how": canary},
    )
    day = (datetime.now(OSLO).date() + timedelta(days=4)).isoformat()
    post(
        phone,
        "/plan/appointments",
        {
            "what": f"{canary} hva",
            "with_whom": canary,
            "day": day,
            "clock": "10:00",
            "where": canary,
        },
    )
    plan = load_plan(client_user.id)
    assert canary in plan.crisis_plan.warning_signs[0]
    assert canary in plan.appointments[0].where
    stored = _stored_bytes()
    assert b"912 34 567" not in stored
    assert canary.encode() not in stored


def test_a_help_service_saved_near_home_shows_if_it_is_open_its_hours_today_and_phone(
    phone, client_user
):
    service = make_service(name="NAV Lagunen")
    page = phone.get(f"/services/{service.id}?lang=en").get_data(as_text=True)
    assert "Save to my plan" in page
    saved = post(phone, f"/plan/near-home/service/{service.id}", {}, f"/services/{service.id}")
    assert saved.status_code == 303
    assert saved.headers["Location"].endswith(f"/services/{service.id}")
    assert "Saved in my plan" in phone.get(f"/services/{service.id}?lang=en").get_data(as_text=True)
    for path in ("/plan?lang=en", "/plan/print?lang=en"):
        plan = phone.get(path).get_data(as_text=True)
        near = plan[plan.index('id="near-home"') :]
        assert "NAV Lagunen" in near and "Help service" in near
        assert "Open now" in near and "Today: 00:00–24:00" in near
        assert 'href="tel:+4755553333"' in near
    removed = post(
        phone, f"/plan/near-home/service/{service.id}", {"remove": "1", "back": "plan"}, "/plan"
    )
    assert removed.status_code == 303
    assert "NAV Lagunen" not in phone.get("/plan").get_data(as_text=True)
    missing = post(phone, "/plan/near-home/service/999999", {}, f"/services/{service.id}")
    assert missing.status_code == 404
