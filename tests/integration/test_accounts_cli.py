"""``peerapp create-clinic``, ``create-user`` and ``data-key`` as an operator uses them: what they
print, how they refuse bad input (exit 2, the field named, nothing written), and that the
accounts they make can log in."""

from __future__ import annotations

import pyotp
import pytest
import sqlalchemy as sa

from peerapp.extensions import db
from peerapp.models import Clinic, User
from peerapp.services.privacy.crypto import parse_data_key
from tests.factories import PASSWORD


def _count(model) -> int:
    db.session.expire_all()
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def _create_user(runner, *args: str, password: str = PASSWORD):
    return runner.invoke(args=["create-user", *args, "--password-stdin"], input=password + "\n")


def _login(app, username: str, password: str = PASSWORD, otp: str | None = None):
    body = {"username": username, "password": password} | ({"otp": otp} if otp else {})
    return app.test_client().post("/api/v1/session", json=body)


def test_create_clinic_creates_then_updates(runner):
    created = runner.invoke(
        args=["create-clinic", "oslo-nord", "--name", "Oslo nord", "--phone", "+47 22 11 22 33"]
    )
    assert created.exit_code == 0, created.output
    assert created.output.startswith("Created")
    updated = runner.invoke(
        args=["create-clinic", "oslo-nord", "--name", "Oslo nord DPS", "--response-hours", "8"]
    )
    assert updated.exit_code == 0, updated.output
    assert updated.output.startswith("Updated")
    (clinic,) = db.session.scalars(sa.select(Clinic)).all()
    assert (clinic.slug, clinic.name, clinic.phone) == (
        "oslo-nord",
        "Oslo nord DPS",
        "+47 22 11 22 33",
    )
    assert clinic.response_hours == 8


@pytest.mark.parametrize(
    ("options", "field"),
    [
        (["Not A Slug!", "--name", "Klinikk"], "slug"),
        (["ends-with-a-dash-", "--name", "Klinikk"], "slug"),
        (["good-slug", "--name", "Klinikk", "--email", "not-an-address"], "email"),
        (["good-slug", "--name", "Klinikk", "--response-hours", "0"], "response_hours"),
        (["good-slug", "--name", "Klinikk", "--response-hours", "1000"], "response_hours"),
        (["good-slug", "--name", "Klinikk", "--phone", "call us"], "phone"),
        (["good-slug", "--name", "   "], "name"),
    ],
)
def test_create_clinic_refuses_bad_input_naming_the_field(runner, options, field):
    result = runner.invoke(args=["create-clinic", *options])
    assert result.exit_code == 2
    assert f"{field}:" in result.output
    assert _count(Clinic) == 0


def test_a_client_created_at_a_clinic_is_enrolled_there_and_can_log_in(app, runner, clinic_factory):
    clinic = clinic_factory(slug="bergen-vest")
    result = _create_user(runner, "Morgenfugl", "--role", "client", "--clinic", "bergen-vest")
    assert result.exit_code == 0, result.output
    assert "Morgenfugl" in result.output and "bergen-vest" in result.output
    user = db.session.scalar(sa.select(User).where(User.username == "Morgenfugl"))
    assert (user.role, user.clinic_id, user.email) == ("client", clinic.id, None)
    answer = _login(app, "morgenfugl")
    assert answer.status_code == 200
    assert answer.get_json()["user"]["clinic"]["slug"] == "bergen-vest"


def test_staff_created_with_a_secret_need_a_code_from_it(app, runner, clinic_factory):
    clinic_factory(slug="tromso")
    secret = pyotp.random_base32(32)
    result = _create_user(
        runner, "Siri", "--role", "clinic", "--clinic", "tromso", "--totp-secret", secret
    )
    assert result.exit_code == 0, result.output
    without = _login(app, "Siri")
    assert without.status_code == 401
    assert without.get_json()["type"].endswith("otp-required")
    assert _login(app, "Siri", otp="000000").status_code == 401
    answer = _login(app, "Siri", otp=pyotp.TOTP(secret).now())
    assert answer.status_code == 200, answer.get_json()
    assert answer.get_json()["user"]["role"] == "clinic"


def test_an_admin_created_without_a_secret_must_enrol_first(app, runner):
    result = _create_user(runner, "Ada", "--role", "admin")
    assert result.exit_code == 0, result.output
    assert _login(app, "Ada").get_json()["type"].endswith("totp-enrolment-required")


@pytest.mark.parametrize(
    ("options", "field"),
    [
        (["Siri", "--role", "clinic"], "clinic"),
        (["Siri", "--role", "clinic", "--clinic", "no-such-clinic"], "clinic"),
        (["Kari", "--role", "client", "--clinic", "no-such-clinic"], "clinic"),
        (["Siri", "--role", "peer", "--clinic", "oslo"], "clinic"),
        (["Siri", "--role", "admin", "--totp-secret", "not base32!"], "totp_secret"),
        (["Siri", "--role", "peer", "--email", "nowhere"], "email"),
        (["x", "--role", "peer"], "username"),
        (["bad<name>", "--role", "peer"], "username"),
    ],
)
def test_create_user_refuses_bad_input_naming_the_field(runner, clinic_factory, options, field):
    clinic_factory(slug="oslo")
    before = _count(User)
    result = _create_user(runner, *options)
    assert result.exit_code == 2, result.output
    assert f"{field}:" in result.output
    assert _count(User) == before


def test_create_user_refuses_a_taken_username_in_any_spelling(runner, user_factory):
    user_factory(username="Kari")
    result = _create_user(runner, "KARI", "--role", "peer")
    assert result.exit_code == 2
    assert "username:" in result.output
    assert _count(User) == 1


@pytest.mark.parametrize("password", ["too short", "x" * 300])
def test_create_user_refuses_a_password_of_the_wrong_length(runner, password):
    result = _create_user(runner, "Kari", "--role", "peer", password=password)
    assert result.exit_code == 2
    assert "password:" in result.output
    assert _count(User) == 0


def test_an_unknown_role_is_refused(runner):
    result = _create_user(runner, "Kari", "--role", "superuser")
    assert result.exit_code == 2
    assert "--role" in result.output
    assert _count(User) == 0


def test_data_key_prints_a_key_that_encrypts_and_decrypts(runner):
    result = runner.invoke(args=["data-key"])
    assert result.exit_code == 0
    (line,) = result.output.splitlines()
    name, _, key = line.partition("=")
    assert name == "PEERAPP_DATA_KEY"
    ring = parse_data_key(key)
    assert ring.decrypt(ring.encrypt(b"private note")) == b"private note"
    assert runner.invoke(args=["data-key"]).output != result.output  # a new key each time
