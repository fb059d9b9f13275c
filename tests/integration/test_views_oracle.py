"""The views answer from spans what the old fold computed: over random histories (late
recording with early effective dates included), on every date asked about, the status
board, overdue list, per-unit table and meeting summary have the fold's rows and digests;
as known at any earlier position, what a replay of the log up to it gives; and pages put
back together are the whole view, with counts of the whole view."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from projections.digest import digest_of
from projections.grid import grid_counts
from projections.service import ViewService
from projections.timeline import NEVER
from tests.integration.test_views_rebuild import START, TODAY, UNITS, fresh_url, play, step
from tests.views_oracle import Oracle
from tests.views_world import World

DATE_VIEWS = ("status-board", "overdue", "units", "meetings")


def days_of(world: World) -> list[date]:
    """Every day an answer can change on, and the days either side of it: each event's
    effective date and each deadline's next day."""
    days = {START, TODAY, date(2023, 12, 31), date(2025, 6, 1)}
    for e in Oracle(world.app).events:
        for key in ("effective_on", "deadline", "new_deadline"):
            value = e.data.get(key)
            if isinstance(value, str):
                day = date.fromisoformat(value)
                days |= {day - timedelta(days=1), day, day + timedelta(days=1)}
    return sorted(days)


def paged(views: ViewService, name: str, on: date, limit: int, known_at: int | None) -> list:
    rows: list = []
    cursor = None
    while True:
        page = views.page(name, on, limit=limit, cursor=cursor, known_at=known_at)
        rows += page["rows"]
        cursor = page["next_cursor"]
        if cursor is None:
            return rows


def check_against_oracle(world: World, views: ViewService, limit: int) -> None:
    head = world.app.max_position()
    oracle = Oracle(world.app)
    days = days_of(world)
    for on in days:
        for name in DATE_VIEWS:
            expected = oracle.rows(name, on)
            view = views.view(name, on)
            assert view["rows"] == expected, (name, on)
            assert view["digest"] == digest_of(expected)
            assert view["position"] == head
        for name in ("status-board", "overdue"):
            page = views.page(name, on, limit=limit)
            whole = oracle.rows(name, on)
            assert page["digest"] == digest_of(whole)
            assert paged(views, name, on, limit, None) == whole
        counts = views.page("status-board", on, limit=1)["counts"]
        assert counts == grid_counts(oracle.rows("status-board", on))
    # As known at earlier positions: what the log up to there gives.
    for known_at in sorted(p for p in {1, head // 3, head // 2, head - 1} if 0 < p < head):
        earlier = Oracle(world.app, upto=known_at)
        for on in days[:: max(len(days) // 6, 1)]:
            for name in DATE_VIEWS:
                view = views.view(name, on, known_at=known_at)
                assert view["position"] == known_at
                assert view["rows"] == earlier.rows(name, on), (name, on, known_at)
            assert paged(views, "status-board", on, limit, known_at) == earlier.rows(
                "status-board", on
            )
            counts = views.page("status-board", on, limit=1, known_at=known_at)["counts"]
            assert counts == grid_counts(earlier.rows("status-board", on))
            page = views.page("overdue", on, limit=limit, known_at=known_at)
            assert page["digest"] == earlier.digest("overdue", on)


meeting_step = st.tuples(st.just("meeting"), st.integers(0, 7), st.integers(0, 365), st.just(0))


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    steps=st.lists(st.one_of(step, meeting_step), min_size=1, max_size=40),
    limit=st.integers(min_value=1, max_value=4),
)
def test_views_equal_the_fold_on_every_date_and_position(
    database_url: str, steps: list[tuple[str, int, int, int]], limit: int
) -> None:
    world = World.open(fresh_url(database_url), TODAY)
    try:
        live = ViewService(world.app, batch_size=3)
        meetings: list[uuid.UUID] = []
        plain: list[tuple[str, int, int, int]] = []
        for action, index, offset, extra in steps:
            if action == "meeting":
                meetings.append(world.meeting(START + timedelta(days=offset)))
                continue
            plain.append((action, index, offset, extra))
        play_with_meetings(world, live, plain, meetings)
        live.catch_up()
        check_against_oracle(world, live, limit)
    finally:
        world.close()


def play_with_meetings(
    world: World,
    live: ViewService,
    steps: list[tuple[str, int, int, int]],
    meetings: list[uuid.UUID],
) -> None:
    """``play``, with every other directive issued at one of the meetings."""
    if meetings:
        issue = world.issue

        def issue_at_meeting(*args: object, **kwargs: object) -> uuid.UUID:
            count = len(world.lead_units)
            if count % 2 == 0:
                kwargs["meeting_id"] = meetings[count % len(meetings)]
            return issue(*args, **kwargs)  # type: ignore[arg-type]

        world.issue = issue_at_meeting  # type: ignore[method-assign]
    play(world, live, steps)


def test_late_recorded_event_rewrites_only_its_directive_from_its_date(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A report recorded late, effective before the deadline, changes that directive's
    spans from its date on; the other directive's spans are untouched (same rows, same
    recorded positions)."""
    world = World.open(f"sqlite:///{tmp_path / 'ledger.sqlite'}", TODAY)
    try:
        views = world.views
        a = world.issue(START, START + timedelta(days=60), unit=UNITS[0])
        b = world.issue(START, START + timedelta(days=60), unit=UNITS[1])
        for d in (a, b):
            world.accept(d, START + timedelta(days=1))
            world.progress(d, START + timedelta(days=90), 50)
        views.catch_up()

        def spans(d: uuid.UUID) -> list[tuple]:
            with views.db.transaction(commit=False) as c:
                c.execute(
                    "SELECT valid_from, valid_to, recorded, superseded FROM "
                    "ledger_view_board_spans WHERE directive_id = ? ORDER BY valid_from, recorded",
                    (str(d),),
                )
                return [tuple(r) for r in c.fetchall()]

        before_b = spans(b)
        position = world.report_completion(a, START + timedelta(days=30))
        views.catch_up()
        assert spans(b) == before_b
        day = (START + timedelta(days=30)).isoformat()
        current = [s for s in spans(a) if s[3] == NEVER]
        # Spans that end before the report's date stay as they were recorded; the one
        # around it is split there; every span from it on is recorded anew.
        assert [s[:2] for s in current if s[2] < position] == [(START.isoformat(), "2024-01-02")]
        assert all(s[2] == position for s in current if s[1] > day)
        assert [s[0] for s in current if s[2] == position] == ["2024-01-02", day, "2024-03-31"]
        row = world.board_row(a, START + timedelta(days=45))
        assert row["status"] == "completion_reported"
        assert world.board_row(a, START + timedelta(days=29))["status"] == "accepted"
    finally:
        world.close()


__all__ = ["UNITS"]
