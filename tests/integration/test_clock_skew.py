"""Recorded time under clock skew: two application instances (two API processes) on one
store, whose clocks disagree by an hour, write one directive in turn. The recorded times
of its events never go back, and ``as_of`` answers what the history says was recorded by
then, on SQLite and on PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID

import pytest

from ledger.application import LedgerApplication
from ledger.domain import commands as c
from ledger.domain import errors
from ledger.domain.directive import Directive
from ledger.domain.values import Actor, Role
from ledger.settings import Settings

LEAD_UNIT = "Sở Kế hoạch và Đầu tư"
ISSUER = Actor(id="issuer-1", role=Role.ISSUER)
LEAD = Actor(id="unit-1", role=Role.UNIT, unit=LEAD_UNIT)
START = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)


class Clocks:
    """The event timestamp source of each process: one shared tick (real time runs on
    for both), each process reading it with its own offset. ``process`` is the one that
    writes now."""

    def __init__(self, offsets: dict[str, timedelta]) -> None:
        self.offsets = offsets
        self.process = next(iter(offsets))
        self.ticks = 0
        self.readings: list[tuple[str, datetime]] = []

    def now(self) -> datetime:
        self.ticks += 1
        reading = START + timedelta(seconds=self.ticks) + self.offsets[self.process]
        self.readings.append((self.process, reading))
        return reading


@pytest.fixture
def clocks(monkeypatch: pytest.MonkeyPatch) -> Clocks:
    clocks = Clocks({"A": timedelta(0), "B": timedelta(hours=-1)})
    monkeypatch.setattr(Directive.Event, "create_timestamp", staticmethod(clocks.now))
    return clocks


@pytest.fixture
def processes(database_url: str) -> Iterator[dict[str, LedgerApplication]]:
    # B snapshots every 2 events, so it also reads the directive back from a snapshot.
    a = LedgerApplication(Settings.from_env({}, database_url=database_url))
    b = LedgerApplication(
        Settings.from_env({"LEDGER_SNAPSHOT_INTERVAL": "2"}, database_url=database_url)
    )
    yield {"A": a, "B": b}
    a.close()
    b.close()


def write(
    processes: dict[str, LedgerApplication],
    clocks: Clocks,
    process: str,
    directive_id: UUID,
    command: c.FollowUp,
    actor: Actor,
) -> None:
    clocks.process = process
    app = processes[process]
    app.record_follow_up(directive_id, command, app.context(actor))


def recorded_at(event: dict[str, Any]) -> datetime:
    return datetime.fromisoformat(event["recorded_at"])


def test_recorded_time_never_goes_back_and_as_of_follows_the_history(
    processes: dict[str, LedgerApplication], clocks: Clocks
) -> None:
    a = processes["A"]
    clocks.process = "A"
    directive_id = a.issue_directive(
        a.context(ISSUER),
        title="Cải thiện môi trường đầu tư",
        text="Xây dựng tiêu chí lựa chọn nhà đầu tư",
        issuer="Chủ tịch UBND tỉnh",
        lead_unit=LEAD_UNIT,
        deadline=date(2030, 1, 1),
        effective_on=date(2021, 12, 10),
    ).id
    steps: list[tuple[str, c.FollowUp, Actor]] = [
        ("B", c.Accept(), LEAD),
        ("A", c.ReportProgress(percent=10, narrative="Khởi động"), LEAD),
        ("B", c.ReportProgress(percent=20, narrative="Lập kế hoạch"), LEAD),
        ("B", c.ReportProgress(percent=30, narrative="Triển khai"), LEAD),
        ("A", c.ReportProgress(percent=40, narrative="Sơ kết"), LEAD),
        ("B", c.Annotate(refers_to_version=5, text="Đính chính số liệu"), ISSUER),
        ("A", c.ReportProgress(percent=60, narrative="Tăng tốc"), LEAD),
        ("B", c.ReportProgress(percent=70, narrative="Gần xong"), LEAD),
    ]
    for process, command, actor in steps:
        write(processes, clocks, process, directive_id, command, actor)

    # The test means something: B's clock read earlier than events already recorded.
    first_by_a = min(t for p, t in clocks.readings if p == "A")
    assert any(p == "B" and t < first_by_a for p, t in clocks.readings)

    for app in processes.values():
        history = app.history(directive_id)
        assert [e["version"] for e in history] == list(range(1, len(steps) + 2))
        times = [recorded_at(e) for e in history]
        assert times == sorted(times), times
        for event in history:
            moment = recorded_at(event)
            # What the history says was recorded by then: every event up to the last one
            # recorded at or before that moment.
            expected = max(e["version"] for e in history if recorded_at(e) <= moment)
            assert expected >= event["version"]
            found = app.get_directive(directive_id, as_of=moment)
            assert found.version == expected
            assert found.as_dict() == app.get_directive(directive_id, version=expected).as_dict()
        with pytest.raises(errors.NotFound):
            app.get_directive(directive_id, as_of=times[0] - timedelta(microseconds=1))


def test_a_clock_ahead_is_kept_as_it_reads(
    processes: dict[str, LedgerApplication], clocks: Clocks
) -> None:
    """Holding times back never moves them: a process whose clock runs ahead records its
    own reading, and the next event, from a slower clock, is held at that reading."""
    clocks.offsets["B"] = timedelta(hours=1)
    a, b = processes["A"], processes["B"]
    clocks.process = "A"
    directive_id = a.issue_directive(
        a.context(ISSUER), title="T", text="X", issuer="I", lead_unit=LEAD_UNIT
    ).id
    write(processes, clocks, "B", directive_id, c.Accept(), LEAD)
    b_reading = clocks.readings[-1][1]
    write(processes, clocks, "A", directive_id, c.ReportProgress(percent=5, narrative="n"), LEAD)
    history = b.history(directive_id)
    assert recorded_at(history[1]) == b_reading
    assert recorded_at(history[2]) == b_reading
    assert clocks.readings[-1][1] < b_reading
