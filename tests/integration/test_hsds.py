"""Open Referral HSDS 3.0 in and out: our services validate against the compiled schema (read in
place from ../shared/fixtures/hsds), re-importing our export changes nothing, and an import
refuses each bad record with a reason, writing nothing of it; an unreadable file exits 2."""

from __future__ import annotations

import json
from typing import Any

import pytest
import sqlalchemy as sa
from jsonschema import Draft202012Validator, FormatChecker

from peerapp.extensions import db
from peerapp.models import AuditEvent, HelpOrganisation, HelpService, HelpServiceHours
from tests.support.helpservices import make_service

LIST = "/api/v1/hsds/services"


@pytest.fixture
def hsds_schema(shared_fixtures):
    return json.loads((shared_fixtures / "hsds" / "service.json").read_text(encoding="utf-8"))


def schema_errors(schema: dict[str, Any], record: dict[str, Any]) -> list[str]:
    validator = Draft202012Validator(schema, format_checker=FormatChecker())
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(record)]


def seed() -> list[Any]:
    return [
        make_service(
            name="NAV Bergenhus",
            closed_on_holidays=True,
            exceptions=[
                {"date": "2099-12-24", "closed": True},
                {"date": "2099-12-31", "opens": "10:00", "closes": "13:00"},
            ],
            accessibility="Trinnfri inngang",
            eligibility="Alle over 18 år",
            url="https://www.nav.no/bergenhus",
        ),
        make_service(
            "trondheim",
            name="Legevakten i Trondheim",
            category="emergency_room",
            organisation="Trondheim kommune",
            cost="paid",
            cost_note="Egenandel",
            opening_hours=[
                {"day": 5, "opens": "20:00", "closes": "02:00"},
                {"day": 1, "opens": "08:00", "closes": "15:30"},
            ],
            phones=[],
            languages=[],
        ),
    ]


def counts() -> tuple[int, ...]:
    db.session.commit()
    return tuple(
        db.session.scalar(sa.select(sa.func.count()).select_from(model))
        for model in (HelpService, HelpServiceHours, HelpOrganisation, AuditEvent)
    )


def test_our_export_validates_against_the_compiled_hsds_schema(client, hsds_schema):
    services = seed()
    page = client.get(LIST, query_string={"per_page": 1})
    body = page.get_json()
    assert page.status_code == 200
    assert body["total_items"] == 2 and body["total_pages"] == 2 and body["size"] == 1
    for service in services:
        one = client.get(f"{LIST}/{service.uid}")
        assert one.status_code == 200
        assert schema_errors(hsds_schema, one.get_json()) == []
    everything = client.get(LIST).get_json()["contents"]
    assert [schema_errors(hsds_schema, record) for record in everything] == [[], []]
    assert client.get(f"{LIST}/not-ours").status_code == 404


def test_reimporting_our_export_changes_nothing(client, runner, tmp_path):
    seed()
    exported = client.get(LIST).get_json()
    path = tmp_path / "ours.json"
    path.write_text(json.dumps(exported), encoding="utf-8")
    before = counts()

    result = runner.invoke(args=["import-services", str(path), "--format", "hsds"])

    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report == {"added": 0, "updated": 0, "unchanged": 2, "rejected": []}
    assert counts() == before
    assert client.get(LIST).get_json()["contents"] == exported["contents"]


def test_our_export_imported_elsewhere_is_the_same_service(client, runner, tmp_path, app):
    seed()
    exported = client.get(LIST).get_json()
    path = tmp_path / "ours.json"
    path.write_text(json.dumps(exported), encoding="utf-8")
    db.session.execute(sa.delete(HelpService))
    db.session.commit()

    result = runner.invoke(args=["import-services", str(path)])

    assert json.loads(result.output)["added"] == 2
    again = client.get(LIST).get_json()["contents"]
    strip = [{k: v for k, v in r.items() if k != "last_modified"} for r in again]
    assert strip == [
        {k: v for k, v in r.items() if k != "last_modified"} for r in exported["contents"]
    ]


def good_record(**changes: Any) -> dict[str, Any]:
    record: dict[str, Any] = {
        "id": "0f8c7c58-5d1e-4f0e-9d3a-6a1b2c3d4e5f",
        "name": "Gjeldsrådgivning Drammen",
        "status": "active",
        "attributes": [
            {
                "id": "a1",
                "taxonomy_term": {
                    "id": "t1",
                    "code": "category:debt_advice",
                    "name": "Debt",
                    "description": "Debt",
                },
            }
        ],
        "schedules": [
            {
                "id": "s1",
                "freq": "WEEKLY",
                "byday": "TU,TH",
                "opens_at": "10:00:00",
                "closes_at": "14:00:00",
            }
        ],
        "service_at_locations": [
            {
                "id": "sal1",
                "location": {
                    "id": "l1",
                    "location_type": "physical",
                    "latitude": 59.7439,
                    "longitude": 10.2045,
                    "addresses": [
                        {
                            "id": "ad1",
                            "address_1": "Bragernes torg 2",
                            "city": "Drammen",
                            "state_province": "Buskerud",
                            "postal_code": "3017",
                            "country": "NO",
                            "address_type": "physical",
                        }
                    ],
                },
            }
        ],
    }
    record.update(changes)
    return record


def test_broken_records_are_refused_one_by_one_with_a_reason(runner, tmp_path):
    weekly = good_record()["schedules"][0]
    records = [
        good_record(),
        "not a service",
        good_record(
            id="bad-category",
            attributes=[
                {
                    "id": "a",
                    "taxonomy_term": {
                        "id": "t",
                        "code": "category:casino",
                        "name": "x",
                        "description": "x",
                    },
                }
            ],
        ),
        good_record(
            id="closes-before-opens",
            schedules=[{**weekly, "opens_at": "14:00", "closes_at": "09:00"}],
        ),
        good_record(
            id="overlapping",
            schedules=[weekly, {**weekly, "id": "s2", "opens_at": "13:00", "closes_at": "15:00"}],
        ),
        good_record(
            id="off-the-globe",
            service_at_locations=[
                {
                    "id": "s",
                    "location": {
                        "id": "l",
                        "location_type": "physical",
                        "latitude": 123.0,
                        "longitude": 500.0,
                    },
                }
            ],
        ),
        good_record(id="too-long", name="N" * 5000),
        good_record(id="no-category", attributes=[]),
        good_record(id="x" * 80),
    ]
    path = tmp_path / "mixed.json"
    path.write_text(json.dumps({"contents": records}), encoding="utf-8")

    result = runner.invoke(args=["import-services", str(path), "--format", "hsds"])

    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["added"] == 1
    reasons = {r["id"] or r["index"]: r["reason"] for r in report["rejected"]}
    assert set(reasons) == {
        1,
        "bad-category",
        "closes-before-opens",
        "overlapping",
        "off-the-globe",
        "too-long",
        "no-category",
        "x" * 36,
    }
    assert reasons["bad-category"].startswith("category:")
    assert "closes_at" in reasons["closes-before-opens"]
    assert "opening_hours[2]" in reasons["overlapping"]
    assert (
        "location.latitude" in reasons["off-the-globe"]
        and "location.longitude" in reasons["off-the-globe"]
    )
    assert reasons["too-long"].startswith("name:")
    names = list(db.session.scalars(sa.select(HelpService.name)))
    assert names == ["Gjeldsrådgivning Drammen"]


def test_the_shared_examples_are_read_and_refused_for_want_of_a_category(runner, shared_fixtures):
    for name in ("service_full.json", "service_list.json"):
        result = runner.invoke(args=["import-services", str(shared_fixtures / "hsds" / name)])
        assert result.exit_code == 0, result.output
        report = json.loads(result.output)
        assert report["added"] == 0 and len(report["rejected"]) == 1
        assert report["rejected"][0]["reason"].startswith("category:")


def test_a_default_category_is_given_to_records_that_name_none_of_ours(
    runner, shared_fixtures, tmp_path
):
    example = shared_fixtures / "hsds" / "service_full.json"
    # the example as published: its taxonomy term ("code") is not ours; with a default category
    # the only reason left is its placeholder position (100, 101), which is off the globe
    result = runner.invoke(
        args=["import-services", str(example), "--category", "mental_health_quick_help"]
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["added"] == 0
    assert report["rejected"][0]["reason"].startswith("location.latitude:")
    assert "category" not in report["rejected"][0]["reason"]
    # the same record placed in Oslo comes in with the default category
    record = json.loads(example.read_text(encoding="utf-8"))
    location = record["service_at_locations"][0]["location"]
    location["latitude"], location["longitude"] = 59.9139, 10.7522
    placed = tmp_path / "placed.json"
    placed.write_text(json.dumps(record), encoding="utf-8")
    result = runner.invoke(args=["import-services", str(placed), "--category", "dental_care"])
    assert json.loads(result.output)["added"] == 1, result.output
    service = db.session.scalar(sa.select(HelpService).where(HelpService.uid == record["id"]))
    assert service.category == "dental_care" and service.name == "Community Counselling"
    # a record naming a category of its own keeps it; one naming an unknown one is refused
    record["id"] = "own-category"
    record["attributes"] = [{"taxonomy_term": {"code": "category:housing"}}]
    own = tmp_path / "own.json"
    own.write_text(
        json.dumps(
            [
                record,
                {
                    **record,
                    "id": "unknown",
                    "attributes": [{"taxonomy_term": {"code": "category:pub"}}],
                },
            ]
        ),
        encoding="utf-8",
    )
    result = runner.invoke(args=["import-services", str(own), "--category", "dental_care"])
    report = json.loads(result.output)
    assert report["added"] == 1 and report["rejected"][0]["id"] == "unknown"
    assert report["rejected"][0]["reason"].startswith("category:")
    kept = db.session.scalar(sa.select(HelpService).where(HelpService.uid == "own-category"))
    assert kept.category == "housing"


def test_an_unknown_default_category_exits_2_with_nothing_written(runner, shared_fixtures):
    before = counts()
    example = shared_fixtures / "hsds" / "service_full.json"
    result = runner.invoke(args=["import-services", str(example), "--category", "pub"])
    assert result.exit_code == 2 and "pub" in result.output
    assert counts() == before


@pytest.mark.parametrize("content", [b"{not json", b"\xff\xfe", b'{"hello": "world"}', b"42"])
def test_an_unreadable_file_exits_2_with_nothing_written(runner, tmp_path, content):
    path = tmp_path / "broken.json"
    path.write_bytes(content)
    before = counts()
    result = runner.invoke(args=["import-services", str(path)])
    assert result.exit_code == 2
    assert "cannot import" in result.output
    assert counts() == before


def test_a_missing_file_and_a_private_address_exit_2(runner, tmp_path):
    assert runner.invoke(args=["import-services", str(tmp_path / "nowhere.json")]).exit_code == 2
    refused = runner.invoke(args=["import-services", "http://127.0.0.1:9/hsds.json"])
    assert refused.exit_code == 2 and "public internet" in refused.output
