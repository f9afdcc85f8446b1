"""The rules of notification delivery, each checked on its own."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest

from peerapp.services.notify.mail import MailSettingsError, SmtpServer, message_id, parse_smtp_url
from peerapp.services.notify.messages import KINDS, render_text
from peerapp.services.notify.push import _retry_after, topic
from peerapp.services.notify.worker import LONGEST_RETRY, retry_delay


@pytest.mark.parametrize(
    ("url", "server"),
    [
        ("smtp://mail.example", SmtpServer("mail.example", 25, "plain")),
        ("smtp://relay.example:2525", SmtpServer("relay.example", 2525, "plain")),
        (
            "smtp+starttls://varsel%40klinikk.no:p%40ss:w@smtp.example",
            SmtpServer("smtp.example", 587, "starttls", "varsel@klinikk.no", "p@ss:w"),
        ),
        ("smtps://u:pw@smtp.example:4650", SmtpServer("smtp.example", 4650, "tls", "u", "pw")),
        ("SMTPS://smtp.example/", SmtpServer("smtp.example", 465, "tls")),
    ],
)
def test_smtp_urls_are_read(url, server):
    assert parse_smtp_url(url) == server


@pytest.mark.parametrize(
    "url",
    [
        "mail.example",
        "http://mail.example",
        "smtp://",
        "smtp://:secret@",
        "smtp://mail.example:port",
        "smtp://mail.example:99999",
        "smtp://mail.example/inbox",
        "smtp://mail.example?tls=1",
    ],
)
def test_unusable_smtp_urls_are_refused_without_showing_the_password(url):
    with pytest.raises(MailSettingsError) as refused:
        parse_smtp_url(url.replace("mail.example", "user:hemmelig@mail.example", 1))

    assert "PEERAPP_SMTP_URL" in str(refused.value)
    assert "hemmelig" not in str(refused.value)


def test_retries_wait_longer_each_time_up_to_an_hour():
    for attempts in range(1, 20):
        ceiling = min(timedelta(seconds=30) * 2 ** (attempts - 1), LONGEST_RETRY)
        delay = retry_delay(attempts)
        assert ceiling / 2 <= delay <= ceiling
    assert retry_delay(40) <= LONGEST_RETRY


def test_a_push_topic_is_short_url_safe_and_stable():
    assert re.fullmatch(r"[A-Za-z0-9_-]{32}", topic("password-changed:1:push:2"))
    assert topic("a") == topic("a") != topic("b")


def test_a_message_id_is_stable_and_says_nothing():
    assert message_id("password-changed:17:email") == message_id("password-changed:17:email")
    assert re.fullmatch(r"<[0-9a-f]{40}@peerapp>", message_id("password-changed:17:email"))


def test_retry_after_is_read_as_seconds_or_a_date():
    assert _retry_after("120") == 120
    assert _retry_after(None) is None
    assert _retry_after("soon") is None
    in_a_minute = format_datetime(datetime.now(UTC) + timedelta(seconds=60), usegmt=True)
    assert 30 < (_retry_after(in_a_minute) or 0) <= 60
    assert _retry_after("Mon, 01 Jan 2001 00:00:00 GMT") == 0


def test_every_kind_reads_in_every_language(app):
    for kind in KINDS:
        for language in ("nb", "nn", "en", "xx"):
            text = render_text(kind, {}, language)
            assert text.title and text.body and text.path.startswith("/")
            assert text.language in ("nb", "nn", "en")


def test_a_payload_may_point_only_to_a_page_on_this_site(app):
    assert render_text("password_changed", {"path": "/account/security"}, "en").path == (
        "/account/security"
    )
    for elsewhere in ("https://evil.example/", "//evil.example/", "account"):
        assert render_text("password_changed", {"path": elsewhere}, "en").path == "/account"


def test_an_unknown_kind_is_a_mistake(app):
    with pytest.raises(ValueError, match="unknown notification kind"):
        render_text("no_such_kind", {}, "en")
