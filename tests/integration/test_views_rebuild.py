"""Rebuild equals live: after random histories, the views followed batch by batch while
events were recorded have the same digests as a clean rebuild and as an in-memory
replay, on every date asked about, on SQLite and on PostgreSQL."""

from __future__ import annotations

import tempfile
import uuid
from datetime import date, timedelta
from pathlib import Path

import psycopg
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from psycopg import sql

from ledger.domain.errors import DomainError
from projections.service import VIEW_NAMES, ViewService
from tests.views_world import World

START = date(2024, 1, 1)
TODAY = date(2024, 12, 31)
UNITS = ("Sở A", "Sở B", "Sở C")
ACTIONS = (
    "issue",
    "accept",
    "progress",
    "request",
    "grant",
    "refuse",
    "report",
    "verify",
    "reject",
    "withdraw",
    "reassign",
    "annotate",
    "catch_up",
)

step = st.tuples(
    st.sampled_from(ACTIONS),
    st.integers(min_value=0, max_value=7),  # which directive
    st.integers(min_value=0, max_value=365),  # effective day offset
    st.integers(min_value=0, max_value=200),  # a second number: deadline offset, percent...
)


def fresh_url(base_url: str) -> str:
    """A fresh store per example: a new SQLite file, or a new PostgreSQL schema."""
    if base_url.startswith("sqlite"):
        return f"sqlite:///{Path(tempfile.mkdtemp()) / 'ledger.sqlite'}"
    schema = f"ex_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(base_url, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(schema)))
    return f"{base_url}?schema={schema}"


def play(world: World, live: ViewService, steps: list[tuple[str, int, int, int]]) -> None:
    from ledger.domain import commands as c

    directives: list[uuid.UUID] = []
    for action, index, offset, extra in steps:
        on = START + timedelta(days=offset)
        if action == "catch_up":
            live.catch_up()
            # Read the board on the way (pages too): reading never changes what follows.
            for day in (None, date(2024, 6, 15), TODAY):
                live.view("status-board", day)
            continue
        if action == "issue" or not directives:
            deadline = None if extra < 40 else on + timedelta(days=extra - 40)
            directives.append(world.issue(on, deadline, unit=UNITS[extra % 3], code=f"D{index}"))
            continue
        d = directives[index % len(directives)]
        later = on + timedelta(days=extra + 1)
        try:
            match action:
                case "accept":
                    world.accept(d, on)
                case "progress":
                    world.progress(d, on, extra % 101)
                case "request":
                    world.request_extension(d, on, later)
                case "grant":
                    world.grant_extension(d, on, later)
                case "refuse":
                    world.record(
                        d, c.RefuseExtension(reason="Không", effective_on=on), by_unit=False
                    )
                case "report":
                    world.report_completion(d, on)
                case "verify":
                    world.verify(d, on)
                case "reject":
                    world.reject(d, on)
                case "withdraw":
                    world.withdraw(d, on)
                case "reassign":
                    world.reassign(d, on, UNITS[extra % 3])
                case "annotate":
                    world.record(
                        d,
                        c.Annotate(refers_to_version=1, text="Ghi chú", effective_on=on),
                        by_unit=False,
                    )
        except DomainError:
            pass  # a refused command appends nothing; the history goes on


DATES = [None, START, date(2024, 3, 1), date(2024, 6, 15), date(2024, 9, 30), TODAY]


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(step, min_size=1, max_size=40))
def test_rebuild_equals_live(database_url: str, steps: list[tuple[str, int, int, int]]) -> None:
    world = World.open(fresh_url(database_url), TODAY)
    try:
        check_rebuild_equals_live(world, steps)
    finally:
        world.close()


def check_rebuild_equals_live(world: World, steps: list[tuple[str, int, int, int]]) -> None:
    live = ViewService(world.app, batch_size=3)
    play(world, live, steps)
    live.catch_up()
    assert live.position() == world.app.max_position()
    live_digests = {on: live.digests(on) for on in DATES}
    # The feed's digest, read page by page, is that of the whole feed at once.
    assert live.activity_digest(page_size=2) == live.view("activity")["digest"]
    memory = {on: live.memory_digests(on) for on in (None, date(2024, 6, 15))}

    rebuilt = ViewService(world.app, batch_size=1000)
    rebuilt.rebuild()
    assert rebuilt.position() == world.app.max_position()
    assert {on: rebuilt.digests(on) for on in DATES} == live_digests
    assert memory == {on: live_digests[on] for on in memory}
    # One view alone, too.
    rebuilt.rebuild(["activity"])
    assert rebuilt.digests() == live_digests[None]
    assert set(live_digests[None]) == set(VIEW_NAMES)
    check_bulk_equals_live(world, live, live_digests)


def check_bulk_equals_live(
    world: World, live: ViewService, live_digests: dict[date | None, dict[str, str]]
) -> None:
    """The one-transaction replay (``projections.bulk``, taken by long logs) gives the
    same views as following the log, on every date and as known at earlier positions."""
    bulk = ViewService(world.app)
    bulk.runner.bulk_minimum = 1
    bulk.rebuild()
    assert {on: bulk.digests(on) for on in DATES} == live_digests
    head = world.app.max_position()
    for known_at in sorted({p for p in (1, head // 3, 2 * head // 3) if 0 < p <= head}):
        for name in ("status-board", "overdue", "units", "meetings"):
            for on in (date(2024, 6, 15), TODAY):
                expected = live.view(name, on, known_at=known_at)["digest"]
                assert bulk.view(name, on, known_at=known_at)["digest"] == expected
    # A copying view alone copies the board's spans as they stand; the board alone
    # leaves its copies as they are.
    for names in (["units"], ["meetings", "overdue"], ["status-board"]):
        bulk.rebuild(names)
        assert bulk.digests() == live_digests[None]


def test_a_replica_at_the_positions_views_were_read_at_matches_them(database_url: str) -> None:
    """``memory_digests(at=...)`` replays only up to each given position: views read
    while the log went on growing are compared with what the log said then."""
    world = World.open(database_url, TODAY)
    try:
        views = world.views
        d = world.issue(START, START + timedelta(days=30), unit=UNITS[0])
        world.accept(d, START)
        views.catch_up()
        then = {name: views.view(name, TODAY) for name in VIEW_NAMES}
        world.progress(d, START + timedelta(days=3), 60)
        world.issue(START + timedelta(days=4), None, unit=UNITS[1])
        at = {name: int(view["position"]) for name, view in then.items()}
        assert max(at.values()) < views.head()
        replica = views.memory_digests(TODAY, at=at)
        assert replica == {name: view["digest"] for name, view in then.items()}
        # And without positions, the replica is at the head: the board has moved on.
        assert views.memory_digests(TODAY)["status-board"] != then["status-board"]["digest"]
    finally:
        world.close()
