"""The first-time guides follow the vocabulary: one per fellowship, written or plain."""

from __future__ import annotations

import pytest

from peerapp.services.errors import NotFound
from peerapp.services.meetings import first_time
from peerapp.services.meetings.vocabulary import FELLOWSHIPS, Fellowship


def test_every_fellowship_in_the_vocabulary_has_a_written_guide_in_its_order():
    guides = first_time.first_time_guides()
    assert [guide.fellowship.code for guide in guides] == list(FELLOWSHIPS)
    assert all(guide.kind != first_time.OTHER for guide in guides)
    assert set(first_time.WRITTEN) == set(FELLOWSHIPS)  # no guide to a code we do not list


def test_relatives_and_the_person_they_worry_about_point_to_each_other():
    for code in ("al-anon", "nar-anon"):
        guide = first_time.first_time_guide(code)
        assert guide.for_relatives
        assert guide.counterpart is not None
        back = first_time.first_time_guide(guide.counterpart.code)
        assert not back.for_relatives
        assert back.counterpart is not None and back.counterpart.code == code


def test_a_fellowship_added_to_the_vocabulary_gets_a_plain_guide(monkeypatch):
    oa = Fellowship("oa", "Overeaters Anonymous (OA)", "OA")  # type: ignore[arg-type]
    monkeypatch.setitem(FELLOWSHIPS, "oa", oa)
    guide = first_time.first_time_guide("oa")
    assert (guide.fellowship, guide.kind, guide.counterpart) == (oa, first_time.OTHER, None)
    assert guide in first_time.first_time_guides()


@pytest.mark.parametrize("code", ["", "oa", "aa/../na", "anonyme alkoholikere"])
def test_a_code_we_do_not_list_is_not_found(code):
    with pytest.raises(NotFound):
        first_time.first_time_guide(code)


def test_codes_are_read_without_regard_to_case():
    assert first_time.first_time_guide(" AA ").fellowship.code == "aa"
