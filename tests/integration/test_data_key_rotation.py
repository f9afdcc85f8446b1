"""Rotating ``PEERAPP_DATA_KEY``: every private value moves to the new key, and values no key
can read are left alone and named."""

from __future__ import annotations

import pytest
from cryptography.fernet import Fernet

from peerapp.services.privacy import crypto

KEY_A = Fernet.generate_key().decode()
KEY_B = Fernet.generate_key().decode()


@pytest.fixture
def use_key(app, monkeypatch):
    """Set the app's ``PEERAPP_DATA_KEY`` for the rest of the test."""

    def set_key(value: str) -> None:
        monkeypatch.setitem(app.config, "PEERAPP_DATA_KEY", value)

    return set_key


def test_rotating_the_data_key_moves_every_private_value_to_the_new_key(
    use_key, runner, user_factory
):
    from peerapp.extensions import db
    from peerapp.models.people import User
    from peerapp.services.privacy import rotation

    use_key(KEY_A)
    people = [user_factory(role="client") for _ in range(3)]
    for person in people:
        person.totp_pending_secret = crypto.encrypt(f"secret of {person.username}")
    db.session.commit()

    use_key(f"{KEY_B},{KEY_A}")
    result = runner.invoke(args=["rotate-data-key"])
    assert result.exit_code == 0, result.output
    assert '"rotated": 3' in result.output and '"unreadable": 0' in result.output

    use_key(KEY_B)  # the old key is gone: everything still reads
    db.session.expire_all()
    for person in people:
        sealed = db.session.get(User, person.id).totp_pending_secret
        assert crypto.decrypt(sealed) == f"secret of {person.username}"
    # run again: nothing is lost, and the values only move to the same key once more
    assert rotation.rotate_data_key(batch=2).rotated == 3


def test_rotation_leaves_values_no_key_can_read_and_says_so(use_key, runner, user_factory):
    from peerapp.extensions import db

    use_key(KEY_A)
    person = user_factory(role="client")
    person.totp_pending_secret = crypto.encrypt("written with a key since lost")
    db.session.commit()
    kept = person.totp_pending_secret

    use_key(KEY_B)
    result = runner.invoke(args=["rotate-data-key"])
    assert result.exit_code == 1
    assert "PEERAPP_DATA_KEY" in result.output and "user_account" in result.output
    db.session.expire_all()
    assert person.totp_pending_secret == kept  # left exactly as it was
