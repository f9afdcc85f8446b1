"""Deliver one e-mail over SMTP: text and HTML in the reader's language, from a renderer the web
layer hands in (the templates in ``templates/email/`` are the web's, see :mod:`peerapp.emails`).

``PEERAPP_SMTP_URL`` is ``smtp://[user:password@]host[:port]`` (plain, port 25),
``smtp+starttls://...`` (STARTTLS required, port 587) or ``smtps://...`` (TLS from the start,
port 465). The ``Message-ID`` is derived from the dedupe key, so a message sent twice (the worker
stopped between sending and recording) is recognisably the same message.
"""

from __future__ import annotations

import hashlib
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import format_datetime
from functools import lru_cache
from urllib.parse import unquote, urlsplit

from peerapp.config import app_config
from peerapp.extensions import utcnow
from peerapp.services.notify.messages import (
    DeliveryFailed,
    EmailRenderer,
    Envelope,
    NotConfigured,
    in_language,
    missing_settings,
    render_text,
)

#: seconds to wait for the mail server
TIMEOUT = 10
_SCHEMES = {"smtp": ("plain", 25), "smtp+starttls": ("starttls", 587), "smtps": ("tls", 465)}


class MailSettingsError(ValueError):
    """``PEERAPP_SMTP_URL`` cannot be used; the message says why (never the password)."""


@dataclass(frozen=True)
class SmtpServer:
    """Where and how to hand over mail."""

    host: str
    port: int
    security: str  # plain, starttls or tls
    username: str | None = None
    password: str | None = None


def parse_smtp_url(url: str) -> SmtpServer:
    """Read ``PEERAPP_SMTP_URL``; raises ``MailSettingsError`` with a clear reason."""
    scheme, _, rest = url.strip().partition("://")
    if not rest or scheme.lower() not in _SCHEMES:
        raise MailSettingsError(
            "PEERAPP_SMTP_URL must start with smtp://, smtp+starttls:// or smtps://"
        )
    security, default_port = _SCHEMES[scheme.lower()]
    parts = urlsplit(f"smtp://{rest}")
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        raise MailSettingsError("PEERAPP_SMTP_URL has no path or query: smtp://host:port")
    try:
        port = parts.port or default_port
    except ValueError:
        raise MailSettingsError("PEERAPP_SMTP_URL has a port that is not a number") from None
    if not parts.hostname:
        raise MailSettingsError("PEERAPP_SMTP_URL names no host")
    return SmtpServer(
        host=parts.hostname,
        port=port,
        security=security,
        username=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password is not None else None,
    )


def message_id(dedupe_key: str) -> str:
    """A ``Message-ID`` that is the same every time this message is sent."""
    return f"<{hashlib.sha256(dedupe_key.encode()).hexdigest()[:40]}@peerapp>"


def absolute_url(path: str) -> str | None:
    """The full address of a page on this site (``PEERAPP_PUBLIC_URL``, else ``SERVER_NAME``)."""
    config = app_config()
    if config.get("PEERAPP_PUBLIC_URL"):
        return f"{config['PEERAPP_PUBLIC_URL']}{path}"
    server = config.get("SERVER_NAME")
    if not server:
        return None
    root = (config.get("APPLICATION_ROOT") or "/").rstrip("/")
    return f"{config.get('PREFERRED_URL_SCHEME') or 'https'}://{server}{root}{path}"


def build_email(envelope: Envelope, mail_from: str, render: EmailRenderer) -> EmailMessage:
    """The e-mail for a message: subject, text and HTML (from ``render``) in its language."""
    if not envelope.email:
        raise DeliveryFailed("no address", retry=False)
    text = render_text(envelope.kind, envelope.payload, envelope.language)
    context = {"text": text, "url": absolute_url(text.path), "lang": text.language}
    with in_language(envelope.language):
        plain, html = render(envelope.kind, context)
    message = EmailMessage()
    message["Subject"] = text.subject
    message["From"] = mail_from
    message["To"] = envelope.email
    message["Date"] = format_datetime(utcnow())
    message["Message-ID"] = message_id(envelope.dedupe_key)
    message["Auto-Submitted"] = "auto-generated"  # RFC 3834: no vacation replies, please
    message.set_content(plain)
    message.add_alternative(html, subtype="html")
    # after the parts exist: making the message multipart moves Content-* headers into them
    message["Content-Language"] = text.language
    return message


def send_email(envelope: Envelope, render: EmailRenderer | None = None) -> None:
    """Send one e-mail written by ``render`` (by default the renderer the web layer registered as
    ``PEERAPP_RENDER_EMAIL``); raises ``DeliveryFailed`` (``NotConfigured`` for missing settings,
    or when there is no renderer)."""
    config = app_config()
    render = render or config.get("PEERAPP_RENDER_EMAIL")
    if render is None:
        raise NotConfigured("no e-mail renderer handed to the worker")
    if missing := missing_settings(config, "PEERAPP_SMTP_URL", "PEERAPP_MAIL_FROM"):
        raise missing
    try:
        server = parse_smtp_url(config["PEERAPP_SMTP_URL"])
    except MailSettingsError as error:
        raise NotConfigured(str(error)) from None
    message = build_email(envelope, config["PEERAPP_MAIL_FROM"], render)
    try:
        _hand_over(server, message)
    except smtplib.SMTPRecipientsRefused as error:
        codes = [code for code, _text in error.recipients.values()]
        permanent = all(500 <= code < 600 for code in codes)
        raise DeliveryFailed(
            f"mail server refused the recipient ({', '.join(map(str, codes))})",
            retry=not permanent,
        ) from None
    except smtplib.SMTPDataError as error:
        raise DeliveryFailed(
            f"mail server refused the message ({error.smtp_code})",
            retry=not 500 <= error.smtp_code < 600,
        ) from None
    except smtplib.SMTPAuthenticationError as error:
        raise NotConfigured(
            f"mail server refused the login in PEERAPP_SMTP_URL ({error.smtp_code})"
        ) from None
    except smtplib.SMTPResponseException as error:
        raise DeliveryFailed(f"mail server answered {error.smtp_code}") from None
    except smtplib.SMTPNotSupportedError:
        raise NotConfigured("mail server does not offer STARTTLS or the login asked for") from None
    except (smtplib.SMTPException, OSError) as error:
        raise DeliveryFailed(f"mail server not reachable ({type(error).__name__})") from None


@lru_cache(maxsize=1)
def _tls_context() -> ssl.SSLContext:
    """One verifying TLS context for the process: loading the CA bundle is slow (~50 ms)."""
    return ssl.create_default_context()


def _hand_over(server: SmtpServer, message: EmailMessage) -> None:
    """Connect, secure the connection as asked, log in when asked, and send."""
    client: smtplib.SMTP
    if server.security == "tls":
        client = smtplib.SMTP_SSL(server.host, server.port, timeout=TIMEOUT, context=_tls_context())
    else:
        client = smtplib.SMTP(server.host, server.port, timeout=TIMEOUT)
    with client:
        if server.security == "starttls":
            client.starttls(context=_tls_context())
        if server.username is not None:
            client.login(server.username, server.password or "")
        client.send_message(message)
