"""Text folding shared by meetings, places and place names: one way to match what people type."""

from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    """Case-fold and strip accents a little, so 'tromso' finds 'Tromsø' on every backend."""
    folded = text.casefold().replace("ø", "o").replace("æ", "ae").replace("å", "a")
    decomposed = unicodedata.normalize("NFKD", folded)
    return "".join(c for c in decomposed if not unicodedata.combining(c))
