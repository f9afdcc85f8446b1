"""The municipality in the chain: the commands that make coordinators, who may read a hand-over
(only its municipality's coordinators, only with the client's consent in force), what the client
sees of it, and the escalation to the clinic after two working days."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import sqlalchemy as sa

from peerapp.extensions import db
from peerapp.models import Handover, Municipality, OutboxMessage, User
from peerapp.services.municipalities import handovers
from tests.factories import PASSWORD
from tests.support.auth import session_client


def _count(model: Any) -> int:
    db.session.expire_all()
    return db.session.scalar(sa.select(sa.func.count()).select_from(model)) or 0


def _outbox(kind: str) -> list[OutboxMessage]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(OutboxMessage).where(OutboxMessage.kind == kind)))


@pytest.fixture
def chain(clinic_factory, user_factory, municipality_factory) -> dict[str, Any]:
    """A clinic with a client and staff; Oslo with a coordinator, and Bergen with another."""
    clinic = clinic_factory(email="post@clinic.example")
    oslo = municipality_factory(number="0301", name="Oslo", email="rus@oslo.example")
    bergen = municipality_factory(number="4601", name="Bergen")
    return {
        "clinic": clinic,
        "client": user_factory(role="client", clinic=clinic),
        "staff": user_factory(role="clinic", clinic=clinic),
        "other_staff": user_factory(role="clinic"),
        "oslo": oslo,
        "coordinator": user_factory(role="municipal", municipality=oslo),
        "bergen_coordinator": user_factory(role="municipal", municipality=bergen),
    }


def _discharge(app, chain, number: str = "0301", day: str | None = None):
    staff, token = session_client(app, chain["staff"])
    return staff.post(
        f"/clinic/clients/{chain['client'].id}/discharge",
        data={
            "discharge_date": day or handovers.today().isoformat(),
            "municipality": number,
            "csrf_token": token,
        },
    )


def _consent(app, chain, action: str = "consent") -> None:
    handover = handovers.latest_for(chain["client"].id)
    client, token = session_client(app, chain["client"])
    answer = client.post(f"/plan/sharing/{handover.id}/{action}", data={"csrf_token": token})
    assert answer.status_code == 303


# --- the commands --------------------------------------------------------------------------


def test_create_municipality_then_a_coordinator_who_must_use_a_second_factor(app, runner):
    made = runner.invoke(
        args=["create-municipality", "0301", "--name", "Oslo", "--email", "a@b.no"]
    )
    assert made.exit_code == 0, made.output
    assert made.output.startswith("Created municipality 0301: Oslo")
    user = runner.invoke(
        args=["create-user", "kari-k", "--role", "municipal", "--municipality", "0301"]
        + ["--password-stdin"],
        input=PASSWORD + "\n",
    )
    assert user.exit_code == 0, user.output
    assert "must set up the second factor" in user.output
    answer = app.test_client().post(
        "/api/v1/session", json={"username": "kari-k", "password": PASSWORD}
    )
    assert answer.status_code == 403
    assert answer.get_json()["type"].endswith("totp-enrolment-required")


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (["create-municipality", "301", "--name", "Oslo"], "number:"),
        (["create-municipality", "03a1", "--name", "Oslo"], "number:"),
        (["create-municipality", "0301", "--name", " "], "name:"),
        (["create-municipality", "0301", "--name", "Oslo", "--email", "nope"], "email:"),
    ],
)
def test_bad_municipalities_are_refused_and_nothing_is_written(app, runner, args, field):
    result = runner.invoke(args=args)
    assert result.exit_code == 2
    assert field in result.output
    assert _count(Municipality) == 0


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--municipality", "9999"], "Ingen kommune har det nummeret"),
        (["--municipality", "12"], "fire sifre"),
        ([], "må høre til en kommune"),
    ],
)
def test_a_coordinator_needs_a_known_municipality(app, runner, extra, message):
    runner.invoke(args=["create-municipality", "0301", "--name", "Oslo"])
    result = runner.invoke(
        args=["create-user", "kari-k", "--role", "municipal", *extra, "--password-stdin"],
        input=PASSWORD + "\n",
    )
    assert result.exit_code == 2
    assert message in result.output
    assert _count(User) == 0


def test_only_coordinators_belong_to_a_municipality(app, runner):
    runner.invoke(args=["create-municipality", "0301", "--name", "Oslo"])
    result = runner.invoke(
        args=["create-user", "kari-k", "--role", "client", "--municipality", "0301"]
        + ["--password-stdin"],
        input=PASSWORD + "\n",
    )
    assert result.exit_code == 2
    assert "Bare kommunale koordinatorer" in result.output


def test_a_coordinator_has_no_clinic_powers(app, chain):
    coordinator, _token = session_client(app, chain["coordinator"])
    assert coordinator.get("/clinic").status_code == 403
    assert coordinator.get(f"/clinic/clients/{chain['client'].id}").status_code == 403
    assert coordinator.get("/api/v1/readmission-requests").status_code == 403
    assert coordinator.get("/municipality").status_code == 200


# --- recording the discharge ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "day", "message"),
    [
        ("9999", None, "Ingen kommune i Peerapp har det nummeret."),
        ("Oslo", None, "fire sifre"),
        ("0301", "2020-01-01", "fra 60 dager siden til ett år fram i tid"),
        ("0301", "2026-02-30", "Oppgi datoen som en dato"),
    ],
)
def test_bad_discharges_are_refused_and_nothing_is_saved(app, chain, number, day, message):
    answer = _discharge(app, chain, number, day)
    assert answer.status_code == 400
    assert message in answer.get_data(as_text=True)
    assert _count(Handover) == 0


def test_staff_of_another_clinic_cannot_open_the_discharge(app, chain):
    other, token = session_client(app, chain["other_staff"])
    path = f"/clinic/clients/{chain['client'].id}/discharge"
    assert other.get(path).status_code == 404
    answer = other.post(
        path, data={"discharge_date": "2026-12-10", "municipality": "0301", "csrf_token": token}
    )
    assert answer.status_code == 404
    assert _count(Handover) == 0


def test_nothing_goes_to_the_municipality_before_the_client_consents(app, chain):
    assert _discharge(app, chain).status_code == 303
    assert _outbox("handover_new") == []
    coordinator, _token = session_client(app, chain["coordinator"])
    assert coordinator.get("/api/v1/handovers").get_json() == {"handovers": []}
    handover = handovers.latest_for(chain["client"].id)
    assert coordinator.get(f"/municipality/handovers/{handover.id}").status_code == 404

    client, _token = session_client(app, chain["client"])
    page = client.get("/plan/sharing").get_data(as_text=True)
    assert "Oslo" in page
    assert "Ja, del med Oslo" in page


# --- consent, reading and confirming --------------------------------------------------------


def test_with_consent_the_coordinators_are_told_and_only_they_can_read_it(app, chain):
    _discharge(app, chain)
    _consent(app, chain)
    emails = [m for m in _outbox("handover_new") if m.channel == "email"]
    assert [m.email for m in emails] == ["rus@oslo.example"]
    handover = handovers.latest_for(chain["client"].id)

    coordinator, _token = session_client(app, chain["coordinator"])
    listed = coordinator.get("/api/v1/handovers").get_json()["handovers"]
    assert [h["id"] for h in listed] == [handover.id]
    assert listed[0]["client"] == {"username": chain["client"].username}
    assert listed[0]["overdue"] is False
    page = coordinator.get(f"/municipality/handovers/{handover.id}")
    assert page.status_code == 200

    bergen, token = session_client(app, chain["bergen_coordinator"])
    assert bergen.get("/api/v1/handovers").get_json() == {"handovers": []}
    assert bergen.get(f"/municipality/handovers/{handover.id}").status_code == 404
    refused = bergen.post(
        f"/api/v1/handovers/{handover.id}/confirm",
        json={"first_appointment_at": "2026-12-20T10:00+01:00", "place": "Storgata 1"},
        headers={"X-CSRFToken": token},
    )
    assert refused.status_code == 404
    assert refused.mimetype == "application/problem+json"

    client, _token = session_client(app, chain["client"])
    log = client.get("/api/v1/me/access-log").get_json()
    looks = [e for e in log["access_log"] if e["action"] == "handover.view"]
    assert {(e["role"], e["allowed"]) for e in looks} == {
        ("municipal", True),
        ("municipal", False),
    }
    assert "Åpnet overføringen din fra klinikken" in client.get("/account/access-log").get_data(
        as_text=True
    )
    # the list named the client too: that look is logged once, however often the list is opened
    coordinator.get("/municipality")
    coordinator.get("/api/v1/handovers")
    log = client.get("/api/v1/me/access-log").get_json()
    listed_looks = [e for e in log["access_log"] if e["action"] == "handover.list"]
    assert [(e["role"], e["actor"]) for e in listed_looks] == [
        ("municipal", chain["coordinator"].username)
    ]
    assert "Så overføringen din i kommunens liste" in client.get("/account/access-log").get_data(
        as_text=True
    )


def test_withdrawing_consent_ends_access_at_once(app, chain):
    _discharge(app, chain)
    _consent(app, chain)
    handover = handovers.latest_for(chain["client"].id)
    coordinator, token = session_client(app, chain["coordinator"])
    assert coordinator.get(f"/municipality/handovers/{handover.id}").status_code == 200

    _consent(app, chain, "withdraw")

    assert coordinator.get(f"/municipality/handovers/{handover.id}").status_code == 404
    assert coordinator.get("/api/v1/handovers").get_json() == {"handovers": []}
    confirm = coordinator.post(
        f"/api/v1/handovers/{handover.id}/confirm",
        json={"first_appointment_at": "2026-12-20T10:00+01:00", "place": "Storgata 1"},
        headers={"X-CSRFToken": token},
    )
    assert confirm.status_code == 404
    # nor is it escalated: the clinic cannot expect an answer the client stopped
    assert handovers.escalate_unconfirmed(handover.sent_at + timedelta(days=30)) == 0


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"place": "Storgata 1"}, "first_appointment_at"),
        ({"first_appointment_at": "2026-12-20T10:00", "place": "x"}, "first_appointment_at"),
        ({"first_appointment_at": "2020-12-20T10:00+01:00", "place": "x"}, "seks måneder"),
        ({"first_appointment_at": "2026-12-20T10:00+01:00", "place": " "}, "place"),
        ({"first_appointment_at": "2026-12-20T10:00+01:00", "place": "x" * 201}, "place"),
    ],
)
def test_bad_confirmations_get_a_problem_and_confirm_nothing(app, chain, body, field):
    _discharge(app, chain)
    _consent(app, chain)
    handover = handovers.latest_for(chain["client"].id)
    coordinator, token = session_client(app, chain["coordinator"])
    answer = coordinator.post(
        f"/api/v1/handovers/{handover.id}/confirm", json=body, headers={"X-CSRFToken": token}
    )
    assert answer.status_code == 400
    assert answer.mimetype == "application/problem+json"
    assert field in str(answer.get_json())
    db.session.expire_all()
    assert db.session.get(Handover, handover.id).confirmed_at is None


def test_the_coordinator_confirms_and_the_client_sees_the_first_appointment(app, chain):
    _discharge(app, chain)
    _consent(app, chain)
    handover = handovers.latest_for(chain["client"].id)
    coordinator, token = session_client(app, chain["coordinator"])
    when = (handovers.today() + timedelta(days=5)).isoformat() + "T10:30+01:00"
    answer = coordinator.post(
        f"/api/v1/handovers/{handover.id}/confirm",
        json={"first_appointment_at": when, "place": "Rusteamet, Storgata 1"},
        headers={"X-CSRFToken": token},
    )
    assert answer.status_code == 200, answer.get_json()
    confirmed = answer.get_json()
    assert confirmed["confirmed_at"] is not None
    assert confirmed["first_appointment"]["place"] == "Rusteamet, Storgata 1"

    client, _token = session_client(app, chain["client"])
    page = client.get("/plan/sharing").get_data(as_text=True)
    assert "Rusteamet, Storgata 1" in page
    # the place is sealed at rest
    raw = db.session.execute(sa.text("SELECT first_appointment_place FROM handover")).scalar()
    assert b"Storgata" not in raw
    # a confirmed hand-over is never escalated
    assert handovers.escalate_unconfirmed(handover.sent_at + timedelta(days=30)) == 0


# --- escalation -----------------------------------------------------------------------------


def test_unconfirmed_after_two_working_days_is_escalated_to_the_clinic_once(app, chain):
    _discharge(app, chain)
    _consent(app, chain)
    handover = handovers.latest_for(chain["client"].id)
    deadline = handovers.deadline(handover)
    assert deadline - handover.sent_at >= timedelta(days=2)

    assert handovers.escalate_unconfirmed(deadline - timedelta(minutes=1)) == 0
    assert handovers.escalate_unconfirmed(deadline) == 1
    assert handovers.escalate_unconfirmed(deadline + timedelta(days=1)) == 0
    overdue = _outbox("handover_overdue")
    assert [m.email for m in overdue if m.channel == "email"] == ["post@clinic.example"]

    staff, _token = session_client(app, chain["staff"])
    dashboard = staff.get("/clinic").get_data(as_text=True)
    assert "Overføringer som ikke er bekreftet" in dashboard
    assert "Ikke bekreftet på to virkedager" in staff.get(
        f"/clinic/clients/{chain['client'].id}/discharge"
    ).get_data(as_text=True)


def test_the_plan_names_the_municipality_as_a_reader_only_while_consent_is_in_force(app, chain):
    _discharge(app, chain)
    client, _token = session_client(app, chain["client"])
    reader = "Koordinatorene i Oslo kommune"
    assert reader not in client.get("/plan").get_data(as_text=True)
    _consent(app, chain)
    assert reader in client.get("/plan").get_data(as_text=True)
    _consent(app, chain, "withdraw")
    assert reader not in client.get("/plan").get_data(as_text=True)


def test_my_data_holds_the_hand_over_and_the_consent(app, chain):
    _discharge(app, chain)
    _consent(app, chain, "consent")
    _consent(app, chain, "withdraw")
    client, _token = session_client(app, chain["client"])
    (handover,) = client.get("/api/v1/me/export").get_json()["handovers"]
    assert handover["municipality"] == "Oslo"
    assert handover["consent_at"] is not None
    assert handover["consent_withdrawn_at"] is not None
