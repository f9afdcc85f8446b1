"""Reading feed files, telling formats apart, and naming sources."""

from __future__ import annotations

import pytest

from peerapp.services.meetings.feeds import FeedError
from peerapp.services.meetings.feeds.source import (
    decode_json,
    default_source_name,
    detect_format,
    guess_fellowship,
    read_source,
)


def test_decode_json_accepts_a_byte_order_mark_and_refuses_broken_json():
    assert decode_json(b"\xef\xbb\xbf[]") == []
    with pytest.raises(FeedError, match=r"not valid JSON \(line 1, column 2\)"):
        decode_json(b"[,]")
    with pytest.raises(FeedError, match="not UTF-8"):
        decode_json(b"\xff\xfe[")


def test_detect_format_from_the_shape():
    assert detect_format([{"day": 1, "time": "19:00"}])[0] == "meeting-guide"
    assert detect_format([])[0] == "meeting-guide"
    assert detect_format([{"weekday_tinyint": "2"}])[0] == "bmlt"
    found, meetings, formats = detect_format(
        {"meetings": [{"start_time": "19:00:00"}], "formats": [1]}
    )
    assert (found, meetings, formats) == ("bmlt", [{"start_time": "19:00:00"}], [1])


@pytest.mark.parametrize(
    ("data", "declared", "message"),
    [
        ({"error": "no such service"}, None, "expected a JSON array"),
        ("meetings", None, "expected a JSON array"),
        ([1, 2, 3], None, "no meeting records"),
        ([{"key_string": "O", "name_string": "Open"}], None, "no meeting records"),
        ({"meetings": []}, "meeting-guide", "is a JSON array"),
        ([{"day": 1, "time": "19:00"}], "bmlt", "no meeting records"),
    ],
)
def test_detect_format_refuses_what_is_no_meeting_list(data, declared, message):
    with pytest.raises(FeedError, match=message):
        detect_format(data, declared)


def test_read_source_refuses_missing_directories_and_oversized_files(tmp_path):
    with pytest.raises(FeedError, match="no such file"):
        read_source(str(tmp_path / "missing.json"))
    with pytest.raises(FeedError, match="is a directory"):
        read_source(str(tmp_path))
    big = tmp_path / "big.json"
    big.write_bytes(b"[" + b" " * 100 + b"]")
    with pytest.raises(FeedError, match="larger than the limit of 50 bytes"):
        read_source(str(big), limit=50)
    assert read_source(str(big), limit=200).startswith(b"[")


def test_default_source_names():
    assert default_source_name("/data/feeds/aa-oslo.json") == "aa-oslo"
    assert default_source_name(
        "https://AA.example.org/wp-admin/admin-ajax.php?action=meetings"
    ) == ("aa.example.org/wp-admin/admin-ajax.php?action=meetings")
    assert default_source_name("https://na.example.org/feed/") == "na.example.org/feed"
    long_name = default_source_name("https://example.org/" + "x" * 300)
    assert len(long_name) == 200
    assert long_name != default_source_name("https://example.org/" + "x" * 299 + "y")


@pytest.mark.parametrize(
    ("hint", "fellowship"),
    [
        ("al-anon-massachusetts", "al-anon"),
        ("https://alanon.example.org/meetings.json", "al-anon"),
        ("naranon-norge", "nar-anon"),
        ("https://bmlt.example.org/main_server/client_interface/json/", "na"),
        ("na-region-norge", "na"),
        ("aa-sussex-delaware", "aa"),
        ("kansas-city-spec-sample", None),
        ("https://intergroup.example.ca/meetings", None),
    ],
)
def test_guess_fellowship_from_the_source(hint, fellowship):
    assert guess_fellowship(hint) == fellowship
