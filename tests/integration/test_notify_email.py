"""E-mail from the outbox to a real (local) SMTP server: text and HTML in the reader's language,
recognisable when repeated, and kept for later when the mail server or its settings fail."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from flask_babel import force_locale, gettext

from peerapp.extensions import begin_write, db
from peerapp.models import OutboxMessage
from peerapp.services.notify import enqueue, worker
from peerapp.services.notify.mail import message_id
from tests.integration.conftest import MAIL_FROM
from tests.support.smtp import refusing_port


def queue_notice(address: str = "vakt@klinikk.example", language: str = "nb") -> OutboxMessage:
    """Queue the password notice by e-mail only, and return its row."""
    begin_write()
    enqueue.queue_email(address, "password_changed", {}, language, "password-changed:mail")
    db.session.commit()
    return email_message()


def email_message() -> OutboxMessage:
    return db.session.scalars(
        sa.select(OutboxMessage).where(OutboxMessage.channel == "email")
    ).one()


@pytest.mark.parametrize("language", ["nb", "en"])
def test_an_email_arrives_in_text_and_html_in_the_readers_language(
    language, user_factory, smtp_server, mail_settings
):
    user = user_factory(role="clinic", email="vakt@klinikk.example", language=language)
    begin_write()
    enqueue.notify_user(user, "password_changed", {}, dedupe_key="password-changed:1")
    db.session.commit()

    report = worker.drain()

    assert report.sent == 1
    (mail,) = smtp_server.messages
    queued = email_message()
    with force_locale(language):
        subject = gettext("Your Peerapp password was changed")
        advice = gettext("If you did this, you need not do anything.")
    assert mail["Subject"] == subject
    assert mail["To"] == "vakt@klinikk.example"
    assert mail["From"] == MAIL_FROM
    assert mail["Message-ID"] == message_id(queued.dedupe_key)
    assert mail["Content-Language"] == language
    assert mail.get_content_type() == "multipart/alternative"
    text = mail.get_body(("plain",))
    html = mail.get_body(("html",))
    assert text is not None and html is not None
    assert advice in text.get_content()
    assert advice in html.get_content()
    assert f'<html lang="{language}">' in html.get_content()
    assert "http://localhost/account" in text.get_content()  # SERVER_NAME is localhost in tests
    assert smtp_server.envelopes == [("varsel@peerapp.example", ["vakt@klinikk.example"])]
    assert queued.status == "sent"


def test_the_link_in_an_email_uses_the_sites_public_address(app, smtp_server, mail_settings):
    app.config["PEERAPP_PUBLIC_URL"] = "https://peerapp.example.no"
    queue_notice()

    worker.drain()

    (mail,) = smtp_server.messages
    text = mail.get_body(("plain",)).get_content()
    assert "https://peerapp.example.no/account" in text
    assert 'href="https://peerapp.example.no/account"' in mail.get_body(("html",)).get_content()


def test_a_repeat_after_a_crash_has_the_same_message_id(smtp_server, mail_settings):
    queue_notice()
    worker.drain()
    begin_write()
    message = email_message()
    message.status, message.sent_at = "pending", None
    db.session.commit()

    worker.drain()

    first, repeat = smtp_server.messages
    assert first["Message-ID"] == repeat["Message-ID"] == message_id(message.dedupe_key)


@pytest.mark.parametrize(
    ("url", "complaint"),
    [
        ("http://mail.example", "PEERAPP_SMTP_URL must start with"),
        ("smtp://mail.example:notaport", "port"),
        ("smtp://", "PEERAPP_SMTP_URL"),
        (None, "PEERAPP_SMTP_URL not set"),
    ],
)
def test_bad_mail_settings_keep_the_message_until_they_are_fixed(
    url, complaint, app, smtp_server, mail_settings
):
    app.config["PEERAPP_SMTP_URL"] = url
    queue_notice()

    report = worker.drain()

    assert report.retried == 1
    waiting = email_message()
    assert waiting.status == "pending" and waiting.attempts == 0
    assert complaint in (waiting.last_error or "")
    assert smtp_server.messages == []

    app.config.update(mail_settings)
    assert worker.drain(now=waiting.next_attempt_at).sent == 1
    assert len(smtp_server.messages) == 1


def test_no_sender_address_keeps_the_message(app, smtp_server, mail_settings):
    app.config["PEERAPP_MAIL_FROM"] = None
    queue_notice()

    assert worker.drain().retried == 1
    assert "PEERAPP_MAIL_FROM" in (email_message().last_error or "")


def test_an_unreachable_mail_server_is_tried_again(app, smtp_server, mail_settings):
    queue_notice()
    with refusing_port() as closed:
        app.config["PEERAPP_SMTP_URL"] = f"smtp://127.0.0.1:{closed.getsockname()[1]}"

        assert worker.drain().retried == 1

    waiting = email_message()
    assert waiting.status == "pending" and waiting.attempts == 1
    assert (waiting.last_error or "").startswith("mail server not reachable")

    app.config.update(mail_settings)
    assert worker.drain(now=waiting.next_attempt_at).sent == 1
    assert len(smtp_server.messages) == 1


def test_a_mail_server_that_says_later_is_tried_again(smtp_server, mail_settings):
    smtp_server.answer_next("451 4.3.0 Try again later")
    queue_notice()

    assert worker.drain().retried == 1
    waiting = email_message()
    assert waiting.last_error == "mail server refused the message (451)"

    assert worker.drain(now=waiting.next_attempt_at).sent == 1


def test_a_mail_server_that_refuses_the_message_for_good_gives_up(smtp_server, mail_settings):
    smtp_server.answer_next("554 5.7.1 Rejected")
    queue_notice()

    assert worker.drain().dead == 1
    assert email_message().status == "dead"
