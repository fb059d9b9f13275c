"""The bundled sample ledger: the 10 December 2021 Hải Dương working session."""

from __future__ import annotations

import json
import unicodedata
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from ledger_helpers import make_app, sqlite_url_in

from ledger.application import LedgerApplication
from ledger.sample import load_sample, sample_data, sample_id

HELD_ON = "2021-12-10"


def paragraphs() -> list[str]:
    """The source report's paragraphs: its non-empty lines, counted from 1."""
    document = sample_data()["document"]
    text = resources.files("ledger.sample").joinpath(document).read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.strip()]


def raw_json() -> dict[str, Any]:
    text = resources.files("ledger.sample").joinpath("haiduong_2021_12_10.json").read_bytes()
    data: dict[str, Any] = json.loads(text.decode("utf-8"))
    return data


@pytest.fixture
def loaded(tmp_path: Path) -> LedgerApplication:
    app = make_app(sqlite_url_in(tmp_path))
    report = load_sample(app)
    assert report.changed
    return app


def test_counts(loaded: LedgerApplication) -> None:
    data = sample_data()
    assert loaded.meeting_ids() == [sample_id("meeting")]
    central = [sample_id(d["key"]) for d in data["directives"]]
    provincial = [sample_id(d["key"]) for d in data["provincial"]["directives"]]
    assert len(central) == 10
    assert len(provincial) == 3
    assert loaded.directive_ids() == central + provincial
    meeting = loaded.get_meeting(sample_id("meeting")).as_dict()
    assert meeting["directive_ids"] == [str(i) for i in central + provincial]
    assert meeting["held_on"] == HELD_ON
    for directive_id in central:
        state = loaded.get_directive(directive_id).as_dict()
        assert state["status"] == "accepted"
        assert state["issuer"] == "Võ Văn Thưởng"
        assert state["lead_unit"] == "Ban Thường vụ Tỉnh ủy Hải Dương"
        assert state["parent_id"] is None
    for item in data["provincial"]["directives"]:
        state = loaded.get_directive(sample_id(item["key"])).as_dict()
        assert state["status"] == "issued"
        assert state["parent_id"] == str(sample_id(item["parent"]))
        assert state["code"] == item["key"]
    # 1 meeting, 13 directives, 13 listings on the meeting, 10 acceptances, and the 9
    # units of reorganisation_2025.json (whose succession, in 2025, is after this
    # clock's today: tests/unit/test_sample_succession.py loads it).
    assert loaded.max_position() == 1 + 13 + 13 + 10 + 9


def test_no_deadlines_and_every_fact_effective_on_the_meeting_day(
    loaded: LedgerApplication,
) -> None:
    for directive_id in loaded.directive_ids():
        state = loaded.get_directive(directive_id).as_dict()
        assert state["deadline"] is None
        assert state["issued_on"] == HELD_ON
        for event in loaded.history(directive_id):
            assert event["effective_on"] == HELD_ON
    for event in loaded.history(sample_id("meeting")):
        assert event["effective_on"] == HELD_ON


def test_every_citation_points_at_an_existing_paragraph(loaded: LedgerApplication) -> None:
    data = sample_data()
    source = paragraphs()
    cited: list[dict[str, Any]] = []
    meeting = loaded.get_meeting(sample_id("meeting")).as_dict()
    cited.append(meeting["source"])
    for directive_id in loaded.directive_ids():
        cited.append(loaded.get_directive(directive_id).as_dict()["source"])
        for event in loaded.history(directive_id):
            cited.append(event["data"]["meta"]["source"])
    assert len(cited) == 1 + 13 + 13 + 10
    for citation in cited:
        assert citation["document"] == data["document"]
        assert 1 <= citation["paragraph"] <= len(source)


def test_each_directive_text_is_in_its_paragraph() -> None:
    data = sample_data()
    source = [unicodedata.normalize("NFC", p) for p in paragraphs()]
    items = data["directives"] + data["provincial"]["directives"]
    for item in items:
        paragraph = source[item["paragraph"] - 1]
        assert unicodedata.normalize("NFC", item["text"]) in paragraph, item["key"]
    assert data["meeting"]["chair"] in source[data["meeting"]["paragraph"] - 1]
    assert data["acceptance"]["by"] in source[data["acceptance"]["paragraph"] - 1]


def test_titles_round_trip_byte_for_byte(loaded: LedgerApplication, tmp_path: Path) -> None:
    data = raw_json()
    fresh = make_app(sqlite_url_in(tmp_path))  # read back from the file, not from memory
    items = data["directives"] + data["provincial"]["directives"]
    for item in items:
        assert unicodedata.is_normalized("NFC", item["title"])
        state = fresh.get_directive(sample_id(item["key"])).as_dict()
        assert state["title"].encode("utf-8") == item["title"].encode("utf-8")
        assert state["text"].encode("utf-8") == item["text"].encode("utf-8")
        issued = fresh.history(sample_id(item["key"]))[0]["data"]
        assert issued["title"].encode("utf-8") == item["title"].encode("utf-8")
    meeting = fresh.get_meeting(sample_id("meeting")).as_dict()
    assert meeting["title"].encode("utf-8") == data["meeting"]["title"].encode("utf-8")
    assert meeting["participants"] == data["meeting"]["participants"]


def test_loading_twice_records_nothing(loaded: LedgerApplication, tmp_path: Path) -> None:
    position = loaded.max_position()
    assert not load_sample(loaded).changed
    again = make_app(sqlite_url_in(tmp_path))
    assert not load_sample(again).changed
    assert loaded.max_position() == again.max_position() == position
