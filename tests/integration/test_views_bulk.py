"""The one-transaction replay (``projections.bulk``): all or nothing, the same rows as the
batched catch-up, and COPY's text format on PostgreSQL keeping any text exactly (SQLite
and PostgreSQL)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import date

import pytest

from projections import status_board
from projections.board_counts import COUNTS_TABLE
from projections.database import copy_text
from projections.service import VIEW_NAMES, ViewService
from tests.integration.test_views_crash import TODAY, record_history
from tests.views_world import World

ON = date(2024, 6, 15)


@pytest.fixture
def world(database_url: str) -> Iterator[World]:
    opened = World.open(database_url, TODAY)
    record_history(opened, 30)
    yield opened
    opened.close()


def bulk_views(world: World) -> ViewService:
    views = ViewService(world.app)
    views.runner.bulk_minimum = 1  # the one-transaction replay whatever the log's length
    return views


def state(views: ViewService) -> tuple[dict[str, int], dict[str, str], set[str]]:
    return views.runner.positions(), views.digests(ON), index_names(views)


def index_names(views: ViewService) -> set[str]:
    """The views' secondary indexes, from the engine's catalogue."""
    db = views.db
    with db.transaction(commit=False) as c:
        if db.engine == "sqlite":
            c.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")
        else:
            # Not the indexes behind PRIMARY KEY and UNIQUE (SQLite's have no sql).
            c.execute(
                "SELECT indexname AS name FROM pg_indexes WHERE schemaname = %s "
                "AND indexname NOT IN (SELECT conname FROM pg_constraint)",
                (getattr(db.datastore, "schema", ""),),
            )
        return {r["name"] for r in c.fetchall() if r["name"].startswith("ledger_view_")}


def test_a_replay_that_fails_leaves_the_views_as_they_were(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    views = bulk_views(world)
    views.catch_up()
    before = state(views)
    assert min(before[0].values()) == world.app.max_position()
    # Every index the stores declare, though the replay drops them while it writes.
    declared = {
        statement.split()[5]
        for store in views.stores.values()
        for statement in store.create_statements(views.db)
        if statement.startswith("CREATE INDEX")
    }
    assert before[2] == declared
    assert "ledger_view_board_spans_seq" in declared

    def fail(self: object, db: object, cursor: object, end: int) -> None:
        raise RuntimeError("the disk is full")

    # Late in the replay: after the board's retired spans, the tables emptied and the
    # indexes dropped, before any store is tracked again.
    monkeypatch.setattr(status_board.BoardBulkWriter, "finish", fail)
    with pytest.raises(RuntimeError, match="the disk is full"):
        views.rebuild()
    assert state(views) == before  # the indexes too: dropped in the same transaction
    monkeypatch.undo()
    assert views.rebuild() == world.app.max_position()
    assert state(views) == before


def test_bulk_and_batched_replays_write_the_same_rows(world: World) -> None:
    bulk = bulk_views(world)
    bulk.rebuild()
    batched = ViewService(world.app, batch_size=7)
    bulk_rows = table_rows(bulk)
    batched.rebuild(online=True)
    assert table_rows(batched) == bulk_rows
    assert set(bulk_rows) == {t for s in batched.stores.values() for t in s.tables()}


def table_rows(views: ViewService) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every view's tables, in an order of their own. The batched replay
    may leave a count's step summed to 0 where the bulk one writes none: left out."""
    db = views.db
    rows = {}
    with db.transaction(commit=False) as c:
        for store in views.stores.values():
            for table in store.tables():
                where = " WHERE delta <> 0" if table == COUNTS_TABLE else ""
                c.execute(f"SELECT * FROM {db.table(table)}{where}")
                found = [tuple(r.values() if isinstance(r, dict) else r) for r in c.fetchall()]
                rows[table] = sorted(found, key=repr)
    return rows


def test_the_follower_beside_the_api_never_replays_in_one_transaction(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    import projections.runner

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a follower must not hold the write lock for a whole replay")

    monkeypatch.setattr(projections.runner, "bulk_catch_up", refuse)
    views = bulk_views(world)
    views._catch_up_quietly()
    assert views.last_error is None
    assert views.position() == world.app.max_position()
    assert set(views.digests(ON)) == set(VIEW_NAMES)


TEXTS = [
    "Chăm lo Tết Nhâm Dần 2022",
    "tab\there",
    "line\nbreak\r\nand return",
    "back\\slash \\N not null",
    "",
    "\\",
]


def test_insert_many_keeps_every_text_exactly(database_url: str) -> None:
    world = World.open(database_url, TODAY)
    try:
        db = ViewService(world.app).db
        table = "ledger_test_insert_many"
        rows = [(i, text, None if i % 2 else i * 10) for i, text in enumerate(TEXTS)]
        with db.transaction(commit=True) as c:
            c.execute(f"DROP TABLE IF EXISTS {db.table(table)}")
            c.execute(
                f"CREATE TABLE {db.table(table)} (n {db.bigint} PRIMARY KEY, t TEXT NOT NULL, "
                "m INTEGER)"
            )
            db.insert_many(c, table, ("n", "t", "m"), rows)
        with db.transaction(commit=False) as c:
            c.execute(f"SELECT n, t, m FROM {db.table(table)} ORDER BY n")
            assert [(r["n"], r["t"], r["m"]) for r in c.fetchall()] == rows
        with db.transaction(commit=True) as c:
            c.execute(f"DROP TABLE {db.table(table)}")
    finally:
        world.close()


def test_copy_text_is_postgresql_text_format() -> None:
    # Tab between columns, \N for NULL, a backslash before backslash, tab, LF and CR.
    assert copy_text([(1, "a\tb", None), (2, "c\\d\ne\rf", 3)]) == (
        b"1\ta\\tb\t\\N\n2\tc\\\\d\\ne\\rf\t3\n"
    )
    assert copy_text([]) == b""


def test_an_in_memory_replica_replays_in_one_transaction_too(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    import projections.bulk
    import projections.runner

    views = world.views
    views.catch_up()
    head = world.app.max_position()
    at = {"status-board": head // 2, "units": head // 2, "overdue": head}
    expected = {name: views.view(name, ON, known_at=p)["digest"] for name, p in at.items()}
    replayed: list[int] = []
    real = projections.bulk.bulk_catch_up

    def counted(*args: object, **kwargs: object) -> None:
        replayed.append(1)
        real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(projections.runner, "BULK_MINIMUM", 1)
    monkeypatch.setattr(projections.runner, "bulk_catch_up", counted)
    assert views.memory_digests(ON, at=at) == expected
    assert views.memory_digests(ON) == views.digests(ON)
    assert replayed


def test_a_long_pause_inside_the_replay_outlives_postgresqls_idle_timeout(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The store's PostgreSQL sessions end a transaction idle for a few seconds, and the
    replay's transaction is idle while the next batch is read and folded: at 3,000,000
    events that took longer, and the rebuild failed. SQLite has no such limit."""
    views = bulk_views(world)
    db = views.db
    pause = 0.0
    if db.engine == "postgres":
        with db.transaction(commit=False) as c:
            c.execute(
                "SELECT setting::float / 1000 AS s FROM pg_settings "
                "WHERE name = 'idle_in_transaction_session_timeout'"
            )
            pause = float(c.fetchone()["s"]) + 1
        assert 1 < pause < 30, "the sessions' idle timeout is what this test outlives"
    real = status_board.BoardBulkWriter.apply

    def slow(self: status_board.BoardBulkWriter, *args: object) -> None:
        time.sleep(pause)
        real(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(status_board.BoardBulkWriter, "apply", slow)
    assert views.rebuild() == world.app.max_position()
    monkeypatch.undo()
    assert views.digests(ON) == ViewService(world.app).digests(ON)
