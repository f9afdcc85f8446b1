"""The second factor: codes accepted once, within one step of drift, never for an older step;
recovery codes spent once whatever their spelling; the secret stored encrypted."""

from __future__ import annotations

import base64

import pyotp
import pytest

from peerapp.extensions import db
from peerapp.services.people import second_factor

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
#: a moment well inside time step 60 000 000
STEP = 60_000_000
NOW = STEP * 30 + 10


def _code(step: int) -> str:
    return pyotp.TOTP(SECRET).generate_otp(step)


@pytest.fixture
def enrolled(user_factory):
    """A peer with a known second-factor secret."""
    user = user_factory(role="peer", totp=False)
    second_factor.enrol(user, SECRET)
    db.session.commit()
    return user


def test_a_current_code_works_once(enrolled):
    assert second_factor.verify(enrolled, _code(STEP), now=NOW)
    assert not second_factor.verify(enrolled, _code(STEP), now=NOW)


def test_a_code_for_an_earlier_step_than_the_last_accepted_is_refused(enrolled):
    assert second_factor.verify(enrolled, _code(STEP + 1), now=NOW)  # a phone a little ahead
    assert not second_factor.verify(enrolled, _code(STEP), now=NOW)
    assert not second_factor.verify(enrolled, _code(STEP - 1), now=NOW)
    assert second_factor.verify(enrolled, _code(STEP + 2), now=NOW + 30)  # the next step is fine


def test_the_last_accepted_step_is_kept_in_the_database(enrolled):
    assert second_factor.verify(enrolled, _code(STEP), now=NOW)
    db.session.commit()
    db.session.expire_all()
    assert not second_factor.verify(enrolled, _code(STEP), now=NOW)


@pytest.mark.parametrize(("drift", "accepted"), [(-2, False), (-1, True), (1, True), (2, False)])
def test_a_clock_one_step_off_is_tolerated_two_are_not(enrolled, drift, accepted):
    assert second_factor.verify(enrolled, _code(STEP + drift), now=NOW) is accepted


@pytest.mark.parametrize("code", ["", "12345", "1234567", "abcdef", "12345a", " " * 6])
def test_only_six_digits_count_as_a_code(enrolled, code):
    assert not second_factor.verify(enrolled, code, now=NOW)


def test_a_code_typed_with_a_space_in_the_middle_works(enrolled):
    code = _code(STEP)
    assert second_factor.verify(enrolled, f"{code[:3]} {code[3:]}", now=NOW)


def test_no_code_works_without_a_second_factor(user_factory):
    user = user_factory(role="peer", totp=False)
    assert not second_factor.verify(user, pyotp.TOTP(SECRET).now())


def test_recovery_codes_work_once_whatever_the_case_and_dashes(enrolled):
    codes = second_factor.new_recovery_codes(enrolled)
    db.session.commit()
    assert len(codes) == len(set(codes)) == second_factor.RECOVERY_CODES == 10
    assert second_factor.verify(enrolled, codes[0].upper())
    assert not second_factor.verify(enrolled, codes[0])
    assert second_factor.verify(enrolled, codes[1].replace("-", ""))
    assert second_factor.verify(enrolled, " " + codes[2].replace("-", " ") + " ")
    assert not second_factor.verify(enrolled, codes[2])
    assert second_factor.recovery_codes_left(enrolled) == 7


def test_new_recovery_codes_replace_the_old_ones(enrolled):
    old = second_factor.new_recovery_codes(enrolled)
    new = second_factor.new_recovery_codes(enrolled)
    db.session.commit()
    assert not second_factor.verify(enrolled, old[0])
    assert second_factor.verify(enrolled, new[0])


def test_turning_the_second_factor_off_removes_the_recovery_codes(enrolled):
    codes = second_factor.new_recovery_codes(enrolled)
    second_factor.disable(enrolled)
    db.session.commit()
    assert not enrolled.has_totp
    assert second_factor.recovery_codes_left(enrolled) == 0
    assert not second_factor.verify(enrolled, codes[0])


def test_enrolment_needs_a_code_from_the_pending_secret(user_factory):
    user = user_factory(role="admin", totp=False)
    secret = second_factor.start_enrolment(user)
    assert not user.has_totp
    assert second_factor.confirm_enrolment(user, "000000", now=NOW) is None
    codes = second_factor.confirm_enrolment(user, pyotp.TOTP(secret).generate_otp(STEP), now=NOW)
    assert codes is not None and len(codes) == 10
    assert user.has_totp and second_factor.pending_secret(user) is None
    # the code that confirmed the enrolment cannot sign in afterwards
    assert not second_factor.verify(user, pyotp.TOTP(secret).generate_otp(STEP), now=NOW)


def test_the_secret_is_stored_encrypted(enrolled):
    assert SECRET.encode() not in enrolled.totp_secret
    assert base64.b32decode(SECRET) not in enrolled.totp_secret
