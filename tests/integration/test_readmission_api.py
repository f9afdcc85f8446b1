"""The readmission API as a client's phone and a clinic's system use it, checked against OpenAPI."""

from __future__ import annotations

import threading
import uuid
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from peerapp.extensions import db
from peerapp.models import AuditEvent, OutboxMessage, ReadmissionRequest
from peerapp.services.notify import worker
from peerapp.services.readmission import queue
from tests.integration.openapi_validation import validate_response
from tests.support.auth import session_client

TAP = "/api/v1/readmission-requests"
SPEC_PATHS = {
    "one": "/api/v1/readmission-requests/{request_id}",
    "events": "/api/v1/readmission-requests/{request_id}/events",
}


@pytest.fixture
def spec(client):
    return client.get("/api/openapi.json").get_json()


@pytest.fixture
def clinic(clinic_factory):
    return clinic_factory(name="Klinikk Nord", phone="+47 55 00 00 00")


@pytest.fixture
def phone(app, user_factory, clinic):
    """An enrolled client's phone, signed in: (test client, CSRF token, user)."""
    user = user_factory(role="client", clinic=clinic)
    browser, token = session_client(app, user)
    return browser, token, user


@pytest.fixture
def staff(app, user_factory, clinic):
    user = user_factory(role="clinic", clinic=clinic)
    browser, token = session_client(app, user)
    return browser, token, user


NO_KEY = object()


def tap(phone, key: object = None, **body):
    """Press the button over the API; a fresh key unless one is given (``NO_KEY``: none)."""
    browser, token, _ = phone
    headers = {"X-CSRFToken": token}
    if key is not NO_KEY:
        headers["Idempotency-Key"] = uuid.uuid4().hex if key is None else str(key)
    return browser.post(TAP, json=body, headers=headers)


def move(who, request_id: int, status: str, **body):
    browser, token, _ = who
    return browser.post(
        f"{TAP}/{request_id}/events",
        json={"status": status, **body},
        headers={"X-CSRFToken": token},
    )


def count_requests() -> int:
    db.session.commit()  # end this session's snapshot, so other connections' writes show
    return db.session.scalar(sa.select(sa.func.count()).select_from(ReadmissionRequest))


def test_one_tap_sends_the_request_and_shows_the_clinics_number(phone, clinic, spec):
    answer = tap(phone)

    assert answer.status_code == 201
    body = answer.get_json()
    validate_response(spec, TAP, "post", 201, body)
    assert body["status"] == "sent"
    assert body["clinic"] == {"slug": clinic.slug, "name": "Klinikk Nord", "phone": clinic.phone}
    assert [event["status"] for event in body["events"]] == ["sent"]
    assert body["allowed_statuses"] == ["withdrawn"]
    assert count_requests() == 1


def test_the_same_key_again_returns_the_same_request(phone, spec):
    first = tap(phone, "key-1", message="Ring meg")
    again = tap(phone, "key-1", message="Ring meg")

    assert (first.status_code, again.status_code) == (201, 200)
    validate_response(spec, TAP, "post", 200, again.get_json())
    assert again.get_json()["id"] == first.get_json()["id"]
    assert count_requests() == 1


def test_a_used_key_with_another_body_is_422_and_changes_nothing(phone):
    tap(phone, "key-1", message="Ring meg")
    answer = tap(phone, "key-1", message="Noe annet")

    assert answer.status_code == 422
    assert answer.get_json()["type"].endswith("idempotency-key-reused")
    assert count_requests() == 1


def test_a_second_tap_with_a_new_key_returns_the_open_request(phone):
    first = tap(phone).get_json()
    second = tap(phone)

    assert second.status_code == 200
    assert second.get_json()["id"] == first["id"]
    assert second.get_json()["already_open"] is True
    assert count_requests() == 1


@pytest.mark.parametrize(
    "key", [NO_KEY, "", "x" * 256, "med mellomrom"], ids=["none", "empty", "long", "space"]
)
def test_a_missing_or_bad_key_is_400(phone, key):
    answer = tap(phone, key)
    assert answer.status_code == 400
    assert "Idempotency-Key" in answer.get_json()["errors"]
    assert count_requests() == 0


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"message": "x" * 1001}, "message"),
        ({"message": 12}, "message"),
        ({"callback_phone": "ring meg"}, "callback_phone"),
    ],
)
def test_bad_details_are_400_naming_the_field(phone, body, field):
    answer = tap(phone, **body)
    assert answer.status_code == 400
    assert field in answer.get_json()["errors"]
    assert count_requests() == 0


def test_a_client_with_no_clinic_gets_409_in_their_language(app, user_factory):
    user = user_factory(role="client", language="en")
    browser, token = session_client(app, user)
    answer = browser.post(
        TAP,
        json={},
        headers={"X-CSRFToken": token, "Idempotency-Key": "k", "Accept-Language": "en"},
    )
    assert answer.status_code == 409
    assert answer.get_json()["title"] == "You are not enrolled at a clinic."
    assert count_requests() == 0


def test_parallel_taps_with_one_key_make_one_request(app, phone):
    browser, token, user = phone
    statuses: list[int] = []

    def send() -> None:
        fresh = app.test_client()
        with browser.session_transaction() as held, fresh.session_transaction() as copy:
            copy.update(held)
        headers = {"X-CSRFToken": token, "Idempotency-Key": "same"}
        statuses.append(fresh.post(TAP, json={}, headers=headers).status_code)

    threads = [threading.Thread(target=send) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [200] * 5 + [201]
    assert count_requests() == 1


def test_staff_move_a_request_along_and_the_client_sees_the_timeline(phone, staff, spec):
    request_id = tap(phone).get_json()["id"]

    opened = staff[0].get(f"{TAP}/{request_id}")
    assert opened.status_code == 200
    validate_response(spec, SPEC_PATHS["one"], "get", 200, opened.get_json())
    assert opened.get_json()["status"] == "received"
    assert opened.get_json()["client"]["username"] == phone[2].username

    assert move(staff, request_id, "contacted", note="Ringte kl. 10").status_code == 201
    admission = _tomorrow_at_ten()
    offered = move(staff, request_id, "offered", admission_at=admission.isoformat())
    assert offered.status_code == 201
    validate_response(spec, SPEC_PATHS["events"], "post", 201, offered.get_json())

    seen = phone[0].get(f"{TAP}/{request_id}").get_json()
    assert [e["status"] for e in seen["events"]] == ["sent", "received", "contacted", "offered"]
    assert seen["events"][2]["note"] == "Ringte kl. 10"
    assert datetime.fromisoformat(seen["admission_at"]) == admission
    assert seen["admission_at"].endswith("+00:00")  # stored and given in UTC
    assert "client" not in seen


def _tomorrow_at_ten() -> datetime:
    """10:00 in Norway tomorrow."""
    oslo = ZoneInfo("Europe/Oslo")
    tomorrow = datetime.now(oslo).date() + timedelta(days=1)
    return datetime(tomorrow.year, tomorrow.month, tomorrow.day, 10, tzinfo=oslo)


def _when(status: str) -> dict[str, str]:
    """An admission time for an offer (tomorrow), nothing for other steps."""
    if status != "offered":
        return {}
    return {"admission_at": (datetime.now(UTC) + timedelta(days=1)).isoformat()}


@pytest.mark.parametrize(
    ("steps", "illegal"),
    [
        (["contacted"], "received"),
        (["contacted", "offered", "admitted"], "declined"),
        (["contacted"], "admitted"),
        ([], "offered"),
        (["declined"], "contacted"),
        ([], "sent"),
        ([], "withdrawn"),
    ],
)
def test_illegal_transitions_are_409_and_change_nothing(phone, staff, steps, illegal):
    request_id = tap(phone).get_json()["id"]
    for step in steps:
        assert move(staff, request_id, step, **_when(step)).status_code == 201
    before = staff[0].get(f"{TAP}/{request_id}").get_json()

    answer = move(staff, request_id, illegal, **_when(illegal))

    assert answer.status_code == 409
    assert answer.get_json()["type"].endswith("illegal-transition")
    after = staff[0].get(f"{TAP}/{request_id}").get_json()
    assert after["events"] == before["events"]


def test_an_offer_needs_a_time_with_its_offset(phone, staff):
    request_id = tap(phone).get_json()["id"]
    assert move(staff, request_id, "offered").status_code == 400
    naive = move(staff, request_id, "offered", admission_at="2026-12-03T10:00")
    assert naive.status_code == 400
    assert "admission_at" in naive.get_json()["errors"]


def test_a_client_may_only_withdraw_their_open_request(phone):
    request_id = tap(phone).get_json()["id"]
    assert move(phone, request_id, "contacted").status_code == 409
    assert move(phone, request_id, "withdrawn").status_code == 201
    assert move(phone, request_id, "withdrawn").status_code == 409
    # after withdrawing, a new tap makes a new request
    assert tap(phone).status_code == 201
    assert count_requests() == 2


def test_another_clinics_staff_get_404_and_the_refusal_is_audited(
    app, phone, user_factory, clinic_factory
):
    request_id = tap(phone).get_json()["id"]
    stranger = user_factory(role="clinic", clinic=clinic_factory())
    browser, token = session_client(app, stranger)

    assert browser.get(f"{TAP}/{request_id}").status_code == 404
    answer = browser.post(
        f"{TAP}/{request_id}/events", json={"status": "contacted"}, headers={"X-CSRFToken": token}
    )
    assert answer.status_code == 404
    assert browser.get(TAP).get_json()["readmission_requests"] == []
    refused = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.actor_id == stranger.id)
    ).all()
    assert refused and not any(event.allowed for event in refused)
    assert all(event.subject_id == phone[2].id for event in refused)


def test_staff_reads_and_changes_are_in_the_clients_access_log(phone, staff):
    request_id = tap(phone).get_json()["id"]
    staff[0].get(f"{TAP}/{request_id}")
    move(staff, request_id, "contacted")

    log = phone[0].get("/api/v1/me/access-log").get_json()
    actions = [entry["action"] for entry in log["access_log"]]
    assert "readmission.view" in actions and "readmission.status" in actions


def test_the_list_pages_with_a_cursor_and_filters_by_status(app, user_factory, clinic, staff):
    for _ in range(3):
        client = user_factory(role="client", clinic=clinic)
        browser, token = session_client(app, client)
        browser.post(TAP, json={}, headers={"X-CSRFToken": token, "Idempotency-Key": "a"})
    listed = staff[0].get(TAP).get_json()
    assert len(listed["readmission_requests"]) == 3 and listed["next_cursor"] is None
    assert staff[0].get(f"{TAP}?status=admitted").get_json()["readmission_requests"] == []
    assert staff[0].get(f"{TAP}?status=nonsense").status_code == 400
    assert staff[0].get(f"{TAP}?cursor=abc").status_code == 400


def test_a_new_request_reaches_staff_phones_and_the_clinic_mailbox(
    phone, staff, clinic, push_receiver, smtp_server, vapid, mail_settings, subscribe
):
    on_call = push_receiver.new_subscription()
    subscribe(staff[2], on_call)
    request_id = tap(phone, message="Hemmelig melding").get_json()["id"]
    # stored together with the request: the outbox rows exist before anything is delivered
    queued = db.session.scalars(
        sa.select(OutboxMessage).where(OutboxMessage.kind != "push_enabled")
    ).all()
    assert {(row.channel, row.kind) for row in queued} == {
        ("push", "readmission_new"),
        ("email", "readmission_new"),
    }
    assert all("Hemmelig" not in repr(row.payload) for row in queued)

    worker.drain()

    (push,) = [p for p in push_receiver.received(on_call) if "readmission" in p.payload["tag"]]
    assert push.payload["url"] == f"/clinic/requests/{request_id}"
    assert push.payload["tag"].startswith(f"readmission:{request_id}:new")
    assert "Hemmelig" not in repr(push.payload)
    (mail,) = smtp_server.messages
    assert mail["To"] == clinic.email
    assert "Hemmelig" not in mail.as_string()


def test_each_status_change_tells_the_client(phone, staff, push_receiver, vapid, subscribe):
    own_phone = push_receiver.new_subscription()
    subscribe(phone[2], own_phone)
    request_id = tap(phone).get_json()["id"]
    staff[0].get(f"{TAP}/{request_id}")
    move(staff, request_id, "contacted")

    worker.drain()

    pushes = [p for p in push_receiver.received(own_phone) if "readmission" in p.payload["tag"]]
    assert len(pushes) == 2  # received, contacted
    assert {p.payload["url"] for p in pushes} == {f"/readmission/{request_id}"}
    assert len({p.payload["tag"] for p in pushes}) == 2


def test_overdue_requests_escalate_once(phone, staff, clinic):
    tap(phone)
    sent_at = db.session.scalar(sa.select(ReadmissionRequest.created_at))
    now = sent_at + timedelta(hours=clinic.response_hours, minutes=1)
    assert queue.escalate_overdue(now - timedelta(minutes=2)) == 0

    assert queue.escalate_overdue(now) == 1
    assert queue.escalate_overdue(now + timedelta(hours=1)) == 0
    overdue = db.session.scalars(
        sa.select(OutboxMessage).where(OutboxMessage.kind == "readmission_overdue")
    ).all()
    assert [row.channel for row in overdue] == ["email"]
    listed = staff[0].get(TAP).get_json()["readmission_requests"]
    assert listed[0]["overdue"] is True


def test_a_deleted_account_leaves_the_clinics_record_detached(phone, staff):
    request_id = tap(phone).get_json()["id"]
    user = phone[2]
    db.session.delete(db.session.get(type(user), user.id))
    db.session.commit()

    kept = staff[0].get(f"{TAP}/{request_id}").get_json()
    assert kept["client"] is None
    assert kept["status"] == "received"
    assert count_requests() == 1


def test_enrolment_links_a_client_once(app, staff, user_factory, spec):
    made = staff[0].post(
        "/api/v1/enrolments",
        json={"kind": "user_controlled", "max_stay_days": 5, "min_days_between": 14},
        headers={"X-CSRFToken": staff[1]},
    )
    assert made.status_code == 201
    validate_response(spec, "/api/v1/enrolments", "post", 201, made.get_json())
    code = made.get_json()["code"]

    newcomer = user_factory(role="client")
    browser, token = session_client(app, newcomer)
    redeemed = browser.post(
        "/api/v1/me/enrolment", json={"code": code.lower()}, headers={"X-CSRFToken": token}
    )
    assert redeemed.status_code == 200
    agreement = redeemed.get_json()["agreement"]
    assert (agreement["kind"], agreement["max_stay_days"]) == ("user_controlled", 5)

    other = user_factory(role="client")
    browser2, token2 = session_client(app, other)
    again = browser2.post(
        "/api/v1/me/enrolment", json={"code": code}, headers={"X-CSRFToken": token2}
    )
    assert again.status_code == 400
    assert "code" in again.get_json()["errors"]

    answer = browser.post(TAP, json={}, headers={"X-CSRFToken": token, "Idempotency-Key": "k"})
    assert answer.status_code == 201
    assert answer.get_json()["agreement"] == "user_controlled"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"kind": "forever"}, "kind"),
        ({"kind": "user_controlled"}, "max_stay_days"),
        ({"kind": "user_controlled", "max_stay_days": 90}, "max_stay_days"),
        ({"kind": "user_controlled", "max_stay_days": "5"}, "max_stay_days"),
        (
            {"kind": "user_controlled", "max_stay_days": 5, "valid_until": "2020-01-01"},
            "valid_until",
        ),
        ({"kind": "user_controlled", "max_stay_days": 5, "valid_until": "snart"}, "valid_until"),
    ],
)
def test_bad_agreements_are_400_naming_the_field(staff, body, field):
    answer = staff[0].post("/api/v1/enrolments", json=body, headers={"X-CSRFToken": staff[1]})
    assert answer.status_code == 400
    assert field in answer.get_json()["errors"]


def test_an_expired_code_is_refused_and_links_nothing(app, staff, user_factory):
    from peerapp.models import Enrolment

    code = (
        staff[0]
        .post("/api/v1/enrolments", json={}, headers={"X-CSRFToken": staff[1]})
        .get_json()["code"]
    )
    db.session.execute(sa.update(Enrolment).values(expires_at=Enrolment.created_at))
    db.session.commit()
    newcomer = user_factory(role="client")
    browser, token = session_client(app, newcomer)

    answer = browser.post(
        "/api/v1/me/enrolment", json={"code": code}, headers={"X-CSRFToken": token}
    )

    assert answer.status_code == 400
    db.session.expire_all()
    assert db.session.get(type(newcomer), newcomer.id).clinic_id is None


def test_a_tap_needs_no_body(phone):
    browser, token, _ = phone
    answer = browser.post(TAP, headers={"X-CSRFToken": token, "Idempotency-Key": "bare"})
    assert answer.status_code == 201


def test_a_second_tap_keeps_what_it_adds_and_its_key_answers_the_same_later(phone):
    first = tap(phone, "k1").get_json()
    second = tap(phone, "k2", message="Ring meg etter tolv")
    assert second.get_json()["already_open"] is True
    assert second.get_json()["message"] == "Ring meg etter tolv"
    assert move(phone, first["id"], "withdrawn").status_code == 201

    replay = tap(phone, "k2", message="Ring meg etter tolv")

    assert replay.status_code == 200
    assert replay.get_json()["id"] == first["id"]  # never a new request for a used key
    assert tap(phone, "k2", message="Noe annet").status_code == 422
    assert count_requests() == 1


def test_staff_lists_carry_no_message_only_the_audited_detail_does(phone, staff):
    request_id = tap(phone, message="Jeg har sprukket").get_json()["id"]
    listed = staff[0].get(TAP).get_json()["readmission_requests"][0]
    assert "message" not in listed and "callback_phone" not in listed
    assert staff[0].get(f"{TAP}/{request_id}").get_json()["message"] == "Jeg har sprukket"


@pytest.mark.parametrize(
    "query",
    ["cursor=%C2%B2", "cursor=99999999999", "status=%00"],
    ids=["superscript", "big", "nul"],
)
def test_odd_list_queries_are_400(staff, query):
    assert staff[0].get(f"{TAP}?{query}").status_code == 400


@pytest.mark.parametrize(
    "moment", ["0001-01-01T00:00+14:00", "9999-12-31T23:00-05:00", "1970-01-01T10:00+01:00"]
)
def test_impossible_admission_times_are_400(phone, staff, moment):
    request_id = tap(phone).get_json()["id"]
    move(staff, request_id, "contacted")
    answer = move(staff, request_id, "offered", admission_at=moment)
    assert answer.status_code == 400
    assert "admission_at" in answer.get_json()["errors"]
