"""Private data at rest: encrypted with the first key of ``PEERAPP_DATA_KEY``, readable with any
key on the ring (so keys can be rotated), and a malformed key or a tampered token is caught."""

from __future__ import annotations

import pytest
from cryptography.fernet import Fernet

from peerapp.config import SettingsError
from peerapp.services.privacy import crypto

KEY_A = Fernet.generate_key().decode()
KEY_B = Fernet.generate_key().decode()


@pytest.fixture
def use_key(app, monkeypatch):
    """Set the app's ``PEERAPP_DATA_KEY`` for the rest of the test."""

    def set_key(value: str) -> None:
        monkeypatch.setitem(app.config, "PEERAPP_DATA_KEY", value)

    return set_key


def test_text_round_trips_and_is_not_stored_in_clear(use_key):
    use_key(KEY_A)
    token = crypto.encrypt("I slept badly, craving 7")
    assert b"craving" not in token
    assert crypto.decrypt(token) == "I slept badly, craving 7"
    assert crypto.encrypt("same") != crypto.encrypt("same")  # a fresh nonce every time


def test_a_rotated_key_still_reads_old_data_and_reencrypt_moves_it(use_key):
    use_key(KEY_A)
    old = crypto.encrypt("note from before the rotation")
    use_key(f"{KEY_B},{KEY_A}")
    assert crypto.decrypt(old) == "note from before the rotation"
    moved = crypto.reencrypt(old)
    assert crypto.decrypt(moved) == "note from before the rotation"
    use_key(KEY_B)  # the old key retired
    assert crypto.decrypt(moved) == "note from before the rotation"
    assert crypto.decrypt(old) is None


def test_new_data_is_encrypted_with_the_first_key(use_key):
    use_key(f"{KEY_B}, {KEY_A}")
    token = crypto.encrypt("new")
    use_key(KEY_B)
    assert crypto.decrypt(token) == "new"


def test_a_tampered_token_reads_as_nothing(use_key):
    use_key(KEY_A)
    token = bytearray(crypto.encrypt("private"))
    token[-10] = ord("A") if token[-10] != ord("A") else ord("B")
    assert crypto.decrypt(bytes(token)) is None
    assert crypto.decrypt(b"not a token at all") is None


def test_a_token_from_another_installation_reads_as_nothing(use_key):
    use_key(KEY_A)
    foreign = Fernet(KEY_B.encode()).encrypt(b"private")
    assert crypto.decrypt(foreign) is None


def test_an_expired_token_reads_as_nothing(use_key):
    use_key(KEY_A)
    old = Fernet(KEY_A.encode()).encrypt_at_time(b"half-way login", 1_000_000)
    assert crypto.decrypt(old, ttl=300) is None
    assert crypto.decrypt(old) == "half-way login"


@pytest.mark.parametrize(
    "value",
    ["", " , ", "not-a-key", KEY_A[:-4], f"{KEY_A},oops", "x" * 44],
    ids=["empty", "only-commas", "not-a-key", "cut-short", "second-malformed", "not-base64"],
)
def test_a_malformed_key_is_a_settings_error(value):
    with pytest.raises(SettingsError, match="PEERAPP_DATA_KEY"):
        crypto.parse_data_key(value)


def test_a_new_key_is_accepted_and_unique():
    first, second = crypto.new_data_key(), crypto.new_data_key()
    assert first != second
    ring = crypto.parse_data_key(f"{first},{second}")
    assert ring.decrypt(ring.encrypt(b"x")) == b"x"


def test_production_without_a_key_refuses_to_encrypt(app, monkeypatch):
    monkeypatch.setitem(app.config, "PEERAPP_DATA_KEY", None)
    monkeypatch.setitem(app.config, "TESTING", False)
    with pytest.raises(SettingsError, match="PEERAPP_DATA_KEY"):
        crypto.encrypt("anything")


def test_development_without_a_key_uses_one_derived_from_the_secret(app, monkeypatch):
    monkeypatch.setitem(app.config, "PEERAPP_DATA_KEY", None)
    token = crypto.encrypt("demo note")
    assert crypto.decrypt(token) == "demo note"
    monkeypatch.setitem(app.config, "SECRET_KEY", "another secret")
    assert crypto.decrypt(token) is None
