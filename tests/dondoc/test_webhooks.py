"""CloudEvents webhooks: signed with the Standard Webhooks headers (the spec library's own
vector), delivered in log order through 500s, a timeout and a 429 with Retry-After;
410 ends the subscription; a delivery failing too long is parked and replayed."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import date

import pytest

from ledger.application import LedgerApplication
from ledger.application.delivery import DeliveryRunner, retry_after_seconds
from ledger.application.follow_up_settings import FollowUpSettings
from ledger.application.subscriptions import SubscriptionService
from ledger.domain import commands as c
from ledger.domain import errors
from ledger.domain.values import Actor, Role
from ledger.integrity.export import envelope
from ledger.integrity.webhook_signature import new_secret, secret_key, sign, verify
from ledger.store.log_reader import log_rows
from tests.dondoc.support import LEAD, Receiver, accept, issue, make_app

ADMIN = Actor(id="admin-1", role=Role.ADMIN)
FAST = FollowUpSettings(webhook_timeout=0.5, backoff_base=0.05, backoff_max=0.2)


def test_standard_webhooks_vector() -> None:
    """libraries/python/tests/test_webhooks.py::test_sign_function of standard-webhooks."""
    secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    body = b'{"test": 2432232314}'
    signature = sign(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body)
    assert signature == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
    assert verify(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body, "v2,x " + signature)
    assert not verify(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265331, body, signature)
    fresh = new_secret()
    assert fresh.startswith("whsec_")
    assert len(secret_key(fresh)) == 32


def test_retry_after_forms() -> None:
    assert retry_after_seconds("3", 0.0) == 3.0
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT", 1445412470.0) == 10.0
    assert retry_after_seconds("soon", 0.0) is None


@pytest.fixture
def app(database_url: str) -> Iterator[LedgerApplication]:
    ledger = make_app(database_url)
    yield ledger
    ledger.close()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    r = Receiver().start()
    yield r
    r.stop()


def some_events(app: LedgerApplication, n: int = 3) -> list[int]:
    """Directives issued, accepted and reported on: the positions they appended."""
    for i in range(n):
        d = issue(app, date(2030, 1, 1), title=f"Nhiệm vụ số {i} — đôn đốc")
        accept(app, d)
        app.record_follow_up(
            d, c.ReportProgress(percent=10 * i, narrative="Đang triển khai"), app.context(LEAD)
        )
    return list(range(1, app.max_position() + 1))


def drain(runner: DeliveryRunner, until: object, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        runner.run_once()
        if until():  # type: ignore[operator]
            return
        time.sleep(0.02)
    raise AssertionError("deliveries did not finish")


def test_every_event_in_order_through_failures(app: LedgerApplication, receiver: Receiver) -> None:
    positions = some_events(app)
    receiver.script = [500, 500, ("sleep", 1.0), ("429", 1), 503]
    created = SubscriptionService(app).create(ADMIN, sink=receiver.url, types=[], after=0)
    runner = DeliveryRunner(app, FAST)
    started = time.monotonic()
    drain(runner, lambda: receiver.accepted_ids() == positions)
    assert receiver.accepted_ids() == positions  # in order, none lost, none accepted twice
    # the 429 was honoured: the next attempt came a second after it, not at once
    times = [r.at for r in receiver.received]
    after_429 = next(i for i, a in enumerate(a for a in receiver.answered if a != ("sleep", 1.0))
                 if a == ("429", 1))  # fmt: skip
    assert times[after_429 + 1] - times[after_429] >= 0.95
    assert time.monotonic() - started < 25
    rows = {r[0]: r for r in log_rows(app.ledger_recorder, 0, 1000)}
    for got in receiver.received:
        assert got.content_type == "application/cloudevents+json"
        assert verify(
            created["secret"], got.webhook_id, int(got.timestamp), got.body, got.signature
        )
        assert got.envelope == envelope(rows[int(got.webhook_id)], app.settings.origin)
    shown = SubscriptionService(app).get(created["id"])
    assert shown["position"] == positions[-1]
    assert "secret" not in shown
    assert shown["delivered"] == len(positions)


def test_types_and_unit_filter(app: LedgerApplication, receiver: Receiver) -> None:
    some_events(app, 2)
    other = issue(app, date(2030, 1, 1), unit="Sở Tài chính")
    SubscriptionService(app).create(
        ADMIN, sink=receiver.url, types=["ledger.issued"], unit="Sở Tài chính", after=0
    )
    runner = DeliveryRunner(app, FAST)
    runner.run_once()
    runner.run_once()
    assert [r.envelope["subject"] for r in receiver.received] == [str(other)]
    assert [r.envelope["type"] for r in receiver.received] == ["ledger.issued"]


def test_410_ends_the_subscription(app: LedgerApplication, receiver: Receiver) -> None:
    some_events(app, 1)
    receiver.script = [200, 410]
    service = SubscriptionService(app)
    created = service.create(ADMIN, sink=receiver.url, types=[], after=0)
    runner = DeliveryRunner(app, FAST)
    for _ in range(5):
        runner.run_once()
    assert len(receiver.answered) == 2  # nothing after the 410
    shown = service.get(created["id"])
    assert shown["state"] == "ended"
    assert shown["position"] == 1
    some_events(app, 1)
    runner.run_once()
    assert len(receiver.answered) == 2


def test_parked_after_failing_too_long_then_replayed(
    app: LedgerApplication, receiver: Receiver
) -> None:
    positions = some_events(app, 1)
    receiver.script = [500] * 1000
    service = SubscriptionService(app)
    created = service.create(ADMIN, sink=receiver.url, types=[], after=0)
    runner = DeliveryRunner(app, replace(FAST, dead_letter_after=0.3))
    drain(runner, lambda: service.get(created["id"])["position"] == positions[-1])
    parked = service.dead_letters(created["id"])
    assert [p["position"] for p in parked] == positions
    assert all(p["state"] == "parked" and p["last_error"] == "HTTP 500" for p in parked)
    receiver.script = []  # the sink is mended
    assert service.replay(created["id"]) == len(positions)
    runner.run_once()
    assert service.dead_letters(created["id"]) == []
    assert receiver.accepted_ids() == positions


def test_subscription_input_is_checked(app: LedgerApplication) -> None:
    service = SubscriptionService(app)
    with pytest.raises(errors.InvalidValue, match="sink"):
        service.create(ADMIN, sink="ftp://example.org/x", types=[])
    with pytest.raises(errors.InvalidValue, match="types"):
        service.create(ADMIN, sink="http://127.0.0.1/x", types=["Not A Type"])
    with pytest.raises(errors.NotFound):
        service.get("00000000-0000-0000-0000-000000000000")
    assert service.all() == []
