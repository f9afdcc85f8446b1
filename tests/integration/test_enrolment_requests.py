"""Coming back without a code: the come-back page's real help, a request to be enrolled sent
exactly once per key, and the clinic accepting (with an agreement) or declining (with a reason)."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa

from peerapp.extensions import db
from peerapp.models import EnrolmentRequest, User
from tests.support.auth import session_client

API = "/api/v1/enrolment-requests"


@pytest.fixture
def clinics(clinic_factory, user_factory) -> dict[str, Any]:
    """Two clinics with a staff member each, and a client enrolled nowhere."""
    north = clinic_factory(slug="oslo-nord", name="Oslo nord", phone="+47 22 11 22 33")
    south = clinic_factory(slug="oslo-sor", name="Oslo sør", phone="+47 22 99 88 77")
    return {
        "north": north,
        "south": south,
        "north_staff": user_factory(role="clinic", clinic=north),
        "south_staff": user_factory(role="clinic", clinic=south),
        "client": user_factory(role="client"),
    }


def _ask(app, user, clinic: str, key: str = "key-1"):
    client, token = session_client(app, user)
    return client.post(
        API, json={"clinic": clinic}, headers={"X-CSRFToken": token, "Idempotency-Key": key}
    )


def _count() -> int:
    db.session.expire_all()
    return db.session.scalar(sa.select(sa.func.count()).select_from(EnrolmentRequest)) or 0


def test_the_come_back_page_lists_the_clinics_and_what_to_say(app, clinics):
    client, _token = session_client(app, clinics["client"])
    page = client.get("/readmission").get_data(as_text=True)
    assert 'href="tel:+4722112233"' in page
    assert 'href="tel:+4722998877"' in page
    assert "brukerstyrt innleggelse" in page
    assert "avtale om rask retur" in page
    assert "Be om å bli knyttet til" in page
    page = client.get("/readmission?lang=en").get_data(as_text=True)
    assert "I have an agreement on fast return" in page
    # the words to say, also in Norwegian and marked as such for screen readers
    assert '<p lang="nb">«Jeg har avtale om rask retur»' in page


def test_a_request_is_sent_once_per_key(app, clinics):
    first = _ask(app, clinics["client"], "oslo-nord")
    assert first.status_code == 201, first.get_json()
    again = _ask(app, clinics["client"], "oslo-nord")
    assert again.status_code == 200
    assert again.get_json()["id"] == first.get_json()["id"]
    reused = _ask(app, clinics["client"], "oslo-sor")
    assert reused.status_code == 422
    assert reused.mimetype == "application/problem+json"
    second = _ask(app, clinics["client"], "oslo-sor", key="key-2")
    assert second.status_code == 400
    assert "Vent på svaret deres" in second.get_json()["errors"]["clinic"]
    assert _count() == 1


@pytest.mark.parametrize(
    ("body", "key", "field"),
    [
        ({"clinic": "nowhere"}, "k", "clinic"),
        ({"clinic": 7}, "k", "clinic"),
        ({"clinic": "oslo-nord"}, "", "Idempotency-Key"),
        ({"clinic": "oslo-nord"}, "x" * 300, "Idempotency-Key"),
    ],
)
def test_bad_requests_get_a_problem(app, clinics, body, key, field):
    client, token = session_client(app, clinics["client"])
    answer = client.post(API, json=body, headers={"X-CSRFToken": token, "Idempotency-Key": key})
    assert answer.status_code == 400
    assert answer.mimetype == "application/problem+json"
    assert field in answer.get_json()["errors"]
    assert _count() == 0


def test_the_clinic_accepts_and_the_client_is_enrolled(app, clinics):
    asked = _ask(app, clinics["client"], "oslo-nord").get_json()
    staff, token = session_client(app, clinics["north_staff"])
    assert clinics["client"].username in staff.get("/clinic").get_data(as_text=True)
    other, other_token = session_client(app, clinics["south_staff"])
    assert clinics["client"].username not in other.get("/clinic").get_data(as_text=True)
    refused = other.post(
        f"/clinic/enrolment-requests/{asked['id']}/accept",
        data={"kind": "fast_return", "csrf_token": other_token},
    )
    assert refused.status_code == 404

    answer = staff.post(
        f"/clinic/enrolment-requests/{asked['id']}/accept",
        data={"kind": "user_controlled", "csrf_token": token},
    )
    assert answer.status_code == 303
    db.session.expire_all()
    assert db.session.get(User, clinics["client"].id).clinic_id == clinics["north"].id
    client, _token = session_client(app, clinics["client"])
    listed = client.get(API).get_json()["enrolment_requests"]
    assert [(r["status"], r["agreement"]) for r in listed] == [("accepted", "user_controlled")]
    page = client.get("/readmission").get_data(as_text=True)
    assert "Jeg trenger å komme tilbake" in page
    assert "Brukerstyrt innleggelse" in page


def test_the_clinic_declines_with_a_reason_the_client_reads(app, clinics):
    asked = _ask(app, clinics["client"], "oslo-sor").get_json()
    staff, token = session_client(app, clinics["south_staff"])
    path = f"/clinic/enrolment-requests/{asked['id']}/decline"
    staff.post(path, data={"reason": "", "csrf_token": token})
    assert _count() == 1
    db.session.expire_all()
    assert db.session.scalar(sa.select(EnrolmentRequest.status)) == "open"

    answer = staff.post(path, data={"reason": "Ring oss på 22 99 88 77.", "csrf_token": token})
    assert answer.status_code == 303
    client, _token = session_client(app, clinics["client"])
    (listed,) = client.get(API).get_json()["enrolment_requests"]
    assert listed["status"] == "declined"
    assert listed["decline_reason"] == "Ring oss på 22 99 88 77."
    assert "Ring oss på 22 99 88 77." in client.get("/readmission").get_data(as_text=True)
    raw = db.session.execute(sa.text("SELECT decline_reason FROM enrolment_request")).scalar()
    assert b"Ring oss" not in raw
    # a new request can go to another clinic now
    assert _ask(app, clinics["client"], "oslo-nord", key="key-2").status_code == 201
