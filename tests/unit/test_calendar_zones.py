"""Time zones in calendar files: the yearly-rule form tzurl.org and Thunderbird write."""

from __future__ import annotations

from datetime import date

from peerapp.services.meetings.zones import rrule_timezone, zone_definition


def lines(component) -> list[str]:
    return component.to_ical().decode().splitlines()


def test_oslo_is_written_as_tzurl_org_writes_it():
    text = lines(rrule_timezone("Europe/Oslo", 2026))
    daylight = text[text.index("BEGIN:DAYLIGHT") : text.index("END:DAYLIGHT")]
    standard = text[text.index("BEGIN:STANDARD") : text.index("END:STANDARD")]
    assert "DTSTART:19700329T020000" in daylight
    assert "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3" in daylight
    assert {"TZOFFSETFROM:+0100", "TZOFFSETTO:+0200", "TZNAME:CEST"} <= set(daylight)
    assert "DTSTART:19701025T030000" in standard
    assert "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10" in standard
    assert {"TZOFFSETFROM:+0200", "TZOFFSETTO:+0100", "TZNAME:CET"} <= set(standard)
    assert not any(line.startswith("RDATE") for line in text)


def test_rules_of_other_zones_name_their_own_sundays():
    new_york = "\n".join(lines(rrule_timezone("America/New_York", 2026)))
    assert "BYDAY=2SU;BYMONTH=3" in new_york and "BYDAY=1SU;BYMONTH=11" in new_york
    # half an hour of summer time, on Lord Howe Island
    lord_howe = "\n".join(lines(rrule_timezone("Australia/Lord_Howe", 2026)))
    assert "TZOFFSETTO:+1100" in lord_howe and "TZOFFSETTO:+1030" in lord_howe


def test_a_zone_without_summer_time_has_one_observance():
    tokyo = rrule_timezone("Asia/Tokyo", 2026)
    assert [part.name for part in tokyo.subcomponents] == ["STANDARD"]
    assert "TZOFFSETTO:+0900" in lines(tokyo)


def test_a_zone_without_a_yearly_rule_lists_each_change():
    assert rrule_timezone("Africa/Casablanca", 2026) is None
    zone = zone_definition("Africa/Casablanca", date(2026, 11, 26), date(2028, 1, 1))
    starts = [str(part.to_ical().decode()).split("DTSTART:")[1][:15] for part in zone.subcomponents]
    # Ramadan 2027: off summer time on 7 February, back on 14 March
    assert starts == ["20261126T010000", "20270207T030000", "20270314T020000"]
