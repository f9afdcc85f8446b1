"""What happens at a first meeting: a short guide to each fellowship in the vocabulary.

The pages are written for someone who is scared of walking through the door. What the
fellowships share (open and closed meetings, anonymity, no fee) lives in the templates, one
part per kind of meeting; what differs per fellowship (who it is for, the fellowship for the
person one worries about) lives here, next to the vocabulary it follows.
"""

from __future__ import annotations

from dataclasses import dataclass

from peerapp.services.errors import NotFound
from peerapp.services.meetings.vocabulary import FELLOWSHIPS, Fellowship
from peerapp.words import LazyString, _, _l

#: twelve-step fellowships for the person with the problem
TWELVE_STEP = "twelve_step"
#: twelve-step fellowships for relatives and friends
FAMILY = "family"
#: SMART Recovery: tools from research, a trained facilitator, no steps
SMART = "smart"
#: small self-organised groups (Selvhjelp Norge)
SELF_HELP = "self_help"
#: a fellowship we list but have written no guide for: what is true of any meeting
OTHER = "other"


@dataclass(frozen=True)
class Written:
    """What we have written for one fellowship."""

    kind: str
    #: one line for the overview's list
    summary: LazyString
    #: who the fellowship is for, as its own page says it
    for_whom: LazyString
    #: the fellowship for the other side: relatives of members, or the person one worries about
    counterpart: str | None = None


WRITTEN: dict[str, Written] = {
    "aa": Written(
        TWELVE_STEP,
        _l("For people who want to stop drinking."),
        _l(
            "AA is for anyone who wants to stop drinking. The only requirement is a wish to "
            "stop. Only you can say whether you are an alcoholic."
        ),
        "al-anon",
    ),
    "na": Written(
        TWELVE_STEP,
        _l("For people who want to stop using drugs."),
        _l(
            "NA is for anyone who wants to stop using drugs, whatever the drug, alcohol too. "
            "The only requirement is a wish to stop using."
        ),
        "nar-anon",
    ),
    "al-anon": Written(
        FAMILY,
        _l("For relatives and friends of someone who drinks."),
        _l(
            "Al-Anon is for relatives and friends of someone who drinks too much. Alateen is "
            "for teenagers who have someone close who drinks."
        ),
        "aa",
    ),
    "aca": Written(
        TWELVE_STEP,
        _l("For adults who grew up with alcohol, drugs or other troubles at home."),
        _l(
            "ACA is for adults who grew up with alcohol, drugs or other troubles at home, and "
            "who notice that it still affects them."
        ),
    ),
    "ca": Written(
        TWELVE_STEP,
        _l("For people who want to stop using cocaine and other drugs."),
        _l(
            "CA is for anyone who wants to stop using cocaine and other mind-altering "
            "substances. The only requirement is a wish to stop."
        ),
    ),
    "ga": Written(
        TWELVE_STEP,
        _l("For people who want to stop gambling."),
        _l(
            "GA is for anyone who wants to stop gambling. The only requirement is a wish to "
            "stop gambling."
        ),
    ),
    "nar-anon": Written(
        FAMILY,
        _l("For relatives and friends of someone who uses drugs."),
        _l("Nar-Anon is for relatives and friends of someone who uses drugs."),
        "na",
    ),
    "selvhjelp": Written(
        SELF_HELP,
        _l(
            "Small groups for people who share a problem, such as anxiety, loneliness or addiction."
        ),
        _l(
            "A self-help group is for people who share a problem or a situation in life, such "
            "as addiction, anxiety, loneliness or grief, and want to work on it together."
        ),
    ),
    "smart": Written(
        SMART,
        _l("Tools from research, for anyone who wants to change a habit. No twelve steps."),
        _l(
            "SMART Recovery is for anyone who wants to change a habit that has got out of hand: "
            "alcohol, drugs, gambling or something else. You are welcome whether you have "
            "decided to stop or are still unsure."
        ),
    ),
}

_UNWRITTEN = Written(
    OTHER,
    _l("A self-help group."),
    _l("The group is for people who want to help themselves and each other with a shared problem."),
)


@dataclass(frozen=True)
class FirstTimeGuide:
    """One fellowship's page: what happens the first time you go."""

    fellowship: Fellowship
    kind: str
    summary: LazyString
    for_whom: LazyString
    counterpart: Fellowship | None

    @property
    def for_relatives(self) -> bool:
        """Whether the fellowship is for relatives and friends rather than the person using."""
        return self.kind == FAMILY


def _guide(fellowship: Fellowship) -> FirstTimeGuide:
    """The guide to a fellowship of the vocabulary (a plain one when we have written none)."""
    written = WRITTEN.get(fellowship.code, _UNWRITTEN)
    counterpart = FELLOWSHIPS.get(written.counterpart) if written.counterpart else None
    return FirstTimeGuide(fellowship, written.kind, written.summary, written.for_whom, counterpart)


def first_time_guides() -> list[FirstTimeGuide]:
    """A guide for every fellowship we list, in the vocabulary's order."""
    return [_guide(fellowship) for fellowship in FELLOWSHIPS.values()]


def first_time_guide(code: str) -> FirstTimeGuide:
    """The guide to the fellowship with this code; ``NotFound`` for one we do not list."""
    fellowship = FELLOWSHIPS.get(code.strip().lower())
    if fellowship is None:
        raise NotFound(_("We do not know that fellowship."))
    return _guide(fellowship)
