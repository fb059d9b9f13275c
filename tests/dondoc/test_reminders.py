"""Reminders as facts: a Reminded event at each threshold of the deadline in force, once
per directive, threshold and deadline, whatever the number of runners; it changes
neither the status nor the grid; an extension moves the thresholds."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import date, timedelta

import pytest

from ledger.application import LedgerApplication
from ledger.application.reminders import REMINDER_ACTOR, ReminderRunner
from ledger.domain import commands as c
from ledger.domain import errors
from ledger.domain.reminders import Remind, due_threshold, parse_thresholds, threshold_name
from projections.service import ViewService
from tests.dondoc.support import (
    ISSUER,
    LEAD,
    Clock,
    accept,
    extend,
    issue,
    make_app,
    reminders_of,
)

DEADLINE = date(2022, 6, 30)
ISSUED = date(2022, 1, 10)


@pytest.fixture
def clock() -> Clock:
    return Clock(date(2022, 6, 1))


@pytest.fixture
def app(database_url: str, clock: Clock) -> Iterator[LedgerApplication]:
    ledger = make_app(database_url, clock)
    yield ledger
    ledger.close()


def thresholds_recorded(app: LedgerApplication, directive_id: object) -> list[str]:
    return [e["data"]["reminder"]["threshold"] for e in reminders_of(app, directive_id)]  # type: ignore[arg-type]


def test_threshold_names_and_parsing() -> None:
    assert [threshold_name(d) for d in (-7, 0, 1, 30)] == [
        "before:7",
        "due",
        "overdue:1",
        "overdue:30",
    ]
    assert parse_thresholds(" 30,-7, 0,30 ") == (-7, 0, 30)
    with pytest.raises(ValueError, match="whole number"):
        parse_thresholds("-7,soon")
    assert due_threshold(DEADLINE, DEADLINE - timedelta(days=8), (-7, 0)) is None
    assert due_threshold(DEADLINE, DEADLINE + timedelta(days=40), (-7, 0, 1, 30, 60)) == 30


def test_each_threshold_once_day_by_day(app: LedgerApplication, clock: Clock) -> None:
    d = issue(app, DEADLINE, issued_on=ISSUED)
    accept(app, d)
    runner = ReminderRunner(app)
    seen: dict[date, int] = {}
    clock.set(DEADLINE - timedelta(days=10))
    for _ in range(75):
        seen[app.today()] = len(runner.run_once())
        runner.run_once()  # a second pass the same day adds nothing
        clock.advance(1)
    assert thresholds_recorded(app, d) == [
        "before:7",
        "due",
        "overdue:1",
        "overdue:30",
        "overdue:60",
    ]
    days = [day for day, n in seen.items() if n]
    assert days == [DEADLINE + timedelta(days=t) for t in (-7, 0, 1, 30, 60)]
    event = reminders_of(app, d)[1]
    assert event["effective_on"] == DEADLINE.isoformat()
    assert event["actor"]["id"] == REMINDER_ACTOR.id
    assert event["data"]["reminder"] == {
        "threshold": "due", "days": 0, "deadline": "2022-06-30",
        "due_on": "2022-06-30", "unit": "Sở Kế hoạch và Đầu tư",
    }  # fmt: skip


def test_a_reminder_changes_neither_status_nor_grid(app: LedgerApplication, clock: Clock) -> None:
    d = issue(app, DEADLINE, issued_on=ISSUED)
    accept(app, d)
    app.record_follow_up(
        d, c.ReportProgress(percent=40, narrative="Đã hoàn thành khảo sát"), app.context(LEAD)
    )
    clock.set(DEADLINE + timedelta(days=1))
    views = ViewService(app)
    views.catch_up()
    before = views.rows("status-board", DEADLINE + timedelta(days=1))[0]
    units_before = views.view("units", DEADLINE + timedelta(days=1))["rows"]
    status_before = app.get_directive(d).as_dict()
    assert len(ReminderRunner(app).run_once()) == 1
    views.catch_up()
    after = views.rows("status-board", DEADLINE + timedelta(days=1))[0]
    status_after = app.get_directive(d).as_dict()
    assert {k: v for k, v in after.items() if k not in ("version", "position")} == {
        k: v for k, v in before.items() if k not in ("version", "position")
    }
    assert after["grid"] == "open_overdue"
    assert after["status"] == "in_progress"
    assert views.view("units", DEADLINE + timedelta(days=1))["rows"] == units_before
    assert status_after["status"] == status_before["status"] == "in_progress"
    assert status_after["deadline"] == status_before["deadline"]
    assert status_after["percent"] == 40
    assert status_after["version"] == status_before["version"] + 1
    # a replay of the log elsewhere gives the same views, the reminder included
    day = DEADLINE + timedelta(days=1)
    assert views.memory_digests(day) == views.digests(day)
    activity = views.view("activity")["rows"]
    assert activity[-1]["type"] == "reminded"


def test_in_any_open_state_and_never_when_closed(app: LedgerApplication, clock: Clock) -> None:
    issued_only = issue(app, DEADLINE, issued_on=ISSUED)
    withdrawn = issue(app, DEADLINE, issued_on=ISSUED)
    app.record_follow_up(withdrawn, c.Withdraw(reason="Không còn phù hợp"), app.context(ISSUER))
    no_deadline = issue(app, None, issued_on=ISSUED)
    clock.set(DEADLINE)
    recorded = ReminderRunner(app).run_once()
    assert [r.id for r in recorded] == [issued_only]
    assert app.get_directive(issued_only).status == "issued"
    assert reminders_of(app, withdrawn) == []
    assert reminders_of(app, no_deadline) == []


def test_the_domain_refuses_a_stale_or_foreign_reminder(
    app: LedgerApplication, clock: Clock
) -> None:
    d = issue(app, DEADLINE, issued_on=ISSUED)
    accept(app, d)
    clock.set(DEADLINE)
    with pytest.raises(errors.RoleNotPermitted):
        app.record_follow_up(d, Remind(threshold=0, deadline=DEADLINE), app.context(LEAD))
    with pytest.raises(errors.RuleViolation, match="deadline in force"):
        app.record_follow_up(
            d, Remind(threshold=0, deadline=date(2022, 5, 1)), app.context(REMINDER_ACTOR)
        )
    with pytest.raises(errors.RuleViolation, match="not reached"):
        app.record_follow_up(d, Remind(threshold=1, deadline=DEADLINE), app.context(REMINDER_ACTOR))
    assert reminders_of(app, d) == []


def test_an_extension_moves_the_thresholds(app: LedgerApplication, clock: Clock) -> None:
    d = issue(app, DEADLINE, issued_on=ISSUED)
    accept(app, d)
    runner = ReminderRunner(app)
    clock.set(DEADLINE)
    assert len(runner.run_once()) == 1  # "due" of 30 June
    new_deadline = DEADLINE + timedelta(days=30)
    extend(app, d, new_deadline)
    assert runner.run_once() == []  # 30 July is 30 days away: nothing due yet
    clock.set(new_deadline - timedelta(days=7))
    assert len(runner.run_once()) == 1
    clock.set(new_deadline)
    assert len(runner.run_once()) == 1
    reminders = [e["data"]["reminder"] for e in reminders_of(app, d)]
    assert [(r["threshold"], r["deadline"]) for r in reminders] == [
        ("due", "2022-06-30"), ("before:7", "2022-07-30"), ("due", "2022-07-30"),
    ]  # fmt: skip


def test_two_runners_record_each_reminder_once(database_url: str, clock: Clock) -> None:
    first = make_app(database_url, clock)
    second = make_app(database_url, clock)
    try:
        ids = [issue(first, DEADLINE + timedelta(days=i % 3), issued_on=ISSUED) for i in range(30)]
        clock.set(DEADLINE + timedelta(days=1))
        results: list[int] = []
        barrier = threading.Barrier(2)

        def run(app: LedgerApplication) -> None:
            barrier.wait()
            results.append(len(ReminderRunner(app).run_once()))

        threads = [threading.Thread(target=run, args=(a,)) for a in (first, second)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert sum(results) == 30
        for d in ids:
            assert len(reminders_of(first, d)) == 1
    finally:
        first.close()
        second.close()
