"""Group commit: requests that queue while a write runs are written together, each caller
gets its own result or its own error, and nobody is left waiting."""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence

import pytest

from ledger.store.group_commit import GroupCommit

CALLERS = 8


class Store:
    """A write function that can be held inside its first call, and refuses "bad"."""

    def __init__(self) -> None:
        self.calls: list[list[str]] = []
        self.entered = threading.Event()
        self.release = threading.Event()
        self.release.set()

    def write(self, requests: Sequence[str]) -> list[str]:
        self.calls.append(list(requests))
        self.entered.set()
        self.release.wait(10)
        if "bad" in requests:
            raise ValueError("refused: bad")
        return [r.upper() for r in requests]


def run_concurrently(
    group: GroupCommit[str, str], store: Store, requests: list[str]
) -> dict[str, object]:
    """The first request enters the write and is held there while the others queue."""
    outcomes: dict[str, object] = {}

    def call(request: str) -> None:
        try:
            outcomes[request] = group.submit(request)
        except BaseException as e:  # an interrupted leader's KeyboardInterrupt too
            outcomes[request] = e

    store.release.clear()
    first = threading.Thread(target=call, args=(requests[0],))
    first.start()
    assert store.entered.wait(10)
    others = [threading.Thread(target=call, args=(r,)) for r in requests[1:]]
    for t in others:
        t.start()
    # Each of the others is queued once it waits for the leader's lock.
    for _ in range(1000):
        if len(group._queue) == len(others):
            break
        threading.Event().wait(0.01)
    assert len(group._queue) == len(others)
    store.release.set()
    for t in [first, *others]:
        t.join(10)
        assert not t.is_alive()
    return outcomes


def test_a_caller_alone_is_written_alone() -> None:
    store = Store()
    group = GroupCommit(store.write)
    assert group.submit("a") == "A"
    assert group.submit("b") == "B"
    assert store.calls == [["a"], ["b"]]
    assert group.batches == 2


def test_requests_queued_during_a_write_go_out_together_each_with_its_own_result() -> None:
    store = Store()
    group = GroupCommit(store.write)
    requests = [f"r{i}" for i in range(CALLERS)]
    outcomes = run_concurrently(group, store, requests)
    assert outcomes == {r: r.upper() for r in requests}
    # The first alone, then everything that queued meanwhile in one write.
    assert store.calls[0] == ["r0"]
    assert sorted(store.calls[1]) == sorted(requests[1:])
    assert len(store.calls) == 2
    assert group.batches == 2


def test_a_refused_request_fails_alone_and_the_others_are_written() -> None:
    store = Store()
    group = GroupCommit(store.write)
    requests = ["r0", "r1", "bad", "r3"]
    outcomes = run_concurrently(group, store, requests)
    assert isinstance(outcomes["bad"], ValueError)
    assert {r: outcomes[r] for r in ("r0", "r1", "r3")} == {"r0": "R0", "r1": "R1", "r3": "R3"}
    # The group was refused as a whole, then each of its requests was written on its own.
    assert sorted(store.calls[1]) == ["bad", "r1", "r3"]
    assert sorted(map(tuple, store.calls[2:])) == [("bad",), ("r1",), ("r3",)]


def test_a_failed_group_is_logged_before_each_request_is_written_alone(
    caplog: pytest.LogCaptureFixture,
) -> None:
    store = Store()
    group = GroupCommit(store.write)
    requests = ["r0", "secret-r1", "bad", "secret-r3"]
    with caplog.at_level(logging.WARNING, logger="ledger.store.group_commit"):
        outcomes = run_concurrently(group, store, requests)
    (record,) = [r for r in caplog.records if r.name == "ledger.store.group_commit"]
    assert record.levelno == logging.WARNING
    assert record.getMessage() == (
        "a group commit of 3 requests failed (ValueError); each is written again alone"
    )
    # Nothing of the requests or of the error's text: they may carry what is secret.
    assert "secret" not in record.getMessage()
    assert "refused" not in record.getMessage()
    assert record.exc_info is None
    # Logged before the retries, and each request still got the answer of its own write.
    assert sorted(map(tuple, store.calls[2:])) == [("bad",), ("secret-r1",), ("secret-r3",)]
    assert isinstance(outcomes["bad"], ValueError)
    assert outcomes["secret-r1"] == "SECRET-R1"
    assert outcomes["secret-r3"] == "SECRET-R3"


def test_a_group_that_succeeds_logs_nothing(caplog: pytest.LogCaptureFixture) -> None:
    store = Store()
    group = GroupCommit(store.write)
    with caplog.at_level(logging.DEBUG, logger="ledger.store.group_commit"):
        outcomes = run_concurrently(group, store, ["r0", "r1", "r2"])
    assert outcomes == {"r0": "R0", "r1": "R1", "r2": "R2"}
    assert [r for r in caplog.records if r.name == "ledger.store.group_commit"] == []


def test_an_interrupted_group_leaves_nobody_waiting() -> None:
    class Interrupted(Store):
        def write(self, requests: Sequence[str]) -> list[str]:
            if len(requests) > 1:
                raise KeyboardInterrupt
            return super().write(requests)

    store = Interrupted()
    group = GroupCommit(store.write)
    requests = ["r0", "r1", "r2", "r3"]
    outcomes = run_concurrently(group, store, requests)
    assert outcomes["r0"] == "R0"
    # One of the group led its write and got the interrupt; the others an error, not a hang.
    others = [outcomes[r] for r in requests[1:]]
    assert sum(isinstance(o, KeyboardInterrupt) for o in others) == 1
    assert sum(isinstance(o, RuntimeError) for o in others) == 2
    assert group._queue == []
