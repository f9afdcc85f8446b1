"""Passwords: argon2id with the current parameters, over-long ones refused before any hashing,
no account never matching, and what a new password must be."""

from __future__ import annotations

import argon2
import pytest

from peerapp.services.people import passwords
from tests.factories import PASSWORD

CURRENT = argon2.extract_parameters(argon2.PasswordHasher().hash("x"))
WEAK = argon2.PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1)


def test_hashes_are_argon2id_with_the_current_parameters():
    stored = passwords.hash_password(PASSWORD)
    assert stored.startswith("$argon2id$")
    assert argon2.extract_parameters(stored) == CURRENT
    assert passwords.verify_password(stored, PASSWORD)
    assert not passwords.verify_password(stored, PASSWORD + "!")
    assert not passwords.needs_rehash(stored)


def test_a_password_over_the_maximum_is_refused_before_hashing():
    too_long = "x" * (passwords.MAX_PASSWORD_LENGTH + 1)
    with pytest.raises(ValueError, match="too long"):
        passwords.hash_password(too_long)
    # even its own correct hash does not let it in: the length is checked first
    assert not passwords.verify_password(WEAK.hash(too_long), too_long)
    assert passwords.password_problem(too_long, "kari")
    at_most = "x" * (passwords.MAX_PASSWORD_LENGTH - 4) + "abcd"
    assert passwords.verify_password(passwords.hash_password(at_most), at_most)


def test_no_account_never_matches_any_password():
    # without an account a dummy hash is still verified, so the answer takes as long; it must
    # never match, not even the dummy's own password
    assert passwords.verify_password(None, PASSWORD) is False
    assert passwords.verify_password(None, "not a password of anyone's") is False
    assert passwords.verify_password("", "") is False
    assert passwords.verify_password("$argon2id$garbage", PASSWORD) is False


@pytest.mark.parametrize(
    ("password", "problem"),
    [
        ("short one", True),
        ("x" * 12, True),  # too few different characters
        ("Kari Nordmann", True),  # the username itself
        ("x" * 257, True),
        ("tolv tegn minst", False),
        (PASSWORD, False),
    ],
)
def test_what_a_new_password_must_be(password, problem):
    assert bool(passwords.password_problem(password, "kari nordmann")) is problem
