"""The sample's 2025 succession: the Hải Dương bodies succeeded by those of Hải Phòng."""

from __future__ import annotations

import unicodedata
from datetime import date, datetime
from importlib import resources
from pathlib import Path

import pytest
from ledger_helpers import HCM, fixed_clock, make_app, sqlite_url_in

from ledger.application import LedgerApplication
from ledger.domain.documents import parse_symbol
from ledger.sample import load_sample, sample_data, sample_id
from ledger.sample.reorganisation import reorganisation_data

HD = "Ban Thường vụ Tỉnh ủy Hải Dương"
HP = "Ban Thường vụ Thành ủy Hải Phòng"
TODAY = datetime(2026, 11, 30, 9, 0, tzinfo=HCM)


@pytest.fixture
def loaded(tmp_path: Path) -> LedgerApplication:
    app = make_app(sqlite_url_in(tmp_path), clock=fixed_clock(TODAY))
    load_sample(app)
    return app


def paragraphs() -> list[str]:
    text = resources.files("ledger.sample").joinpath(sample_data()["document"]).read_text("utf-8")
    return [unicodedata.normalize("NFC", line) for line in text.splitlines() if line.strip()]


def test_every_cited_document_is_a_valid_symbol_with_its_date() -> None:
    for symbol, doc in reorganisation_data()["documents"].items():
        parsed = parse_symbol(symbol)
        assert parsed.symbol == doc["symbol"] == symbol
        assert parsed.year == date.fromisoformat(doc["issued_on"]).year
    assert reorganisation_data()["documents"]["202/2025/QH15"]["issued_on"] == "2025-06-12"
    assert reorganisation_data()["documents"]["190/2025/QH15"]["issued_on"] == "2025-02-19"


def test_each_unit_the_report_names_is_in_its_paragraph() -> None:
    source = paragraphs()
    abbreviations = {"Ủy ban nhân dân": "UBND", "Hội đồng nhân dân": "HĐND"}
    for unit in reorganisation_data()["units"]:
        if "paragraph" not in unit:
            assert "202/2025/QH15" in unit["named_by"]
            continue
        name = unit["name"]
        for full, short in abbreviations.items():
            name = name.replace(full, short)
        assert name in source[unit["paragraph"] - 1], unit["key"]


def test_the_open_directives_pass_to_hai_phong_with_their_history(
    loaded: LedgerApplication,
) -> None:
    assert len(loaded.directive_ids()) == 13
    for directive_id in loaded.directive_ids():
        directive = loaded.get_directive(directive_id)
        history = loaded.history(directive_id)
        assert directive.lead_unit == HP
        last = history[-1]
        assert last["type"] == "lead_unit_succeeded"
        assert last["effective_on"] == "2025-07-01"
        assert last["data"]["previous_lead_unit"] == HD
        assert last["data"]["succession"]["basis"]["symbol"] == "202/2025/QH15"
        # Nothing before the handover changed: the 2021 facts are as they were.
        assert history[0]["data"]["lead_unit"] == HD
        assert all(e["effective_on"] == "2021-12-10" for e in history[:-1])
    accepted = [loaded.get_directive(i).status for i in loaded.directive_ids()]
    assert accepted.count("accepted") == 10
    assert accepted.count("issued") == 3


def test_the_successions_are_recorded_once(loaded: LedgerApplication, tmp_path: Path) -> None:
    successors = [u for u in loaded.units() if u.succession is not None]
    assert sorted(u.name for u in successors) == sorted(
        [HP, "Ủy ban nhân dân thành phố Hải Phòng", "Hội đồng nhân dân thành phố Hải Phòng"]
    )
    for unit in successors:
        assert unit.valid_from == date(2025, 7, 1)
        assert len(unit.predecessor_ids) == 2
    hd = loaded.get_unit(sample_id("unit:party:haiduong-standing-board"))
    assert hd.valid_to == date(2025, 6, 30)
    position = loaded.max_position()
    assert not load_sample(loaded).changed
    assert loaded.max_position() == position


def test_before_the_succession_day_the_loader_records_no_succession(tmp_path: Path) -> None:
    app = make_app(
        sqlite_url_in(tmp_path), clock=fixed_clock(datetime(2025, 6, 30, 12, tzinfo=HCM))
    )
    load_sample(app)
    assert all(app.get_directive(i).lead_unit == HD for i in app.directive_ids())
    later = make_app(sqlite_url_in(tmp_path), clock=fixed_clock(TODAY))
    assert load_sample(later).changed
    assert all(later.get_directive(i).lead_unit == HP for i in later.directive_ids())
