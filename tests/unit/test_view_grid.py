"""The status grid and ageing buckets at their edges (DESIGN section 2, derived status),
through real events recorded by the application and read from the views."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from projections.grid import bucket_of, on_time_rate
from tests.views_world import World

TODAY = date(2024, 12, 31)
ISSUED = date(2024, 1, 10)
DEADLINE = date(2024, 3, 1)


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    opened = World.open(f"sqlite:///{tmp_path / 'ledger.sqlite'}", TODAY)
    yield opened
    opened.close()


def accepted(world: World, deadline: date | None = DEADLINE) -> object:
    d = world.issue(ISSUED, deadline)
    world.accept(d, date(2024, 1, 11))
    return d


def test_completion_on_the_deadline_day_itself_is_on_time(world: World) -> None:
    d = accepted(world)
    world.report_completion(d, DEADLINE)
    world.verify(d, DEADLINE)
    assert world.grid(d, date(2024, 2, 29)) == ("open_within_deadline", 0)
    assert world.grid(d, DEADLINE) == ("completed_on_time", 0)
    assert world.grid(d, TODAY) == ("completed_on_time", 0)


def test_open_on_the_deadline_day_is_within_deadline_and_overdue_the_day_after(
    world: World,
) -> None:
    d = accepted(world)
    assert world.grid(d, DEADLINE) == ("open_within_deadline", 0)
    assert world.grid(d, date(2024, 3, 2)) == ("open_overdue", 1)


def test_completion_the_day_after_the_deadline_is_late(world: World) -> None:
    d = accepted(world)
    world.report_completion(d, date(2024, 3, 2))
    world.verify(d, date(2024, 3, 2))
    assert world.grid(d, TODAY) == ("completed_late", 1)


def test_extension_granted_after_the_deadline_had_passed(world: World) -> None:
    d = accepted(world)
    world.request_extension(d, date(2024, 2, 20), date(2024, 4, 1))
    world.grant_extension(d, date(2024, 3, 10), date(2024, 4, 1))
    # Overdue between the old deadline and the grant; within the new deadline after it.
    assert world.grid(d, date(2024, 3, 5)) == ("open_overdue", 4)
    assert world.board_row(d, date(2024, 3, 5))["deadline"] == "2024-03-01"
    assert world.grid(d, date(2024, 3, 10)) == ("open_within_deadline", 0)
    assert world.board_row(d, date(2024, 3, 10))["deadline"] == "2024-04-01"
    assert world.grid(d, date(2024, 4, 2)) == ("open_overdue", 1)
    world.report_completion(d, date(2024, 3, 20))
    world.verify(d, date(2024, 3, 25))
    # Completed before the extended deadline: on time, though after the original one.
    assert world.grid(d, TODAY) == ("completed_on_time", 0)
    assert world.board_row(d, TODAY)["extensions"] == 1


def test_completion_reported_before_the_deadline_but_verified_after_it(world: World) -> None:
    d = accepted(world)
    world.report_completion(d, date(2024, 2, 25))
    world.verify(d, date(2024, 3, 5))
    # Not complete until verified: open (and overdue) between deadline and verification.
    assert world.grid(d, date(2024, 2, 26)) == ("open_within_deadline", 0)
    assert world.board_row(d, date(2024, 2, 26))["status"] == "completion_reported"
    assert world.grid(d, date(2024, 3, 3)) == ("open_overdue", 2)
    # Once verified, the verified report's date decides: on time.
    assert world.grid(d, date(2024, 3, 5)) == ("completed_on_time", 0)
    assert world.board_row(d, TODAY)["completed_on"] == "2024-02-25"


def test_rejected_completion_does_not_count_and_a_later_one_decides(world: World) -> None:
    d = accepted(world)
    world.report_completion(d, date(2024, 2, 25))
    world.reject(d, date(2024, 2, 27))
    assert world.board_row(d, date(2024, 2, 28))["status"] == "in_progress"
    assert world.grid(d, date(2024, 3, 5)) == ("open_overdue", 4)
    world.report_completion(d, date(2024, 3, 10))
    world.verify(d, date(2024, 3, 11))
    assert world.grid(d, TODAY) == ("completed_late", 9)
    assert world.board_row(d, TODAY)["completed_on"] == "2024-03-10"


def test_withdrawn_is_its_own_cell_and_never_overdue(world: World) -> None:
    d = accepted(world)
    world.withdraw(d, date(2024, 2, 15))
    assert world.grid(d, date(2024, 2, 14)) == ("open_within_deadline", 0)
    assert world.grid(d, date(2024, 2, 15)) == ("withdrawn", 0)
    assert world.grid(d, TODAY) == ("withdrawn", 0)
    world.views.catch_up()
    assert world.views.rows("overdue", TODAY) == []


def test_no_deadline_open_and_completed(world: World) -> None:
    open_one = accepted(world, deadline=None)
    done = accepted(world, deadline=None)
    world.report_completion(done, date(2024, 6, 1))
    world.verify(done, date(2024, 6, 2))
    assert world.grid(open_one, TODAY) == ("no_deadline", 0)
    assert world.grid(done, date(2024, 6, 1)) == ("no_deadline", 0)
    assert world.grid(done, TODAY) == ("completed_on_time", 0)


def test_not_yet_issued_on_a_date_means_no_row(world: World) -> None:
    world.issue(date(2024, 5, 1), None)
    world.views.catch_up()
    assert world.views.rows("status-board", date(2024, 4, 30)) == []
    assert len(world.views.rows("status-board", date(2024, 5, 1))) == 1


def test_late_recorded_event_counts_on_its_effective_date(world: World) -> None:
    d = accepted(world)
    world.clock.day = date(2024, 3, 20)
    # Recorded on 20 March, effective on 25 February: before the deadline.
    world.report_completion(d, date(2024, 2, 25))
    world.verify(d, date(2024, 3, 20))
    assert world.board_row(d, date(2024, 2, 25))["status"] == "completion_reported"
    assert world.grid(d, date(2024, 3, 19)) == ("open_overdue", 18)
    assert world.grid(d, date(2024, 3, 20)) == ("completed_on_time", 0)


def test_reassignment_moves_the_directive_to_the_new_unit_from_its_date(world: World) -> None:
    d = accepted(world)
    world.reassign(d, date(2024, 2, 1), "Sở Tài chính")
    before = world.board_row(d, date(2024, 1, 31))
    after = world.board_row(d, date(2024, 2, 1))
    assert (before["lead_unit"], before["status"]) == ("Sở Kế hoạch và Đầu tư", "accepted")
    assert (after["lead_unit"], after["status"]) == ("Sở Tài chính", "issued")


@pytest.mark.parametrize(
    ("days", "bucket"),
    [
        (1, "1-30"),
        (30, "1-30"),
        (31, "31-60"),
        (60, "31-60"),
        (61, "61-120"),
        (120, "61-120"),
        (121, ">120"),
        (400, ">120"),
    ],
)
def test_ageing_bucket_edges(days: int, bucket: str) -> None:
    assert bucket_of(days) == bucket


def test_ageing_buckets_in_the_overdue_list(world: World) -> None:
    d = accepted(world)
    world.views.catch_up()
    for days, bucket in [(30, "1-30"), (31, "31-60"), (120, "61-120"), (121, ">120")]:
        on = date.fromordinal(DEADLINE.toordinal() + days)
        [row] = world.views.rows("overdue", on)
        assert (row["id"], row["days_overdue"], row["bucket"]) == (str(d), days, bucket)


def test_on_time_rate_is_a_decimal_string() -> None:
    assert on_time_rate(0, 0) is None
    assert on_time_rate(2, 1) == "0.667"
    assert on_time_rate(1, 2) == "0.333"
    assert on_time_rate(1, 1) == "0.500"
    assert on_time_rate(3, 0) == "1.000"
    assert on_time_rate(0, 4) == "0.000"


def test_units_and_meetings_count_the_grid(world: World) -> None:
    meeting = world.meeting(date(2024, 1, 10))
    on_time = world.issue(ISSUED, DEADLINE, unit="Sở A", meeting_id=meeting)
    late = world.issue(ISSUED, DEADLINE, unit="Sở A", meeting_id=meeting)
    overdue = world.issue(ISSUED, DEADLINE, unit="Sở B", meeting_id=meeting)
    world.issue(ISSUED, None, unit="Sở B")
    for d in (on_time, late, overdue):
        world.accept(d, ISSUED)
    world.report_completion(on_time, DEADLINE)
    world.verify(on_time, DEADLINE)
    world.report_completion(late, date(2024, 3, 2))
    world.verify(late, date(2024, 3, 2))
    world.views.catch_up()
    units = {r["lead_unit"]: r for r in world.views.rows("units", TODAY)}
    assert units["Sở A"]["completed_on_time"] == 1
    assert units["Sở A"]["completed_late"] == 1
    assert units["Sở A"]["on_time_rate"] == "0.500"
    assert units["Sở B"]["open_overdue"] == 1
    assert units["Sở B"]["no_deadline"] == 1
    assert units["Sở B"]["on_time_rate"] is None
    [summary] = world.views.rows("meetings", TODAY, meeting_id=str(meeting))
    assert summary["directives"] == 3
    assert summary["directive_ids"] == [str(on_time), str(late), str(overdue)]
    assert (summary["completed_on_time"], summary["completed_late"]) == (1, 1)
    assert summary["open_overdue"] == 1
    # Before the meeting was held, it is not in the summary.
    assert world.views.rows("meetings", date(2024, 1, 9)) == []


def test_overdue_on_a_past_date_differs_from_today_exactly_as_the_events_say(
    world: World,
) -> None:
    past = date(2024, 4, 1)
    a = accepted(world)  # open throughout
    b = accepted(world)  # completed (late) on 15 April
    world.report_completion(b, date(2024, 4, 15))
    world.verify(b, date(2024, 4, 15))
    c = world.issue(ISSUED, date(2024, 5, 1))  # not yet due on 1 April
    d = accepted(world)  # extended on 20 March to 30 June: due again later
    world.request_extension(d, date(2024, 2, 20), date(2024, 6, 30))
    world.grant_extension(d, date(2024, 3, 20), date(2024, 6, 30))
    e = accepted(world)  # withdrawn on 10 April
    world.withdraw(e, date(2024, 4, 10))
    f = accepted(world)  # reported on 15 March, verified on 20 April (recorded late)
    world.report_completion(f, date(2024, 3, 15))
    world.verify(f, date(2024, 4, 20))
    world.views.catch_up()

    def listed(on: date | None) -> dict[str, tuple[int, str]]:
        rows = world.views.rows("overdue", on)
        return {r["id"]: (r["days_overdue"], r["bucket"]) for r in rows}

    assert listed(past) == {
        str(a): (31, "31-60"),
        str(b): (31, "31-60"),
        str(e): (31, "31-60"),
        str(f): (31, "31-60"),
    }
    days_today = (TODAY - DEADLINE).days
    assert (
        listed(None)
        == listed(TODAY)
        == {
            str(a): (days_today, ">120"),
            str(c): ((TODAY - date(2024, 5, 1)).days, ">120"),
            str(d): ((TODAY - date(2024, 6, 30)).days, ">120"),
        }
    )
    # Oldest first.
    assert [r["id"] for r in world.views.rows("overdue", TODAY)] == [str(a), str(c), str(d)]
