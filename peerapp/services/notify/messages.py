"""What each kind of notification says, in the reader's language, and how a delivery can fail.

A message in the outbox carries only a kind, a language and a few parameters (ids, a path);
the words are looked up here when it is delivered, so no private text ever waits in the queue.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from peerapp.words import LazyString, _l, force_locale

#: the languages a message can be written in; anything else is read as Bokmål
LANGUAGES = ("nb", "nn", "en")
DEFAULT_LANGUAGE = "nb"


@dataclass(frozen=True)
class Kind:
    """One kind of notification: its words, where it leads and how urgent it is."""

    name: str
    title: LazyString
    body: LazyString
    #: the page the notification opens (a path on this site)
    path: str
    #: whether it is also sent by e-mail (from ``templates/email/<name>.txt`` and ``.html``)
    email: bool = False
    #: the e-mail's subject, when it is e-mailed
    subject: LazyString | None = None
    #: Web Push ``Urgency``: ``high`` wakes a sleeping phone at once
    urgency: str = "normal"
    #: how long a push service keeps it for a phone that is offline, in seconds
    ttl: int = 24 * 3600


KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        Kind(
            "push_enabled",
            title=_l("Notifications are on"),
            body=_l("Peerapp will tell you here when something needs your attention."),
            path="/account",
            ttl=3600,
        ),
        Kind(
            "password_changed",
            title=_l("Your password was changed"),
            body=_l("If this was not you, change your password now or ask your clinic for help."),
            path="/account",
            email=True,
            subject=_l("Your Peerapp password was changed"),
            urgency="high",
        ),
        Kind(
            "checkin_morning",
            title=_l("Good morning"),
            body=_l("Take a minute to plan a few anchors for today."),
            # each reminder opens its own step, not the hub one tap short of it
            path="/checkin/plan",
            ttl=3 * 3600,
        ),
        Kind(
            "checkin_evening",
            title=_l("How did today go?"),
            body=_l("A quick check-in: what got done, mood, craving and sleep."),
            path="/checkin/evening",
            ttl=3 * 3600,
        ),
        Kind(
            "meeting_soon",
            title=_l("Your meeting starts soon"),
            body=_l("You asked to be reminded. Open it to see when and where."),
            path="/",
            ttl=3600,
        ),
        # a plan's appointment: never what, with whom or where, only that one is coming
        Kind(
            "appointment_tomorrow",
            title=_l("You have an appointment tomorrow"),
            body=_l("Open your plan to see when and where."),
            path="/plan",
            email=True,
            subject=_l("An appointment tomorrow in your Peerapp plan"),
            ttl=12 * 3600,
        ),
        Kind(
            "appointment_soon",
            title=_l("Your appointment is in two hours"),
            body=_l("Open your plan to see when and where."),
            path="/plan",
            email=True,
            subject=_l("An appointment soon in your Peerapp plan"),
            urgency="high",
            ttl=2 * 3600,
        ),
        Kind(
            "contact_new",
            title=_l("Someone would like to talk"),
            body=_l("A new contact request is waiting for you in Peerapp."),
            path="/peer",
            email=True,
            subject=_l("New contact request in Peerapp"),
            urgency="high",
        ),
        Kind(
            "contact_reply",
            title=_l("News in your conversation"),
            body=_l("There is something new in a conversation in Peerapp."),
            path="/peers",
            email=True,
            subject=_l("News in your conversation in Peerapp"),
        ),
        # come with me: the words never say where or who, only that there is something to see
        Kind(
            "companion_new",
            title=_l("Someone would like company to a meeting"),
            body=_l("A client asks for a peer to come along. Open it to see when and where."),
            path="/company",
            email=True,
            subject=_l("Someone would like company in Peerapp"),
            urgency="high",
        ),
        Kind(
            "companion_accepted",
            title=_l("A peer will come with you"),
            body=_l("Someone said yes. Open it to see where you meet."),
            path="/company",
            email=True,
            subject=_l("A peer will come with you"),
            urgency="high",
        ),
        Kind(
            "companion_cancelled",
            title=_l("Plans for company changed"),
            body=_l("A request for company was cancelled. Open it to see why."),
            path="/company",
            email=True,
            subject=_l("Plans for company changed in Peerapp"),
            urgency="high",
        ),
        Kind(
            "companion_soon",
            title=_l("You meet in two hours"),
            body=_l("A reminder: open it to see where you meet."),
            path="/company",
            ttl=2 * 3600,
            urgency="high",
        ),
        Kind(
            "abuse_report",
            title=_l("A peer reported a contact request"),
            body=_l("Open Peerapp to look at the report."),
            path="/admin/",
            email=True,
            subject=_l("A report to look at in Peerapp"),
        ),
        # readmission: the words never say who asked or what was written, only where to look
        Kind(
            "readmission_new",
            title=_l("New request to come back"),
            body=_l("Someone asks to come back to the clinic. Open the queue to contact them."),
            path="/clinic",
            email=True,
            subject=_l("New readmission request in Peerapp"),
            urgency="high",
        ),
        Kind(
            "readmission_overdue",
            title=_l("A request is waiting past its target"),
            body=_l("A request to come back has not been answered in time. Open the queue."),
            path="/clinic",
            email=True,
            subject=_l("Readmission request waiting past its target"),
            urgency="high",
        ),
        Kind(
            "readmission_withdrawn",
            title=_l("A request was withdrawn"),
            body=_l("A client withdrew their request to come back."),
            path="/clinic",
            email=True,
            subject=_l("Readmission request withdrawn in Peerapp"),
        ),
        # the municipality in the chain: again only where to look, never who or what
        Kind(
            "handover_new",
            title=_l("A new hand-over from a clinic"),
            body=_l("A client leaving treatment is handed over to your municipality. Open it."),
            path="/municipality",
            email=True,
            subject=_l("New hand-over from a clinic in Peerapp"),
            urgency="high",
        ),
        Kind(
            "handover_overdue",
            title=_l("A hand-over is not confirmed"),
            body=_l("The municipality has not confirmed a hand-over in two working days."),
            path="/clinic",
            email=True,
            subject=_l("Hand-over not confirmed by the municipality"),
            urgency="high",
        ),
        Kind(
            "enrolment_request_new",
            title=_l("A request to be enrolled"),
            body=_l("Someone without a code asks your clinic to enrol them. Open the queue."),
            path="/clinic",
            email=True,
            subject=_l("New request to be enrolled in Peerapp"),
        ),
        Kind(
            "enrolment_request_answer",
            title=_l("The clinic has answered"),
            body=_l("The clinic has answered your request to be enrolled. Open it to see more."),
            path="/readmission",
        ),
        Kind(
            "readmission_update",
            title=_l("News about your request"),
            body=_l("Your clinic has updated your request to come back. Open it to see more."),
            path="/readmission",
            email=True,
            subject=_l("News about your request in Peerapp"),
            urgency="high",
        ),
    )
}


def kind_named(name: str) -> Kind:
    """The kind called ``name``; raises ``ValueError`` for one that does not exist."""
    try:
        return KINDS[name]
    except KeyError:
        raise ValueError(f"unknown notification kind {name!r}") from None


@contextmanager
def in_language(language: str) -> Iterator[str]:
    """Translate everything inside the block into ``language`` (Bokmål when unknown)."""
    chosen = language if language in LANGUAGES else DEFAULT_LANGUAGE
    with force_locale(chosen):
        yield chosen


@dataclass(frozen=True)
class Text:
    """A notification's words in one language, and the path it opens."""

    language: str
    title: str
    body: str
    path: str
    subject: str = ""


def render_text(kind_name: str, payload: dict[str, Any], language: str) -> Text:
    """The words of a message of this kind, in ``language``."""
    kind = kind_named(kind_name)
    path = payload.get("path")
    if not (isinstance(path, str) and path.startswith("/") and not path.startswith("//")):
        path = kind.path
    with in_language(language) as chosen:
        return Text(
            language=chosen,
            title=str(kind.title),
            body=str(kind.body),
            path=path,
            subject=str(kind.subject or kind.title),
        )


#: turns a message kind and its context (``text``, ``url``, ``lang``) into an e-mail's plain text
#: and HTML; the web layer hands one in, since the templates are the web's
EmailRenderer = Callable[[str, dict[str, Any]], tuple[str, str]]


@dataclass(frozen=True)
class Envelope:
    """A claimed message with everything needed to deliver it, read before the sending starts."""

    id: int
    dedupe_key: str
    channel: str
    kind: str
    language: str
    payload: dict[str, Any] = field(default_factory=dict)
    email: str | None = None
    endpoint: str | None = None
    p256dh: str | None = None
    auth: str | None = None


class DeliveryFailed(Exception):
    """A delivery attempt failed; ``retry`` says whether trying again later can help.

    ``reason`` is stored on the message and logged, so it names status codes and settings, never
    an endpoint, an address or the message's text.
    """

    def __init__(self, reason: str, *, retry: bool = True, retry_after: float | None = None):
        super().__init__(reason)
        self.reason = reason
        self.retry = retry
        self.retry_after = retry_after


class ReceiverGone(DeliveryFailed):
    """The push service says the subscription no longer exists (404 or 410)."""

    def __init__(self, reason: str):
        super().__init__(reason, retry=False)


class NotConfigured(DeliveryFailed):
    """A setting the channel needs is missing or wrong: keep the message until it is fixed."""

    def __init__(self, reason: str):
        super().__init__(reason, retry=True)


def missing_settings(config: Any, *names: str) -> NotConfigured | None:
    """A ``NotConfigured`` naming the settings that are not set, or ``None`` when all are."""
    missing = [name for name in names if not config.get(name)]
    if not missing:
        return None
    return NotConfigured(f"{', '.join(missing)} not set")
