"""The board's grid counts from its table of steps (``projections.board_counts``): equal
to the fold's on every day; a board written before the table existed is counted from its
spans until its next batch fills the table in; a rebuild empties and refills it."""

from __future__ import annotations

from datetime import date, timedelta

from projections.board_counts import COUNTS_TABLE
from projections.grid import grid_counts
from projections.service import ViewService
from tests.integration.test_views_rebuild import TODAY, fresh_url
from tests.views_oracle import Oracle
from tests.views_world import World


def counts_table_rows(views: ViewService) -> int:
    with views.db.transaction(commit=False) as c:
        c.execute(f"SELECT COUNT(*) AS n FROM {views.db.table(COUNTS_TABLE)}")
        return int(c.fetchone()["n"])


def assert_counts_are_the_folds(world: World, views: ViewService, days: list[date]) -> None:
    oracle = Oracle(world.app)
    for on in days:
        counts = views.page("status-board", on, limit=1, with_digest=False)["counts"]
        assert counts == grid_counts(oracle.rows("status-board", on)), on


def test_a_board_from_before_the_counts_table(database_url: str) -> None:
    world = World.open(fresh_url(database_url), TODAY)
    try:
        views = ViewService(world.app)
        late = world.issue(date(2024, 1, 10), date(2024, 3, 31), code="A")
        done = world.issue(date(2024, 2, 1), date(2024, 6, 30), code="B")
        world.issue(date(2024, 2, 15), None, code="C")
        world.accept(done, date(2024, 2, 2))
        world.report_completion(done, date(2024, 5, 1))
        world.verify(done, date(2024, 5, 3))
        views.catch_up()
        days = [date(2024, 1, 1) + timedelta(days=n) for n in range(0, 366, 11)]
        assert counts_table_rows(views) > 0
        assert_counts_are_the_folds(world, views, days)

        # As an older ledger left it: spans, and no steps.
        with views.db.transaction(commit=True) as c:
            c.execute(f"DELETE FROM {views.db.table(COUNTS_TABLE)}")
        assert_counts_are_the_folds(world, views, days)  # counted from the spans
        assert counts_table_rows(views) == 0  # reading wrote nothing

        world.accept(late, date(2024, 1, 11))
        world.request_extension(late, date(2024, 3, 15), date(2024, 9, 30))
        world.grant_extension(late, date(2024, 3, 20), date(2024, 9, 30))
        views.catch_up()
        assert counts_table_rows(views) > 0  # filled in by the batch, then stepped
        assert_counts_are_the_folds(world, views, days)

        views.rebuild(["status-board"])
        assert_counts_are_the_folds(world, views, days)
    finally:
        world.close()
