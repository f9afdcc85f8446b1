"""The conditions a meeting search puts on the meeting itself: fellowship, types, how to take part,
region, and words that may be misspelt.

Words are matched on ``search_text`` (name, venue, address, town, folded so that "grunerlokka"
finds "Grünerløkka"). A word that matches nothing is compared with the words our meetings use
(rapidfuzz's edit-distance ratio): "grunerloka" or "tromsøo" still find the place meant, and
each word is looked for on its own, in any order.
"""

from __future__ import annotations

import re
import time as clock
from dataclasses import dataclass
from functools import lru_cache

import sqlalchemy as sa
from rapidfuzz import fuzz, process
from sqlalchemy.orm import aliased

from peerapp.extensions import db
from peerapp.models import Location, Meeting
from peerapp.services.geo import (
    COUNTIES,
    region_key,
    region_name,
    region_name_of_postcode,
    region_postcodes,
)
from peerapp.services.text import fold

#: how alike (0-100) a misspelt word and a word of ours must be
TYPO_SCORE = 80
#: words shorter than this are matched as typed (too many look alike)
TYPO_MIN_LENGTH = 4
#: how long the list of our words is trusted before it is read again (sooner when meetings are
#: added or removed); the regions offered are read again every ``REGION_SECONDS``
VOCABULARY_SECONDS = 600
REGION_SECONDS = 60
_WORD = re.compile(r"[a-z]{3,}")


def clock_free_conditions(
    *,
    fellowships: tuple[str, ...],
    types: tuple[str, ...],
    attendance: str | None,
    text: str | None,
    region: str | None,
) -> list[sa.ColumnElement[bool]]:
    """What a meeting must be, whenever it meets."""
    conditions: list[sa.ColumnElement[bool]] = [Meeting.archived_at.is_(None)]
    if fellowships:
        conditions.append(Meeting.fellowship.in_(fellowships))
    for code in types:
        conditions.append(Meeting.types_text.contains(f",{code},", autoescape=True))
    # online is asked positively: the attendance index finds the few online meetings; in person
    # and hybrid are asked as what they are not, so no database picks that index over the
    # circle's (most meetings are in person: read from it, a distance search reads them all)
    if attendance == "in_person":
        conditions.append(Meeting.attendance_option != "online")
    elif attendance == "online":
        conditions.append(Meeting.attendance_option.in_(("online", "hybrid")))
    elif attendance == "hybrid":
        conditions.append(Meeting.attendance_option.not_in(("in_person", "online")))
    if text:
        conditions.append(text_condition(text))
    if region:
        # the meetings of the region's postal codes (by the location's postal-code index), held
        # against the meeting's id, which the covering index of a distance search carries
        codes = region_postcodes(region)
        member = aliased(Meeting)
        conditions.append(
            Meeting.id.in_(
                sa.select(member.id)
                .join(Location, Location.id == member.location_id)
                .where(Location.postal_code.in_(codes))
            )
        )
    return conditions


def text_condition(text: str) -> sa.ColumnElement[bool]:
    """Every word of ``text`` in the meeting's folded text, or a word of ours much like it."""
    return sa.and_(
        *(
            sa.or_(*(Meeting.search_text.contains(c, autoescape=True) for c in choices))
            for choices in text_choices(text)
        )
    )


def text_choices(text: str) -> list[tuple[str, ...]]:
    """For each word of ``text``: the folded word and the words of ours much like it. A meeting
    matches when its folded text holds one of each word's choices."""
    found = []
    for word in fold(text).split():
        choices = {word}
        if len(word) >= TYPO_MIN_LENGTH and word.isalpha():
            choices |= set(similar_words(word))
        found.append(tuple(sorted(choices)))
    return found


def similar_words(word: str) -> list[str]:
    """Words our meetings use that are within a typo or two of ``word``."""
    vocabulary = _vocabulary(*_vocabulary_key())
    found = process.extract(word, vocabulary, scorer=fuzz.ratio, score_cutoff=TYPO_SCORE, limit=5)
    return [choice for choice, _score, _index in found]


def _vocabulary_key() -> tuple[int, int, int]:
    """Changes when meetings are added or removed, and at least every ``VOCABULARY_SECONDS``."""
    # two statements: apart, each is answered from the index alone (SQLite counts the rows of
    # a bare ``count(*)`` without reading them); together they read the whole table
    newest = db.session.scalar(sa.select(sa.func.max(Meeting.id)))
    count = db.session.scalar(sa.select(sa.func.count()).select_from(Meeting))
    return newest or 0, count or 0, int(clock.monotonic() // VOCABULARY_SECONDS)


@lru_cache(maxsize=2)
def _vocabulary(_newest: int, _count: int, _period: int) -> tuple[str, ...]:
    """The distinct words (letters only) of every listed meeting's text."""
    words: set[str] = set()
    for text in db.session.scalars(
        sa.select(Meeting.search_text).where(Meeting.archived_at.is_(None)).distinct()
    ):
        words.update(_WORD.findall(text))
    return tuple(sorted(words))


@dataclass(frozen=True)
class RegionChoices:
    """The regions a finder offers: every county, and the post towns that have meetings."""

    counties: list[tuple[str, str]]
    towns: list[tuple[str, str]]


def region_choices() -> RegionChoices:
    """Counties by name, and the post towns where listed meetings are (read every minute)."""
    return _region_choices(int(clock.monotonic() // REGION_SECONDS))


@lru_cache(maxsize=1)
def _region_choices(_period: int) -> RegionChoices:
    codes = db.session.scalars(
        sa.select(Location.postal_code)
        .join(Meeting, Meeting.location_id == Location.id)
        .where(Meeting.archived_at.is_(None), Location.postal_code.is_not(None))
        .distinct()
    )
    towns = {}
    for code in codes:
        key = region_key(region_name_of_postcode(code or "") or "")
        if key:
            towns[key] = region_name(key).title()
    counties = sorted(COUNTIES.items(), key=lambda item: fold(item[1]))
    return RegionChoices(counties, sorted(towns.items(), key=lambda item: fold(item[1])))
