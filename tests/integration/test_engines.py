"""The same test bodies on SQLite and on a real PostgreSQL (the ``database_url`` fixture):
meetings, directives, follow-up, history, versions, as_of, idempotency, concurrent
writers, several processes sharing one store, snapshots, principals.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from typing import Any
from uuid import UUID

import pytest
from eventsourcing.application import project_aggregate

from ledger.application import LedgerApplication
from ledger.domain import commands as c
from ledger.domain import errors
from ledger.domain.values import SYSTEM_ACTOR, Actor, Role
from ledger.settings import Settings
from ledger.token_cache import TOKEN_RECHECK_SECONDS

LEAD_UNIT = "Sở Kế hoạch và Đầu tư"
ISSUER = Actor(id="issuer-1", role=Role.ISSUER)
LEAD = Actor(id="unit-1", role=Role.UNIT, unit=LEAD_UNIT)
HELD_ON = date(2021, 12, 10)


@pytest.fixture
def open_app(database_url: str) -> Iterator[Callable[..., LedgerApplication]]:
    """Opens applications on the test's store (each one stands for a process)."""
    opened: list[LedgerApplication] = []

    def make(**env: str) -> LedgerApplication:
        app = LedgerApplication(Settings.from_env(env, database_url=database_url))
        opened.append(app)
        return app

    yield make
    for app in opened:
        app.close()


def new_directive(app: LedgerApplication, **kwargs: Any) -> UUID:
    values: dict[str, Any] = {
        "title": "Cải thiện môi trường đầu tư",
        "text": "Xây dựng tiêu chí lựa chọn nhà đầu tư",
        "issuer": "Võ Văn Thưởng",
        "lead_unit": LEAD_UNIT,
        "deadline": date(2030, 1, 1),
        "effective_on": HELD_ON,
    }
    values.update(kwargs)
    return app.issue_directive(app.context(ISSUER), **values).id


def progress(app: LedgerApplication, directive_id: UUID, percent: int, **kwargs: Any) -> Any:
    return app.record_follow_up(
        directive_id,
        c.ReportProgress(percent=percent, narrative=f"Tiến độ {percent}%"),
        app.context(LEAD, **kwargs),
    )


def test_meetings_directives_follow_up_and_history(
    open_app: Callable[..., LedgerApplication],
) -> None:
    app = open_app()
    meeting = app.record_meeting(
        app.context(ISSUER, source={"document": "bao-cao.txt", "paragraph": 1}),
        title="Buổi làm việc với Ban Thường vụ Tỉnh ủy Hải Dương",
        held_on=HELD_ON,
        chair="Võ Văn Thưởng",
        host_body="Ban Thường vụ Tỉnh ủy Hải Dương",
        participants=["Phạm Xuân Thăng"],
        place="Hải Dương",
    )
    assert (meeting.version, meeting.position) == (1, 1)
    parent = new_directive(app, meeting_id=meeting.id, code="TW-07")
    child = new_directive(app, meeting_id=meeting.id, parent_id=parent, deadline=None)
    assert app.get_meeting(meeting.id).as_dict()["directive_ids"] == [str(parent), str(child)]
    assert app.get_directive(child).as_dict()["parent_id"] == str(parent)
    assert app.meeting_ids() == [meeting.id]
    assert app.directive_ids() == [parent, child]

    results = [
        app.record_follow_up(parent, c.Accept(note="Tiếp thu"), app.context(LEAD)),
        progress(app, parent, 40, correlation_id="req-1"),
        app.record_follow_up(
            parent,
            c.RequestExtension(requested_deadline=date(2030, 6, 1), reason="Chờ vốn"),
            app.context(LEAD),
        ),
        app.record_follow_up(
            parent, c.GrantExtension(new_deadline=date(2030, 6, 1)), app.context(ISSUER)
        ),
    ]
    state = app.get_directive(parent).as_dict()
    assert state["status"] == "in_progress"
    assert (state["percent"], state["deadline"], state["extensions"]) == (40, "2030-06-01", 1)
    assert state["version"] == 5

    history = app.history(parent)
    assert [e["type"] for e in history] == [
        "issued",
        "accepted",
        "progress_reported",
        "extension_requested",
        "extension_granted",
    ]
    assert [e["version"] for e in history] == [1, 2, 3, 4, 5]
    positions = [e["position"] for e in history]
    assert positions == sorted(positions)
    assert len(set(positions)) == 5
    assert positions[-1] == app.max_position()
    for event in history:
        assert len(event["leaf_hash"]) == 64
        assert datetime.fromisoformat(event["recorded_at"]).tzinfo is not None
    assert history[0]["effective_on"] == "2021-12-10"
    assert history[2]["actor"] == LEAD.as_dict()
    assert history[2]["data"]["meta"]["correlation_id"] == "req-1"
    assert history[2]["data"]["percent"] == 40
    # What a write returns is exactly what the history shows of that event.
    for result in results:
        assert result.event == history[result.version - 1]
        assert result.position == history[result.version - 1]["position"]
    leaves = app.leaves_of(parent)
    assert {v: p for v, (p, _leaf) in leaves.items()} == {
        e["version"]: e["position"] for e in history
    }
    # Another process sees the same.
    other = open_app()
    assert other.history(parent) == history
    assert other.get_directive(parent).as_dict() == state


def test_versions_and_as_of(open_app: Callable[..., LedgerApplication]) -> None:
    app = open_app()
    directive_id = new_directive(app)
    app.record_follow_up(directive_id, c.Accept(), app.context(LEAD))
    for percent in (10, 20, 30):
        progress(app, directive_id, percent)
    history = app.history(directive_id)
    for event in history:
        at_version = app.get_directive(directive_id, version=event["version"])
        assert at_version.version == event["version"]
        recorded = datetime.fromisoformat(event["recorded_at"])
        assert app.get_directive(directive_id, as_of=recorded).version == event["version"]
    assert app.get_directive(directive_id, version=4).percent == 20
    assert app.get_directive(directive_id, version=2).status == "accepted"
    before = datetime.fromisoformat(history[0]["recorded_at"]) - timedelta(seconds=1)
    with pytest.raises(errors.NotFound):
        app.get_directive(directive_id, as_of=before)
    for version in (0, 6):
        with pytest.raises(errors.NotFound):
            app.get_directive(directive_id, version=version)
    with pytest.raises(errors.NotFound):
        app.get_directive(UUID(int=7))


def test_idempotency_replays_and_refuses_reuse(
    open_app: Callable[..., LedgerApplication],
) -> None:
    app = open_app()
    directive_id = new_directive(app)
    app.record_follow_up(directive_id, c.Accept(), app.context(LEAD))
    command = c.ReportProgress(percent=50, narrative="Một nửa")
    first = app.record_follow_up(
        directive_id, command, app.context(LEAD, idempotency_key="k-1"), fingerprint="body-a"
    )
    position = app.max_position()
    for replayer in (app, open_app()):  # the same process, or another one after a crash
        again = replayer.record_follow_up(
            directive_id,
            command,
            replayer.context(LEAD, idempotency_key="k-1"),
            fingerprint="body-a",
        )
        assert again.replayed
        assert (again.version, again.position, again.event) == (
            first.version,
            first.position,
            first.event,
        )
        assert again.state == first.state
        assert replayer.max_position() == position
    with pytest.raises(errors.IdempotencyKeyReused) as raised:
        app.record_follow_up(
            directive_id,
            c.ReportProgress(percent=60, narrative="Khác"),
            app.context(LEAD, idempotency_key="k-1"),
            fingerprint="body-b",
        )
    assert raised.value.rule == "idempotency_key_reused"
    assert app.max_position() == position
    # The key is scoped to its principal: another principal's "k-1" is another request.
    colleague = Actor(id="unit-1b", role=Role.UNIT, unit=LEAD_UNIT)
    other = app.record_follow_up(
        directive_id, command, app.context(colleague, idempotency_key="k-1"), fingerprint="body-a"
    )
    assert not other.replayed
    assert other.position == position + 1


def test_stale_expected_version_is_refused(open_app: Callable[..., LedgerApplication]) -> None:
    app = open_app()
    directive_id = new_directive(app)
    app.record_follow_up(directive_id, c.Accept(), app.context(LEAD), expected_version=1)
    position = app.max_position()
    with pytest.raises(errors.StaleVersion) as raised:
        app.record_follow_up(
            directive_id,
            c.ReportProgress(percent=1, narrative="n"),
            app.context(LEAD),
            expected_version=1,
        )
    assert (raised.value.expected, raised.value.actual) == (1, 2)
    assert app.max_position() == position


def test_concurrent_writers_all_land_with_contiguous_versions(
    open_app: Callable[..., LedgerApplication],
) -> None:
    apps = [open_app(), open_app()]  # two processes, two threads each
    directive_id = new_directive(apps[0])
    apps[0].record_follow_up(directive_id, c.Accept(), apps[0].context(LEAD))
    per_thread, threads = 8, 4
    failures: list[BaseException] = []
    start = threading.Barrier(threads)

    def write(app: LedgerApplication, thread: int) -> None:
        try:
            start.wait()
            for i in range(per_thread):
                progress(app, directive_id, thread * 10 + i)
        except BaseException as e:  # reported below, in the test's thread
            failures.append(e)

    workers = [threading.Thread(target=write, args=(apps[n % 2], n)) for n in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert failures == []
    history = apps[1].history(directive_id)
    assert [e["version"] for e in history] == list(range(1, 3 + per_thread * threads))
    percents = sorted(e["data"]["percent"] for e in history if e["type"] == "progress_reported")
    assert percents == sorted(t * 10 + i for t in range(threads) for i in range(per_thread))
    for app in apps:
        assert app.get_directive(directive_id).version == 2 + per_thread * threads


def test_processes_sharing_a_store_never_act_on_stale_state(
    open_app: Callable[..., LedgerApplication],
) -> None:
    one, two = open_app(), open_app()
    directive_id = new_directive(one)
    # Each process has written (and so remembers) the directive at some version.
    one.record_follow_up(
        directive_id, c.Annotate(refers_to_version=1, text="ghi chú"), one.context(ISSUER)
    )
    two.record_follow_up(directive_id, c.Accept(), two.context(LEAD))
    # "one" last wrote version 2, and did not see the acceptance: reporting is allowed.
    assert progress(one, directive_id, 10).version == 4
    # An If-Match on the true current version succeeds in the process that is behind.
    result = two.record_follow_up(
        directive_id,
        c.ReportProgress(percent=20, narrative="n"),
        two.context(LEAD),
        expected_version=4,
    )
    assert result.version == 5
    # A refusal is judged on the stored state: the directive was withdrawn elsewhere.
    one.record_follow_up(directive_id, c.Withdraw(reason="Thôi"), one.context(ISSUER))
    with pytest.raises(errors.DirectiveClosed):
        progress(two, directive_id, 30)
    assert two.get_directive(directive_id).status == "withdrawn"
    assert [e["version"] for e in one.history(directive_id)] == [1, 2, 3, 4, 5, 6]


def test_snapshots_load_the_same_directive_as_a_full_replay(
    open_app: Callable[..., LedgerApplication],
) -> None:
    app = open_app()
    directive_id = new_directive(app)
    app.record_follow_up(directive_id, c.Accept(), app.context(LEAD))
    for i in range(118):
        progress(app, directive_id, i % 101)
    assert app.get_directive(directive_id).version == 120
    assert app.snapshots is not None
    snapshots = list(app.snapshots.get(directive_id))
    assert [s.originator_version for s in snapshots] == [50, 100]

    fresh = open_app()
    events = list(fresh.repository.event_store.get(directive_id))
    replayed: Any = project_aggregate(None, events)
    loaded = fresh.get_directive(directive_id)
    assert loaded.as_dict() == replayed.as_dict()
    assert loaded.as_dict()["percent"] == 117 % 101
    for version in (49, 50, 51, 100, 119):
        partial: Any = project_aggregate(None, events[:version])
        assert fresh.get_directive(directive_id, version=version).as_dict() == partial.as_dict()


def test_principals_and_tokens(open_app: Callable[..., LedgerApplication]) -> None:
    app = open_app()
    admin_ctx = app.context(SYSTEM_ACTOR)
    token, principal = app.register_principal(
        admin_ctx, name="Sở KH&ĐT", role=Role.UNIT, unit=LEAD_UNIT
    )
    actor = app.authenticate(token)
    assert actor is not None
    assert (actor.id, actor.role, actor.unit) == (str(principal.id), Role.UNIT, LEAD_UNIT)
    assert app.authenticate(token + "x") is None
    assert app.authenticate("") is None
    # Only the token's hash is stored.
    with app.recorder.datastore.transaction(commit=False) as cursor:  # type: ignore[attr-defined]
        cursor.execute("SELECT state FROM " + stored_events_table(app))
        stored = b"".join(bytes(row["state"]) for row in cursor.fetchall())
    assert token.encode() not in stored
    with pytest.raises(errors.RoleNotPermitted):
        app.register_principal(app.context(actor), name="x", role=Role.ADMIN)
    with pytest.raises(errors.InvalidValue) as raised:
        app.register_principal(admin_ctx, name="x", role=Role.UNIT)
    assert raised.value.field == "unit"
    other = open_app()  # another process: it remembers tokens for TOKEN_RECHECK_SECONDS
    now = [0.0]
    other.token_cache.monotonic = lambda: now[0]
    assert other.authenticate(token) == actor
    app.revoke_principal(admin_ctx, principal.id, reason="Nghỉ hưu")
    assert app.authenticate(token) is None  # at once where it was revoked
    now[0] += TOKEN_RECHECK_SECONDS
    assert other.authenticate(token) is None  # elsewhere within the bound
    with pytest.raises(errors.PrincipalRevoked):
        app.revoke_principal(admin_ctx, principal.id)


def stored_events_table(app: LedgerApplication) -> str:
    recorder: Any = app.recorder
    return str(getattr(recorder, "events_table_name", "stored_events"))
