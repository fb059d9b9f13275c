"""The write path's cache of directives never leaks a failed or refused command's changes,
and never makes a refusal or a conflict out of a stale copy."""

from __future__ import annotations

from typing import Any

import pytest
from eventsourcing.persistence import OperationalError
from ledger_helpers import ISSUER, LEAD, directive_in, follow, make_app, sqlite_url_in

from ledger.application import LedgerApplication
from ledger.domain import commands as c
from ledger.domain import errors


def test_a_failed_save_leaves_no_trace(
    app: LedgerApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    directive_id = directive_in(app, "accepted")
    follow(app, directive_id, c.ReportProgress(percent=10, narrative="n"), LEAD)  # cached now
    before = app.get_directive(directive_id).as_dict()
    position = app.max_position()
    recorder: Any = app.recorder

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise OperationalError("disk I/O error")

    monkeypatch.setattr(recorder, "insert_events", broken)
    with pytest.raises(OperationalError):
        follow(app, directive_id, c.ReportProgress(percent=90, narrative="n"), LEAD)
    monkeypatch.undo()
    assert app.max_position() == position
    assert app.get_directive(directive_id).as_dict() == before
    # The next command starts from the stored state, not from the failed attempt.
    result = app.record_follow_up(
        directive_id, c.ReportProgress(percent=20, narrative="n"), app.context(LEAD)
    )
    assert (result.version, result.state["percent"]) == (before["version"] + 1, 20)


def test_a_refused_command_does_not_change_the_cached_directive(app: LedgerApplication) -> None:
    directive_id = directive_in(app, "accepted")
    follow(app, directive_id, c.ReportProgress(percent=10, narrative="n"), LEAD)
    with pytest.raises(errors.InvalidValue):
        follow(app, directive_id, c.ReportProgress(percent=140, narrative="n"), LEAD)
    result = app.record_follow_up(
        directive_id, c.Annotate(refers_to_version=3, text="ok"), app.context(ISSUER)
    )
    assert result.state["percent"] == 10
    assert result.version == 4


def test_results_do_not_share_state_with_the_cache(app: LedgerApplication) -> None:
    directive_id = directive_in(app, "accepted")
    first = app.record_follow_up(
        directive_id, c.ReportProgress(percent=10, narrative="n"), app.context(LEAD)
    )
    first.state["coordinating_units"].append("Sở lạ")
    first.state["status"] = "completed"
    second = app.record_follow_up(
        directive_id, c.ReportProgress(percent=20, narrative="n"), app.context(LEAD)
    )
    assert "Sở lạ" not in second.state["coordinating_units"]
    assert second.status == "in_progress"


def test_a_process_behind_the_store_catches_up(tmp_path: Any) -> None:
    url = sqlite_url_in(tmp_path)
    one, two = make_app(url), make_app(url)
    directive_id = directive_in(one, "accepted")
    follow(one, directive_id, c.ReportProgress(percent=10, narrative="n"), LEAD)  # one: v3
    follow(two, directive_id, c.ReportProgress(percent=20, narrative="n"), LEAD)  # two: v4
    follow(two, directive_id, c.Withdraw(reason="Thôi"), ISSUER)  # v5, unseen by one
    with pytest.raises(errors.DirectiveClosed):
        follow(one, directive_id, c.ReportProgress(percent=30, narrative="n"), LEAD)
    result = one.record_follow_up(
        directive_id, c.Annotate(refers_to_version=5, text="ghi chú"), one.context(ISSUER)
    )
    assert (result.version, result.status, result.state["percent"]) == (6, "withdrawn", 20)
