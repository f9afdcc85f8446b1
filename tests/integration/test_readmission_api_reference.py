"""The clinic's own reference for a client over the JSON API: given at enrolment (one line, at
most 60 characters, the page form's rule), and carried in answers about requests to the staff of
that clinic only, never to the client and never to another clinic."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from peerapp.extensions import db
from peerapp.models.audit import AuditEvent
from peerapp.models.readmission import Enrolment
from tests.integration.openapi_validation import validate_response
from tests.support.auth import session_client

ENROL = "/api/v1/enrolments"
REQUESTS = "/api/v1/readmission-requests"
REFERENCE = "Journal 4471 / rom 12"


@pytest.fixture
def spec(client):
    return client.get("/api/openapi.json").get_json()


@pytest.fixture
def clinic(clinic_factory):
    return clinic_factory(name="Klinikk Nord")


@pytest.fixture
def staff(app, user_factory, clinic):
    return session_client(app, user_factory(role="clinic", clinic=clinic))


def post(who, path: str, body: dict):
    browser, token = who
    return browser.post(path, json=body, headers={"X-CSRFToken": token})


def enrolled_client(app, staff, user_factory, reference: str | None):
    """A code made over the API with ``reference``, redeemed by a new client; their phone."""
    body = {"kind": "fast_return"} | ({"reference": reference} if reference is not None else {})
    made = post(staff, ENROL, body)
    assert made.status_code == 201, made.get_json()
    client = user_factory(role="client")
    phone = session_client(app, client)
    assert post(phone, "/api/v1/me/enrolment", {"code": made.get_json()["code"]}).status_code == 200
    return phone


def tap(phone) -> int:
    browser, token = phone
    answer = browser.post(
        REQUESTS, json={}, headers={"X-CSRFToken": token, "Idempotency-Key": "k1"}
    )
    assert answer.status_code == 201
    return answer.get_json()["id"]


def test_enrolment_keeps_the_reference_sealed_and_answers_it_once(staff, spec):
    made = post(staff, ENROL, {"kind": "fast_return", "reference": f"  {REFERENCE} "})
    assert made.status_code == 201
    validate_response(spec, ENROL, "post", 201, made.get_json())
    assert made.get_json()["reference"] == REFERENCE
    stored = db.session.scalars(sa.select(Enrolment.reference)).one()
    assert stored is not None and REFERENCE.encode() not in stored, "sealed at rest"
    assert db.session.scalar(
        sa.select(sa.func.count()).where(AuditEvent.action == "enrolment.reference")
    )
    plain = post(staff, ENROL, {})
    assert plain.status_code == 201 and plain.get_json()["reference"] is None


@pytest.mark.parametrize(
    ("reference", "says"),
    [
        ("x" * 61, "60 characters"),
        ("Journal 4471\nrom 12", "one line"),
        (4471, "Must be text"),
    ],
)
def test_a_bad_reference_is_400_naming_the_field_as_the_page_does(staff, reference, says):
    answer = post(staff, f"{ENROL}?lang=en", {"kind": "fast_return", "reference": reference})
    assert answer.status_code == 400
    assert says in answer.get_json()["errors"]["reference"]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Enrolment)) == 0


def test_staff_see_their_clients_reference_on_each_request_and_in_the_list(
    app, staff, user_factory, spec
):
    phone = enrolled_client(app, staff, user_factory, REFERENCE)
    request_id = tap(phone)

    listed = staff[0].get(REQUESTS)
    validate_response(spec, REQUESTS, "get", 200, listed.get_json())
    assert listed.get_json()["readmission_requests"][0]["reference"] == REFERENCE
    one = staff[0].get(f"{REQUESTS}/{request_id}")
    validate_response(spec, f"{REQUESTS}/{{request_id}}", "get", 200, one.get_json())
    assert one.get_json()["reference"] == REFERENCE
    moved = post(staff, f"{REQUESTS}/{request_id}/events", {"status": "contacted"})
    assert moved.status_code == 201 and moved.get_json()["reference"] == REFERENCE


def test_a_client_without_a_reference_shows_null_to_staff(app, staff, user_factory):
    request_id = tap(enrolled_client(app, staff, user_factory, None))
    answer = staff[0].get(f"{REQUESTS}/{request_id}").get_json()
    assert "reference" in answer and answer["reference"] is None


def test_the_client_never_sees_the_reference(app, staff, user_factory):
    phone = enrolled_client(app, staff, user_factory, REFERENCE)
    request_id = tap(phone)
    for answer in (
        phone[0].get(f"{REQUESTS}/{request_id}").get_json(),
        phone[0].get(REQUESTS).get_json()["readmission_requests"][0],
    ):
        assert "reference" not in answer
        assert REFERENCE not in str(answer)


def test_another_clinic_and_admins_never_see_it(app, staff, user_factory, clinic_factory):
    request_id = tap(enrolled_client(app, staff, user_factory, REFERENCE))
    elsewhere = session_client(
        app, user_factory(role="clinic", clinic=clinic_factory(name="Klinikk Sør"))
    )
    assert elsewhere[0].get(f"{REQUESTS}/{request_id}").status_code == 404
    assert REFERENCE not in elsewhere[0].get(REQUESTS).get_data(as_text=True)
    admin = session_client(app, user_factory(role="admin"))
    for body in (
        admin[0].get(f"{REQUESTS}/{request_id}").get_data(as_text=True),
        admin[0].get(REQUESTS).get_data(as_text=True),
    ):
        assert REFERENCE not in body and '"reference"' not in body
