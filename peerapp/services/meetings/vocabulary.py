"""Fellowships and Meeting Guide type codes, with labels in every language we speak."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from peerapp.words import LazyString, _l


@dataclass(frozen=True)
class Fellowship:
    """A self-help fellowship whose meetings we list."""

    code: str
    name: LazyString
    #: short name shown on badges (a proper name, the same in every language)
    short: str


FELLOWSHIPS: dict[str, Fellowship] = {
    f.code: f
    for f in (
        Fellowship("aa", _l("Alcoholics Anonymous (AA)"), "AA"),
        Fellowship("na", _l("Narcotics Anonymous (NA)"), "NA"),
        Fellowship("al-anon", _l("Al-Anon and Alateen (for families and friends)"), "Al-Anon"),
        Fellowship("aca", _l("Adult Children of Alcoholics (ACA)"), "ACA"),
        Fellowship("ca", _l("Cocaine Anonymous (CA)"), "CA"),
        Fellowship("ga", _l("Gamblers Anonymous (GA)"), "GA"),
        Fellowship("nar-anon", _l("Nar-Anon (for families and friends)"), "Nar-Anon"),
        Fellowship("selvhjelp", _l("Self-help group (Selvhjelp Norge)"), "Selvhjelp"),
        Fellowship("smart", _l("SMART Recovery"), "SMART"),
    )
}

#: Names feeds use for a fellowship, folded to lower case, mapped to our code.
FELLOWSHIP_ALIASES: dict[str, str] = {
    "aa": "aa",
    "alcoholics anonymous": "aa",
    "anonyme alkoholikere": "aa",
    "na": "na",
    "narcotics anonymous": "na",
    "anonyme narkomane": "na",
    "al-anon": "al-anon",
    "alanon": "al-anon",
    "al anon": "al-anon",
    "alateen": "al-anon",
    "al-anon/alateen": "al-anon",
    "aca": "aca",
    "acoa": "aca",
    "adult children of alcoholics": "aca",
    "voksne barn av alkoholikere": "aca",
    "vba": "aca",
    "ca": "ca",
    "cocaine anonymous": "ca",
    "ga": "ga",
    "gamblers anonymous": "ga",
    "anonyme gamblere": "ga",
    "nar-anon": "nar-anon",
    "naranon": "nar-anon",
    "selvhjelp": "selvhjelp",
    "selvhjelp norge": "selvhjelp",
    "smart": "smart",
    "smart recovery": "smart",
}


def fellowship_code(name: str | None) -> str | None:
    """Our code for a fellowship named in a feed or a query, or ``None`` when unknown."""
    if not name:
        return None
    return FELLOWSHIP_ALIASES.get(name.strip().lower())


#: Meeting Guide type codes (code4recovery spec, plus codes TSML and BMLT feeds still emit).
MEETING_TYPES: dict[str, LazyString] = {
    "O": _l("Open"),
    "C": _l("Closed"),
    "BE": _l("Newcomer"),
    "B": _l("Big Book"),
    "BRK": _l("Breakfast"),
    "CAN": _l("Candlelight"),
    "CF": _l("Child-friendly"),
    "D": _l("Discussion"),
    "DD": _l("Dual diagnosis"),
    "DR": _l("Daily Reflections"),
    "FF": _l("Fragrance free"),
    "G": _l("Gay"),
    "GR": _l("Grapevine"),
    "H": _l("Birthday"),
    "L": _l("Lesbian"),
    "LGBTQ": _l("LGBTQ+"),
    "LIT": _l("Literature"),
    "LS": _l("Living Sober"),
    "M": _l("Men"),
    "MED": _l("Meditation"),
    "NS": _l("Non-smoking"),
    "OUT": _l("Outdoor"),
    "P": _l("Professionals"),
    "A": _l("Secular"),
    "SEN": _l("Seniors"),
    "SM": _l("Smoking permitted"),
    "SP": _l("Speaker"),
    "ST": _l("Step study"),
    "T": _l("Transgender"),
    "TR": _l("Tradition study"),
    "W": _l("Women"),
    "Y": _l("Young people"),
    "11": _l("11th Step meditation"),
    "12x12": _l("12 Steps & 12 Traditions"),
    "X": _l("Wheelchair access"),
    # our own codes for needs the Meeting Guide list has no word for (not in the exported feed)
    "SF": _l("Step-free access"),
    "HL": _l("Hearing loop"),
    "XB": _l("Wheelchair-accessible bathroom"),
    "ASL": _l("Sign language"),
    "BA": _l("Babysitting available"),
    "ONL": _l("Online"),
    "TC": _l("Location temporarily closed"),
    "NO": _l("Norwegian"),
    "EN": _l("English"),
    "SV": _l("Swedish"),
    "DA": _l("Danish"),
    "POL": _l("Polish"),
    "RUS": _l("Russian"),
    "UK": _l("Ukrainian"),
    "AR": _l("Arabic"),
    "S": _l("Spanish"),
    "FR": _l("French"),
    "GER": _l("German"),
    "LT": _l("Lithuanian"),
    "FA": _l("Persian"),
    "POR": _l("Portuguese"),
    "ITA": _l("Italian"),
}

#: the type code of meetings marked for newcomers ("good for a first time")
NEWCOMER_TYPE = "BE"

LANGUAGE_TYPES = (
    "NO",
    "EN",
    "SV",
    "DA",
    "POL",
    "RUS",
    "UK",
    "AR",
    "S",
    "FR",
    "GER",
    "LT",
    "FA",
    "POR",
    "ITA",
)
ACCESSIBILITY_TYPES = ("X", "XB", "SF", "HL", "ASL", "FF")
#: codes of ours that are not in the Meeting Guide specification
OWN_TYPES = ("SF", "HL")
ATTENDANCE_OPTIONS = ("in_person", "online", "hybrid")


def type_label(code: str) -> str:
    """The translated label of a type code (the code itself when we do not know it)."""
    label = MEETING_TYPES.get(code)
    return str(label) if label is not None else code


#: the type codes of the Meeting Guide spec (code4recovery/spec, data/types.json): the only ones
#: our published feed carries, so that every client can label them
MEETING_GUIDE_TYPES = frozenset(
    "11 12x12 A ABSI AL AL-AN AM ASL B BA BE BI BRK C CAN CF D DA DB DD DE DR EL EN FA FF FR G "
    "GR H HE HI HR HU ITA JA KOR L LGBTQ LIT LS LT M MED ML N NDG NO O OUT P POC POL POR PUN RUS "
    "S SEN SK SM SP ST SV T TC TH TL TR UK W X XB XT Y".split()
)
#: our codes the spec spells otherwise
MEETING_GUIDE_SPELLING = {"GER": "DE"}

#: the conference hosts TSML UI, the common Meeting Guide client, recognises (its
#: ``conference_providers`` setting, matched on the end of the host name); it leaves out the join
#: link of an online meeting on any other host
CONFERENCE_HOSTS = {
    "bluejeans.com": "Bluejeans",
    "discord.gg": "Discord",
    "freeconference.com": "Free Conference",
    "freeconferencecall.com": "FreeConferenceCall",
    "goto.com": "GoTo",
    "gotomeet.me": "GoTo",
    "gotomeeting.com": "GoTo",
    "meet.google.com": "Google Meet",
    "meet.jit.si": "Jitsi",
    "meetings.dialpad.com": "Dialpad",
    "skype.com": "Skype",
    "webex.com": "WebEx",
    "zoho.com": "Zoho",
    "zoom.us": "Zoom",
}


def meeting_guide_types(codes: list[str]) -> list[str]:
    """A meeting's type codes as the spec spells them, without those it does not know."""
    spelled = (MEETING_GUIDE_SPELLING.get(code, code) for code in codes)
    return list(dict.fromkeys(code for code in spelled if code in MEETING_GUIDE_TYPES))


def conference_provider(url: str | None) -> str | None:
    """The name common Meeting Guide clients give the host of a join link, or ``None`` when they
    do not recognise it (and so would not show the link)."""
    host = (urlsplit(url or "").hostname or "").lower()
    if not host:
        return None
    for domain, name in CONFERENCE_HOSTS.items():
        if host.endswith(domain):
            return name
    return None
