"""Đôn đốc (features/dondoc): reminders at the thresholds of the deadline in force, once
each under several runners and a kill -9, invisible to the grid, moved by an extension.
The steps drive the reminder runner and the application directly: the runner is a
process of the ledger, not a client of its API."""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from uuid import UUID

import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from ledger.application import LedgerApplication
from ledger.application.reminders import ReminderRunner
from ledger.domain.values import Actor, Role
from projections.service import ViewService
from tests.dondoc.support import HCM, Clock, accept, extend, issue, make_app, reminders_of
from tests.dondoc.test_reminder_processes import reminded, start_runner, wait_until

scenarios("dondoc")


def day(name: str) -> str:
    """An ISO date (English) or a dd/mm/yyyy one (Vietnamese), captured as ``name``."""
    return rf"(?P<{name}>\d{{4}}-\d{{2}}-\d{{2}}|\d{{2}}/\d{{2}}/\d{{4}})"


def day_of(text: str) -> date:
    if "/" in text:
        d, m, y = text.split("/")
        return date(int(y), int(m), int(d))
    return date.fromisoformat(text)


CODE = r'"(?P<code>[^"]+)"'
UNIT = r'"(?P<unit>[^"]+)"'
DIRECTIVE_EN = (
    rf"a directive {CODE} led by {UNIT}, issued on {day('issued')} "
    rf"with the deadline {day('deadline')}, accepted"
)
DIRECTIVE_VI = (
    rf"nhiệm vụ {CODE} do {UNIT} chủ trì, giao ngày {day('issued')}, "
    rf"hạn {day('deadline')}, đã tiếp nhận"
)
DAILY_EN = (
    rf"the reminder runner runs (?P<how>twice a day|every day) from {day('start')} to {day('end')}"
)
DAILY_VI = (
    rf"bộ nhắc việc chạy (?P<how>hai lần mỗi ngày|mỗi ngày) từ {day('start')} đến {day('end')}"
)
NAMES = r'"(?P<names>[^"]+)"'
HOLDS_EN = rf"the history of {CODE} holds the reminders {NAMES} of the deadline {day('deadline')}"
HOLDS_VI = rf"lịch sử của {CODE} có các lần nhắc {NAMES} theo hạn {day('deadline')}"


@dataclass
class World:
    url: str
    clock: Clock
    app: LedgerApplication
    tmp: Path
    codes: dict[str, UUID] = field(default_factory=dict)
    many: list[str] = field(default_factory=list)
    grid_before: str | None = None


@pytest.fixture
def world(ledger_url: str, tmp_path: Path) -> Iterator[World]:
    clock = Clock(date(2022, 1, 10))
    app = make_app(ledger_url, clock)
    yield World(ledger_url, clock, app, tmp_path)
    app.close()


@given(parsers.re(DIRECTIVE_EN))
@given(parsers.re(DIRECTIVE_VI))
def a_directive(world: World, code: str, unit: str, issued: str, deadline: str) -> None:
    world.clock.set(day_of(issued))
    directive = issue(world.app, day_of(deadline), issued_on=day_of(issued), unit=unit)
    accept(world.app, directive, Actor(id="unit-x", role=Role.UNIT, unit=unit))
    world.codes[code] = directive


@given(parsers.re(rf"the day is {day('today')}"))
@given(parsers.re(rf"hôm nay là ngày {day('today')}"))
def the_day_is(world: World, today: str) -> None:
    world.clock.set(day_of(today))


def board_grid(world: World, code: str) -> str:
    views = ViewService(world.app)
    views.catch_up()
    rows = views.rows("status-board", world.app.today())
    return str(next(r for r in rows if r["id"] == str(world.codes[code]))["grid"])


@when(parsers.re(r"the reminder runner runs"))
@when(parsers.re(r"bộ nhắc việc chạy"))
def runner_runs(world: World) -> None:
    world.grid_before = board_grid(world, next(iter(world.codes)))
    ReminderRunner(world.app).run_once()


@given(parsers.re(r"the reminder runner has run"))
@given(parsers.re(r"bộ nhắc việc đã chạy"))
def runner_has_run(world: World) -> None:
    ReminderRunner(world.app).run_once()


@when(parsers.re(DAILY_EN))
@when(parsers.re(DAILY_VI))
def runner_runs_daily(world: World, how: str, start: str, end: str) -> None:
    runner = ReminderRunner(world.app)
    today, last = day_of(start), day_of(end)
    while today <= last:
        world.clock.set(today)
        for _ in range(2 if how in ("twice a day", "hai lần mỗi ngày") else 1):
            runner.run_once()
        today += timedelta(days=1)


@when(parsers.re(r"two reminder runners run at the same moment"))
@when(parsers.re(r"hai bộ nhắc việc chạy cùng lúc"))
def two_runners(world: World) -> None:
    second = make_app(world.url, world.clock)
    barrier = threading.Barrier(2)

    def run(app: LedgerApplication) -> None:
        barrier.wait()
        ReminderRunner(app).run_once()

    threads = [threading.Thread(target=run, args=(a,)) for a in (world.app, second)]
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        second.close()


@when(parsers.re(rf"the deadline of {CODE} is extended to {day('deadline')}"))
@when(parsers.re(rf"hạn của {CODE} được gia hạn đến {day('deadline')}"))
def extended(world: World, code: str, deadline: str) -> None:
    extend(world.app, world.codes[code], day_of(deadline))


@then(parsers.re(HOLDS_EN))
@then(parsers.re(HOLDS_VI))
def history_holds(world: World, code: str, names: str, deadline: str) -> None:
    wanted = [n.strip() for n in names.split(",")]
    found = [
        e["data"]["reminder"]["threshold"]
        for e in reminders_of(world.app, world.codes[code])
        if e["data"]["reminder"]["deadline"] == day_of(deadline).isoformat()
    ]
    assert found == wanted


@then(parsers.re(rf'the status of {CODE} is still "(?P<status>[^"]+)"'))
@then(parsers.re(rf'trạng thái của {CODE} vẫn là "(?P<status>[^"]+)"'))
def status_still(world: World, code: str, status: str) -> None:
    assert world.app.get_directive(world.codes[code]).status == status


@then(parsers.re(rf'the status board shows {CODE} as "(?P<grid>[^"]+)", as before the reminder'))
@then(parsers.re(rf'bảng theo dõi vẫn xếp {CODE} vào ô "(?P<grid>[^"]+)" như trước khi nhắc'))
def grid_unchanged(world: World, code: str, grid: str) -> None:
    assert world.grid_before == grid
    assert board_grid(world, code) == grid


@given(parsers.re(r"(?P<count>\d+) directives due today"))
@given(parsers.re(r"(?P<count>\d+) nhiệm vụ đến hạn hôm nay"))
def many_due_today(world: World, count: str) -> None:
    today = datetime.now(HCM).date()
    world.clock.set(today)
    world.many = [str(issue(world.app, today, issued_on=today)) for _ in range(int(count))]


@when(
    parsers.re(
        r"a reminder process is killed with SIGKILL midway and two reminder processes run "
        r"after it"
    )
)
@when(
    parsers.re(
        r"một tiến trình nhắc việc bị buộc dừng \(SIGKILL\) giữa chừng rồi hai tiến trình "
        r"nhắc việc khác chạy"
    )
)
def killed_then_two(world: World) -> None:
    log = world.tmp / "remind.log"
    first = start_runner(world.url, log)
    wait_until(lambda: len(reminded(world.app)) >= 1, 60)
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=10)
    runners = [start_runner(world.url, log), start_runner(world.url, log)]
    try:
        wait_until(lambda: set(world.many) <= set(reminded(world.app)), 120)
        threading.Event().wait(1.0)  # more passes of both: they must add nothing
    finally:
        for r in runners:
            r.send_signal(signal.SIGKILL)
            r.wait(timeout=10)


@then(
    parsers.re(
        r'each of the (?P<count>\d+) directives holds exactly one reminder "(?P<name>[^"]+)"'
    )
)
@then(
    parsers.re(r'mỗi nhiệm vụ trong (?P<count>\d+) nhiệm vụ có đúng một lần nhắc "(?P<name>[^"]+)"')
)
def exactly_one_each(world: World, count: str, name: str) -> None:
    counts = reminded(world.app)  # the background's directive is reminded too
    assert len(world.many) == int(count)
    assert set(world.many) <= set(counts)
    assert set(counts.values()) == {1}
    for directive in world.many:
        [event] = reminders_of(world.app, UUID(directive))
        assert event["data"]["reminder"]["threshold"] == name
