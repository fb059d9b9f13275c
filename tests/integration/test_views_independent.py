"""Each view its own tables and tracking position: rebuilding one, on a serving ledger,
leaves the others answering the same digests throughout (SQLite and PostgreSQL)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import date

import pytest

from projections.service import VIEW_NAMES, ViewService
from tests.integration.test_views_crash import TODAY, record_history
from tests.views_world import World

ON = date(2024, 6, 15)


@pytest.fixture
def world(database_url: str) -> Iterator[World]:
    opened = World.open(database_url, TODAY)
    yield opened
    opened.close()


def digests_of(views: ViewService, names: list[str]) -> dict[str, tuple[str, str]]:
    result = {}
    for name in names:
        if name == "activity":
            result[name] = (views.activity_digest(), "")
        else:
            result[name] = (views.view(name, ON)["digest"], views.view(name, TODAY)["digest"])
    return result


@pytest.mark.parametrize("rebuilt", ["overdue", "status-board", "units"])
def test_rebuilding_one_view_leaves_the_others_answering(world: World, rebuilt: str) -> None:
    record_history(world, 40)
    serving = world.views
    serving.catch_up()
    others = [n for n in VIEW_NAMES if n != rebuilt]
    before = digests_of(serving, list(VIEW_NAMES))
    positions = serving.runner.positions()

    seen: list[dict[str, tuple[str, str]]] = []
    rebuilding = threading.Event()
    done = threading.Event()

    def read() -> None:
        rebuilding.wait(10)
        while not done.is_set():
            seen.append(digests_of(serving, others))

    reader = threading.Thread(target=read)
    reader.start()
    rebuilder = ViewService(world.app, batch_size=20)  # many batches: readers run between
    progress: list[int] = []

    def advance(reached: int, head: int) -> None:
        progress.append(reached)
        rebuilding.set()

    try:
        rebuilder.rebuild([rebuilt], progress=advance, batch_size=20)
    finally:
        done.set()
        reader.join(timeout=60)
    assert len(progress) > 5
    assert seen, "the reader did not run during the rebuild"
    expected = {n: before[n] for n in others}
    assert all(s == expected for s in seen)
    # The rebuilt view is back as it was; the others' tracking never moved.
    assert digests_of(serving, list(VIEW_NAMES)) == before
    after = serving.runner.positions()
    assert {n: after[n] for n in others} == {n: positions[n] for n in others}
