"""Days written as people write them: "Åpner mandag" and "Opens Monday" inside a sentence,
"Mandag" and "I morgen" where a line begins."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from peerapp.listing_pages import relative_day

OSLO = ZoneInfo("Europe/Oslo")
NOW = datetime(2026, 12, 4, 18, 0, tzinfo=OSLO)  # a Friday


@pytest.mark.parametrize(
    ("lang", "starts", "mid", "expected"),
    [
        ("nb", datetime(2026, 12, 7, 9, 0, tzinfo=OSLO), True, "mandag"),
        ("nb", datetime(2026, 12, 7, 9, 0, tzinfo=OSLO), False, "Mandag"),
        ("nb", datetime(2026, 12, 5, 9, 0, tzinfo=OSLO), True, "i morgen"),
        ("nb", datetime(2026, 12, 5, 9, 0, tzinfo=OSLO), False, "I morgen"),
        ("nn", datetime(2026, 12, 5, 9, 0, tzinfo=OSLO), True, "i morgon"),
        ("en", datetime(2026, 12, 7, 9, 0, tzinfo=OSLO), True, "Monday"),
        ("en", datetime(2026, 12, 4, 21, 0, tzinfo=OSLO), True, "today"),
    ],
)
def test_a_day_inside_a_sentence_is_written_in_small_letters_where_the_language_does(
    app, lang, starts, mid, expected
):
    with app.test_request_context(headers={"Cookie": f"lang={lang}"}, query_string={"lang": lang}):
        assert relative_day(starts, NOW, mid_sentence=mid) == expected
