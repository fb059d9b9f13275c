"""A snapshot that fails to be stored after its events were committed is logged, and the
write still answers with its own result: never an error for an event that is stored."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from ledger_helpers import ISSUER, LEAD, issue, make_app

from ledger.application import WriteResult
from ledger.domain import commands as c


def refuse_snapshots(app: Any, monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    tried: list[Any] = []

    def put(events: Any, **kwargs: Any) -> Any:
        tried.extend(events)
        raise ConnectionError("the snapshot store is down")

    monkeypatch.setattr(app.snapshots, "put", put)
    return tried


def test_a_follow_up_whose_snapshot_fails_is_answered_and_stored(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    app = make_app(sqlite_url, env={"LEDGER_SNAPSHOT_INTERVAL": "2"})
    directive_id = issue(app, actor=ISSUER)
    tried = refuse_snapshots(app, monkeypatch)
    with caplog.at_level(logging.WARNING, logger="ledger.application.core"):
        result = app.record_follow_up(directive_id, c.Accept(), app.context(LEAD))
    assert isinstance(result, WriteResult)
    assert (result.version, result.status) == (2, "accepted")
    assert len(tried) == 1  # version 2 was due a snapshot
    assert app.get_directive(directive_id).version == 2
    assert [e["type"] for e in app.history(directive_id)] == ["issued", "accepted"]
    (record,) = [r for r in caplog.records if r.name == "ledger.application.core"]
    assert record.getMessage() == (
        f"the snapshot of {directive_id} failed (ConnectionError); its events are stored"
    )
    app.close()


def test_a_save_whose_snapshot_fails_is_answered_and_stored(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    app = make_app(sqlite_url, env={"LEDGER_SNAPSHOT_INTERVAL": "1"})
    tried = refuse_snapshots(app, monkeypatch)
    with caplog.at_level(logging.WARNING, logger="ledger.application.core"):
        directive_id = issue(app, actor=ISSUER)  # save(): version 1 is due a snapshot
    assert tried
    assert app.get_directive(directive_id).version == 1
    assert any("its events are stored" in r.getMessage() for r in caplog.records)
    app.close()
