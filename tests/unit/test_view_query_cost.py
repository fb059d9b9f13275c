"""A date query's cost does not grow with the dates asked before: no fold, no per-date
cache to warm or evict. Measured in SQLite virtual-machine steps (exact, not a timing):
the same date costs the same steps before and after 40 other dates were asked, on the
same service and on a fresh one."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from projections.database import ViewDatabase
from projections.service import ViewService
from tests.views_world import World

TODAY = date(2024, 12, 31)
START = date(2024, 1, 1)


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    opened = World.open(f"sqlite:///{tmp_path / 'ledger.sqlite'}", TODAY)
    for i in range(60):
        on = START + timedelta(days=i * 5)
        d = opened.issue(on, on + timedelta(days=20 + i % 40), unit=f"Sở {i % 4}")
        opened.accept(d, on)
        opened.progress(d, on + timedelta(days=3), 30)
        if i % 3 == 0:
            opened.report_completion(d, on + timedelta(days=25))
            opened.verify(d, on + timedelta(days=26))
    yield opened
    opened.close()


class StepCounter:
    def __init__(self) -> None:
        self.steps = 0

    def __call__(self) -> int:
        self.steps += 1
        return 0  # go on


def counting(views: ViewService, counter: StepCounter) -> None:
    """Count the SQLite steps of every statement the view database runs."""
    plain = ViewDatabase.transaction

    @contextmanager
    def transaction(self: ViewDatabase, *, commit: bool) -> Iterator[Any]:
        with plain(self, commit=commit) as cursor:
            connection: sqlite3.Connection = cursor.sqlite_cursor.connection
            connection.set_progress_handler(counter, 1)
            try:
                yield cursor
            finally:
                connection.set_progress_handler(None, 1)

    views.db.transaction = transaction.__get__(views.db)  # type: ignore[method-assign]


def cost(views: ViewService, counter: StepCounter, on: date) -> int:
    before = counter.steps
    views.page("status-board", on, limit=20, with_digest=False)
    views.page("overdue", on, limit=20, with_digest=False)
    views.view("units", on)
    return counter.steps - before


def test_a_date_costs_the_same_whatever_was_asked_before(world: World) -> None:
    views = world.views
    views.catch_up()
    counter = StepCounter()
    counting(views, counter)
    asked = date(2024, 7, 31)
    first = cost(views, counter, asked)
    assert first > 0
    for n in range(40):
        cost(views, counter, START + timedelta(days=7 * n))
    assert cost(views, counter, asked) == first
    # A date never asked costs on this service what it costs on a fresh one.
    fresh = ViewService(world.app)
    fresh_counter = StepCounter()
    counting(fresh, fresh_counter)
    never = date(2024, 10, 15)
    assert cost(views, counter, never) == cost(fresh, fresh_counter, never)


def test_a_date_costs_what_its_rows_cost_not_the_whole_log(world: World) -> None:
    """Range queries: a day with few directives on the board reads few spans, however
    many the log holds (a fold reads every fact up to the day)."""
    views = world.views
    views.catch_up()
    counter = StepCounter()
    counting(views, counter)
    early = cost(views, counter, START + timedelta(days=6))  # two directives issued
    late = cost(views, counter, date(2024, 11, 30))  # all sixty
    assert len(views.rows("status-board", START + timedelta(days=6))) == 2
    assert early * 4 < late
