"""Words that may be misspelt, and the regions a finder offers.

Words are matched on ``search_text`` (name, venue, address, town, folded so that "grunerlokka"
finds "Grünerløkka"). A word that matches nothing is compared with the words our meetings use
(rapidfuzz's edit-distance ratio): "grunerloka" or "tromsøo" still find the place meant, and
each word is looked for on its own, in any order.
"""

from __future__ import annotations

import re
import time as clock
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import sqlalchemy as sa
from rapidfuzz import fuzz, process

from peerapp.extensions import db
from peerapp.models import Location, Meeting
from peerapp.services.geo import (
    COUNTIES,
    region_key,
    region_name,
    region_name_of_postcode,
)
from peerapp.services.text import fold

#: how alike (0-100) a misspelt word and a word of ours must be
TYPO_SCORE = 80
#: words shorter than this are matched as typed (too many look alike)
TYPO_MIN_LENGTH = 4
#: the regions offered are read again every ``REGION_SECONDS``
REGION_SECONDS = 60
_WORD = re.compile(r"[a-z]{3,}")


def text_choices(text: str, vocabulary: tuple[str, ...]) -> list[tuple[str, ...]]:
    """For each word of ``text``: the folded word and the words of ``vocabulary`` much like it.
    A meeting matches when its folded text holds one of each word's choices."""
    found = []
    for word in fold(text).split():
        choices = {word}
        if len(word) >= TYPO_MIN_LENGTH and word.isalpha():
            choices |= set(similar_words(word, vocabulary))
        found.append(tuple(sorted(choices)))
    return found


def similar_words(word: str, vocabulary: tuple[str, ...]) -> list[str]:
    """Words of ``vocabulary`` within a typo or two of ``word``."""
    found = process.extract(word, vocabulary, scorer=fuzz.ratio, score_cutoff=TYPO_SCORE, limit=5)
    return [choice for choice, _score, _index in found]


def vocabulary_of(texts: Iterable[str]) -> tuple[str, ...]:
    """The distinct words (letters only, three or more) of the meetings' folded texts."""
    words: set[str] = set()
    for text in set(texts):
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
