"""Group commit in the SQLite store: follow-ups from several threads written in one
transaction each get their own version and position, their own idempotency record and
their own conflict; the log and its Merkle tree verify afterwards."""

from __future__ import annotations

import logging
import threading
import time
from typing import Any
from uuid import UUID

import pytest
from ledger_helpers import ISSUER, LEAD, follow, issue, make_app

from ledger.application import LedgerApplication, WriteResult
from ledger.application.verify_store import verify_store
from ledger.domain import commands as c
from ledger.domain import errors


def progress(percent: int) -> c.ReportProgress:
    return c.ReportProgress(percent=percent, narrative=f"Đã hoàn thành {percent}%")


def accepted(app: LedgerApplication) -> UUID:
    directive_id = issue(app, actor=ISSUER)
    follow(app, directive_id, c.Accept(), LEAD)
    return directive_id


def test_appends_queued_behind_a_write_share_one_transaction(
    sqlite_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="ledger.store.group_commit")
    app = make_app(sqlite_url)
    first, second, contested = accepted(app), accepted(app), accepted(app)
    version = app.get_directive(contested).version
    recorder: Any = app.recorder
    group = recorder._group_commit
    write = recorder._append_together
    held = threading.Event()
    release = threading.Event()
    groups: list[int] = []

    def held_write(appends: Any) -> Any:
        groups.append(len(appends))
        if len(groups) == 1:  # the first write waits until the others have queued
            held.set()
            release.wait(10)
        return write(appends)

    group._write = held_write
    outcomes: dict[str, WriteResult | Exception] = {}

    def call(name: str, directive_id: UUID, **kwargs: Any) -> None:
        try:
            key = kwargs.pop("key", None)
            ctx = app.context(LEAD, idempotency_key=key)
            outcomes[name] = app.record_follow_up(
                directive_id, progress(len(name) * 10), ctx, **kwargs
            )
        except Exception as e:
            outcomes[name] = e

    leader = threading.Thread(target=call, args=("leader", first))
    leader.start()
    assert held.wait(10)
    queued = [
        threading.Thread(target=call, args=("keyed", second), kwargs={"key": "k-1"}),
        threading.Thread(
            target=call, args=("one", contested), kwargs={"expected_version": version}
        ),
        threading.Thread(
            target=call, args=("other", contested), kwargs={"expected_version": version}
        ),
    ]
    for t in queued:
        t.start()
    deadline = time.monotonic() + 10
    while len(group._queue) < len(queued) and time.monotonic() < deadline:
        time.sleep(0.005)
    assert len(group._queue) == len(queued)
    release.set()
    for t in [leader, *queued]:
        t.join(10)

    # The three queued appends went to the store together; the two that contest one
    # version made that transaction fail, so each was then written on its own.
    assert groups[:2] == [1, 3]
    assert groups[2:] == [1, 1, 1]
    (failed,) = [r for r in caplog.records if r.name == "ledger.store.group_commit"]
    assert failed.getMessage() == (
        "a group commit of 3 requests failed (IntegrityError); each is written again alone"
    )
    assert isinstance(outcomes["leader"], WriteResult)
    assert isinstance(outcomes["keyed"], WriteResult)
    contest = [outcomes["one"], outcomes["other"]]
    assert sum(isinstance(o, WriteResult) for o in contest) == 1
    assert sum(isinstance(o, errors.StaleVersion) for o in contest) == 1
    assert app.get_directive(contested).version == version + 1

    # Positions are dense, each result names its own event, the idempotency key its own.
    results = [o for o in outcomes.values() if isinstance(o, WriteResult)]
    positions = sorted(r.position for r in results)
    assert positions == list(range(positions[0], positions[0] + len(results)))
    for r in results:
        assert app.history(r.id)[r.version - 1]["position"] == r.position
    keyed = outcomes["keyed"]
    assert isinstance(keyed, WriteResult)
    again = app.record_follow_up(second, progress(50), app.context(LEAD, idempotency_key="k-1"))
    assert (again.replayed, again.position, again.version) == (True, keyed.position, keyed.version)

    report = verify_store(app, public_key=None)
    assert report.ok, report
    app.close()


def test_many_threads_land_every_append_in_order(sqlite_url: str) -> None:
    app = make_app(sqlite_url)
    directives = [accepted(app) for _ in range(8)]
    recorder: Any = app.recorder
    before = recorder._group_commit.batches
    appends_each = 25

    def write(directive_id: UUID) -> None:
        for n in range(appends_each):
            app.record_follow_up(directive_id, progress(n), app.context(LEAD))

    threads = [threading.Thread(target=write, args=(d,)) for d in directives]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    for directive_id in directives:
        versions = [e["version"] for e in app.history(directive_id)]
        assert versions == list(range(1, 2 + 1 + appends_each))
    transactions = recorder._group_commit.batches - before
    assert 0 < transactions <= len(directives) * appends_each
    report = verify_store(app, public_key=None)
    assert report.ok, report
    app.close()
