"""For the nurse: the clinic's own reference for a client (sealed, its staff only, audited) in
the queue and on each request; the queue alone for the page to refresh; and a message between
clinic and client over its limit refused with a clear message, never cut."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from peerapp.extensions import db
from peerapp.models import ReadmissionRequest
from peerapp.models.audit import AuditEvent
from peerapp.models.readmission import Enrolment
from tests.support.auth import form_token, session_client

REFERENCE = "Journal 4471 / rom 12"
_CODE = re.compile(r'class="enrolment-code"><strong>([A-Z0-9-]+)<')


@pytest.fixture
def clinic(clinic_factory):
    return clinic_factory(name="Klinikk Nord")


@pytest.fixture
def desk(app, user_factory, clinic):
    browser, token = session_client(app, user_factory(role="clinic", clinic=clinic))
    return browser, token


def enrol(app, desk, user_factory, reference: str = REFERENCE):
    """Staff make a code with a reference; a new client redeems it. Returns the client."""
    browser = desk[0]
    made = browser.post(
        "/clinic/enrol?lang=en",
        data={
            "kind": "fast_return",
            "reference": reference,
            "csrf_token": form_token(browser, "/clinic/enrol"),
        },
    )
    assert made.status_code == 200
    page = made.get_data(as_text=True)
    assert reference in page  # the code page repeats it for the nurse
    code = _CODE.search(page).group(1)
    client = user_factory(role="client")
    phone, _ = session_client(app, client)
    joined = phone.post(
        "/enrol", data={"code": code, "csrf_token": form_token(phone, f"/enrol?code={code}")}
    )
    assert joined.status_code == 303
    return client, phone


def send_request(phone) -> int:
    html = phone.get("/").get_data(as_text=True)
    key = re.search(r'name="key" value="([^"]+)"', html).group(1)
    token = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
    answer = phone.post("/readmission", data={"key": key, "csrf_token": token})
    assert answer.status_code == 303
    db.session.commit()
    return db.session.scalars(sa.select(ReadmissionRequest.id)).one()


def test_the_reference_is_sealed_and_shown_in_the_queue_and_on_the_request(app, desk, user_factory):
    client, phone = enrol(app, desk, user_factory)
    stored = db.session.scalars(sa.select(Enrolment.reference)).one()
    assert stored and REFERENCE.encode() not in stored and b"4471" not in stored
    request_id = send_request(phone)

    queue = desk[0].get("/clinic?lang=en").get_data(as_text=True)
    assert REFERENCE in queue
    assert "Updated at" in queue and 'href="/clinic#queue-title"' in queue
    alone = desk[0].get("/clinic/queue?lang=en")
    assert alone.headers["Cache-Control"] == "no-store"
    assert REFERENCE in alone.get_data(as_text=True)
    assert f'href="/clinic/requests/{request_id}"' in alone.get_data(as_text=True)

    request_page = desk[0].get(f"/clinic/requests/{request_id}?lang=en").get_data(as_text=True)
    assert "The clinic's reference</dt>" in request_page and REFERENCE in request_page
    # the client never sees it
    assert REFERENCE not in phone.get(f"/readmission/{request_id}").get_data(as_text=True)
    assert REFERENCE not in phone.get("/api/v1/me/export").get_data(as_text=True)


def test_another_clinic_never_sees_or_changes_the_reference(
    app, desk, user_factory, clinic_factory
):
    client, phone = enrol(app, desk, user_factory)
    request_id = send_request(phone)
    other, _ = session_client(app, user_factory(role="clinic", clinic=clinic_factory()))
    assert REFERENCE not in other.get("/clinic").get_data(as_text=True)
    assert REFERENCE not in other.get("/clinic/queue").get_data(as_text=True)
    assert other.get(f"/clinic/requests/{request_id}").status_code == 404
    assert other.get(f"/clinic/clients/{client.id}").status_code == 404
    token = form_token(other, "/clinic/enrol")
    changed = other.post(
        f"/clinic/clients/{client.id}/reference", data={"reference": "X", "csrf_token": token}
    )
    assert changed.status_code == 404
    assert REFERENCE in desk[0].get(f"/clinic/clients/{client.id}").get_data(as_text=True)


def test_the_reference_can_be_changed_later_and_each_change_is_audited(app, desk, user_factory):
    client, _ = enrol(app, desk, user_factory)
    browser = desk[0]
    page = f"/clinic/clients/{client.id}"
    changed = browser.post(
        f"{page}/reference",
        data={"reference": "Journal 9000", "csrf_token": form_token(browser, page)},
    )
    assert changed.status_code == 303
    assert "Journal 9000" in browser.get(page).get_data(as_text=True)

    too_long = "R" * 61
    refused = browser.post(
        f"{page}/reference?lang=en",
        data={"reference": too_long, "csrf_token": form_token(browser, page)},
    )
    assert refused.status_code == 400
    html = refused.get_data(as_text=True)
    assert "this one has 61" in html and f'value="{too_long}"' in html

    db.session.commit()
    changes = db.session.scalars(
        sa.select(AuditEvent.changes).where(AuditEvent.action == "enrolment.reference")
    ).all()
    assert changes == [{"reference": "set"}, {"reference": "changed"}]
    assert "Journal" not in str(changes)  # the audit says what happened, not the text


def test_a_client_enrolled_without_a_code_gets_a_reference_too(app, desk, user_factory, clinic):
    client = user_factory(role="client", clinic=clinic)
    page = f"/clinic/clients/{client.id}"
    saved = desk[0].post(
        f"{page}/reference", data={"reference": "Ref 1", "csrf_token": form_token(desk[0], page)}
    )
    assert saved.status_code == 303
    assert "Ref 1" in desk[0].get("/clinic").get_data(as_text=True)
    assert "Fast return" in desk[0].get(f"{page}?lang=en").get_data(as_text=True)


def test_an_over_long_note_to_the_client_is_refused_and_kept(app, desk, user_factory):
    _, phone = enrol(app, desk, user_factory)
    request_id = send_request(phone)
    browser = desk[0]
    page = f"/clinic/requests/{request_id}"
    form = browser.get(page).get_data(as_text=True)
    assert "maxlength" not in form  # a browser would cut a long paste without a word
    note = "Vi ringer deg i morgen. " * 50  # 1,200 characters
    refused = browser.post(
        f"{page}/status?lang=en",
        data={"status": "contacted", "note": note, "csrf_token": form_token(browser, page)},
    )
    assert refused.status_code == 400
    html = refused.get_data(as_text=True)
    assert "This is 1,200 characters long; it can be at most 1,000." in html
    assert note.strip() in html  # every character kept to shorten
    db.session.commit()
    assert db.session.get(ReadmissionRequest, request_id).status == "received"


def test_an_over_long_message_is_a_problem_in_the_api(app, desk, user_factory):
    client, phone = enrol(app, desk, user_factory)
    api, token = session_client(app, client)
    answer = api.post(
        "/api/v1/readmission-requests?lang=en",
        json={"message": "x" * 1001},
        headers={"Idempotency-Key": "long-1", "X-CSRFToken": token},
    )
    assert answer.status_code == 400
    assert answer.mimetype == "application/problem+json"
    assert "1,001 characters long" in answer.get_json()["errors"]["message"]

    request_id = send_request(phone)
    staff_api, staff_token = desk
    note = staff_api.post(
        f"/api/v1/readmission-requests/{request_id}/events?lang=nb",
        json={"status": "contacted", "note": "n" * 1500},
        headers={"X-CSRFToken": staff_token},
    )
    assert note.status_code == 400
    assert note.mimetype == "application/problem+json"
    assert "1 500" in note.get_json()["errors"]["note"].replace("\xa0", " ")


def test_an_over_long_message_from_the_client_page_is_refused_and_kept(app, desk, user_factory):
    _, phone = enrol(app, desk, user_factory)
    request_id = send_request(phone)
    page = f"/readmission/{request_id}"
    assert 'maxlength="1000"' not in phone.get(page).get_data(as_text=True)
    message = "Jeg trenger å komme tilbake. " * 40  # 1,160 characters
    refused = phone.post(
        f"{page}/details?lang=en",
        data={"message": message, "csrf_token": form_token(phone, page)},
    )
    assert refused.status_code == 400
    html = refused.get_data(as_text=True)
    assert "This is 1,160 characters long" in html
    assert message.strip() in html
