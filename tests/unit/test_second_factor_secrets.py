"""The second factor without an account: what counts as a secret, and the QR code carrying it."""

from __future__ import annotations

import base64
import re

import pytest

from peerapp.models import User
from peerapp.services.people import second_factor

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
#: the QR code names the account it is for; nothing is stored
KARI = User(username="kari", role="peer")


@pytest.mark.parametrize(
    ("secret", "valid"),
    [
        (second_factor.new_secret(), True),
        (SECRET, True),
        (SECRET.lower(), True),
        (base64.b32encode(bytes(16)).decode(), True),  # 128 bits, the least accepted
        (base64.b32encode(bytes(10)).decode(), False),  # 80 bits
        ("JBSWY3DP", False),
        ("not base32 at all!", False),
        ("", False),
    ],
    ids=["new", "known", "lower-case", "128-bits", "80-bits", "too-short", "not-base32", "empty"],
)
def test_what_counts_as_a_second_factor_secret(secret, valid):
    assert second_factor.is_valid_secret(secret) is valid


def test_the_qr_code_is_labelled_for_screen_readers():
    svg = second_factor.qr_svg(second_factor.provisioning_uri(KARI, SECRET), "Scan me")
    assert svg.startswith("<svg ") and 'role="img"' in svg
    assert "<title>Scan me</title>" in svg
    assert "otpauth://" not in svg  # drawn, not written out


def test_the_qr_code_scales_with_the_page():
    """No fixed size but a viewBox: at 360 px or 200 % zoom the page sizes it, uncropped."""
    svg = second_factor.qr_svg(second_factor.provisioning_uri(KARI, SECRET), "Scan me")
    opening = svg[: svg.index(">")]
    assert re.search(r'viewBox="0 0 (\d+) \1"', opening)
    assert "width=" not in opening and "height=" not in opening
