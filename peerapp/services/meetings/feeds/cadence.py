"""Meetings that feeds say are not weekly, read into an RFC 5545 rule (``recurrence.py``).

Neither BMLT nor Meeting Guide has a field for it. BMLT servers that list monthly meetings do it
with formats of their own ("1st", "2nd & 4th", "First Sunday", "Last Friday of the month",
"1. søndag i måneden"), and both formats' free text sometimes says it ("Meets the 1st and 3rd
Monday of the month."). What is read is deliberately narrow, because the same words far more often
describe a change to a weekly meeting ("Open meeting last Friday of the month", "Birthdays the
1st Wednesday") — that is what the public sample feeds hold — and reading that as "monthly"
would hide the other weeks' meetings. So:

- a format (its key or its name) is read when every word in it is about the schedule: ordinals
  (1st ... 5th, last, in English or Norwegian), the meeting's own weekday, and "of the month";
- a sentence of free text is read likewise, and only when it also says the meeting *meets*
  ("meets", "held", "møtes"), so "Last Friday of the month is open" is left alone;
- a weekday other than the meeting's own, or "monthly" or "every other week" with no week to
  anchor it, is not enough: the meeting stays weekly (the notes still say what the feed said).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

#: ordinal words → the week of the month (-1 = the last)
ORDINALS: dict[str, int] = {
    **{word: 1 for word in ("1st", "first", "første", "fyrste", "1.")},
    **{word: 2 for word in ("2nd", "second", "andre", "2.")},
    **{word: 3 for word in ("3rd", "third", "tredje", "3.")},
    **{word: 4 for word in ("4th", "fourth", "fjerde", "4.")},
    **{word: 5 for word in ("5th", "fifth", "femte", "5.")},
    **{word: -1 for word in ("last", "siste")},
}

#: weekday words (English, Bokmål, Nynorsk; singular, plural, short) → our day (0 = Sunday)
_DAY_WORDS: tuple[tuple[int, tuple[str, ...]], ...] = (
    (0, ("sunday", "sun", "søndag", "sundag")),
    (1, ("monday", "mon", "mandag", "måndag")),
    (2, ("tuesday", "tue", "tues", "tirsdag", "tysdag")),
    (3, ("wednesday", "wed", "onsdag")),
    (4, ("thursday", "thu", "thur", "thurs", "torsdag")),
    (5, ("friday", "fri", "fredag")),
    (6, ("saturday", "sat", "lørdag", "laurdag")),
)
WEEKDAYS: dict[str, int] = {
    form: day
    for day, words in _DAY_WORDS
    for word in words
    for form in (word, word + "s", word + "en", word + "er")
}

#: words that may stand around the ordinals without changing what they say
SCHEDULE_WORDS = frozenset(
    "& and of the each every month monthly months week only on in at a is meeting meets held "
    "i og hver kvar måned måneden månad månaden den på møte møtet møtes møtest holdes "
    "haldast".split()
)
#: a sentence of free text is read only when it says the meeting meets then
MEETS_WORDS = frozenset("meets held møtes møtest holdes haldast".split())

ICAL_DAYS = ("SU", "MO", "TU", "WE", "TH", "FR", "SA")
_TOKEN = re.compile(r"[0-9]+\.(?![0-9a-zæøå])|[0-9a-zæøå]+|&")
_SENTENCE = re.compile(r"(?<![0-9])[.!?;](?=\s|$)|\n")


def _weeks(words: str, day: int, *, needs_verb: bool) -> set[int] | None:
    """The weeks of the month ``words`` name for a meeting on ``day``, when they say nothing
    else; ``None`` when they are not (only) such a schedule."""
    tokens = _TOKEN.findall(words.lower())
    weeks = {ORDINALS[token] for token in tokens if token in ORDINALS}
    if not weeks:
        return None
    if needs_verb and not MEETS_WORDS.intersection(tokens):
        return None
    for token in tokens:
        if token in ORDINALS or token in SCHEDULE_WORDS:
            continue
        if WEEKDAYS.get(token) != day:
            return None
    return weeks


def rule_for(weeks: set[int], day: int) -> str:
    """``FREQ=MONTHLY;BYDAY=1SU,3SU``: these weeks of the month (the last one at the end)."""
    ordered = sorted(weeks, key=lambda week: (week < 0, week))
    return "FREQ=MONTHLY;BYDAY=" + ",".join(f"{week}{ICAL_DAYS[day]}" for week in ordered)


def from_formats(names: Iterable[str], day: int) -> str | None:
    """The monthly rule a meeting's format keys and names spell out, if they spell one."""
    weeks: set[int] = set()
    for name in names:
        found = _weeks(name, day, needs_verb=False)
        if found is not None:
            weeks |= found
        elif ORDINALS.keys() & _TOKEN.findall(name.lower()):
            return None  # an ordinal we cannot place (another weekday, more words): weekly
    return rule_for(weeks, day) if weeks else None


def from_text(text: str | None, day: int) -> str | None:
    """The monthly rule that one sentence of free text states, if exactly one sentence does."""
    if not text:
        return None
    found = [
        weeks
        for sentence in _SENTENCE.split(text)
        if (weeks := _weeks(sentence, day, needs_verb=True)) is not None
    ]
    return rule_for(found[0], day) if len(found) == 1 else None
