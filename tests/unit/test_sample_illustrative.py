"""The illustrative follow-up: synthetic, labelled in every event, apart from the facts."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from ledger_helpers import HCM, fixed_clock, make_app, sqlite_url_in

from ledger.application import LedgerApplication
from ledger.sample import load_sample, sample_id
from ledger.sample.illustrative import DIRECTIVES, LABEL

TODAY = datetime(2026, 11, 30, 9, 0, tzinfo=HCM)


def loaded(folder: Path, *, illustrative: bool) -> LedgerApplication:
    folder.mkdir()
    app = make_app(sqlite_url_in(folder), clock=fixed_clock(TODAY))
    load_sample(app, illustrative=illustrative)
    return app


def test_only_the_flag_loads_it(tmp_path: Path) -> None:
    facts = loaded(tmp_path / "facts", illustrative=False)
    assert not facts.has_meeting(sample_id("illustrative:meeting"))
    assert not any(facts.get_directive(i).code.startswith("MH-") for i in facts.directive_ids())


def test_every_event_and_every_text_carries_the_label(tmp_path: Path) -> None:
    app = loaded(tmp_path / "both", illustrative=True)
    ids = [sample_id("illustrative:meeting")] + [
        sample_id(f"illustrative:{k}") for k, *_ in DIRECTIVES
    ]
    events = [e for aggregate_id in ids for e in app.history(aggregate_id)]
    assert len(events) > len(ids)
    for event in events:
        assert event["data"]["meta"]["illustrative"] is True, event
        assert event["data"]["meta"]["label"] == LABEL
        for field in ("title", "text", "narrative", "reason", "issuer", "chair"):
            if event["data"].get(field):
                assert event["data"][field].startswith(LABEL), (field, event["data"][field])
    statuses = sorted(
        app.get_directive(sample_id(f"illustrative:{k}")).status for k, *_ in DIRECTIVES
    )
    assert statuses == ["completed", "completed", "in_progress", "in_progress", "withdrawn"]


def test_the_facts_are_the_same_with_or_without_it(tmp_path: Path) -> None:
    facts = loaded(tmp_path / "facts", illustrative=False)
    both = loaded(tmp_path / "both", illustrative=True)
    factual_ids = [sample_id("meeting"), *facts.directive_ids()]
    for aggregate_id in factual_ids:
        one, two = facts.history(aggregate_id), both.history(aggregate_id)
        assert [e["data"] for e in one] == [e["data"] for e in two]
        assert not any(e["data"]["meta"].get("illustrative") for e in two)
    # The illustrative facts come after the factual ones: every factual position is the same.
    assert [e["position"] for i in factual_ids for e in facts.history(i)] == [
        e["position"] for i in factual_ids for e in both.history(i)
    ]
    again = both.max_position()
    assert not load_sample(both, illustrative=True).changed
    assert both.max_position() == again
