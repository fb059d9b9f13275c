"""Exactly once across crashes and racing runners.

A projection process killed with SIGKILL in the middle of a batch, then restarted, ends
with the digests of a clean rebuild, and no event is applied twice."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest

from projections.activity import ACTIVITY_TABLE as EVENTS_TABLE
from projections.service import ViewService
from tests.views_world import World

TODAY = date(2024, 12, 31)
START = date(2024, 1, 1)


def record_history(world: World, directives: int) -> None:
    meeting = world.meeting(START)
    for i in range(directives):
        on = START + timedelta(days=i % 200)
        d = world.issue(
            on, on + timedelta(days=30 + i % 90), unit=f"Sở {i % 7}", meeting_id=meeting
        )
        world.accept(d, on)
        world.progress(d, on + timedelta(days=5), 40)
        if i % 3 == 0:
            world.report_completion(d, on + timedelta(days=10 + i % 60))
            world.verify(d, on + timedelta(days=70))


def counts(views: ViewService) -> tuple[int, int, int, int]:
    """(directive rows, their distinct positions, all rows, their distinct positions)"""
    db = views.db
    table = db.table(EVENTS_TABLE)
    with db.transaction(commit=False) as c:
        result = []
        for where in ("WHERE kind = 'directive'", ""):
            c.execute(f"SELECT COUNT(*) AS n, COUNT(DISTINCT position) AS d FROM {table} {where}")
            row = c.fetchone()
            result += [int(row["n"]), int(row["d"])]
        return result[0], result[1], result[2], result[3]


def event_counts(world: World, upto: int | None = None) -> tuple[int, int]:
    """(directive events, directive and meeting events) in the log (up to ``upto``)."""
    notifications = world.app.recorder.select_notifications(
        0, upto or 100_000, inclusive_of_start=False
    )
    directive = sum(1 for n in notifications if n.topic.startswith("ledger.domain.directive:"))
    meeting = sum(1 for n in notifications if n.topic.startswith("ledger.domain.meeting:"))
    return directive, directive + meeting


def run_project(url: str, marker: Path | None = None) -> subprocess.Popen[bytes]:
    env = dict(os.environ)
    if marker is not None:
        env.update(
            LEDGER_VIEWS_BATCH_SLEEP="0.15",
            LEDGER_VIEWS_BATCH_SIZE="40",
            LEDGER_VIEWS_BATCH_MARKER=str(marker),
        )
    return subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from ledger.cli import main; main()",
            "project",
            "--database-url",
            url,
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


@pytest.fixture
def world(database_url: str) -> Iterator[World]:
    opened = World.open(database_url, TODAY)
    yield opened
    opened.close()


def test_sigkill_in_mid_batch_then_restart(world: World, database_url: str, tmp_path: Path) -> None:
    record_history(world, 60)
    head = world.app.max_position()
    views = world.views  # creates the tables

    marker = tmp_path / "open-batch"
    runner = run_project(database_url, marker)
    killed_in: tuple[int, int] | None = None
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and runner.poll() is None:
        text = marker.read_text() if marker.exists() else ""
        if text.endswith("\n"):
            start, end = map(int, text.split())
            if start >= 80:  # at least two batches committed; this one is open
                runner.send_signal(signal.SIGKILL)
                killed_in = (start, end)
                break
        time.sleep(0.005)
    runner.wait(timeout=30)
    assert killed_in is not None, runner.stderr.read() if runner.stderr else ""
    assert runner.returncode == -signal.SIGKILL

    # The open batch left nothing behind: the views stand at the batch's start.
    start, end = killed_in
    assert views.position() == start < end < head
    directive_events, view_events = event_counts(world, upto=start)
    assert counts(views) == (directive_events, directive_events, view_events, view_events)
    with views.db.transaction(commit=False) as c:
        c.execute(f"SELECT MAX(position) AS m FROM {views.db.table(EVENTS_TABLE)}")
        assert int(c.fetchone()["m"]) <= start

    restarted = run_project(database_url)
    assert restarted.wait(timeout=120) == 0, restarted.stderr.read() if restarted.stderr else ""
    assert views.position() == head

    directive_events, view_events = event_counts(world)
    assert counts(views) == (directive_events, directive_events, view_events, view_events)
    live = views.digests()
    assert live == views.memory_digests()
    views.rebuild()
    assert views.digests() == live


def test_racing_runners_apply_each_event_once(world: World) -> None:
    record_history(world, 40)
    runners = [ViewService(world.app, batch_size=25) for _ in range(3)]
    errors: list[BaseException] = []

    def follow(views: ViewService) -> None:
        try:
            views.catch_up()
        except BaseException as e:  # reported below
            errors.append(e)

    threads = [threading.Thread(target=follow, args=(v,)) for v in runners]
    for t in threads:
        t.start()
    record_history(world, 10)  # events keep arriving while they race
    for t in threads:
        t.join(timeout=120)
    assert errors == []
    runners[0].catch_up()
    directive_events, view_events = event_counts(world)
    assert counts(runners[0]) == (directive_events, directive_events, view_events, view_events)
    assert runners[0].digests() == runners[0].memory_digests()


def test_project_follow_keeps_up_and_stops_on_sigterm(world: World, database_url: str) -> None:
    views = world.views
    follower = subprocess.Popen(
        [sys.executable, "-c", "from ledger.cli import main; main()", "project", "--follow",
         "--interval", "0.02", "--database-url", database_url],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        for _ in range(3):
            record_history(world, 5)
            head = world.app.max_position()
            assert views.wait_for(head, timeout=30), "the follower did not catch up"
            assert views.position() == head
    finally:
        follower.send_signal(signal.SIGTERM)
        out, err = follower.communicate(timeout=30)
    assert follower.returncode == 0, err
    assert b"Stopped at position" in out
    assert views.digests() == views.memory_digests()
