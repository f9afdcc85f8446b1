"""Authenticated encryption of private data at rest with ``PEERAPP_DATA_KEY``.

The setting holds one or more Fernet keys separated by commas: the first encrypts, all of them
decrypt, so a key can be rotated by putting a new one in front and re-encrypting at leisure.
"""

from __future__ import annotations

import base64

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from peerapp.config import SettingsError, app_config, parse_data_key

__all__ = ["decrypt", "encrypt", "key_ring", "new_data_key", "parse_data_key", "reencrypt"]


def new_data_key() -> str:
    """A fresh random key for ``PEERAPP_DATA_KEY``."""
    return Fernet.generate_key().decode("ascii")


def _development_key(secret_key: str) -> str:
    """A key derived from the secret key, for debug, demo and tests only."""
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"peerapp-data-key")
    return base64.urlsafe_b64encode(derived.derive(secret_key.encode("utf-8"))).decode("ascii")


def key_ring() -> MultiFernet:
    """The app's key ring; outside debug, demo and tests a missing key is an error."""
    config = app_config()
    value = config.get("PEERAPP_DATA_KEY")
    if not value:
        if not any(config.get(flag) for flag in ("TESTING", "DEBUG", "PEERAPP_DEMO")):
            raise SettingsError("PEERAPP_DATA_KEY is not set; make one with 'peerapp data-key'")
        value = _development_key(str(config["SECRET_KEY"]))
    return parse_data_key(value)


def encrypt(plaintext: str) -> bytes:
    """Encrypt text with the current key."""
    return key_ring().encrypt(plaintext.encode("utf-8"))


def decrypt(token: bytes, ttl: int | None = None) -> str | None:
    """Decrypt text, or ``None`` when it was tampered with, is older than ``ttl`` or unknown."""
    try:
        return key_ring().decrypt(token, ttl=ttl).decode("utf-8")
    except InvalidToken:
        return None


def reencrypt(token: bytes) -> bytes:
    """The same plaintext under the current (first) key, for key rotation."""
    return key_ring().rotate(token)
